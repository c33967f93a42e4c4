//! Sends Graph requests with the session's token and reads typed answers. A 401 renews the token once; a
//! 429 waits (Retry-After when readable, else backoff) up to five tries; any other failure is a [`GraphError`].

use super::error::GraphError;
use super::page::{NextLink, Page, PageRequest};
use super::retry;
use crate::auth::session::Session;
use gloo_net::http::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Whether a query is an advanced directory query, which needs `ConsistencyLevel: eventual` on every
/// page (https://learn.microsoft.com/graph/aad-advanced-queries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consistency {
    Default,
    Eventual,
}

#[derive(Clone)]
pub struct GraphClient {
    session: Session,
}

impl GraphClient {
    pub fn new(session: Session) -> GraphClient {
        GraphClient { session }
    }

    /// The Graph root from config, e.g. `https://graph.microsoft.com/v1.0`, without a trailing slash.
    pub fn base_url(&self) -> String {
        self.session.config().graph_base_url.as_str().trim_end_matches('/').to_string()
    }

    fn host(&self) -> String {
        let u = &self.session.config().graph_base_url;
        match u.port() {
            Some(p) => format!("{}:{p}", u.host_str().unwrap_or_default()),
            None => u.host_str().unwrap_or_default().to_string(),
        }
    }

    /// `GET` a path relative to the Graph root (`/users?$select=id`) and read the answer as `T`.
    pub async fn get<T: DeserializeOwned>(&self, path: &str, consistency: Consistency) -> Result<T, GraphError> {
        let text = self.send(Method::GET, path, None, consistency).await?;
        parse(&text)
    }

    /// `POST` a JSON body and read the answer as `T`.
    pub async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, GraphError> {
        let json = serde_json::to_string(body).map_err(|e| GraphError::InvalidResponse(e.to_string()))?;
        let text = self.send(Method::POST, path, Some(json), Consistency::Default).await?;
        parse(&text)
    }

    /// `PATCH` a JSON body; Graph answers 204 without one.
    pub async fn patch<B: Serialize>(&self, path: &str, body: &B) -> Result<(), GraphError> {
        let json = serde_json::to_string(body).map_err(|e| GraphError::InvalidResponse(e.to_string()))?;
        self.send(Method::PATCH, path, Some(json), Consistency::Default).await.map(|_| ())
    }

    /// The page an `@odata.nextLink` points to, on the configured Graph host only.
    pub async fn next_page<T: DeserializeOwned>(
        &self,
        link: &NextLink,
        consistency: Consistency,
    ) -> Result<Page<T>, GraphError> {
        let base = self.base_url();
        let path = link.path_below(&base).ok_or(GraphError::ForeignNextLink)?;
        self.get(path, consistency).await
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        consistency: Consistency,
    ) -> Result<String, GraphError> {
        let url = format!("{}{}", self.base_url(), path);
        let client_request_id = crate::auth::pkce::random_guid();
        let network = |e: gloo_net::Error| GraphError::Network { host: self.host(), detail: e.to_string() };
        let mut renewed = false;
        let mut attempt = 0;
        loop {
            let token = self.session.access_token(false).await.map_err(GraphError::Auth)?;
            let mut req = RequestBuilder::new(&url)
                .method(method.clone())
                .credentials(web_sys::RequestCredentials::Omit)
                .header("Authorization", &format!("Bearer {}", token.secret()))
                .header("client-request-id", &client_request_id);
            if consistency == Consistency::Eventual {
                req = req.header("ConsistencyLevel", "eventual");
            }
            let sent = match &body {
                Some(b) => {
                    req.header("Content-Type", "application/json").body(b.clone()).map_err(network)?.send().await
                }
                None => req.send().await,
            };
            let resp = sent.map_err(network)?;
            let status = resp.status();
            let request_id = resp.headers().get("request-id");
            let retry_after = resp.headers().get("retry-after");
            let text = resp.text().await.map_err(network)?;
            match status {
                200..=299 => return Ok(text),
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
}

/// Reads a success body; an empty one (204) reads as JSON `null`.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, GraphError> {
    let text = if text.trim().is_empty() { "null" } else { text };
    serde_json::from_str(text).map_err(|e| GraphError::InvalidResponse(e.to_string()))
}

/// Empty pages followed at most this many times in a row.
const MAX_EMPTY_PAGES: usize = 5;

impl GraphClient {
    /// One page of an advanced query. Graph may answer a page empty while a nextLink is still present: that is
    /// not the end, so the next one is fetched.
    pub async fn load_page<T: DeserializeOwned>(&self, request: &PageRequest) -> Result<Page<T>, GraphError> {
        let mut result: Page<T> = match request {
            PageRequest::First(path) => self.get(path, Consistency::Eventual).await?,
            PageRequest::Next(link) => self.next_page(link, Consistency::Eventual).await?,
        };
        for _ in 0..MAX_EMPTY_PAGES {
            match (&result.next_link, result.value.is_empty()) {
                (Some(link), true) => result = self.next_page(link, Consistency::Eventual).await?,
                _ => break,
            }
        }
        Ok(result)
    }
}
