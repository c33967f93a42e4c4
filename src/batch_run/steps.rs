//! The steps after each row's invitation (its groups and its profile), as a run keeps them: each step's
//! outcome so far, the `$batch` request that carries it, what an answer means for it, and its saved form.

use crate::graph::batch::{BatchItem, ItemOutcome};
use crate::graph::error::GraphError;
use crate::graph::groups::{members_path, MemberRef};
use crate::graph::users::user_path;
pub use crate::rules::follow_up::PlannedStep;
use crate::rules::follow_up::{after_failure, AfterFailure, FollowUp, StepOutcome};
use serde::{Deserialize, Serialize};

/// A step to send now: row `row`'s step `step`, on the invited user `user_id`.
#[derive(Debug, Clone, PartialEq)]
pub struct StepWork {
    pub row: usize,
    pub step: usize,
    pub user_id: String,
    pub follow_up: FollowUp,
}

/// Every step still to do on a row whose invitation has a user; `user_ids[r]` is row `r`'s invited user.
pub fn work(steps: &[Vec<PlannedStep>], user_ids: &[Option<String>]) -> Vec<StepWork> {
    let mut out = Vec::new();
    for (row, (planned, user)) in steps.iter().zip(user_ids).enumerate() {
        let Some(user_id) = user else { continue };
        for (step, p) in planned.iter().enumerate().filter(|(_, p)| p.outcome.is_none()) {
            out.push(StepWork { row, step, user_id: user_id.clone(), follow_up: p.follow_up.clone() });
        }
    }
    out
}

/// The failed steps made to do again (a retry): how many.
pub fn reopen_failed(steps: &mut [Vec<PlannedStep>]) -> usize {
    let mut n = 0;
    for p in steps.iter_mut().flatten() {
        if p.outcome.as_ref().is_some_and(|o| !o.succeeded()) {
            p.outcome = None;
            n += 1;
        }
    }
    n
}

pub fn failed(steps: &[Vec<PlannedStep>]) -> usize {
    steps.iter().flatten().filter(|p| p.outcome.as_ref().is_some_and(|o| !o.succeeded())).count()
}

/// The request that carries a step inside `$batch` (`graph_root` is the Graph base the member reference names).
pub fn item(graph_root: &str, w: &StepWork) -> Result<BatchItem, GraphError> {
    match &w.follow_up {
        FollowUp::AddToGroup(g) => BatchItem::post(&members_path(&g.id), &MemberRef::new(graph_root, &w.user_id)),
        FollowUp::SetProfile(p) => BatchItem::patch(&user_path(&w.user_id), p),
    }
}

/// What one answer means for a step.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    Settled(StepOutcome),
    /// Send it again after a wait: the directory does not know the new user yet, or the answer was lost
    /// (both writes may be repeated: a second add answers "already exist", a second PATCH writes the same).
    Again(GraphError),
    /// Stopped before it was sent: still to do.
    Stopped,
}

pub fn next(step: &FollowUp, o: &ItemOutcome) -> Next {
    match o {
        ItemOutcome::Succeeded { .. } => Next::Settled(StepOutcome::Done),
        ItemOutcome::Failed(e) => match after_failure(step, e) {
            AfterFailure::AlreadyDone => Next::Settled(StepOutcome::AlreadyDone),
            AfterFailure::Refused => Next::Settled(StepOutcome::Failed(e.clone())),
            AfterFailure::WaitForDirectory => Next::Again(e.clone()),
        },
        ItemOutcome::Unknown => {
            Next::Again(GraphError::Network { host: String::new(), detail: "the answer was lost".into() })
        }
        ItemOutcome::NotSent => Next::Stopped,
    }
}

/// Graph's answer to a step, as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedError {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
}

impl SavedError {
    pub fn of(e: &GraphError) -> SavedError {
        match e {
            GraphError::Http { status, code, message, request_id, .. } => SavedError {
                status: *status,
                code: code.clone(),
                message: message.clone(),
                request_id: request_id.clone(),
            },
            GraphError::Throttled { request_id, .. } => SavedError {
                status: 429,
                code: "TooManyRequests".into(),
                message: String::new(),
                request_id: request_id.clone(),
            },
            other => SavedError { status: 0, code: String::new(), message: format!("{other:?}"), request_id: None },
        }
    }

    pub fn restore(&self) -> GraphError {
        GraphError::Http {
            status: self.status,
            code: self.code.clone(),
            message: self.message.clone(),
            request_id: self.request_id.clone(),
            client_request_id: None,
            date: None,
        }
    }
}

/// How a step ended, as saved (a step still to do has none).
// Externally tagged, like the saved rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SavedOutcome {
    Done,
    AlreadyDone,
    Failed(SavedError),
    NotVisibleYet(SavedError),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedStep {
    pub follow_up: FollowUp,
    #[serde(default)]
    pub outcome: Option<SavedOutcome>,
}

impl From<&PlannedStep> for SavedStep {
    fn from(p: &PlannedStep) -> SavedStep {
        let outcome = match &p.outcome {
            None | Some(StepOutcome::NotRun) => None,
            Some(StepOutcome::Done) => Some(SavedOutcome::Done),
            Some(StepOutcome::AlreadyDone) => Some(SavedOutcome::AlreadyDone),
            Some(StepOutcome::Failed(e)) => Some(SavedOutcome::Failed(SavedError::of(e))),
            Some(StepOutcome::NotVisibleYet(e)) => Some(SavedOutcome::NotVisibleYet(SavedError::of(e))),
        };
        SavedStep { follow_up: p.follow_up.clone(), outcome }
    }
}

impl SavedStep {
    pub fn restore(&self) -> PlannedStep {
        let outcome = self.outcome.as_ref().map(|o| match o {
            SavedOutcome::Done => StepOutcome::Done,
            SavedOutcome::AlreadyDone => StepOutcome::AlreadyDone,
            SavedOutcome::Failed(e) => StepOutcome::Failed(e.restore()),
            SavedOutcome::NotVisibleYet(e) => StepOutcome::NotVisibleYet(e.restore()),
        });
        PlannedStep { follow_up: self.follow_up.clone(), outcome }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::users::ProfilePatch;
    use crate::rules::follow_up::ChosenGroup;

    fn group(id: &str) -> FollowUp {
        FollowUp::AddToGroup(ChosenGroup { id: id.into(), name: format!("Group {id}") })
    }

    fn http(status: u16, message: &str) -> GraphError {
        GraphError::from_response(
            status,
            &format!(r#"{{"error":{{"code":"Request_BadRequest","message":"{message}"}}}}"#),
            Some("rid".into()),
        )
    }

    #[test]
    fn only_steps_still_to_do_on_rows_with_a_user_are_sent() {
        let profile = FollowUp::SetProfile(ProfilePatch { job_title: Some("Buyer".into()), ..ProfilePatch::default() });
        let steps = vec![
            vec![
                PlannedStep { follow_up: group("a"), outcome: Some(StepOutcome::Done) },
                PlannedStep::to_do(group("b")),
            ],
            vec![PlannedStep::to_do(group("a"))],
            vec![PlannedStep::to_do(profile.clone())],
        ];
        let users = vec![Some("u0".to_string()), None, Some("u2".to_string())];
        let w = work(&steps, &users);
        assert_eq!(
            w,
            vec![
                StepWork { row: 0, step: 1, user_id: "u0".into(), follow_up: group("b") },
                StepWork { row: 2, step: 0, user_id: "u2".into(), follow_up: profile },
            ]
        );
    }

    #[test]
    fn each_step_is_the_documented_request() {
        let root = "https://graph.microsoft.com/v1.0";
        let add = item(root, &StepWork { row: 0, step: 0, user_id: "u1".into(), follow_up: group("g1") }).unwrap();
        assert_eq!((add.url.as_str(), add.method), ("/groups/g1/members/$ref", crate::graph::batch::BatchMethod::Post));
        assert_eq!(add.body.unwrap().get(), r#"{"@odata.id":"https://graph.microsoft.com/v1.0/directoryObjects/u1"}"#);
        let patch = ProfilePatch { usage_location: Some("TW".into()), ..ProfilePatch::default() };
        let w = StepWork { row: 0, step: 1, user_id: "u1".into(), follow_up: FollowUp::SetProfile(patch) };
        let p = item(root, &w).unwrap();
        assert_eq!((p.url.as_str(), p.method), ("/users/u1", crate::graph::batch::BatchMethod::Patch));
        assert_eq!(p.body.unwrap().get(), r#"{"usageLocation":"TW"}"#);
        assert_eq!(p.headers.get("Content-Type").map(String::as_str), Some("application/json"));
    }

    #[test]
    fn an_answer_settles_a_step_or_sends_it_again() {
        let ok = ItemOutcome::Succeeded { status: 204, body: String::new() };
        assert_eq!(next(&group("g"), &ok), Next::Settled(StepOutcome::Done));
        let member = ItemOutcome::Failed(http(
            400,
            "One or more added object references already exist for the following modified properties: 'members'.",
        ));
        assert_eq!(next(&group("g"), &member), Next::Settled(StepOutcome::AlreadyDone));
        assert!(matches!(next(&group("g"), &ItemOutcome::Failed(http(404, "gone"))), Next::Again(_)));
        assert!(matches!(next(&group("g"), &ItemOutcome::Unknown), Next::Again(_)));
        assert!(matches!(
            next(&group("g"), &ItemOutcome::Failed(http(403, "no"))),
            Next::Settled(StepOutcome::Failed(_))
        ));
        assert_eq!(next(&group("g"), &ItemOutcome::NotSent), Next::Stopped);
    }

    #[test]
    fn a_retry_reopens_only_failed_steps_and_steps_round_trip_through_json() {
        let mut steps = vec![vec![
            PlannedStep { follow_up: group("a"), outcome: Some(StepOutcome::AlreadyDone) },
            PlannedStep { follow_up: group("b"), outcome: Some(StepOutcome::Failed(http(403, "no"))) },
            PlannedStep { follow_up: group("c"), outcome: Some(StepOutcome::NotVisibleYet(http(404, "x"))) },
            PlannedStep::to_do(group("d")),
        ]];
        let saved: Vec<SavedStep> = steps[0].iter().map(SavedStep::from).collect();
        let text = serde_json::to_string(&saved).unwrap();
        let back: Vec<PlannedStep> =
            serde_json::from_str::<Vec<SavedStep>>(&text).unwrap().iter().map(SavedStep::restore).collect();
        assert_eq!(back, steps[0], "{text}");
        assert_eq!(failed(&steps), 2);
        assert_eq!(reopen_failed(&mut steps), 2);
        assert_eq!(steps[0].iter().filter(|p| p.outcome.is_none()).count(), 3);
        assert_eq!(steps[0][0].outcome, Some(StepOutcome::AlreadyDone));
    }
}
