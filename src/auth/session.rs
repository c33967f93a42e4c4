//! The signed-in session: the access token in memory, the refresh token and account in sessionStorage,
//! single-flight renewal, the redirect handling, sign-out.
//!
//! [`StoredSession`] and [`AccessToken`] hold the pure rules (keys, expiry arithmetic, the SPA 24-hour limit)
//! and are tested natively; [`Session`] wires them to the browser.

use super::account::Account;
use super::client::{Grant, TokenRequest};
use super::error::{AuthError, Protocol, RenewalReason, ServerError};
use super::storage;
use super::transaction::RedirectResponse;
pub use super::urls::Prompt;
use super::urls::{self, Endpoints};
use crate::config::Config;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use oauth2::{AccessToken, RefreshToken};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;

/// Renew an access token this long before it expires (msal uses 5 minutes).
pub const RENEW_BEFORE_MS: f64 = 5.0 * 60.0 * 1000.0;
/// A SPA refresh token dies 24 hours after the interactive sign-in, however often it is rotated.
pub const SPA_REFRESH_LIFETIME_MS: f64 = 24.0 * 3600.0 * 1000.0;

/// The refresh-token record, keyed by account, authority and client id. The token is oauth2's secret type,
/// so a debug print never shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSession {
    pub account: Account,
    pub refresh_token: RefreshToken,
    pub authority: String,
    pub client_id: String,
    /// The tenanted token endpoint: refreshes go to the tenant that issued the token.
    pub token_endpoint: String,
    pub end_session_endpoint: Option<String>,
    pub scopes: Vec<String>,
    #[serde(serialize_with = "super::storage::whole_ms")]
    pub first_sign_in_ms: f64,
}

impl StoredSession {
    pub fn key(&self) -> String {
        session_key(&self.account.home_account_id, &self.authority, &self.client_id)
    }

    /// True once the fixed SPA lifetime is (nearly) over: renewal would fail with AADSTS700084.
    pub fn refresh_limit_reached(&self, now_ms: f64) -> bool {
        now_ms >= self.first_sign_in_ms + SPA_REFRESH_LIFETIME_MS - 60_000.0
    }
}

pub fn session_key(home_account_id: &str, authority: &str, client_id: &str) -> String {
    format!("b2b.auth.session.{home_account_id}|{authority}|{client_id}")
}

/// Which stored session is the active one for this client id.
pub fn active_key(client_id: &str) -> String {
    format!("b2b.auth.active.{client_id}")
}

/// An access token in memory only (oauth2's secret type: redacted `Debug`).
#[derive(Debug, Clone, PartialEq)]
pub struct CachedToken {
    pub token: AccessToken,
    pub expires_at_ms: f64,
    pub lifetime_ms: f64,
}

impl CachedToken {
    pub fn new(token: AccessToken, expires_in_s: u64, now_ms: f64) -> CachedToken {
        let lifetime_ms = expires_in_s as f64 * 1000.0;
        CachedToken { token, expires_at_ms: now_ms + lifetime_ms, lifetime_ms }
    }

    /// Fresh enough to use: renew 5 minutes early, or after 4/5 of a shorter lifetime.
    pub fn is_fresh(&self, now_ms: f64) -> bool {
        let margin = RENEW_BEFORE_MS.min(self.lifetime_ms / 5.0);
        self.expires_at_ms - now_ms > margin
    }
}

/// For `organizations`/`common` authorities, the token endpoint of the tenant that signed the user in.
pub fn tenanted_endpoint(endpoint: &str, tenant_segment: &str, tenant_id: &str) -> String {
    if tenant_id.is_empty() || !matches!(tenant_segment, "organizations" | "common") {
        return endpoint.to_string();
    }
    endpoint.replacen(&format!("/{tenant_segment}/"), &format!("/{tenant_id}/"), 1)
}

/// What the header and the admin views show.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthStatus {
    /// Handling a redirect or restoring the session.
    Starting,
    SignedOut,
    SignedIn(Account),
    /// Something went wrong; `Sign in` (again) is offered with the explanation.
    Problem(AuthError),
}

impl AuthStatus {
    /// The signed-in account's user name, e.g. `admin@contoso.onmicrosoft.com`.
    pub fn username(&self) -> Option<&str> {
        match self {
            AuthStatus::SignedIn(a) => Some(&a.username),
            _ => None,
        }
    }
}

type Renewal = Shared<LocalBoxFuture<'static, Result<AccessToken, AuthError>>>;

struct Inner {
    config: Config,
    status: RwSignal<AuthStatus>,
    /// The Graph permissions of the latest token (its response's `scope`), for features that need more.
    granted: RwSignal<Vec<String>>,
    access: RefCell<Option<CachedToken>>,
    renewing: RefCell<Option<Renewal>>,
    /// Sign-outs so far: a renewal that started before one must not write its tokens back.
    sign_outs: std::cell::Cell<u32>,
}

/// The session, shared by the views through a local `StoredValue` in context.
#[derive(Clone)]
pub struct Session {
    inner: Rc<Inner>,
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

pub(super) fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

pub(super) fn client_request_id() -> String {
    super::pkce::random_guid()
}

/// Takes the sign-in response (`?code=…&state=…` or `?error=…`) out of the address bar, synchronously, before
/// anything else runs: even when `config.json` then fails to load, no code stays in the URL or in history.
pub fn take_redirect_response() -> Option<RedirectResponse> {
    let search = location().and_then(|l| l.search().ok()).unwrap_or_default();
    let response = RedirectResponse::from_query(&search)?;
    let path = location().and_then(|l| l.pathname().ok()).unwrap_or_default();
    let fragment = location().and_then(|l| l.hash().ok()).unwrap_or_default();
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{fragment}")));
    }
    Some(response)
}

impl Session {
    pub fn new(config: Config) -> Session {
        Session {
            inner: Rc::new(Inner {
                config,
                status: RwSignal::new(AuthStatus::Starting),
                granted: RwSignal::new(Vec::new()),
                access: RefCell::new(None),
                renewing: RefCell::new(None),
                sign_outs: std::cell::Cell::new(0),
            }),
        }
    }

    pub fn status(&self) -> RwSignal<AuthStatus> {
        self.inner.status
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The scopes Microsoft granted with the latest access token (empty before the first one).
    pub fn granted_scopes(&self) -> Signal<Vec<String>> {
        self.inner.granted.into()
    }

    pub(super) fn redirect_uri(&self) -> String {
        let href = location().and_then(|l| l.href().ok()).unwrap_or_default();
        urls::redirect_uri(self.inner.config.redirect_uri.as_ref(), &href)
    }

    pub(super) fn stored(&self) -> Option<StoredSession> {
        let key: String = storage::get(&active_key(&self.inner.config.client_id))?;
        storage::get(&key)
    }

    pub(super) fn save(&self, s: &StoredSession) -> Result<(), AuthError> {
        storage::put(&s.key(), s)?;
        storage::put(&active_key(&s.client_id), &s.key())
    }

    pub(super) async fn fetch_endpoints(&self) -> Result<Endpoints, AuthError> {
        let url = urls::discovery_url(&self.inner.config.authority);
        let host = self.inner.config.login_host();
        let resp = gloo_net::http::Request::get(&url)
            .credentials(web_sys::RequestCredentials::Omit)
            .send()
            .await
            .map_err(|e| AuthError::NetworkOrCors { host: host.clone(), detail: e.to_string() })?;
        if !resp.ok() {
            let body = resp.text().await.unwrap_or_default();
            if let Ok(server) = serde_json::from_str::<ServerError>(&body) {
                return Err(AuthError::from_server(server));
            }
            return Err(AuthError::InvalidResponse(Protocol::DiscoveryStatus(resp.status())));
        }
        let text = resp.text().await.map_err(|e| AuthError::NetworkOrCors { host, detail: e.to_string() })?;
        Endpoints::from_discovery(&text)
    }

    fn consent_error(&self, server: Box<ServerError>, tenant: Option<&str>) -> AuthError {
        let tenant = tenant.map(str::to_string).unwrap_or_else(|| self.inner.config.tenant());
        let url = urls::admin_consent_url(
            &self.inner.config.authority,
            &tenant,
            &self.inner.config.client_id,
            &self.redirect_uri(),
        );
        AuthError::ConsentRequired { server, admin_consent_url: Some(url), scopes: self.inner.config.scopes.clone() }
    }

    pub(super) fn with_consent_link(&self, e: AuthError, tenant: Option<&str>) -> AuthError {
        match e {
            AuthError::ConsentRequired { server, .. } => self.consent_error(server, tenant),
            other => other,
        }
    }

    /// Keeps a fresh access token in memory, with the scopes it was granted.
    pub(super) fn hold(&self, granted: Vec<String>, token: AccessToken, expires_in_s: u64) {
        self.inner.granted.try_set(granted);
        *self.inner.access.borrow_mut() = Some(CachedToken::new(token, expires_in_s, now_ms()));
    }

    /// A Graph access token: the cached one while fresh, else one renewal shared by every caller.
    pub async fn access_token(&self, force_refresh: bool) -> Result<AccessToken, AuthError> {
        if !force_refresh {
            if let Some(t) = self.inner.access.borrow().as_ref().filter(|t| t.is_fresh(now_ms())) {
                return Ok(t.token.clone());
            }
        }
        let renewal = {
            let mut slot = self.inner.renewing.borrow_mut();
            match slot.as_ref() {
                Some(r) => r.clone(),
                None => {
                    let me = self.clone();
                    let r: Renewal = async move {
                        let result = me.renew().await;
                        *me.inner.renewing.borrow_mut() = None;
                        result
                    }
                    .boxed_local()
                    .shared();
                    *slot = Some(r.clone());
                    r
                }
            }
        };
        renewal.await
    }

    async fn renew(&self) -> Result<AccessToken, AuthError> {
        let result = self.renew_once().await;
        let result = match result {
            Err(e) if e.is_transient() => self.renew_once().await,
            other => other,
        };
        if let Err(e) = &result {
            if e.needs_sign_in() {
                *self.inner.access.borrow_mut() = None;
                self.inner.status.set(AuthStatus::Problem(e.clone()));
            }
        }
        result
    }

    async fn renew_once(&self) -> Result<AccessToken, AuthError> {
        let Some(mut stored) = self.stored() else {
            return Err(AuthError::InteractionRequired { reason: RenewalReason::NotSignedIn, server: None });
        };
        if stored.refresh_limit_reached(now_ms()) {
            return Err(AuthError::InteractionRequired { reason: RenewalReason::DailyLimit, server: None });
        }
        let sign_outs = self.inner.sign_outs.get();
        let tokens = super::client::request_tokens(TokenRequest {
            client_id: stored.client_id.clone(),
            token_endpoint: stored.token_endpoint.clone(),
            grant: Grant::Refresh(stored.refresh_token.clone()),
            scopes: stored.scopes.clone(),
            client_request_id: client_request_id(),
        })
        .await
        .map_err(|e| self.with_consent_link(e, Some(&stored.account.tenant_id)))?;
        // Signed out (or another account signed in) while the request ran: the answer belongs to nobody now.
        if self.inner.sign_outs.get() != sign_outs || self.stored().map(|s| s.key()) != Some(stored.key()) {
            return Err(AuthError::InteractionRequired { reason: RenewalReason::NotSignedIn, server: None });
        }
        if let Some(rt) = tokens.refresh_token.clone() {
            stored.refresh_token = rt;
            self.save(&stored)?;
        }
        let token = tokens.access_token.clone();
        self.hold(tokens.scopes.clone(), tokens.access_token, tokens.expires_in_s);
        Ok(token)
    }

    /// Clears every local trace of the session, then ends the server session at the end-session endpoint.
    pub fn sign_out(&self) {
        self.inner.sign_outs.set(self.inner.sign_outs.get().wrapping_add(1));
        let stored = self.stored();
        storage::clear_auth();
        storage::clear_drafts();
        self.inner.granted.try_set(Vec::new());
        *self.inner.access.borrow_mut() = None;
        self.inner.status.set(AuthStatus::SignedOut);
        let post_logout = self
            .inner
            .config
            .post_logout_redirect_uri
            .as_ref()
            .map(|u| u.to_string())
            .unwrap_or_else(|| self.redirect_uri());
        let target = stored.and_then(|s| s.end_session_endpoint).and_then(|e| {
            let endpoints = Endpoints {
                issuer: String::new(),
                authorization_endpoint: String::new(),
                token_endpoint: String::new(),
                end_session_endpoint: Some(e),
            };
            urls::logout_url(&endpoints, &post_logout)
        });
        if let (Some(url), Some(l)) = (target, location()) {
            // A kept bulk run (IndexedDB) is guest data too: it is gone before the page is.
            wasm_bindgen_futures::spawn_local(async move {
                let _ = crate::web::indexed_db::clear().await;
                let _ = l.assign(&url);
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> StoredSession {
        StoredSession {
            account: Account {
                home_account_id: "u.t".into(),
                object_id: "u".into(),
                tenant_id: "t".into(),
                username: "a@b".into(),
                display_name: "A".into(),
                environment: "h".into(),
            },
            refresh_token: RefreshToken::new("rt-SECRET".into()),
            authority: "https://login.microsoftonline.com/organizations".into(),
            client_id: "cid".into(),
            token_endpoint: "https://login.microsoftonline.com/t/oauth2/v2.0/token".into(),
            end_session_endpoint: None,
            scopes: vec![],
            first_sign_in_ms: 1_000_000.0,
        }
    }

    #[test]
    fn keys_name_account_authority_and_client() {
        assert_eq!(stored().key(), "b2b.auth.session.u.t|https://login.microsoftonline.com/organizations|cid");
        assert_eq!(active_key("cid"), "b2b.auth.active.cid");
    }

    #[test]
    fn tokens_never_show_in_debug_output() {
        let shown = format!("{:?} {:?}", stored(), CachedToken::new(AccessToken::new("at-SECRET".into()), 60, 0.0));
        assert!(!shown.contains("rt-SECRET") && !shown.contains("at-SECRET"), "{shown}");
    }

    #[test]
    fn spa_refresh_limit_is_24_hours_from_first_sign_in() {
        let s = stored();
        assert!(!s.refresh_limit_reached(1_000_000.0 + 23.0 * 3600.0 * 1000.0));
        assert!(s.refresh_limit_reached(1_000_000.0 + SPA_REFRESH_LIFETIME_MS));
    }

    #[test]
    fn access_tokens_renew_early() {
        let t = CachedToken::new(AccessToken::new("x".into()), 3600, 0.0);
        assert!(t.is_fresh(3600.0 * 1000.0 - RENEW_BEFORE_MS - 1.0));
        assert!(!t.is_fresh(3600.0 * 1000.0 - RENEW_BEFORE_MS + 1.0));
        // A 10-second token (tests) is renewed after 8 seconds, not on every call.
        let short = CachedToken::new(AccessToken::new("x".into()), 10, 0.0);
        assert!(short.is_fresh(7_000.0));
        assert!(!short.is_fresh(8_500.0));
    }

    #[test]
    fn refreshes_go_to_the_issuing_tenant() {
        assert_eq!(
            tenanted_endpoint(
                "https://login.microsoftonline.com/organizations/oauth2/v2.0/token",
                "organizations",
                "tid"
            ),
            "https://login.microsoftonline.com/tid/oauth2/v2.0/token"
        );
        assert_eq!(
            tenanted_endpoint("https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token", "contoso.com", "tid"),
            "https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token"
        );
    }

    #[test]
    fn the_sign_in_time_is_stored_as_a_whole_number_and_an_older_float_still_reads() {
        let mut record = stored();
        record.first_sign_in_ms = 1_764_470_000_123.0;
        let text = serde_json::to_string(&record).unwrap();
        assert!(text.contains(r#""first_sign_in_ms":1764470000123}"#), "{text}");
        let older = text.replace("1764470000123", "1764470000123.0");
        assert_eq!(serde_json::from_str::<StoredSession>(&older).unwrap(), record);
    }
}
