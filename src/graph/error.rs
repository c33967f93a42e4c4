//! Graph failures as data, with the ids that support needs. `text::errors` says them in words.
//! Error JSON: https://learn.microsoft.com/graph/errors

use crate::auth::error::AuthError;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq)]
pub enum GraphError {
    /// Graph answered with an error status and its error JSON.
    Http {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
        client_request_id: Option<String>,
        date: Option<String>,
    },
    /// Still throttled after every retry.
    Throttled { tries: u32, request_id: Option<String> },
    /// The request never got an answer: offline, DNS, a dropped connection, or CORS.
    Network { host: String, detail: String },
    /// No usable token: the admin must sign in (again).
    Auth(AuthError),
    /// A success answer that does not have the documented shape.
    InvalidResponse(String),
    /// An `@odata.nextLink` that leads away from the configured Graph host; not followed.
    ForeignNextLink,
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_graph_error_json_and_keeps_ids() {
        let e = GraphError::from_response(
            403,
            r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"date":"2026-01-01T00:00:00","request-id":"rid","client-request-id":"crid"}}}"#,
            Some("hdr".into()),
        );
        let GraphError::Http { status, code, request_id, client_request_id, date, .. } = e else { panic!("{e:?}") };
        assert_eq!((status, code.as_str()), (403, "Authorization_RequestDenied"));
        assert_eq!(
            (request_id.as_deref(), client_request_id.as_deref(), date.as_deref()),
            (Some("rid"), Some("crid"), Some("2026-01-01T00:00:00"))
        );
    }

    #[test]
    fn non_json_bodies_still_yield_an_error_with_the_header_id() {
        let e = GraphError::from_response(502, "<html>Bad gateway</html>", Some("hdr-rid".into()));
        assert!(
            matches!(e, GraphError::Http { status: 502, ref request_id, .. } if request_id.as_deref() == Some("hdr-rid"))
        );
    }
}
