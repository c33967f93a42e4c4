//! Graph failures in plain words with the next step, keeping the request-id for support.

use crate::auth::error::AuthError;
use crate::error_report::ErrorReport;
use serde::Deserialize;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum GraphError {
    /// Graph answered with an error status and its error JSON.
    #[error("Graph answered {status} {code}: {message}")]
    Http {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
        client_request_id: Option<String>,
        date: Option<String>,
    },
    /// Still throttled after every retry.
    #[error("throttled after {tries} tries")]
    Throttled { tries: u32, request_id: Option<String> },
    /// The request never got an answer: offline, DNS, a dropped connection, or CORS.
    #[error("cannot reach {host}: {detail}")]
    Network { host: String, detail: String },
    /// No usable token: the admin must sign in (again).
    #[error("{0}")]
    Auth(AuthError),
    #[error("unexpected answer from Graph: {0}")]
    InvalidResponse(String),
}

#[derive(Deserialize)]
struct Body {
    error: Inner,
}

#[derive(Deserialize)]
struct Inner {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
    #[serde(default, rename = "innerError")]
    inner_error: Option<InnerError>,
}

#[derive(Deserialize)]
struct InnerError {
    #[serde(default, rename = "request-id")]
    request_id: Option<String>,
    #[serde(default, rename = "client-request-id")]
    client_request_id: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

impl GraphError {
    /// From an error status and body; ids come from the body or, failing that, the response headers.
    pub fn from_response(status: u16, body: &str, request_id_header: Option<String>) -> GraphError {
        match serde_json::from_str::<Body>(body) {
            Ok(b) => {
                let inner = b.error.inner_error;
                GraphError::Http {
                    status,
                    code: b.error.code,
                    message: b.error.message,
                    request_id: inner.as_ref().and_then(|i| i.request_id.clone()).or(request_id_header),
                    client_request_id: inner.as_ref().and_then(|i| i.client_request_id.clone()),
                    date: inner.and_then(|i| i.date),
                }
            }
            Err(_) => GraphError::Http {
                status,
                code: String::new(),
                message: body.chars().take(300).collect(),
                request_id: request_id_header,
                client_request_id: None,
                date: None,
            },
        }
    }

    pub fn code(&self) -> Option<&str> {
        match self {
            GraphError::Http { code, .. } => Some(code),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            GraphError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl From<&GraphError> for ErrorReport {
    fn from(e: &GraphError) -> Self {
        match e {
            GraphError::Auth(a) => ErrorReport::from(a),
            GraphError::Network { host, detail } => ErrorReport::new(
                format!("Cannot reach {host}"),
                "Microsoft Graph did not answer: you may be offline, or a proxy or firewall blocks it. Nothing was changed, and what you typed is kept.",
            )
            .step("Check your connection, then try again.")
            .detail(detail.clone()),
            GraphError::Throttled { tries, request_id } => {
                let mut r = ErrorReport::new(
                    "Microsoft Graph is busy",
                    format!("Microsoft Graph asked us to slow down (HTTP 429) and was still busy after {tries} tries. Nothing was lost."),
                )
                .step("Wait a minute and try again.");
                if let Some(id) = request_id {
                    r = r.support_id("Request ID", id.clone());
                }
                r
            }
            GraphError::InvalidResponse(why) => ErrorReport::new("Unexpected answer from Microsoft Graph", why.clone()),
            GraphError::Http { status, code, message, request_id, client_request_id, date } => {
                let mut r = match (*status, code.as_str()) {
                    (403, "Authorization_RequestDenied") => ErrorReport::new(
                        "You don't have permission to do this",
                        "Microsoft Graph refused: \"Insufficient privileges to complete the operation.\" Your account lacks the directory role, or the app lacks the permission, that this needs.",
                    )
                    .step("Inviting guests needs the Guest Inviter, User Administrator or Global Administrator role (unless your tenant lets every member invite). Converting internal users needs User Administrator or Global Administrator.")
                    .step("Ask an administrator to assign you the role, then sign out and in again."),
                    (401, _) => ErrorReport::new("Your sign-in is no longer accepted", "Microsoft Graph did not accept the access token.").step("Sign in again; what you typed is kept."),
                    (404, _) => ErrorReport::new("Not found", format!("Microsoft Graph could not find it: {message}")),
                    (s, _) if s >= 500 => ErrorReport::new("Microsoft Graph had a problem", format!("The service answered HTTP {s}. Nothing you typed was lost.")).step("Try again in a moment."),
                    (s, _) => ErrorReport::new("Microsoft Graph refused the request", format!("HTTP {s}: {message}")),
                };
                if !code.is_empty() {
                    r = r.support_id("Error code", code.clone());
                }
                if let Some(id) = request_id {
                    r = r.support_id("Request ID", id.clone());
                }
                if let Some(id) = client_request_id {
                    r = r.support_id("Client request ID", id.clone());
                }
                if let Some(d) = date {
                    r = r.support_id("Date", d.clone());
                }
                r
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_graph_error_json_and_keeps_ids() {
        let e = GraphError::from_response(
            403,
            r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"date":"2026-01-01T00:00:00","request-id":"rid","client-request-id":"crid"}}}"#,
            None,
        );
        assert_eq!(e.code(), Some("Authorization_RequestDenied"));
        let r = ErrorReport::from(&e);
        assert_eq!(r.title, "You don't have permission to do this");
        assert!(r.next_steps[0].contains("Guest Inviter") && r.next_steps[0].contains("User Administrator"));
        assert!(r.support_ids.contains(&("Request ID".into(), "rid".into())));
    }

    #[test]
    fn non_json_bodies_still_yield_an_error() {
        let e = GraphError::from_response(502, "<html>Bad gateway</html>", Some("hdr-rid".into()));
        assert_eq!(e.status(), Some(502));
        assert!(ErrorReport::from(&e).support_ids.contains(&("Request ID".into(), "hdr-rid".into())));
    }
}
