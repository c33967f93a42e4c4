//! Identity errors as data, classified by `error` and `suberror` (never by message text); `text::errors`
//! says them in words.

use serde::{Deserialize, Serialize};

/// An error body from the identity platform (token endpoint) or an authorize redirect.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServerError {
    pub error: String,
    #[serde(default)]
    pub error_description: Option<String>,
    #[serde(default)]
    pub suberror: Option<String>,
    #[serde(default)]
    pub error_codes: Vec<u64>,
    #[serde(default)]
    pub trace_id: Option<String>,
    #[serde(default)]
    pub correlation_id: Option<String>,
    #[serde(default)]
    pub timestamp: Option<String>,
    #[serde(default)]
    pub error_uri: Option<String>,
}

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.error)?;
        if let Some(d) = &self.error_description {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

impl oauth2::ErrorResponse for ServerError {}

/// Pulls `label: value` out of Entra's description text, for display only.
fn after_label(text: &str, label: &str) -> Option<String> {
    let start = text.find(label)? + label.len();
    let value: String = text[start..].trim_start().chars().take_while(|c| c.is_ascii_hexdigit() || *c == '-').collect();
    (!value.is_empty()).then_some(value)
}

impl ServerError {
    /// From the query of an authorize redirect (`error`, `error_description`).
    pub fn from_redirect(error: &str, description: Option<&str>) -> ServerError {
        let d = description.map(str::to_string);
        let code = d
            .as_deref()
            .and_then(|d| d.strip_prefix("AADSTS"))
            .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse().ok());
        ServerError {
            error: error.to_string(),
            trace_id: d.as_deref().and_then(|d| after_label(d, "Trace ID:")),
            correlation_id: d.as_deref().and_then(|d| after_label(d, "Correlation ID:")),
            error_description: d,
            error_codes: code.into_iter().collect(),
            ..ServerError::default()
        }
    }

    /// `AADSTS50058` and the like, when the server gave a code.
    pub fn aadsts(&self) -> Option<String> {
        self.error_codes.first().map(|c| format!("AADSTS{c}"))
    }

    /// The description without the trailing ids, which are shown separately.
    pub fn summary(&self) -> String {
        let d = self.error_description.clone().unwrap_or_default();
        d.split(" Trace ID:").next().unwrap_or_default().split("\r\n").next().unwrap_or_default().trim().to_string()
    }
}

/// What in the sign-in service's answer broke the protocol.
#[derive(Debug, Clone, PartialEq)]
pub enum Protocol {
    /// The discovery document answered with an error status.
    DiscoveryStatus(u16),
    /// The discovery document is not readable (the parser's detail).
    DiscoveryUnreadable(String),
    /// An endpoint in the discovery document is not https.
    InsecureEndpoint { name: &'static str, url: String },
    /// A URL the sign-in needs is not valid (which one, and the parser's detail).
    BadUrl { what: &'static str, detail: String },
    /// The token response is not readable (the parser's detail).
    TokenResponseUnreadable(String),
    /// The redirect carried neither a code nor an error.
    NoCodeNorError,
    /// The token response has no refresh token (offline_access not granted).
    NoRefreshToken,
    /// Anything else the oauth2 crate reported.
    Other(String),
}

/// Why the id token was not trusted.
#[derive(Debug, Clone, PartialEq)]
pub enum IdTokenProblem {
    Missing,
    NotAJwt,
    Unreadable(String),
    Issuer { got: String, expected: String },
    Audience { got: String },
    Nonce,
    Expired,
}

/// Why silent renewal cannot go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenewalReason {
    NotSignedIn,
    /// The SPA refresh token's fixed 24-hour lifetime is over.
    DailyLimit,
    SignInAgain,
}

/// Why browser storage failed.
#[derive(Debug, Clone, PartialEq)]
pub enum StorageProblem {
    NoWindow,
    Disabled,
    /// The browser refused (its exception text).
    Refused(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum AuthError {
    /// The admin backed out, or declined consent.
    Cancelled(Box<ServerError>),
    /// Consent for the app's permissions is missing.
    ConsentRequired {
        server: Box<ServerError>,
        admin_consent_url: Option<String>,
        scopes: Vec<String>,
    },
    /// Silent renewal cannot go on; the admin must sign in again.
    InteractionRequired {
        reason: RenewalReason,
        server: Option<Box<ServerError>>,
    },
    /// Any other error from the identity platform.
    Server(Box<ServerError>),
    /// The response came back with a `state` that no sign-in in this tab started.
    StateMismatch,
    /// A response arrived, but no sign-in was pending in this tab.
    StateNotFound,
    IdTokenInvalid(IdTokenProblem),
    /// The sign-in service could not be reached, or refused the browser by CORS.
    NetworkOrCors {
        host: String,
        detail: String,
    },
    InvalidResponse(Protocol),
    Storage(StorageProblem),
    /// The browser has no cryptographic random source (Web Crypto) for PKCE, `state` and `nonce`.
    NoSecureRandom,
    /// The sign-in module could not be fetched from this site (release build only), at this stage.
    ModuleNotLoaded(Stage),
}

/// Where a sign-in stood when something it needed was missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Before leaving for the sign-in page: nothing was sent.
    Start,
    /// On the way back from it, or renewing a token.
    Finish,
}

impl AuthError {
    /// Classifies a server error by `error` and `suberror`, as msal does.
    pub fn from_server(e: ServerError) -> AuthError {
        let e = Box::new(e);
        match (e.error.as_str(), e.suberror.as_deref()) {
            ("access_denied", _) => AuthError::Cancelled(e),
            ("consent_required", _) | (_, Some("consent_required")) => {
                AuthError::ConsentRequired { server: e, admin_consent_url: None, scopes: Vec::new() }
            }
            (_, Some("bad_token")) => {
                AuthError::InteractionRequired { reason: RenewalReason::DailyLimit, server: Some(e) }
            }
            ("interaction_required" | "login_required" | "invalid_grant", _) => {
                AuthError::InteractionRequired { reason: RenewalReason::SignInAgain, server: Some(e) }
            }
            _ => AuthError::Server(e),
        }
    }

    /// Transient failures that earn one retry (never more).
    pub fn is_transient(&self) -> bool {
        match self {
            AuthError::NetworkOrCors { .. } | AuthError::ModuleNotLoaded(_) => true,
            AuthError::Server(e) => e.error == "temporarily_unavailable" || e.error == "server_error",
            _ => false,
        }
    }

    /// Errors cured only by an interactive sign-in.
    pub fn needs_sign_in(&self) -> bool {
        matches!(self, AuthError::InteractionRequired { .. } | AuthError::ConsentRequired { .. })
    }

    pub fn server(&self) -> Option<&ServerError> {
        match self {
            AuthError::Cancelled(s) | AuthError::Server(s) | AuthError::ConsentRequired { server: s, .. } => {
                Some(s.as_ref())
            }
            AuthError::InteractionRequired { server, .. } => server.as_deref(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(error: &str, sub: Option<&str>) -> ServerError {
        ServerError {
            error: error.into(),
            suberror: sub.map(String::from),
            error_codes: vec![700084],
            trace_id: Some("t-1".into()),
            correlation_id: Some("c-1".into()),
            ..Default::default()
        }
    }

    #[test]
    fn classifies_by_error_and_suberror() {
        assert!(matches!(
            AuthError::from_server(server("invalid_grant", Some("bad_token"))),
            AuthError::InteractionRequired { reason: RenewalReason::DailyLimit, .. }
        ));
        assert!(matches!(
            AuthError::from_server(server("interaction_required", None)),
            AuthError::InteractionRequired { .. }
        ));
        assert!(matches!(
            AuthError::from_server(server("login_required", None)),
            AuthError::InteractionRequired { .. }
        ));
        assert!(matches!(AuthError::from_server(server("consent_required", None)), AuthError::ConsentRequired { .. }));
        assert!(matches!(
            AuthError::from_server(server("invalid_grant", Some("consent_required"))),
            AuthError::ConsentRequired { .. }
        ));
        assert!(matches!(AuthError::from_server(server("access_denied", None)), AuthError::Cancelled(_)));
        assert!(matches!(AuthError::from_server(server("invalid_request", None)), AuthError::Server(_)));
        assert!(AuthError::from_server(server("temporarily_unavailable", None)).is_transient());
        assert!(!AuthError::from_server(server("invalid_grant", None)).is_transient());
    }

    #[test]
    fn message_text_does_not_drive_classification() {
        let mut e = server("invalid_request", None);
        e.error_description = Some("AADSTS700084: refresh token expired".into());
        assert!(matches!(AuthError::from_server(e), AuthError::Server(_)));
    }

    #[test]
    fn redirect_errors_keep_code_and_ids() {
        let s = ServerError::from_redirect("access_denied", Some("AADSTS65004: User declined to consent to access the app. Trace ID: 0000aaaa-1111 Correlation ID: bbbb-2222 Timestamp: 2026-01-01 10:00:00Z"));
        assert_eq!(s.aadsts().as_deref(), Some("AADSTS65004"));
        assert_eq!(s.trace_id.as_deref(), Some("0000aaaa-1111"));
        assert_eq!(s.correlation_id.as_deref(), Some("bbbb-2222"));
        assert_eq!(s.summary(), "AADSTS65004: User declined to consent to access the app.");
        assert!(matches!(AuthError::from_server(s), AuthError::Cancelled(_)));
    }
}
