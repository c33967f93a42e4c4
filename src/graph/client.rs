//! Sends Graph requests with the session's token. A 401 renews the token once; a 429 waits (Retry-After
//! when readable, else backoff) up to five tries; everything else becomes a [`GraphError`].

use super::error::GraphError;
use super::retry;
use crate::auth::session::Session;
use gloo_net::http::{Method, RequestBuilder};
use serde_json::Value;

#[derive(Clone)]
pub struct GraphClient {
    session: Session,
}

impl GraphClient {
    pub fn new(session: Session) -> GraphClient {
        GraphClient { session }
    }

    fn host(&self) -> String {
        let u = &self.session.config().graph_base_url;
        match u.port() {
            Some(p) => format!("{}:{p}", u.host_str().unwrap_or_default()),
            None => u.host_str().unwrap_or_default().to_string(),
        }
    }

    /// `path` is relative to the version root, e.g. `/users?$select=id`; `eventual` adds `ConsistencyLevel: eventual`.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        eventual: bool,
    ) -> Result<Value, GraphError> {
        let url = format!("{}{}", self.session.config().graph_base_url.as_str().trim_end_matches('/'), path);
        let client_request_id = crate::auth::pkce::random_guid();
        let mut renewed = false;
        let mut attempt = 0;
        loop {
            let token = self.session.access_token(false).await.map_err(GraphError::Auth)?;
            let mut req = RequestBuilder::new(&url)
                .method(method.clone())
                .credentials(web_sys::RequestCredentials::Omit)
                .header("Authorization", &format!("Bearer {token}"))
                .header("client-request-id", &client_request_id);
            if eventual {
                req = req.header("ConsistencyLevel", "eventual");
            }
            let sent = match body {
                Some(b) => req.json(b).map_err(|e| GraphError::InvalidResponse(e.to_string()))?.send().await,
                None => req.send().await,
            };
            let resp = sent.map_err(|e| GraphError::Network { host: self.host(), detail: e.to_string() })?;
            let status = resp.status();
            let request_id = resp.headers().get("request-id");
            let retry_after = resp.headers().get("retry-after");
            let text =
                resp.text().await.map_err(|e| GraphError::Network { host: self.host(), detail: e.to_string() })?;
            match status {
                200..=299 => {
                    if text.trim().is_empty() {
                        return Ok(Value::Null);
                    }
                    return Ok(serde_json::from_str(&text).unwrap_or(Value::String(text)));
                }
                401 if !renewed => {
                    renewed = true;
                    self.session.access_token(true).await.map_err(GraphError::Auth)?;
                }
                429 => match retry::delay_s(attempt, retry_after.as_deref(), js_sys::Math::random()) {
                    Some(wait) => {
                        attempt += 1;
                        gloo_timers::future::sleep(std::time::Duration::from_secs_f64(wait)).await;
                    }
                    None => return Err(GraphError::Throttled { tries: attempt + 1, request_id }),
                },
                _ => return Err(GraphError::from_response(status, &text, request_id)),
            }
        }
    }

    /// The Graph base URL from config, e.g. `https://graph.microsoft.com/v1.0`.
    pub fn base_url(&self) -> String {
        self.session.config().graph_base_url.as_str().trim_end_matches('/').to_string()
    }

    pub async fn get(&self, path: &str, eventual: bool) -> Result<Value, GraphError> {
        self.send(Method::GET, path, None, eventual).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Result<Value, GraphError> {
        self.send(Method::POST, path, Some(body), false).await
    }
}
