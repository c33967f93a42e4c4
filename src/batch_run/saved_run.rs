//! A run as kept in IndexedDB, so a reload or a crash loses nothing: the rows, the settings they were
//! checked with (inside each request), each row's outcome, and the rows handed to Graph since the last save.
//! Resuming looks those up before anything is sent again, so no row is sent twice.

use super::outcome::RowResult;
use super::steps::{PlannedStep, SavedStep};
use crate::graph::error::GraphError;
use crate::graph::invitations::{DirectoryObjectRef, Invitation, InvitationRequest};
use serde::{Deserialize, Serialize};

/// The IndexedDB keys: the run, and the small write-ahead list of rows sent since the run was last saved.
pub const RUN_KEY: &str = "bulk-run";
pub const LAUNCHED_KEY: &str = "bulk-run-launched";

/// One row's outcome, as saved.
// Externally tagged (serde's default): an internally tagged enum costs several KB more in the download.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SavedRow {
    NotSent,
    Sent {
        user_id: String,
        invite_redeem_url: String,
        send_invitation_message: bool,
    },
    Confirmed {
        user_id: String,
    },
    Conflict {
        user_id: String,
    },
    Failed {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
    },
    /// The answer was lost: looked up before anything is sent again.
    Unknown,
}

impl From<&RowResult> for SavedRow {
    fn from(r: &RowResult) -> SavedRow {
        match r {
            RowResult::NotSent => SavedRow::NotSent,
            RowResult::Sent(inv) => SavedRow::Sent {
                user_id: inv.invited_user.id.clone(),
                invite_redeem_url: inv.invite_redeem_url.clone(),
                send_invitation_message: inv.send_invitation_message,
            },
            RowResult::Confirmed { user_id } => SavedRow::Confirmed { user_id: user_id.clone() },
            RowResult::Conflict { user_id } => SavedRow::Conflict { user_id: user_id.clone() },
            RowResult::Failed(GraphError::Http { status, code, message, request_id, .. }) => SavedRow::Failed {
                status: *status,
                code: code.clone(),
                message: message.clone(),
                request_id: request_id.clone(),
            },
            RowResult::Failed(GraphError::Throttled { request_id, .. }) => SavedRow::Failed {
                status: 429,
                code: "TooManyRequests".into(),
                message: String::new(),
                request_id: request_id.clone(),
            },
            // A failure without Graph's answer (network, sign-in) is sent again on retry, like an unsent row.
            RowResult::Failed(_) => {
                SavedRow::Failed { status: 0, code: String::new(), message: String::new(), request_id: None }
            }
            RowResult::Unknown => SavedRow::Unknown,
        }
    }
}

impl SavedRow {
    fn restore(&self, request: &InvitationRequest) -> RowResult {
        match self {
            SavedRow::NotSent => RowResult::NotSent,
            SavedRow::Sent { user_id, invite_redeem_url, send_invitation_message } => {
                RowResult::Sent(Box::new(Invitation {
                    id: String::new(),
                    invite_redeem_url: invite_redeem_url.clone(),
                    invited_user_display_name: request.invited_user_display_name.clone(),
                    invited_user_type: request.invited_user_type.clone(),
                    invited_user_email_address: request.invited_user_email_address.clone(),
                    send_invitation_message: *send_invitation_message,
                    invite_redirect_url: Some(request.invite_redirect_url.clone()),
                    status: None,
                    invited_user_message_info: request.invited_user_message_info.clone(),
                    invited_user: DirectoryObjectRef { id: user_id.clone() },
                }))
            }
            SavedRow::Confirmed { user_id } => RowResult::Confirmed { user_id: user_id.clone() },
            SavedRow::Conflict { user_id } => RowResult::Conflict { user_id: user_id.clone() },
            SavedRow::Failed { status, code, message, request_id } => RowResult::Failed(GraphError::Http {
                status: *status,
                code: code.clone(),
                message: message.clone(),
                request_id: request_id.clone(),
                client_request_id: None,
                date: None,
            }),
            SavedRow::Unknown => RowResult::Unknown,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedRun {
    /// Who ran it: another account never sees or resumes it.
    pub account: String,
    pub file_name: String,
    pub lines: Vec<u64>,
    pub requests: Vec<InvitationRequest>,
    pub rows: Vec<SavedRow>,
    /// Each row's groups and profile after its invitation (empty in a run kept before there were any).
    #[serde(default)]
    pub steps: Vec<Vec<SavedStep>>,
}

/// What resuming does: the results so far, the rows to look up first, and the rows to send (both lists in
/// row order).
#[derive(Debug, Clone, PartialEq)]
pub struct ResumePlan {
    pub results: Vec<RowResult>,
    pub steps: Vec<Vec<PlannedStep>>,
    pub check_first: Vec<usize>,
    pub send: Vec<usize>,
}

impl SavedRun {
    /// Whether the parts line up (a store edited by hand, or from an older version, may not).
    pub fn is_whole(&self) -> bool {
        self.rows.len() == self.requests.len()
            && self.lines.len() == self.rows.len()
            && (self.steps.is_empty() || self.steps.len() == self.rows.len())
    }

    /// Rows without a final outcome: not sent yet, to be looked up, or invited with steps still to do.
    pub fn left(&self) -> usize {
        let steps_to_do = |i: usize| self.steps.get(i).is_some_and(|s| s.iter().any(|s| s.outcome.is_none()));
        self.rows
            .iter()
            .enumerate()
            .filter(|(i, r)| match r {
                SavedRow::NotSent | SavedRow::Unknown => true,
                SavedRow::Sent { .. } | SavedRow::Confirmed { .. } => steps_to_do(*i),
                SavedRow::Conflict { .. } | SavedRow::Failed { .. } => false,
            })
            .count()
    }

    /// Each row's steps as the run had them (none for a run kept before there were any).
    pub fn planned_steps(&self) -> Vec<Vec<PlannedStep>> {
        let restored = self.steps.iter().map(|row| row.iter().map(SavedStep::restore).collect());
        restored.chain(std::iter::repeat_with(Vec::new)).take(self.rows.len()).collect()
    }

    /// `launched` are the rows handed to Graph after the run was last saved: whatever the save says, they
    /// may have been carried out, so they are looked up like lost answers.
    pub fn resume_plan(&self, launched: &[usize]) -> ResumePlan {
        let mut check = vec![false; self.rows.len()];
        for &i in launched {
            if let Some(c) = check.get_mut(i) {
                *c = true;
            }
        }
        let (mut check_first, mut send) = (Vec::new(), Vec::new());
        for (i, row) in self.rows.iter().enumerate() {
            match row {
                SavedRow::Unknown => check_first.push(i),
                SavedRow::NotSent if check[i] => check_first.push(i),
                SavedRow::NotSent => send.push(i),
                _ => {}
            }
        }
        let results = self.rows.iter().zip(&self.requests).map(|(row, req)| row.restore(req)).collect();
        ResumePlan { results, steps: self.planned_steps(), check_first, send }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(email: &str) -> InvitationRequest {
        InvitationRequest {
            invited_user_email_address: email.into(),
            invite_redirect_url: "https://myapps.microsoft.com/".into(),
            invited_user_display_name: None,
            send_invitation_message: false,
            invited_user_message_info: None,
            invited_user_type: None,
            invited_user: None,
            reset_redemption: false,
            invited_user_sponsors: Vec::new(),
        }
    }

    fn run(rows: Vec<SavedRow>) -> SavedRun {
        SavedRun {
            account: "admin@contoso.onmicrosoft.com".into(),
            file_name: "partners.csv".into(),
            lines: (2..2 + rows.len() as u64).collect(),
            requests: (0..rows.len()).map(|i| request(&format!("p{i}@fabrikam.example"))).collect(),
            rows,
            steps: Vec::new(),
        }
    }

    #[test]
    fn rows_sent_after_the_last_save_and_lost_answers_are_looked_up_the_rest_is_sent() {
        let saved = run(vec![
            SavedRow::Sent {
                user_id: "u0".into(),
                invite_redeem_url: "https://r/0".into(),
                send_invitation_message: false,
            },
            SavedRow::NotSent,
            SavedRow::NotSent,
            SavedRow::Unknown,
            SavedRow::Failed {
                status: 403,
                code: "Authorization_RequestDenied".into(),
                message: "no".into(),
                request_id: Some("r".into()),
            },
        ]);
        assert_eq!(saved.left(), 3);
        assert!(saved.is_whole());
        let mut torn = saved.clone();
        torn.requests.pop();
        assert!(!torn.is_whole());
        let plan = saved.resume_plan(&[1, 99]);
        assert_eq!(plan.check_first, vec![1, 3]);
        assert_eq!(plan.send, vec![2]);
        assert_eq!(plan.results[0].redeem_url(), Some("https://r/0"));
        assert!(plan.results[4].retryable());
        assert_eq!(plan.results[4].graph_error(), Some(("Authorization_RequestDenied", "no", Some("r"))));
    }

    #[test]
    fn a_saved_run_round_trips_through_json() {
        let saved = run(vec![
            SavedRow::Confirmed { user_id: "g".into() },
            SavedRow::Conflict { user_id: "m".into() },
            SavedRow::NotSent,
        ]);
        let text = serde_json::to_string(&saved).unwrap();
        assert!(text.contains(r#"{"confirmed":{"user_id":"g"}}"#), "{text}");
        assert_eq!(serde_json::from_str::<SavedRun>(&text).unwrap(), saved);
        for r in [RowResult::NotSent, RowResult::Unknown, RowResult::Confirmed { user_id: "g".into() }] {
            assert_eq!(SavedRow::from(&r).restore(&request("x@y.example")), r);
        }
    }

    #[test]
    fn an_invited_row_with_steps_to_do_is_left_and_an_old_run_without_steps_still_loads() {
        use crate::rules::follow_up::{ChosenGroup, FollowUp};
        let g = |id: &str| FollowUp::AddToGroup(ChosenGroup { id: id.into(), name: id.into() });
        let mut saved = run(vec![
            SavedRow::Confirmed { user_id: "u0".into() },
            SavedRow::Confirmed { user_id: "u1".into() },
            SavedRow::Conflict { user_id: "m".into() },
        ]);
        saved.steps = vec![
            vec![SavedStep { follow_up: g("a"), outcome: None }],
            vec![SavedStep { follow_up: g("a"), outcome: Some(super::super::steps::SavedOutcome::Done) }],
            vec![SavedStep { follow_up: g("a"), outcome: None }],
        ];
        assert_eq!(saved.left(), 1, "the first row's group is still to do; a conflict has no user to add");
        let plan = saved.resume_plan(&[]);
        assert_eq!((plan.steps[0][0].outcome.clone(), plan.send.len()), (None, 0));
        let mut text = serde_json::to_value(&saved).unwrap();
        text.as_object_mut().unwrap().remove("steps");
        let old: SavedRun = serde_json::from_value(text).unwrap();
        assert!(old.is_whole());
        assert_eq!((old.left(), old.planned_steps().len()), (0, 3));
    }
}
