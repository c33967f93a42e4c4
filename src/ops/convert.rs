//! The conversion's async step, and the request it sends
//! (https://learn.microsoft.com/entra/external-id/invite-internal-users).

use crate::graph::client::GraphClient;
use crate::graph::error::GraphError;
use crate::graph::invitations::{self, DirectoryObjectRef, InvitationRequest};
use crate::rules::invitation_draft::{FieldError, InvitationDraft};
use crate::rules::invitation_outcome::Outcome;
use crate::rules::invitation_outcome::Sent;
use crate::text::catalogue::words::errors as w;
use crate::text::{rules, ErrorReport, Explain};

#[derive(Debug, Clone, PartialEq)]
pub enum ConvertError {
    Graph(GraphError),
    /// The invitation settings do not validate; nothing was sent.
    Settings(Vec<FieldError>),
}

/// Converting an internal user, or resetting an external user's redemption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    Convert,
    ResetRedemption,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConvertRequest {
    pub user_id: String,
    /// The address the invitation goes to, chosen by the documented rule.
    pub address: String,
    /// Redirect, email on/off, language, cc and message.
    pub settings: InvitationDraft,
    pub kind: Conversion,
}

impl ConvertRequest {
    /// The invitation for an existing user: `invitedUser.id`, and `resetRedemption` for a reset.
    pub fn invitation(&self) -> Result<InvitationRequest, Vec<FieldError>> {
        let draft = InvitationDraft { email: self.address.clone(), ..self.settings.clone() };
        let mut request = draft.validate()?;
        request.invited_user = Some(DirectoryObjectRef { id: self.user_id.clone() });
        request.reset_redemption = self.kind == Conversion::ResetRedemption;
        Ok(request)
    }

    fn outcome(&self) -> Outcome {
        match self.kind {
            Conversion::Convert => Outcome::Converted,
            Conversion::ResetRedemption => Outcome::RedemptionReset,
        }
    }
}

pub async fn convert(graph: &GraphClient, r: &ConvertRequest) -> Result<Sent, ConvertError> {
    let request = r.invitation().map_err(ConvertError::Settings)?;
    let invitation = invitations::send(graph, &request).await.map_err(ConvertError::Graph)?;
    Ok(Sent { invitation, outcome: r.outcome() })
}

/// The error in words, beside the error: `text` sits below the features and cannot name it.
impl Explain for ConvertError {
    fn report(&self) -> ErrorReport {
        match self {
            ConvertError::Graph(e) => e.report(),
            ConvertError::Settings(problems) => {
                let mut r = ErrorReport::new(w::convert_error::settings_title(), w::convert_error::settings_what());
                r.details = problems.iter().map(|p| rules::field_problem(&p.problem)).collect();
                r
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::invitation_draft::Field;
    use serde_json::json;

    fn request(kind: Conversion) -> ConvertRequest {
        ConvertRequest {
            user_id: "b0000002".into(),
            address: "pat@fabrikam.example".into(),
            settings: InvitationDraft {
                send_email: false,
                ..InvitationDraft::with_default_redirect("https://myapps.microsoft.com/")
            },
            kind,
        }
    }

    #[test]
    fn conversion_and_reset_carry_the_user_id() {
        let v = serde_json::to_value(request(Conversion::Convert).invitation().unwrap()).unwrap();
        assert_eq!(
            v,
            json!({"invitedUserEmailAddress": "pat@fabrikam.example", "inviteRedirectUrl": "https://myapps.microsoft.com/",
                   "sendInvitationMessage": false, "invitedUser": {"id": "b0000002"}})
        );
        let v = serde_json::to_value(request(Conversion::ResetRedemption).invitation().unwrap()).unwrap();
        assert_eq!(v["resetRedemption"], true);
        assert_eq!(request(Conversion::ResetRedemption).outcome(), Outcome::RedemptionReset);
    }

    #[test]
    fn bad_settings_send_nothing() {
        let mut r = request(Conversion::Convert);
        r.settings.cc = "a@x.example b@x.example".into();
        let Err(problems) = r.invitation() else { panic!() };
        assert_eq!(problems.iter().map(|p| p.field).collect::<Vec<_>>(), vec![Field::Cc]);
    }
}
