//! The invitation's async steps, shared by the single form and, later, by bulk rows and resends.

use crate::graph::client::GraphClient;
use crate::graph::error::GraphError;
use crate::graph::invitations::{self, InvitationRequest};
use crate::graph::users::{self, DirectoryUser};
use crate::rules::follow_up::FollowUp;
pub use crate::rules::follow_up::InvitePlan;
use crate::rules::invitation_outcome::{Outcome, Sent};
use crate::text::catalogue::words::errors as w;
use crate::text::{ErrorReport, Explain};

/// Why an invitation was not sent.
#[derive(Debug, Clone, PartialEq)]
pub enum InviteError {
    Graph(GraphError),
    /// The address belongs to an internal account: Graph would refuse, conversion is the way.
    ExistingInternalUser(Box<DirectoryUser>),
}

/// What the existence check found: a new guest, one invited before, or the internal user who holds it.
pub fn outcome_before_sending(existing: &[DirectoryUser]) -> Result<Outcome, &DirectoryUser> {
    match existing.iter().find(|u| !u.is_external()) {
        Some(internal) => Err(internal),
        None if existing.is_empty() => Ok(Outcome::Created),
        None => Ok(Outcome::Resent),
    }
}

/// Looks the address up first, as Microsoft advises (an internal account would be refused, a guest gets a
/// new link: https://learn.microsoft.com/entra/external-id/customize-invitation-api), then invites.
pub async fn invite(graph: &GraphClient, request: &InvitationRequest) -> Result<Sent, InviteError> {
    let existing = users::with_address(graph, &request.invited_user_email_address).await.map_err(InviteError::Graph)?;
    let outcome = outcome_before_sending(&existing)
        .map_err(|internal| InviteError::ExistingInternalUser(Box::new(internal.clone())))?;
    let invitation = invitations::send(graph, request).await.map_err(InviteError::Graph)?;
    Ok(Sent { invitation, outcome })
}

/// A sent invitation and the steps still to take on its user (the result panel runs them).
#[derive(Debug, Clone, PartialEq)]
pub struct Invited {
    pub sent: Sent,
    pub follow_ups: Vec<FollowUp>,
}

/// [`invite`], carrying the plan's follow-ups to the result; none of them runs before the invitation is sent.
pub async fn invite_with(graph: &GraphClient, plan: &InvitePlan) -> Result<Invited, InviteError> {
    let sent = invite(graph, &plan.request).await?;
    Ok(Invited { sent, follow_ups: plan.follow_ups.clone() })
}

/// The error in words, beside the error: `text` sits below `ops` and cannot name it.
impl Explain for InviteError {
    fn report(&self) -> ErrorReport {
        match self {
            InviteError::Graph(g) => g.report(),
            InviteError::ExistingInternalUser(u) => ErrorReport::new(
                w::invite_error::existing_internal_user_title(),
                w::invite_error::existing_internal_user_what(
                    u.display_name.as_deref().unwrap_or_default(),
                    u.user_principal_name.as_deref().unwrap_or_default(),
                ),
            )
            .step(w::invite_error::existing_internal_user_step())
            .support_id(w::ids::object_id(), u.id.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::values::{ExternalUserState, UserType};

    fn user(id: &str, user_type: UserType, state: Option<ExternalUserState>) -> DirectoryUser {
        DirectoryUser {
            id: id.into(),
            display_name: None,
            user_principal_name: None,
            user_type: Some(user_type),
            external_user_state: state,
            mail: None,
            other_mails: vec![],
        }
    }

    #[test]
    fn the_existence_check_decides_the_outcome() {
        assert_eq!(outcome_before_sending(&[]), Ok(Outcome::Created));
        let guest = user("g", UserType::Guest, Some(ExternalUserState::PendingAcceptance));
        assert_eq!(outcome_before_sending(std::slice::from_ref(&guest)), Ok(Outcome::Resent));
        let member = user("m", UserType::Member, None);
        assert_eq!(outcome_before_sending(&[guest, member.clone()]), Err(&member));
        // An internal user already invited to B2B collaboration is external.
        let converted = user("c", UserType::Member, Some(ExternalUserState::Accepted));
        assert_eq!(outcome_before_sending(&[converted]), Ok(Outcome::Resent));
    }
}
