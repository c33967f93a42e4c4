//! The invite form's state, as typed (kept in sessionStorage so nothing is retyped), and its validation
//! into an [`InvitationRequest`] with one message per field.

use super::email;
use super::languages;
use crate::config::is_secure_or_loopback;
use crate::graph::invitations::{EmailAddress, InvitationRequest, InvitedUserMessageInfo, Recipient};
use serde::{Deserialize, Serialize};

/// Where the draft is kept between reloads and sign-ins.
pub const DRAFT_KEY: &str = "b2b.draft.invite";
/// A generous bound for the personal message; Graph documents none, the portal keeps it short.
pub const MESSAGE_MAX: usize = 2000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InvitationDraft {
    pub email: String,
    pub display_name: String,
    pub redirect_url: String,
    pub send_email: bool,
    pub language: String,
    pub cc: String,
    pub message: String,
    pub member: bool,
}

impl Default for InvitationDraft {
    fn default() -> Self {
        InvitationDraft {
            email: String::new(),
            display_name: String::new(),
            redirect_url: String::new(),
            send_email: true,
            language: String::new(),
            cc: String::new(),
            message: String::new(),
            member: false,
        }
    }
}

/// The form fields, for per-field messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Email,
    DisplayName,
    RedirectUrl,
    Language,
    Cc,
    Message,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

/// Checks an invite redirect URL: absolute, https (http only on localhost).
pub fn check_redirect(url: &str) -> Result<String, String> {
    let u = url::Url::parse(url.trim()).map_err(|_| "Enter a full web address, starting with https://".to_string())?;
    if !is_secure_or_loopback(&u) {
        return Err("The redirect address must start with https:// (http is allowed only for localhost).".into());
    }
    if u.username() != "" || u.password().is_some() {
        return Err("The redirect address must not contain a user name or password.".into());
    }
    Ok(u.to_string())
}

impl InvitationDraft {
    pub fn with_default_redirect(default_redirect: &str) -> Self {
        InvitationDraft { redirect_url: default_redirect.to_string(), ..Default::default() }
    }

    pub fn message_len(&self) -> usize {
        self.message.chars().count()
    }

    /// Every problem at once, or the request to send.
    pub fn validate(&self) -> Result<InvitationRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut err = |field, message: String| errors.push(FieldError { field, message });
        if let Err(m) = email::check(&self.email) {
            err(Field::Email, m);
        }
        if self.display_name.chars().count() > 256 {
            err(Field::DisplayName, "A display name can have at most 256 characters.".into());
        }
        let redirect = match check_redirect(&self.redirect_url) {
            Ok(u) => Some(u),
            Err(m) => {
                err(Field::RedirectUrl, m);
                None
            }
        };
        if !languages::is_supported(&self.language) {
            err(Field::Language, "Choose a language from the list.".into());
        }
        let ccs: Vec<&str> = self.cc.split([',', ';', ' ', '\n']).map(str::trim).filter(|s| !s.is_empty()).collect();
        if ccs.len() > 1 {
            err(Field::Cc, format!("Microsoft Graph sends the invitation to only one cc recipient, and would silently drop the other {}. Enter one address.", ccs.len() - 1));
        } else if let Some(cc) = ccs.first() {
            if let Err(m) = email::check(cc) {
                err(Field::Cc, m);
            }
        }
        if self.message_len() > MESSAGE_MAX {
            err(
                Field::Message,
                format!("The message has {} characters; keep it to {MESSAGE_MAX}.", self.message_len()),
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let message = self.message.trim();
        let info = InvitedUserMessageInfo {
            message_language: (!self.language.is_empty()).then(|| self.language.clone()),
            customized_message_body: (!message.is_empty()).then(|| message.to_string()),
            cc_recipients: ccs
                .first()
                .map(|cc| Recipient { email_address: EmailAddress { address: Some(cc.to_string()), name: None } })
                .into_iter()
                .collect(),
        };
        let has_info = info != InvitedUserMessageInfo::default();
        Ok(InvitationRequest {
            invited_user_email_address: self.email.trim().to_string(),
            invite_redirect_url: redirect.unwrap_or_default(),
            invited_user_display_name: Some(self.display_name.trim().to_string()).filter(|n| !n.is_empty()),
            send_invitation_message: self.send_email,
            // The message settings only matter when Microsoft sends the email.
            invited_user_message_info: (self.send_email && has_info).then_some(info),
            invited_user_type: self.member.then(|| "Member".to_string()),
            invited_user: None,
            reset_redemption: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> InvitationDraft {
        InvitationDraft {
            email: "alex@partner.example".into(),
            ..InvitationDraft::with_default_redirect("https://myapps.microsoft.com/")
        }
    }

    #[test]
    fn a_minimal_draft_becomes_the_minimal_request() {
        let r = draft().validate().unwrap();
        assert_eq!(
            serde_json::to_value(r).unwrap(),
            serde_json::json!({"invitedUserEmailAddress": "alex@partner.example", "inviteRedirectUrl": "https://myapps.microsoft.com/", "sendInvitationMessage": true})
        );
    }

    #[test]
    fn message_settings_go_with_the_email_only() {
        let mut d = draft();
        d.language = "de-DE".into();
        d.cc = " sam@contoso.example ".into();
        d.message = "  Welcome!  ".into();
        let r = d.validate().unwrap();
        let info = r.invited_user_message_info.clone().unwrap();
        assert_eq!(info.customized_message_body.as_deref(), Some("Welcome!"));
        assert_eq!(info.message_language.as_deref(), Some("de-DE"));
        assert_eq!(info.cc_recipients[0].email_address.address.as_deref(), Some("sam@contoso.example"));
        d.send_email = false;
        assert_eq!(d.validate().unwrap().invited_user_message_info, None);
    }

    #[test]
    fn every_problem_is_reported_per_field() {
        let d = InvitationDraft {
            email: "alex+x@partner.example".into(),
            redirect_url: "javascript:alert(1)".into(),
            language: "xx".into(),
            cc: "a@b.example, c@d.example".into(),
            message: "x".repeat(MESSAGE_MAX + 1),
            ..Default::default()
        };
        let errs = d.validate().unwrap_err();
        let fields: Vec<Field> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![Field::Email, Field::RedirectUrl, Field::Language, Field::Cc, Field::Message]);
        assert!(errs[3].message.contains("only one cc recipient"));
    }

    #[test]
    fn redirect_rules() {
        assert!(check_redirect("https://myapps.microsoft.com/?tenantid=x").is_ok());
        assert!(check_redirect("http://localhost:3000/").is_ok());
        for bad in [
            "http://intranet/",
            "ftp://x.example/",
            "myapps.microsoft.com",
            "javascript:alert(1)",
            "https://user:pw@x.example/",
            "",
        ] {
            assert!(check_redirect(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn members_are_sent_as_member() {
        let mut d = draft();
        d.member = true;
        assert_eq!(d.validate().unwrap().invited_user_type.as_deref(), Some("Member"));
    }

    #[test]
    fn drafts_survive_serialisation_even_when_fields_are_missing() {
        let d: InvitationDraft = serde_json::from_str(r#"{"email":"a@b.example"}"#).unwrap();
        assert!(d.send_email, "defaults fill in");
        assert_eq!(
            serde_json::from_str::<InvitationDraft>(&serde_json::to_string(&draft()).unwrap()).unwrap(),
            draft()
        );
    }
}
