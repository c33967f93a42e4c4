//! The pending sign-in: what must survive the redirect to the sign-in service and back, in sessionStorage,
//! used once. Also the checks on the way back: `state`, and a safe place to return to.

use super::error::AuthError;
use crate::rules::inline_script::SIGN_IN_RETURN_KEYS;
use crate::web::whatwg_url::FormQuery;
use oauth2::{CsrfToken, PkceCodeVerifier};
use serde::{Deserialize, Serialize};

/// sessionStorage key of the one pending sign-in of this tab.
pub const PENDING_KEY: &str = "b2b.auth.pending";
/// A pending sign-in older than this is ignored (codes live 10 minutes anyway).
pub const MAX_AGE_MS: f64 = 15.0 * 60.0 * 1000.0;

/// The secrets are oauth2's types: their `Debug` is redacted, and `state` compares in constant time.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingSignIn {
    pub state: CsrfToken,
    pub verifier: PkceCodeVerifier,
    pub nonce: CsrfToken,
    /// The authority the sign-in started at; the code is redeemed there and nowhere else.
    pub authority: String,
    pub token_endpoint: String,
    /// Kept from the discovery document, so the redirect needs no second discovery request.
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
    pub issuer: String,
    pub redirect_uri: String,
    /// The view to return to, as a fragment (`#/invite`).
    pub return_fragment: String,
    #[serde(serialize_with = "super::storage::whole_ms")]
    pub created_at_ms: f64,
}

/// The query of the page the sign-in service redirected to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RedirectResponse {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

impl RedirectResponse {
    /// Reads `code`, `state`, `error` and `error_description` from a query string (with or without `?`); the
    /// last of each when one is repeated. `None` when it has none of the sign-in page's answer keys.
    pub fn from_query(query: &str) -> Option<RedirectResponse> {
        let query = FormQuery::parse(query);
        let last = |name: &str| query.values(name).pop();
        let returned = SIGN_IN_RETURN_KEYS.iter().any(|k| !query.values(k).is_empty());
        returned.then(|| RedirectResponse {
            code: last("code"),
            state: last("state"),
            error: last("error"),
            error_description: last("error_description"),
        })
    }
}

/// Matches the response to the pending sign-in: a missing or different `state` is refused.
pub fn check_state(
    pending: Option<PendingSignIn>,
    response: &RedirectResponse,
    now_ms: f64,
) -> Result<PendingSignIn, AuthError> {
    let pending = pending.filter(|p| now_ms - p.created_at_ms <= MAX_AGE_MS).ok_or(AuthError::StateNotFound)?;
    match &response.state {
        Some(s) if CsrfToken::new(s.clone()) == pending.state => Ok(pending),
        _ => Err(AuthError::StateMismatch),
    }
}

/// Only a view of this app may be returned to: a fragment like `#/invite`, never a URL or a path elsewhere.
pub fn safe_return_fragment(candidate: &str) -> String {
    let ok = candidate.starts_with("#/")
        && candidate.len() <= 2048
        && !candidate.contains("//")
        && !candidate.contains('\\')
        && !candidate.chars().any(|c| c.is_control() || c.is_whitespace());
    if ok {
        candidate.to_string()
    } else {
        "#/".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending() -> PendingSignIn {
        PendingSignIn {
            state: CsrfToken::new("Q0JkTzJ2c1R3bWl4eE9Ra0N6cGhaQQ".into()),
            verifier: PkceCodeVerifier::new("v-SECRET".into()),
            nonce: CsrfToken::new("n".into()),
            authority: "https://login.microsoftonline.com/contoso.onmicrosoft.com".into(),
            token_endpoint: "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token".into(),
            end_session_endpoint: None,
            issuer: "https://login.microsoftonline.com/{tenantid}/v2.0".into(),
            redirect_uri: "https://intranet.example/tools/b2b/".into(),
            return_fragment: "#/invite".into(),
            created_at_ms: 1_000_000.0,
        }
    }

    #[test]
    fn parses_redirect_queries() {
        let r = RedirectResponse::from_query("?code=0.AQk&state=abc&session_state=x").unwrap();
        assert_eq!((r.code.as_deref(), r.state.as_deref()), (Some("0.AQk"), Some("abc")));
        let r = RedirectResponse::from_query("error=access_denied&error_description=AADSTS65004%3A+declined&state=abc")
            .unwrap();
        assert_eq!(r.error.as_deref(), Some("access_denied"));
        assert_eq!(r.error_description.as_deref(), Some("AADSTS65004: declined"));
        assert_eq!(RedirectResponse::from_query(""), None);
        assert_eq!(RedirectResponse::from_query("?foo=bar"), None);
    }

    #[test]
    fn state_bookkeeping() {
        let resp = |s: Option<&str>| RedirectResponse {
            code: Some("c".into()),
            state: s.map(String::from),
            ..Default::default()
        };
        assert_eq!(
            check_state(Some(pending()), &resp(Some("Q0JkTzJ2c1R3bWl4eE9Ra0N6cGhaQQ")), 1_000_500.0)
                .unwrap()
                .return_fragment,
            "#/invite"
        );
        assert_eq!(check_state(Some(pending()), &resp(Some("forged")), 1_000_500.0), Err(AuthError::StateMismatch));
        assert_eq!(check_state(Some(pending()), &resp(None), 1_000_500.0), Err(AuthError::StateMismatch));
        assert_eq!(
            check_state(None, &resp(Some("Q0JkTzJ2c1R3bWl4eE9Ra0N6cGhaQQ")), 1_000_500.0),
            Err(AuthError::StateNotFound)
        );
        // A stale pending sign-in (older than 15 minutes) no longer counts.
        assert_eq!(
            check_state(Some(pending()), &resp(Some("Q0JkTzJ2c1R3bWl4eE9Ra0N6cGhaQQ")), 1_000_000.0 + MAX_AGE_MS + 1.0),
            Err(AuthError::StateNotFound)
        );
    }

    #[test]
    fn the_verifier_never_shows_in_debug_output() {
        let shown = format!("{:?}", pending());
        assert!(!shown.contains("v-SECRET") && !shown.contains("Q0JkTzJ2"), "{shown}");
        // It still round-trips through sessionStorage's JSON.
        let back: PendingSignIn = serde_json::from_str(&serde_json::to_string(&pending()).unwrap()).unwrap();
        assert_eq!(back.verifier.secret(), "v-SECRET");
    }

    #[test]
    fn return_fragments_stay_inside_the_app() {
        assert_eq!(safe_return_fragment("#/invite"), "#/invite");
        assert_eq!(safe_return_fragment("#/welcome/abc"), "#/welcome/abc");
        for hostile in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "#//evil.example",
            "javascript:alert(1)",
            "#/a b",
            "#/\u{0}",
            "",
            "/tools/b2b/",
        ] {
            assert_eq!(safe_return_fragment(hostile), "#/", "{hostile:?}");
        }
    }
}
