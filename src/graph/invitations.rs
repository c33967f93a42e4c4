//! `POST /invitations`: request and response, with field names exactly as Graph's schema (invitation,
//! invitedUserMessageInfo, recipient, emailAddress). Note `customizedMessageBody`, not `customMessage`.
//! https://learn.microsoft.com/graph/api/invitation-post

use super::client::GraphClient;
use super::error::GraphError;
use super::values::{InvitationStatus, InvitedUserType};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailAddress {
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    pub email_address: EmailAddress,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitedUserMessageInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customized_message_body: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cc_recipients: Vec<Recipient>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectoryObjectRef {
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitationRequest {
    pub invited_user_email_address: String,
    pub invite_redirect_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited_user_display_name: Option<String>,
    pub send_invitation_message: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited_user_message_info: Option<InvitedUserMessageInfo>,
    /// `Guest` (Graph's default) is left out; `Member` is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited_user_type: Option<InvitedUserType>,
    /// An existing user: the internal account to convert, or the guest whose redemption is reset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited_user: Option<DirectoryObjectRef>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reset_redemption: bool,
    /// Up to five users or groups who sponsor the guest; with none, Entra makes the inviter the sponsor
    /// (https://learn.microsoft.com/entra/external-id/b2b-sponsors). The shape, each `{"id": …}`, is the
    /// `directoryObject` collection of v1.0's `invitation` (docs/graph-behaviour.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invited_user_sponsors: Vec<DirectoryObjectRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    pub id: String,
    pub invite_redeem_url: String,
    #[serde(default)]
    pub invited_user_display_name: Option<String>,
    #[serde(default)]
    pub invited_user_type: Option<InvitedUserType>,
    pub invited_user_email_address: String,
    #[serde(default)]
    pub send_invitation_message: bool,
    #[serde(default)]
    pub invite_redirect_url: Option<String>,
    #[serde(default)]
    pub status: Option<InvitationStatus>,
    pub invited_user: DirectoryObjectRef,
    #[serde(default)]
    pub invited_user_message_info: Option<InvitedUserMessageInfo>,
}

pub async fn send(graph: &GraphClient, request: &InvitationRequest) -> Result<Invitation, GraphError> {
    graph.post("/invitations", request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn req(email: &str) -> InvitationRequest {
        InvitationRequest {
            invited_user_email_address: email.into(),
            invite_redirect_url: "https://myapps.microsoft.com/?tenantid={tid}".into(),
            invited_user_display_name: None,
            send_invitation_message: true,
            invited_user_message_info: None,
            invited_user_type: None,
            invited_user: None,
            reset_redemption: false,
            invited_user_sponsors: Vec::new(),
        }
    }

    #[test]
    fn documented_example_1_graph_sends_the_email() {
        let v = serde_json::to_value(req("alex@partner.example")).unwrap();
        assert_eq!(
            v,
            json!({ "invitedUserEmailAddress": "alex@partner.example", "inviteRedirectUrl": "https://myapps.microsoft.com/?tenantid={tid}", "sendInvitationMessage": true })
        );
    }

    #[test]
    fn documented_example_2_email_suppressed() {
        let mut r = req("alex@partner.example");
        r.invited_user_display_name = Some("Alex (Partner)".into());
        r.send_invitation_message = false;
        assert_eq!(
            serde_json::to_value(r).unwrap(),
            json!({ "invitedUserEmailAddress": "alex@partner.example", "invitedUserDisplayName": "Alex (Partner)",
            "inviteRedirectUrl": "https://myapps.microsoft.com/?tenantid={tid}", "sendInvitationMessage": false })
        );
    }

    #[test]
    fn documented_example_3_message_language_and_one_cc() {
        let mut r = req("alex@partner.example");
        r.invited_user_message_info = Some(InvitedUserMessageInfo {
            message_language: Some("de-DE".into()),
            customized_message_body: Some("Welcome to the Contoso project workspace.".into()),
            cc_recipients: vec![Recipient {
                email_address: EmailAddress {
                    address: Some("sam@contoso.example".into()),
                    name: Some("Sam Owner".into()),
                },
            }],
        });
        let expected = json!({ "invitedUserEmailAddress": "alex@partner.example", "inviteRedirectUrl": "https://myapps.microsoft.com/?tenantid={tid}",
            "sendInvitationMessage": true,
            "invitedUserMessageInfo": { "messageLanguage": "de-DE", "customizedMessageBody": "Welcome to the Contoso project workspace.",
              "ccRecipients": [ { "emailAddress": { "name": "Sam Owner", "address": "sam@contoso.example" } } ] } });
        let v = serde_json::to_value(r).unwrap();
        assert_eq!(v, expected);
        assert!(!v.to_string().contains("customMessage\""), "never the competitor's misspelt field");
    }

    #[test]
    fn documented_example_4_conversion_and_member_type() {
        let mut r = req("jo@partner.example");
        r.send_invitation_message = false;
        r.invited_user = Some(DirectoryObjectRef { id: "4f1c0b2e-0000-4000-8000-000000000001".into() });
        r.invited_user_type = Some(InvitedUserType::Member);
        let v = serde_json::to_value(r).unwrap();
        assert_eq!(v["invitedUser"], json!({"id": "4f1c0b2e-0000-4000-8000-000000000001"}));
        assert_eq!(v["invitedUserType"], "Member");
        assert!(v.get("resetRedemption").is_none());
    }

    #[test]
    fn documented_response_parses() {
        let body: Value = json!({
          "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#invitations/$entity",
          "id": "9071bfde-35e0-47d2-a582-d244ab1b4af6",
          "inviteRedeemUrl": "https://login.microsoftonline.com/redeem?rd=https%3a%2f%2finvitations.microsoft.com%2fredeem%2f%3ftenant%3d1",
          "invitedUserDisplayName": null, "invitedUserType": "Guest", "invitedUserEmailAddress": "admin@fabrikam.com",
          "sendInvitationMessage": false, "resetRedemption": false, "inviteRedirectUrl": "https://myapp.contoso.com", "status": "PendingAcceptance",
          "invitedUserMessageInfo": { "messageLanguage": null, "customizedMessageBody": null, "ccRecipients": [ { "emailAddress": { "name": null, "address": null } } ] },
          "invitedUser": { "id": "cbb896f9-8306-49d0-b56b-b8e39cd28825" }
        });
        let inv: Invitation = serde_json::from_value(body).unwrap();
        assert_eq!(inv.invited_user.id, "cbb896f9-8306-49d0-b56b-b8e39cd28825");
        assert_eq!(inv.status, Some(InvitationStatus::PendingAcceptance));
        assert_ne!(inv.id, inv.invited_user.id, "the invitation id is not the user id");
    }
}
