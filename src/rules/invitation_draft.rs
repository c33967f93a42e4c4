//! The invite form's state, as typed (kept in sessionStorage so nothing is retyped), and its validation
//! into an [`InvitationRequest`], or one problem per field.

use super::email::{self, EmailProblem};
use super::follow_up::{self, ChosenGroup, FollowUp, UsageLocationProblem, MAX_GROUPS, MAX_SPONSORS};
use super::languages;
use crate::config::is_secure_or_loopback;
use crate::graph::invitations::{
    DirectoryObjectRef, EmailAddress, InvitationRequest, InvitedUserMessageInfo, Recipient,
};
use crate::graph::users::ProfilePatch;
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
    /// The groups the guest joins after the invitation (at most [`MAX_GROUPS`]).
    pub groups: Vec<ChosenGroup>,
    /// The guest's sponsors, sent with the invitation (at most [`MAX_SPONSORS`]).
    pub sponsors: Vec<ChosenPerson>,
    /// Whether the sponsors were set (to the signed-in admin at first): an emptied list stays empty.
    pub sponsors_set: bool,
    pub given_name: String,
    pub surname: String,
    pub job_title: String,
    pub company_name: String,
    pub department: String,
    pub usage_location: String,
}

/// A user or group the admin picked, kept with its name so the page can say it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChosenPerson {
    pub id: String,
    pub name: String,
    /// The mail or user principal name, to tell two people of one name apart.
    pub detail: String,
}

impl follow_up::Chosen for ChosenPerson {
    fn id(&self) -> &str {
        &self.id
    }
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
            groups: Vec::new(),
            sponsors: Vec::new(),
            sponsors_set: false,
            given_name: String::new(),
            surname: String::new(),
            job_title: String::new(),
            company_name: String::new(),
            department: String::new(),
            usage_location: String::new(),
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
    GivenName,
    Surname,
    JobTitle,
    CompanyName,
    Department,
    UsageLocation,
    Groups,
    Sponsors,
}

impl Field {
    /// Free-text fields, in form order; the language is chosen from a list.
    pub const TEXT: [Field; 5] = [Field::Email, Field::DisplayName, Field::RedirectUrl, Field::Cc, Field::Message];
    /// The profile written on the new account after the invitation, in form order.
    pub const PROFILE: [Field; 6] = [
        Field::GivenName,
        Field::Surname,
        Field::JobTitle,
        Field::CompanyName,
        Field::Department,
        Field::UsageLocation,
    ];

    /// The longest value Graph stores for a profile field (https://learn.microsoft.com/graph/api/resources/user).
    pub fn max_len(self) -> Option<usize> {
        match self {
            Field::GivenName | Field::Surname | Field::CompanyName | Field::Department => Some(64),
            Field::JobTitle => Some(128),
            Field::DisplayName => Some(DISPLAY_NAME_MAX),
            _ => None,
        }
    }

    /// The address is checked when the admin leaves the field, so a typo shows before submitting.
    pub fn checked_on_leave(self) -> bool {
        matches!(self, Field::Email | Field::UsageLocation)
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
    TooLong {
        max: usize,
    },
    UsageLocation(UsageLocationProblem),
    TooManyGroups {
        max: usize,
    },
    TooManySponsors {
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
            Field::GivenName => &self.given_name,
            Field::Surname => &self.surname,
            Field::JobTitle => &self.job_title,
            Field::CompanyName => &self.company_name,
            Field::Department => &self.department,
            Field::UsageLocation => &self.usage_location,
            Field::Groups | Field::Sponsors => "",
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
            Field::GivenName => &mut self.given_name,
            Field::Surname => &mut self.surname,
            Field::JobTitle => &mut self.job_title,
            Field::CompanyName => &mut self.company_name,
            Field::Department => &mut self.department,
            Field::UsageLocation => &mut self.usage_location,
            Field::Groups | Field::Sponsors => return,
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
        for f in Field::PROFILE {
            if let Some(max) = f.max_len().filter(|max| self.text(f).trim().chars().count() > *max) {
                err(f, FieldProblem::TooLong { max });
            }
        }
        if !self.usage_location.trim().is_empty() {
            if let Err(p) = follow_up::usage_location(&self.usage_location) {
                err(Field::UsageLocation, FieldProblem::UsageLocation(p));
            }
        }
        if self.groups.len() > MAX_GROUPS {
            err(Field::Groups, FieldProblem::TooManyGroups { max: MAX_GROUPS });
        }
        if self.sponsors.len() > MAX_SPONSORS {
            err(Field::Sponsors, FieldProblem::TooManySponsors { max: MAX_SPONSORS });
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
            invited_user_sponsors: self.sponsors.iter().map(|p| DirectoryObjectRef { id: p.id.clone() }).collect(),
        })
    }

    /// The profile to write on the new account, with only the fields the admin filled in.
    pub fn profile(&self) -> ProfilePatch {
        let value = |f: Field| Some(self.text(f).trim().to_string()).filter(|v| !v.is_empty());
        ProfilePatch {
            given_name: value(Field::GivenName),
            surname: value(Field::Surname),
            job_title: value(Field::JobTitle),
            company_name: value(Field::CompanyName),
            department: value(Field::Department),
            usage_location: value(Field::UsageLocation).map(|c| c.to_ascii_uppercase()),
        }
    }

    /// The steps after the invitation: each group joined, then the profile when any field is filled in.
    pub fn follow_ups(&self) -> Vec<FollowUp> {
        let mut steps: Vec<FollowUp> = self.groups.iter().cloned().map(FollowUp::AddToGroup).collect();
        let profile = self.profile();
        if !profile.is_empty() {
            steps.push(FollowUp::SetProfile(profile));
        }
        steps
    }

    /// What is specific to one partner is cleared after a success; the settings, groups and sponsors stay for
    /// the next partner of the same project.
    pub fn clear_partner(&mut self) {
        self.email.clear();
        self.display_name.clear();
        for f in Field::PROFILE {
            self.set_text(f, String::new());
        }
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
    fn sponsors_go_with_the_invitation_and_groups_and_profile_after_it() {
        let mut d = draft();
        d.sponsors = vec![ChosenPerson { id: "s1".into(), name: "Sam".into(), detail: "sam@contoso.example".into() }];
        d.groups = vec![ChosenGroup { id: "g1".into(), name: "Project".into() }];
        d.job_title = " Engineer ".into();
        d.usage_location = "tw".into();
        let r = serde_json::to_value(d.validate().unwrap()).unwrap();
        assert_eq!(r["invitedUserSponsors"], serde_json::json!([{"id": "s1"}]));
        let steps = d.follow_ups();
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0], FollowUp::AddToGroup(ChosenGroup { id: "g1".into(), name: "Project".into() }));
        let FollowUp::SetProfile(p) = &steps[1] else { panic!("{steps:?}") };
        assert_eq!(
            serde_json::to_value(p).unwrap(),
            serde_json::json!({"jobTitle": "Engineer", "usageLocation": "TW"})
        );
        d.clear_partner();
        assert_eq!((d.email.as_str(), d.job_title.as_str(), d.groups.len(), d.sponsors.len()), ("", "", 1, 1));
        assert_eq!(draft().follow_ups(), Vec::new(), "nothing chosen, nothing follows");
    }

    #[test]
    fn profile_fields_are_checked_before_anything_is_sent() {
        let mut d = draft();
        d.usage_location = "UK".into();
        d.given_name = "x".repeat(65);
        let errs = d.validate().unwrap_err();
        assert!(errs.contains(&FieldError {
            field: Field::UsageLocation,
            problem: FieldProblem::UsageLocation(UsageLocationProblem::UnknownCountry)
        }));
        assert!(errs.contains(&FieldError { field: Field::GivenName, problem: FieldProblem::TooLong { max: 64 } }));
        d.sponsors =
            (0..6).map(|i| ChosenPerson { id: i.to_string(), name: String::new(), detail: String::new() }).collect();
        assert!(d.validate().unwrap_err().iter().any(|e| e.field == Field::Sponsors));
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
