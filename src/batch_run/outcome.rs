//! How each row of a run ended, and the results export built from it (pure, tested natively).

use crate::graph::batch::ItemOutcome;
use crate::graph::error::GraphError;
use crate::graph::invitations::{Invitation, InvitationRequest};
use crate::graph::values::InvitedUserType;
use crate::rules::invitation_outcome::RowStatus;

#[derive(Debug, Clone, PartialEq)]
pub enum RowResult {
    NotSent,
    Sent(Box<Invitation>),
    /// The answer was lost, and the lookup found the guest: sent, but its redeem link is unknown.
    Confirmed {
        user_id: String,
    },
    /// The answer was lost, and an internal account holds the address.
    Conflict {
        user_id: String,
    },
    Failed(GraphError),
    /// The answer was lost and the lookup could not tell: check before sending again.
    Unknown,
}

impl RowResult {
    pub fn from_outcome(o: ItemOutcome) -> RowResult {
        match &o {
            ItemOutcome::Succeeded { .. } => match o.parse::<Invitation>() {
                Some(Ok(inv)) => RowResult::Sent(Box::new(inv)),
                Some(Err(e)) => RowResult::Failed(e),
                None => RowResult::Unknown,
            },
            ItemOutcome::Failed(e) => RowResult::Failed(e.clone()),
            ItemOutcome::Unknown => RowResult::Unknown,
            ItemOutcome::NotSent => RowResult::NotSent,
        }
    }

    pub fn status(&self) -> RowStatus {
        match self {
            RowResult::NotSent => RowStatus::NotSent,
            RowResult::Sent(_) => RowStatus::Sent,
            RowResult::Confirmed { .. } => RowStatus::Confirmed,
            RowResult::Conflict { .. } => RowStatus::Conflict,
            RowResult::Failed(_) => RowStatus::Failed,
            RowResult::Unknown => RowStatus::Unknown,
        }
    }

    /// Whether "Retry failed rows" sends it again: refused or never sent. A row whose answer was lost is not
    /// retried blind, and a conflict needs conversion instead.
    pub fn retryable(&self) -> bool {
        matches!(self, RowResult::Failed(_) | RowResult::NotSent)
    }

    pub fn user_id(&self) -> Option<&str> {
        match self {
            RowResult::Sent(inv) => Some(&inv.invited_user.id),
            RowResult::Confirmed { user_id } | RowResult::Conflict { user_id } => Some(user_id),
            _ => None,
        }
    }

    /// The invited user that the steps after the invitation act on: a conflict's user is an internal account,
    /// never touched.
    pub fn user_id_to_follow(&self) -> Option<&str> {
        match self {
            RowResult::Sent(_) | RowResult::Confirmed { .. } => self.user_id(),
            _ => None,
        }
    }

    /// The redeem link, shown only for rows sent without Microsoft's email: those the admin hands over.
    pub fn redeem_url(&self) -> Option<&str> {
        match self {
            RowResult::Sent(inv) if !inv.send_invitation_message => Some(&inv.invite_redeem_url),
            _ => None,
        }
    }

    /// Graph's code, message and request id of a refusal.
    pub fn graph_error(&self) -> Option<(&str, &str, Option<&str>)> {
        match self {
            RowResult::Failed(GraphError::Http { code, message, request_id, .. }) => {
                Some((code, message, request_id.as_deref()))
            }
            RowResult::Failed(GraphError::Throttled { request_id, .. }) => {
                Some(("TooManyRequests", "", request_id.as_deref()))
            }
            _ => None,
        }
    }
}

/// The export's columns: the input's, then the outcome's (names as the issue tracker and Graph spell them), then
/// the groups and sponsors asked for and how the steps after the invitation ended.
pub const EXPORT_HEADER: [&str; 19] = [
    "line",
    "email",
    "displayName",
    "redirectUrl",
    "sendEmail",
    "message",
    "language",
    "cc",
    "userType",
    "status",
    "userId",
    "inviteRedeemUrl",
    "errorCode",
    "errorMessage",
    "requestId",
    "groups",
    "sponsors",
    "groupsOutcome",
    "profileOutcome",
];

/// What a row asked for after its invitation, and how it ended, in words.
pub struct StepColumns {
    pub groups: String,
    pub groups_outcome: String,
    pub profile_outcome: String,
}

/// One export row; `status` is the status in words.
pub fn export_row(
    line: u64,
    request: &InvitationRequest,
    result: &RowResult,
    status: &str,
    steps: StepColumns,
) -> Vec<String> {
    let info = request.invited_user_message_info.as_ref();
    let error = result.graph_error();
    vec![
        line.to_string(),
        request.invited_user_email_address.clone(),
        request.invited_user_display_name.clone().unwrap_or_default(),
        request.invite_redirect_url.clone(),
        request.send_invitation_message.to_string(),
        info.and_then(|i| i.customized_message_body.clone()).unwrap_or_default(),
        info.and_then(|i| i.message_language.clone()).unwrap_or_default(),
        info.and_then(|i| i.cc_recipients.first()).and_then(|r| r.email_address.address.clone()).unwrap_or_default(),
        match request.invited_user_type {
            Some(InvitedUserType::Member) => "Member".to_string(),
            _ => "Guest".to_string(),
        },
        status.to_string(),
        result.user_id().unwrap_or_default().to_string(),
        // The export keeps every link it has, also for emailed rows: it is the admin's record.
        match result {
            RowResult::Sent(inv) => inv.invite_redeem_url.clone(),
            _ => String::new(),
        },
        error.map(|e| e.0.to_string()).unwrap_or_default(),
        error.map(|e| e.1.to_string()).unwrap_or_default(),
        error.and_then(|e| e.2).unwrap_or_default().to_string(),
        steps.groups,
        request.invited_user_sponsors.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(";"),
        steps.groups_outcome,
        steps.profile_outcome,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::invitations::DirectoryObjectRef;

    fn request(email: &str, send: bool) -> InvitationRequest {
        InvitationRequest {
            invited_user_email_address: email.into(),
            invite_redirect_url: "https://myapps.microsoft.com/".into(),
            invited_user_display_name: Some("=Kim".into()),
            send_invitation_message: send,
            invited_user_message_info: None,
            invited_user_type: None,
            invited_user: None,
            reset_redemption: false,
            invited_user_sponsors: Vec::new(),
        }
    }

    fn sent(send: bool) -> RowResult {
        RowResult::Sent(Box::new(Invitation {
            id: "inv".into(),
            invite_redeem_url: "https://login.microsoftonline.com/redeem?rd=x".into(),
            invited_user_display_name: None,
            invited_user_type: None,
            invited_user_email_address: "kim@fabrikam.example".into(),
            send_invitation_message: send,
            invite_redirect_url: None,
            status: None,
            invited_user_message_info: None,
            invited_user: DirectoryObjectRef { id: "u1".into() },
        }))
    }

    #[test]
    fn a_batch_answer_becomes_a_row_result() {
        let ok = ItemOutcome::Succeeded {
            status: 201,
            body: r#"{"id":"i","inviteRedeemUrl":"https://r","invitedUserEmailAddress":"a@b.example","invitedUser":{"id":"u"}}"#.into(),
        };
        assert_eq!(RowResult::from_outcome(ok).user_id(), Some("u"));
        let odd = ItemOutcome::Succeeded { status: 201, body: "{}".into() };
        assert!(matches!(RowResult::from_outcome(odd), RowResult::Failed(GraphError::InvalidResponse(_))));
        assert_eq!(RowResult::from_outcome(ItemOutcome::Unknown).status(), RowStatus::Unknown);
    }

    #[test]
    fn only_refused_and_unsent_rows_are_retried() {
        let refused = RowResult::Failed(GraphError::from_response(
            403,
            r#"{"error":{"code":"Authorization_RequestDenied","message":"no"}}"#,
            Some("rid".into()),
        ));
        assert!(refused.retryable());
        assert!(RowResult::NotSent.retryable());
        for no in [
            sent(true),
            RowResult::Unknown,
            RowResult::Conflict { user_id: "m".into() },
            RowResult::Confirmed { user_id: "g".into() },
        ] {
            assert!(!no.retryable(), "{no:?}");
        }
        assert_eq!(refused.graph_error(), Some(("Authorization_RequestDenied", "no", Some("rid"))));
    }

    #[test]
    fn the_redeem_link_is_shown_for_rows_without_an_email_and_always_exported() {
        assert_eq!(sent(true).redeem_url(), None);
        assert_eq!(sent(false).redeem_url(), Some("https://login.microsoftonline.com/redeem?rd=x"));
        let mut req = request("kim@fabrikam.example", true);
        req.invited_user_sponsors =
            vec![DirectoryObjectRef { id: "s1".into() }, DirectoryObjectRef { id: "s2".into() }];
        let steps = StepColumns {
            groups: "Finance;Sales".into(),
            groups_outcome: "Added to 2 of 2 groups.".into(),
            profile_outcome: String::new(),
        };
        let row = export_row(7, &req, &sent(true), "Sent", steps);
        assert_eq!(row.len(), EXPORT_HEADER.len());
        assert_eq!(row[0], "7");
        assert_eq!(row[2], "=Kim", "the writer, not the row, neutralises formulas");
        assert_eq!((row[8].as_str(), row[9].as_str()), ("Guest", "Sent"));
        assert_eq!(row[10], "u1");
        assert_eq!(row[11], "https://login.microsoftonline.com/redeem?rd=x");
        assert_eq!(
            (row[15].as_str(), row[16].as_str(), row[17].as_str()),
            ("Finance;Sales", "s1;s2", "Added to 2 of 2 groups.")
        );
    }
}
