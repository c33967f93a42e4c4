//! Identity errors, classified by `error` and `suberror` (never by message text), and told in plain words.

use crate::error_report::ErrorReport;
use serde::{Deserialize, Serialize};
use thiserror::Error;

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

#[derive(Debug, Clone, PartialEq, Error)]
pub enum AuthError {
    /// The admin backed out, or declined consent.
    #[error("sign-in was cancelled")]
    Cancelled(Box<ServerError>),
    /// Consent for the app's permissions is missing.
    #[error("consent is required")]
    ConsentRequired { server: Box<ServerError>, admin_consent_url: Option<String>, scopes: Vec<String> },
    /// Silent renewal cannot go on; the admin must sign in again.
    #[error("interaction required: {reason}")]
    InteractionRequired { reason: String, server: Option<Box<ServerError>> },
    /// Any other error from the identity platform.
    #[error("the sign-in service refused: {0}")]
    Server(Box<ServerError>),
    /// The response came back with a `state` that no sign-in in this tab started.
    #[error("state mismatch")]
    StateMismatch,
    /// A response arrived, but no sign-in was pending in this tab.
    #[error("no pending sign-in")]
    StateNotFound,
    #[error("the id token is not valid: {0}")]
    IdTokenInvalid(String),
    /// The sign-in service could not be reached, or refused the browser by CORS.
    #[error("cannot reach {host}: {detail}")]
    NetworkOrCors { host: String, detail: String },
    #[error("unexpected response from the sign-in service: {0}")]
    InvalidResponse(String),
    #[error("browser storage is unavailable: {0}")]
    Storage(String),
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
            (_, Some("bad_token")) => AuthError::InteractionRequired {
                reason: "Your sign-in has reached its 24-hour limit.".into(),
                server: Some(e),
            },
            ("interaction_required" | "login_required" | "invalid_grant", _) => AuthError::InteractionRequired {
                reason: "Your session needs you to sign in again.".into(),
                server: Some(e),
            },
            _ => AuthError::Server(e),
        }
    }

    /// Transient failures that earn one retry (never more).
    pub fn is_transient(&self) -> bool {
        match self {
            AuthError::NetworkOrCors { .. } => true,
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

fn with_ids(mut r: ErrorReport, s: Option<&ServerError>) -> ErrorReport {
    if let Some(s) = s {
        if let Some(code) = s.aadsts() {
            r = r.support_id("Error code", code);
        }
        if let Some(t) = &s.trace_id {
            r = r.support_id("Trace ID", t.clone());
        }
        if let Some(c) = &s.correlation_id {
            r = r.support_id("Correlation ID", c.clone());
        }
        if let Some(ts) = &s.timestamp {
            r = r.support_id("Timestamp", ts.clone());
        }
        let summary = s.summary();
        if !summary.is_empty() {
            r = r.detail(format!("The sign-in service said: {summary}"));
        }
    }
    r
}

impl From<&AuthError> for ErrorReport {
    fn from(e: &AuthError) -> Self {
        let give_it = "If it keeps happening, give the codes below to your IT support.";
        match e {
            AuthError::Cancelled(s) => with_ids(
                ErrorReport::new("Sign-in was cancelled", "You were not signed in: the sign-in was cancelled or the permissions were declined.")
                    .step("Choose \"Sign in\" to try again."),
                Some(s),
            ),
            AuthError::ConsentRequired { server, admin_consent_url, scopes } => {
                let mut r = ErrorReport::new(
                    "This app needs an administrator's consent",
                    "Your organisation has not yet granted this app the permissions it asks for (inviting guests and reading users).",
                )
                .step("Ask a Global Administrator to grant consent, using the link below, then sign in again.");
                if !scopes.is_empty() {
                    r = r.detail(format!("Permissions the app asks for: {}", scopes.iter().map(|s| s.rsplit('/').next().unwrap_or(s)).collect::<Vec<_>>().join(", ")));
                }
                if let Some(u) = admin_consent_url {
                    r = r.support_id("Admin consent link", u.clone());
                }
                with_ids(r, Some(server.as_ref()))
            }
            AuthError::InteractionRequired { reason, server } => with_ids(
                ErrorReport::new("Please sign in again", reason.clone()).step("Choose \"Sign in again\". What you typed on this page is kept."),
                server.as_deref(),
            ),
            AuthError::Server(s) => with_ids(
                ErrorReport::new("The sign-in service refused the request", format!("The sign-in service answered with \"{}\".", s.error)).step(give_it),
                Some(s),
            ),
            AuthError::StateMismatch => ErrorReport::new(
                "This sign-in response was not expected",
                "The response from the sign-in service does not belong to the sign-in started in this tab, so it was ignored. Nobody was signed in.",
            )
            .step("Choose \"Sign in\" to start again."),
            AuthError::StateNotFound => ErrorReport::new(
                "No sign-in was in progress",
                "The page was opened with a sign-in response, but no sign-in was started in this tab (or it was already completed). It was ignored.",
            )
            .step("Choose \"Sign in\" to start again."),
            AuthError::IdTokenInvalid(why) => ErrorReport::new("The sign-in response could not be trusted", format!("The identity token failed a check: {why}. Nobody was signed in."))
                .step("Check that config.json names the right authority and client id, then sign in again."),
            AuthError::NetworkOrCors { host, detail } => ErrorReport::new(
                format!("Cannot reach {host}"),
                format!("The browser could not talk to the sign-in service at {host}. You may be offline, or the app registration may not be of type \"Single-page application\" (then the browser blocks the response)."),
            )
            .step("Check your connection and try again.")
            .step("Check that the redirect URI is registered under the Single-page application platform.")
            .detail(detail.clone()),
            AuthError::InvalidResponse(why) => ErrorReport::new("Unexpected answer from the sign-in service", why.clone()).step(give_it),
            AuthError::Storage(why) => ErrorReport::new(
                "The browser's session storage is not available",
                format!("Signing in needs sessionStorage, which this browser refused: {why}"),
            )
            .step("Leave private browsing or allow site data for this page, then reload."),
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
        assert!(
            matches!(AuthError::from_server(server("invalid_grant", Some("bad_token"))), AuthError::InteractionRequired { reason, .. } if reason.contains("24-hour"))
        );
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
        let r = ErrorReport::from(&AuthError::from_server(s));
        assert_eq!(r.title, "Sign-in was cancelled");
        assert!(r.support_ids.iter().any(|(k, v)| k == "Error code" && v == "AADSTS65004"));
        assert!(r.support_ids.iter().any(|(k, _)| k == "Trace ID"));
    }

    #[test]
    fn network_errors_name_the_host() {
        let r = ErrorReport::from(&AuthError::NetworkOrCors {
            host: "login.microsoftonline.com".into(),
            detail: "TypeError: Failed to fetch".into(),
        });
        assert_eq!(r.title, "Cannot reach login.microsoftonline.com");
    }
}
