//! The partner link: this app's welcome view with the redeem URL, the organisation's name and an optional
//! note in the URL *fragment* (`…/#/welcome/<payload>`), so no static server ever logs them.

use base64::Engine;
use serde::{Deserialize, Serialize};

pub const VERSION: u8 = 1;
pub const NOTE_MAX: usize = 500;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerLink {
    pub v: u8,
    /// The invitation's `inviteRedeemUrl`, opaque.
    pub redeem: String,
    /// Who invites.
    pub org: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PartnerLinkError {
    /// No invitation in the link (cut off when copied).
    Missing,
    /// Damaged or incomplete.
    Corrupt,
    /// Made by a newer version of this page.
    UnsupportedVersion(u8),
}

impl PartnerLink {
    pub fn new(redeem: &str, org: &str, note: Option<&str>) -> PartnerLink {
        let note = note.map(str::trim).filter(|n| !n.is_empty()).map(|n| n.chars().take(NOTE_MAX).collect());
        PartnerLink { v: VERSION, redeem: redeem.to_string(), org: org.to_string(), note }
    }

    /// The fragment payload: base64url of the JSON, safe in a URL without further escaping.
    pub fn encode(&self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    pub fn decode(payload: &str) -> Result<PartnerLink, PartnerLinkError> {
        let p = payload.trim();
        if p.is_empty() {
            return Err(PartnerLinkError::Missing);
        }
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(p.trim_end_matches('='))
            .map_err(|_| PartnerLinkError::Corrupt)?;
        let v: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| PartnerLinkError::Corrupt)?;
        match v.get("v").and_then(|x| x.as_u64()) {
            Some(1) => {}
            Some(n) => return Err(PartnerLinkError::UnsupportedVersion(n.min(255) as u8)),
            None => return Err(PartnerLinkError::Corrupt),
        }
        let link: PartnerLink = serde_json::from_value(v).map_err(|_| PartnerLinkError::Corrupt)?;
        if link.redeem.is_empty() || link.org.trim().is_empty() {
            return Err(PartnerLinkError::Missing);
        }
        Ok(link)
    }

    /// The full link, from the app's base URL (the page without query or fragment).
    pub fn url(&self, app_base: &str) -> String {
        format!("{app_base}#/welcome/{}", self.encode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_and_without_a_note() {
        for note in [None, Some("Hi Alex – see you Monday! <b>bold</b> & \"quotes\"")] {
            let link =
                PartnerLink::new("https://login.microsoftonline.com/redeem?rd=https%3a%2f%2fx", "Contoso Ltd", note);
            let payload = link.encode();
            assert!(payload.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{payload}");
            assert_eq!(PartnerLink::decode(&payload).unwrap(), link);
        }
        let url = PartnerLink::new("r", "o", None).url("https://intranet.example/tools/b2b/");
        assert!(url.starts_with("https://intranet.example/tools/b2b/#/welcome/"));
    }

    #[test]
    fn notes_are_trimmed_and_bounded() {
        assert_eq!(PartnerLink::new("r", "o", Some("   ")).note, None);
        assert_eq!(
            PartnerLink::new("r", "o", Some(&"x".repeat(NOTE_MAX + 50))).note.unwrap().chars().count(),
            NOTE_MAX
        );
    }

    #[test]
    fn damaged_links_explain_themselves() {
        assert_eq!(PartnerLink::decode(""), Err(PartnerLinkError::Missing));
        assert_eq!(PartnerLink::decode("!!!"), Err(PartnerLinkError::Corrupt));
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        assert_eq!(PartnerLink::decode(&b64("not json")), Err(PartnerLinkError::Corrupt));
        assert_eq!(
            PartnerLink::decode(&b64(r#"{"v":2,"redeem":"r","org":"o"}"#)),
            Err(PartnerLinkError::UnsupportedVersion(2))
        );
        assert_eq!(PartnerLink::decode(&b64(r#"{"v":1,"redeem":"","org":"o"}"#)), Err(PartnerLinkError::Missing));
        assert_eq!(PartnerLink::decode(&b64(r#"{"v":1,"org":"o"}"#)), Err(PartnerLinkError::Corrupt));
    }
}
