//! The partner link: this app's welcome view with the redeem URL and an optional note in the URL *fragment*
//! (`…/#/welcome/<payload>`), so no static server ever logs them. The inviter's name is never in the link: the
//! welcome page names the organisation from its own `config.json`, so a link cannot borrow our page for
//! someone else's invitation.

use crate::lang::Lang;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// Version 2 dropped the organisation's name from the link; version 1 links are refused as outdated.
/// `index.html`'s language script reads the link too, so these live with its rules.
pub use super::inline_script::{WELCOME_LINK_VERSION as VERSION, WELCOME_NOTE_MAX as NOTE_MAX};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerLink {
    pub v: u8,
    /// The invitation's `inviteRedeemUrl`; checked by `redeem_allowlist` before the page offers it.
    pub redeem: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The language the welcome page opens in (a tag the app speaks), as the admin chose it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PartnerLinkError {
    /// No invitation in the link (cut off when copied).
    Missing,
    /// Damaged, incomplete or changed.
    Corrupt,
    /// Made by an older version of this page, which carried the inviter's name in the link.
    Outdated,
    /// Made by a newer version of this page.
    UnsupportedVersion(u8),
}

/// Direction overrides and invisible characters, which could make a note read differently from what it says.
fn is_hidden_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
}

/// Text from a link as shown: hidden controls removed, trimmed, `None` when empty.
pub fn clean_text(text: &str) -> Option<String> {
    let visible: String = text.chars().filter(|c| !is_hidden_control(*c)).collect();
    Some(visible.trim().to_string()).filter(|n| !n.is_empty())
}

fn clean_note(note: &str) -> Option<String> {
    clean_text(note)
}

/// Cleaned and cut to `max` characters, for text this app puts into a link.
pub fn bounded(text: &str, max: usize) -> Option<String> {
    clean_text(text).map(|t| t.chars().take(max).collect())
}

#[derive(Deserialize)]
struct Version {
    v: u8,
}

/// A payload: base64url of the JSON, safe in a URL fragment without further escaping.
pub fn encode_payload<T: Serialize>(value: &T) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap_or_default())
}

/// Reads a payload strictly: exactly `version` (1 is `Outdated` when newer ones exist), then `T`'s own
/// strict shape. A query appended to the fragment (`…?utm=x`) is ignored.
pub fn decode_payload<T: serde::de::DeserializeOwned>(payload: &str, version: u8) -> Result<T, PartnerLinkError> {
    let p = payload.split('?').next().unwrap_or_default().trim();
    if p.is_empty() {
        return Err(PartnerLinkError::Missing);
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(p.trim_end_matches('='))
        .map_err(|_| PartnerLinkError::Corrupt)?;
    match serde_json::from_slice::<Version>(&bytes).map_err(|_| PartnerLinkError::Corrupt)?.v {
        n if n == version => {}
        0 => return Err(PartnerLinkError::Corrupt),
        n if n < version => return Err(PartnerLinkError::Outdated),
        n => return Err(PartnerLinkError::UnsupportedVersion(n)),
    }
    serde_json::from_slice(&bytes).map_err(|_| PartnerLinkError::Corrupt)
}

impl PartnerLink {
    pub fn new(redeem: &str, note: Option<&str>) -> PartnerLink {
        let note = note.and_then(clean_note).map(|n| n.chars().take(NOTE_MAX).collect());
        PartnerLink { v: VERSION, redeem: redeem.to_string(), note, lang: None }
    }

    /// The same link, opening in `lang` (or in the reader's own language with `None`).
    pub fn in_language(self, lang: Option<Lang>) -> PartnerLink {
        PartnerLink { lang: lang.map(|l| l.tag().to_string()), ..self }
    }

    /// The fragment payload: base64url of the JSON, safe in a URL without further escaping.
    pub fn encode(&self) -> String {
        encode_payload(self)
    }

    /// Reads a payload strictly: one version, no unknown or repeated field, a note no longer than we make.
    /// A query appended to the fragment (`…?utm=x`) is ignored.
    pub fn decode(payload: &str) -> Result<PartnerLink, PartnerLinkError> {
        let link: PartnerLink = decode_payload(payload, VERSION)?;
        if link.redeem.trim().is_empty() {
            return Err(PartnerLinkError::Missing);
        }
        if link.note.as_ref().is_some_and(|n| n.chars().count() > NOTE_MAX) {
            return Err(PartnerLinkError::Corrupt);
        }
        // A language this build does not speak is dropped, not refused: the page opens in the reader's own.
        let lang = link.lang.filter(|l| Lang::from_exact_tag(l).is_some());
        Ok(PartnerLink { note: link.note.as_deref().and_then(clean_note), lang, ..link })
    }

    /// The full link, from the app's base URL (the page without query or fragment).
    pub fn url(&self, app_base: &str) -> String {
        format!("{app_base}#/welcome/{}", self.encode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn the_link_has_exactly_the_fields_the_language_script_allows() {
        let link = PartnerLink::new("https://r", Some("n")).in_language(Lang::ALL.last().copied());
        let json: serde_json::Value = serde_json::from_str(
            &String::from_utf8(base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(link.encode()).unwrap())
                .unwrap(),
        )
        .unwrap();
        let mut keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut allowed = super::super::inline_script::WELCOME_LINK_FIELDS.to_vec();
        allowed.sort_unstable();
        assert_eq!(keys, allowed);
    }

    #[test]
    fn round_trips_with_and_without_a_note() {
        for note in [None, Some("Hi Alex – see you Monday! <b>bold</b> & \"quotes\"")] {
            let link = PartnerLink::new("https://login.microsoftonline.com/redeem?rd=https%3a%2f%2fx", note);
            let payload = link.encode();
            assert!(payload.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{payload}");
            assert_eq!(PartnerLink::decode(&payload).unwrap(), link);
            assert_eq!(PartnerLink::decode(&format!("{payload}?utm_source=mail")).unwrap(), link, "query tail");
        }
        let url = PartnerLink::new("r", None).url("https://intranet.example/tools/b2b/");
        assert!(url.starts_with("https://intranet.example/tools/b2b/#/welcome/"));
    }

    #[test]
    fn the_language_round_trips_and_an_unknown_one_is_dropped() {
        let zh = Lang::from_exact_tag("zh-TW").unwrap();
        let link = PartnerLink::new("r", None).in_language(Some(zh));
        assert_eq!(PartnerLink::decode(&link.encode()).unwrap().lang.as_deref(), Some("zh-TW"));
        let forged = PartnerLink { lang: Some("xx-<b>".into()), ..PartnerLink::new("r", None) };
        assert_eq!(PartnerLink::decode(&forged.encode()).unwrap().lang, None);
        assert!(!PartnerLink::new("r", None).encode().is_empty());
        assert_eq!(PartnerLink::new("r", None).in_language(None).lang, None);
    }

    #[test]
    fn notes_lose_hidden_controls_and_are_bounded() {
        assert_eq!(PartnerLink::new("r", Some("   ")).note, None);
        assert_eq!(PartnerLink::new("r", Some(&"x".repeat(NOTE_MAX + 50))).note.unwrap().chars().count(), NOTE_MAX);
        let spoof = "Pay \u{202E}gnp.exe\u{202C} now\u{200B}\u{2066}!\u{2069}\u{FEFF}";
        assert_eq!(PartnerLink::new("r", Some(spoof)).note.as_deref(), Some("Pay gnp.exe now!"));
        let read = PartnerLink::decode(&b64(&format!(r#"{{"v":2,"redeem":"r","note":"{spoof}"}}"#))).unwrap();
        assert_eq!(read.note.as_deref(), Some("Pay gnp.exe now!"), "cleaned when read, too");
        let long = format!(r#"{{"v":2,"redeem":"r","note":"{}"}}"#, "x".repeat(200_000));
        assert_eq!(PartnerLink::decode(&b64(&long)), Err(PartnerLinkError::Corrupt));
    }

    #[test]
    fn damaged_changed_and_old_links_explain_themselves() {
        assert_eq!(PartnerLink::decode(""), Err(PartnerLinkError::Missing));
        assert_eq!(PartnerLink::decode("!!!"), Err(PartnerLinkError::Corrupt));
        let standard = base64::engine::general_purpose::STANDARD.encode(r#"{"v":2,"redeem":"r?a=>>>"}"#);
        // `printf '%s' '{"v":2,"redeem":"r?a=>>>"}' | base64`: the `+` is outside the url-safe alphabet.
        assert_eq!(standard, "eyJ2IjoyLCJyZWRlZW0iOiJyP2E9Pj4+In0=");
        assert_eq!(PartnerLink::decode(&standard), Err(PartnerLinkError::Corrupt), "not url-safe base64");
        for (json, expected) in [
            ("not json", PartnerLinkError::Corrupt),
            (r#"{"v":1,"redeem":"r","org":"Contoso"}"#, PartnerLinkError::Outdated),
            (r#"{"v":3,"redeem":"r"}"#, PartnerLinkError::UnsupportedVersion(3)),
            (r#"{"v":"2","redeem":"r"}"#, PartnerLinkError::Corrupt),
            (r#"{"v":2,"redeem":42}"#, PartnerLinkError::Corrupt),
            (r#"{"v":2,"redeem":"r","org":"Evil Corp"}"#, PartnerLinkError::Corrupt),
            (r#"{"v":2,"redeem":"r","redeem":"https://evil.example"}"#, PartnerLinkError::Corrupt),
            (r#"{"v":2,"redeem":""}"#, PartnerLinkError::Missing),
            (r#"{"v":2}"#, PartnerLinkError::Corrupt),
        ] {
            assert_eq!(PartnerLink::decode(&b64(json)), Err(expected), "{json}");
        }
    }
}
