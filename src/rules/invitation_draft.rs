//! The invite form's state, as typed (kept in sessionStorage so nothing is retyped), and its validation
//! into an [`InvitationRequest`], or one problem per field.

use super::email::{self, EmailProblem};
use super::languages;
use crate::config::is_secure_or_loopback;
use crate::graph::invitations::{EmailAddress, InvitationRequest, InvitedUserMessageInfo, Recipient};
use crate::graph::values::InvitedUserType;
use crate::web::whatwg_url::{UrlProblem, WebUrl};
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

impl Field {
    /// Free-text fields, in form order; the language is chosen from a list.
    pub const TEXT: [Field; 5] = [Field::Email, Field::DisplayName, Field::RedirectUrl, Field::Cc, Field::Message];

    /// The address is checked when the admin leaves the field, so a typo shows before submitting.
    pub fn checked_on_leave(self) -> bool {
        self == Field::Email
    }
}

/// The longest display name Graph stores.
pub const DISPLAY_NAME_MAX: usize = 256;

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    Email(EmailProblem),
    DisplayNameTooLong {
        max: usize,
    },
    Redirect(RedirectProblem),
    UnknownLanguage,
    /// Graph sends to one cc recipient and silently drops the others.
    SeveralCc {
        extra: usize,
    },
    Cc(EmailProblem),
    MessageTooLong {
        len: usize,
        max: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectProblem {
    NotAUrl,
    /// A host in Unicode (`bücher.example`): the app reads hosts in their ASCII (`xn--`) form only.
    UnicodeDomain,
    NotHttps,
    Credentials,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub problem: FieldProblem,
}

/// Checks an invite redirect URL: absolute, https (http only on localhost).
pub fn check_redirect(url: &str) -> Result<String, RedirectProblem> {
    let u = WebUrl::parse(url.trim()).map_err(|e| match e {
        UrlProblem::RewrittenHost => RedirectProblem::UnicodeDomain,
        UrlProblem::NotAbsolute => RedirectProblem::NotAUrl,
    })?;
    if !is_secure_or_loopback(&u) {
        return Err(RedirectProblem::NotHttps);
    }
    if u.has_credentials() {
        return Err(RedirectProblem::Credentials);
    }
    Ok(u.as_str().to_string())
}

impl InvitationDraft {
    pub fn with_default_redirect(default_redirect: &str) -> Self {
        InvitationDraft { redirect_url: default_redirect.to_string(), ..Default::default() }
    }

    /// The value of a text field.
    pub fn text(&self, f: Field) -> &str {
        match f {
            Field::Email => &self.email,
            Field::DisplayName => &self.display_name,
            Field::RedirectUrl => &self.redirect_url,
            Field::Language => &self.language,
            Field::Cc => &self.cc,
            Field::Message => &self.message,
        }
    }

    pub fn set_text(&mut self, f: Field, value: String) {
        let slot = match f {
            Field::Email => &mut self.email,
            Field::DisplayName => &mut self.display_name,
            Field::RedirectUrl => &mut self.redirect_url,
            Field::Language => &mut self.language,
            Field::Cc => &mut self.cc,
            Field::Message => &mut self.message,
        };
        *slot = value;
    }

    /// The problem of one field, as `validate` reports it.
    pub fn problem_of(&self, f: Field) -> Option<FieldProblem> {
        self.validate().err()?.into_iter().find(|e| e.field == f).map(|e| e.problem)
    }

    pub fn message_len(&self) -> usize {
        self.message.chars().count()
    }

    /// Every problem at once, or the request to send.
    pub fn validate(&self) -> Result<InvitationRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut err = |field, problem| errors.push(FieldError { field, problem });
        if let Err(p) = email::check(&self.email) {
            err(Field::Email, FieldProblem::Email(p));
        }
        if self.display_name.chars().count() > DISPLAY_NAME_MAX {
            err(Field::DisplayName, FieldProblem::DisplayNameTooLong { max: DISPLAY_NAME_MAX });
        }
        let redirect = match check_redirect(&self.redirect_url) {
            Ok(u) => Some(u),
            Err(p) => {
                err(Field::RedirectUrl, FieldProblem::Redirect(p));
                None
            }
        };
        if !languages::is_supported(&self.language) {
            err(Field::Language, FieldProblem::UnknownLanguage);
        }
        let ccs: Vec<&str> = self.cc.split([',', ';', ' ', '\n']).map(str::trim).filter(|s| !s.is_empty()).collect();
        if ccs.len() > 1 {
            err(Field::Cc, FieldProblem::SeveralCc { extra: ccs.len() - 1 });
        } else if let Some(cc) = ccs.first() {
            if let Err(p) = email::check(cc) {
                err(Field::Cc, FieldProblem::Cc(p));
            }
        }
        if self.message_len() > MESSAGE_MAX {
            err(Field::Message, FieldProblem::MessageTooLong { len: self.message_len(), max: MESSAGE_MAX });
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
            invited_user_type: self.member.then_some(InvitedUserType::Member),
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
        assert_eq!(errs[0].problem, FieldProblem::Email(EmailProblem::Forbidden('+')));
        assert_eq!(errs[1].problem, FieldProblem::Redirect(RedirectProblem::NotHttps));
        assert_eq!(errs[3].problem, FieldProblem::SeveralCc { extra: 1 });
        assert_eq!(errs[4].problem, FieldProblem::MessageTooLong { len: MESSAGE_MAX + 1, max: MESSAGE_MAX });
    }

    #[test]
    fn redirect_rules() {
        assert!(check_redirect("https://myapps.microsoft.com/?tenantid=x").is_ok());
        assert!(check_redirect("http://localhost:3000/").is_ok());
        assert!(check_redirect("https://xn--bcher-kva.example/welcome").is_ok());
        use RedirectProblem::*;
        for (bad, expected) in [
            ("http://intranet/", NotHttps),
            ("ftp://x.example/", NotHttps),
            ("myapps.microsoft.com", NotAUrl),
            ("javascript:alert(1)", NotHttps),
            ("https://user:pw@x.example/", Credentials),
            ("https://bücher.example/welcome", UnicodeDomain),
            ("", NotAUrl),
        ] {
            assert_eq!(check_redirect(bad), Err(expected), "{bad}");
        }
    }

    #[test]
    fn fields_are_read_and_written_by_key() {
        let mut d = draft();
        for (i, f) in Field::TEXT.into_iter().enumerate() {
            d.set_text(f, format!("v{i}"));
        }
        assert_eq!((d.email.as_str(), d.display_name.as_str(), d.redirect_url.as_str()), ("v0", "v1", "v2"));
        assert_eq!((d.cc.as_str(), d.message.as_str()), ("v3", "v4"));
        assert_eq!(Field::TEXT.map(|f| d.text(f).to_string()), ["v0", "v1", "v2", "v3", "v4"]);
        assert_eq!(d.problem_of(Field::Email), Some(FieldProblem::Email(EmailProblem::NoAt)));
        assert_eq!(d.problem_of(Field::DisplayName), None);
    }

    #[test]
    fn members_are_sent_as_member() {
        let mut d = draft();
        d.member = true;
        assert_eq!(d.validate().unwrap().invited_user_type, Some(InvitedUserType::Member));
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
