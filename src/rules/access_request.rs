//! A backend-free "request access": the admin's request link (`#/request/<payload>`: where requests go,
//! a note, suggested settings), the partner's request as a review link (`#/review/<payload>`), and the
//! checks on both. No inbox of ours: the partner's own email carries the review link to the contact, and
//! the admin's signed-in app completes it. Every field is bounded, cleaned and validated again when read,
//! because anyone can edit a link.

use super::email::{self, EmailProblem};
use super::invitation_draft::{check_redirect, InvitationDraft};
use super::languages;
use super::partner_link::{bounded, clean_text, decode_payload, encode_payload, PartnerLinkError};
use serde::{Deserialize, Serialize};

pub const VERSION: u8 = 1;
pub const NAME_MAX: usize = 120;
pub const COMPANY_MAX: usize = 120;
pub const REASON_MAX: usize = 1000;
pub const NOTE_MAX: usize = 500;

/// What the admin puts in a request link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestLink {
    pub v: u8,
    /// Where the partner's request goes.
    pub contact: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Suggested invitation settings, used only if they pass the invite form's checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// Why a request link cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestLinkProblem {
    Link(PartnerLinkError),
    /// The contact is not an address of this organisation (it could be anyone's).
    ForeignContact(String),
}

/// The organisation's own mail domains, from its settings: the support contact's, and the tenant's when the
/// authority names it by domain.
pub fn own_contact_domains(support_contact: Option<&str>, authority_tenant: &str) -> Vec<String> {
    let mut out: Vec<String> =
        support_contact.filter(|c| email::check(c).is_ok()).map(email::domain).into_iter().collect();
    if authority_tenant.contains('.') {
        out.push(authority_tenant.to_ascii_lowercase());
    }
    out.dedup();
    out
}

/// Whether `contact` is an address at one of `own_domains`.
pub fn contact_allowed(contact: &str, own_domains: &[String]) -> bool {
    email::check(contact).is_ok() && own_domains.iter().any(|d| d.eq_ignore_ascii_case(&email::domain(contact)))
}

fn suggested(redirect: Option<&str>, language: Option<&str>) -> (Option<String>, Option<String>) {
    let redirect = redirect.map(str::trim).filter(|r| !r.is_empty()).and_then(|r| check_redirect(r).ok());
    let language = language.map(str::trim).filter(|l| languages::is_supported(l)).map(String::from);
    (redirect, language)
}

impl RequestLink {
    pub fn new(contact: &str, note: Option<&str>, redirect: Option<&str>, language: Option<&str>) -> RequestLink {
        let (redirect, language) = suggested(redirect, language);
        RequestLink {
            v: VERSION,
            contact: contact.trim().to_string(),
            note: note.and_then(|n| bounded(n, NOTE_MAX)),
            redirect,
            language,
        }
    }

    pub fn url(&self, app_base: &str) -> String {
        format!("{app_base}#/request/{}", encode_payload(self))
    }

    /// Reads a link strictly; the contact must be one of `own_domains`' addresses.
    pub fn decode(payload: &str, own_domains: &[String]) -> Result<RequestLink, RequestLinkProblem> {
        let link: RequestLink = decode_payload(payload, VERSION).map_err(RequestLinkProblem::Link)?;
        if link.note.as_ref().is_some_and(|n| n.chars().count() > NOTE_MAX) {
            return Err(RequestLinkProblem::Link(PartnerLinkError::Corrupt));
        }
        if !contact_allowed(&link.contact, own_domains) {
            return Err(RequestLinkProblem::ForeignContact(link.contact));
        }
        let (redirect, language) = suggested(link.redirect.as_deref(), link.language.as_deref());
        Ok(RequestLink { note: link.note.as_deref().and_then(clean_text), redirect, language, ..link })
    }
}

/// What the partner asks for, carried by the review link.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessRequest {
    pub v: u8,
    pub name: String,
    pub email: String,
    pub company: String,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// One field of the partner's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestField {
    Name,
    Email,
    Company,
    Reason,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RequestProblem {
    Missing(RequestField),
    TooLong { field: RequestField, max: usize },
    Email(EmailProblem),
}

fn check_text(field: RequestField, text: &str, max: usize, out: &mut Vec<RequestProblem>) {
    match clean_text(text) {
        None => out.push(RequestProblem::Missing(field)),
        Some(t) if t.chars().count() > max => out.push(RequestProblem::TooLong { field, max }),
        Some(_) => {}
    }
}

impl AccessRequest {
    /// The partner's answers, with the request link's suggestions; every problem at once.
    pub fn build(
        name: &str,
        address: &str,
        company: &str,
        reason: &str,
        link: &RequestLink,
    ) -> Result<AccessRequest, Vec<RequestProblem>> {
        let mut problems = Vec::new();
        check_text(RequestField::Name, name, NAME_MAX, &mut problems);
        if let Err(e) = email::check(address) {
            problems.push(RequestProblem::Email(e));
        }
        check_text(RequestField::Company, company, COMPANY_MAX, &mut problems);
        check_text(RequestField::Reason, reason, REASON_MAX, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        let clean = |t: &str| clean_text(t).unwrap_or_default();
        Ok(AccessRequest {
            v: VERSION,
            name: clean(name),
            email: address.trim().to_string(),
            company: clean(company),
            reason: clean(reason),
            redirect: link.redirect.clone(),
            language: link.language.clone(),
        })
    }

    pub fn url(&self, app_base: &str) -> String {
        format!("{app_base}#/review/{}", encode_payload(self))
    }

    /// Reads a review link as untrusted: every field checked again, nothing longer than the form allows.
    pub fn decode(payload: &str) -> Result<AccessRequest, PartnerLinkError> {
        let r: AccessRequest = decode_payload(payload, VERSION)?;
        // The suggestions are checked again too; only the form's fields decide whether the link is whole.
        let (redirect, language) = suggested(r.redirect.as_deref(), r.language.as_deref());
        let link = RequestLink { v: VERSION, contact: String::new(), note: None, redirect, language };
        AccessRequest::build(&r.name, &r.email, &r.company, &r.reason, &link).map_err(|_| PartnerLinkError::Corrupt)
    }

    /// The invite form's draft for this request: a Guest, Microsoft's email on, the suggestions if valid.
    pub fn draft(&self, default_redirect: &str) -> InvitationDraft {
        let mut d = InvitationDraft::with_default_redirect(self.redirect.as_deref().unwrap_or(default_redirect));
        d.email = self.email.clone();
        d.display_name = self.name.chars().take(super::invitation_draft::DISPLAY_NAME_MAX).collect();
        if let Some(l) = &self.language {
            d.language = l.clone();
        }
        d.member = false;
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn own() -> Vec<String> {
        vec!["contoso.com".into(), "contoso.onmicrosoft.com".into()]
    }

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
    }

    fn payload(url: &str) -> &str {
        url.rsplit('/').next().unwrap_or_default()
    }

    #[test]
    fn a_request_link_round_trips_and_keeps_only_valid_suggestions() {
        let link = RequestLink::new(
            "it-help@contoso.com",
            Some(" Hello\u{202E} "),
            Some("https://myapps.microsoft.com"),
            Some("de-DE"),
        );
        assert_eq!(link.note.as_deref(), Some("Hello"));
        assert_eq!(link.language.as_deref(), Some("de-DE"));
        let read = RequestLink::decode(payload(&link.url("https://x.example/b2b/")), &own()).unwrap();
        assert_eq!(read, link);
        let junk = RequestLink::new("it-help@contoso.com", None, Some("javascript:alert(1)"), Some("xx-YY"));
        assert_eq!((junk.redirect, junk.language), (None, None));
    }

    #[test]
    fn own_domains_come_from_the_settings() {
        assert_eq!(own_contact_domains(Some("it-help@Contoso.com"), "contoso.onmicrosoft.com"), own());
        assert_eq!(own_contact_domains(None, "6d3f1c2a-4b5e-4f60-8a71-9b2c3d4e5f60"), Vec::<String>::new());
        assert_eq!(own_contact_domains(Some("not an address"), "organizations"), Vec::<String>::new());
    }

    #[test]
    fn a_request_link_to_someone_elses_address_is_refused() {
        let evil = RequestLink::new("harvest@evil.example", None, None, None).url("https://x.example/");
        assert_eq!(
            RequestLink::decode(payload(&evil), &own()),
            Err(RequestLinkProblem::ForeignContact("harvest@evil.example".into()))
        );
        let extra = b64(r#"{"v":1,"contact":"it-help@contoso.com","cc":"harvest@evil.example"}"#);
        assert_eq!(RequestLink::decode(&extra, &own()), Err(RequestLinkProblem::Link(PartnerLinkError::Corrupt)));
    }

    #[test]
    fn the_partners_form_reports_every_problem_and_the_review_link_round_trips() {
        let link = RequestLink::new("it-help@contoso.com", None, None, Some("fr-FR"));
        let Err(p) = AccessRequest::build(" ", "not an address", "", &"r".repeat(REASON_MAX + 1), &link) else {
            panic!()
        };
        assert_eq!(p.len(), 4, "{p:?}");
        assert!(p.contains(&RequestProblem::TooLong { field: RequestField::Reason, max: REASON_MAX }));
        let r =
            AccessRequest::build("Ana <b>Ruiz</b>", "ana@fabrikam.example", "Fabrikam", "Project X", &link).unwrap();
        let read = AccessRequest::decode(payload(&r.url("https://x.example/"))).unwrap();
        assert_eq!(read, r);
        let d = read.draft("https://myapps.microsoft.com/");
        assert_eq!(
            (d.email.as_str(), d.display_name.as_str(), d.language.as_str(), d.member),
            ("ana@fabrikam.example", "Ana <b>Ruiz</b>", "fr-FR", false)
        );
    }

    #[test]
    fn a_tampered_review_link_prefills_nothing_dangerous() {
        for json in [
            r#"{"v":1,"name":"A","email":"a@p.example","company":"P","reason":"x","userType":"Member"}"#.to_string(),
            format!(r#"{{"v":1,"name":"A","email":"a@p.example","company":"P","reason":"{}"}}"#, "x".repeat(5000)),
            r#"{"v":1,"name":"A","email":"a b@p.example","company":"P","reason":"x"}"#.to_string(),
        ] {
            assert_eq!(AccessRequest::decode(&b64(&json)), Err(PartnerLinkError::Corrupt), "{json}");
        }
        let odd = b64(
            r#"{"v":1,"name":"A","email":"a@p.example","company":"P","reason":"x","redirect":"javascript:alert(1)","language":"zz"}"#,
        );
        let r = AccessRequest::decode(&odd).unwrap();
        assert_eq!((r.redirect, r.language), (None, None), "suggestions that fail the checks are dropped");
    }
}
