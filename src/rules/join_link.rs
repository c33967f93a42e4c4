//! The join link: this app's page for one access package (`…/#/join/<payload>`), which a partner opens
//! before requesting it in My Access. The payload carries only the package's id and the words shown about
//! it, cleaned and bounded; the page builds the My Access address itself, for the configured cloud and
//! tenant, so a link can never send a partner anywhere else. Same encoding and strictness as the partner
//! link.

use super::access_package_rules::is_package_id;
use super::partner_link::{bounded, clean_text, decode_payload, encode_payload, PartnerLinkError};
use serde::{Deserialize, Serialize};

pub const VERSION: u8 = 1;
pub const NAME_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 500;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinLink {
    pub v: u8,
    /// The access package's id (a GUID).
    pub package: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl JoinLink {
    pub fn new(package: &str, name: &str, description: Option<&str>) -> JoinLink {
        JoinLink {
            v: VERSION,
            package: package.to_string(),
            name: bounded(name, NAME_MAX).unwrap_or_default(),
            description: description.and_then(|d| bounded(d, DESCRIPTION_MAX)),
        }
    }

    pub fn encode(&self) -> String {
        encode_payload(self)
    }

    /// Reads a payload strictly: a GUID package id, a name, texts no longer than we make them.
    pub fn decode(payload: &str) -> Result<JoinLink, PartnerLinkError> {
        let link: JoinLink = decode_payload(payload, VERSION)?;
        let too_long = |t: &str, max: usize| t.chars().count() > max;
        if !is_package_id(&link.package)
            || too_long(&link.name, NAME_MAX)
            || link.description.as_deref().is_some_and(|d| too_long(d, DESCRIPTION_MAX))
        {
            return Err(PartnerLinkError::Corrupt);
        }
        let name = clean_text(&link.name).ok_or(PartnerLinkError::Missing)?;
        Ok(JoinLink { name, description: link.description.as_deref().and_then(clean_text), ..link })
    }

    pub fn url(&self, app_base: &str) -> String {
        format!("{app_base}#/join/{}", self.encode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    const ID: &str = "d0000004-0000-4000-8000-000000000003";

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn round_trips_and_cleans_what_it_shows() {
        let link = JoinLink::new(ID, "Supplier portal\u{202E}", Some("Orders <b>and</b> invoices"));
        assert_eq!(link.name, "Supplier portal");
        let read = JoinLink::decode(&link.encode()).unwrap();
        assert_eq!(read, link);
        assert!(link.url("https://intranet.example/b2b/").starts_with("https://intranet.example/b2b/#/join/"));
        assert_eq!(JoinLink::new(ID, &"n".repeat(500), None).name.chars().count(), NAME_MAX);
    }

    #[test]
    fn tampered_links_are_refused() {
        for (json, expected) in [
            (r#"{"v":1,"package":"https://evil.example","name":"x"}"#.to_string(), PartnerLinkError::Corrupt),
            (
                format!(r#"{{"v":1,"package":"{ID}","name":"x","url":"https://evil.example"}}"#),
                PartnerLinkError::Corrupt,
            ),
            (format!(r#"{{"v":1,"package":"{ID}","name":"{}"}}"#, "x".repeat(NAME_MAX + 1)), PartnerLinkError::Corrupt),
            (
                format!(r#"{{"v":1,"package":"{ID}","name":"x","description":"{}"}}"#, "x".repeat(10_000)),
                PartnerLinkError::Corrupt,
            ),
            (format!(r#"{{"v":1,"package":"{ID}","name":"  "}}"#), PartnerLinkError::Missing),
            (format!(r#"{{"v":2,"package":"{ID}","name":"x"}}"#), PartnerLinkError::UnsupportedVersion(2)),
            (format!(r#"{{"v":0,"package":"{ID}","name":"x"}}"#), PartnerLinkError::Corrupt),
        ] {
            assert_eq!(JoinLink::decode(&b64(&json)), Err(expected), "{json}");
        }
        assert_eq!(JoinLink::decode(""), Err(PartnerLinkError::Missing));
    }
}
