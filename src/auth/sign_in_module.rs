//! The sign-in module: what only signing in needs (the way to the sign-in page and the way back from it, as
//! methods of [`Session`] written here; oauth2's token requests are split the same way in `client`, since
//! renewals use them too). The release build (`split` feature) cuts it into a module of its own, because a
//! first visit needs none of it before its Sign in button works: the account bar fetches it in the background
//! once the button is shown, a return from the sign-in page fetches it beside the main module (a preload in
//! `index.html`), and a signed-in page fetches it with the admin views. Without the feature (tests, clippy)
//! these are plain calls. The session below knows nothing of this module.

use super::account::Account;
use super::client::{Grant, TokenRequest};
use super::error::{AuthError, IdTokenProblem, Protocol, ServerError, Stage};
use super::id_token;
use super::pkce::SignInSecrets;
use super::session::{
    client_request_id, location, now_ms, tenanted_endpoint, AuthStatus, Prompt, Session, StoredSession,
};
use super::storage;
use super::transaction::{check_state, safe_return_fragment, PendingSignIn, RedirectResponse, PENDING_KEY};
use super::urls;
use leptos::prelude::*;
use oauth2::AuthorizationCode;

/// Leaves for the sign-in page (a top-level redirect), or says why it could not.
async fn go_to_sign_in(session: Session, prompt: Prompt) -> Result<(), AuthError> {
    match split::go_to_sign_in(session, prompt).await {
        // Nothing was sent yet: it is the start that failed, not the return.
        Err(AuthError::ModuleNotLoaded(_)) => Err(AuthError::ModuleNotLoaded(Stage::Start)),
        other => other,
    }
}

/// Fetches the module ahead of its first use; a failure is left for that use to report.
pub async fn preload() {
    #[cfg(feature = "split")]
    let _ = split::preload_sign_in().await;
}

impl Session {
    /// Runs before the views: completes the sign-in redirect taken by [`take_redirect_response`], or restores
    /// the session of this tab.
    pub async fn start(&self, redirect: Option<RedirectResponse>) {
        if let Some(response) = redirect {
            let pending: Option<PendingSignIn> = storage::take(PENDING_KEY);
            match split::finish_sign_in(self.clone(), pending, response).await {
                Ok((account, return_fragment)) => {
                    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                        let path = location().and_then(|l| l.pathname().ok()).unwrap_or_default();
                        let _ = h.replace_state_with_url(
                            &wasm_bindgen::JsValue::NULL,
                            "",
                            Some(&format!("{path}{return_fragment}")),
                        );
                    }
                    self.status().set(AuthStatus::SignedIn(account));
                }
                // A failed or hostile response signs nobody in; a session already stored is left alone.
                Err(e) => self.status().set(AuthStatus::Problem(e)),
            }
            return;
        }
        match self.stored() {
            Some(s) => self.status().set(AuthStatus::SignedIn(s.account)),
            None => self.status().set(AuthStatus::SignedOut),
        }
    }

    /// Starts an interactive sign-in: a top-level redirect to the authorize endpoint.
    pub async fn sign_in(&self, prompt: Prompt) {
        if let Err(e) = go_to_sign_in(self.clone(), prompt).await {
            self.status().set(AuthStatus::Problem(e));
        }
    }

    /// The way to the sign-in page; called through the split point below (in the release build, from its own module).
    async fn go_to_sign_in(&self, prompt: Prompt) -> Result<(), AuthError> {
        let endpoints = self.fetch_endpoints().await?;
        let secrets = SignInSecrets::generate().ok_or(AuthError::NoSecureRandom)?;
        let redirect_uri = self.redirect_uri();
        let fragment = location().and_then(|l| l.hash().ok()).unwrap_or_default();
        let pending = PendingSignIn {
            state: secrets.state.clone(),
            verifier: oauth2::PkceCodeVerifier::new(secrets.verifier.secret().clone()),
            nonce: secrets.nonce.clone(),
            authority: self.config().authority.to_string(),
            token_endpoint: endpoints.token_endpoint.clone(),
            end_session_endpoint: endpoints.end_session_endpoint.clone(),
            issuer: endpoints.issuer.clone(),
            redirect_uri: redirect_uri.clone(),
            return_fragment: safe_return_fragment(&fragment),
            created_at_ms: now_ms(),
        };
        storage::put(PENDING_KEY, &pending)?;
        let scopes = urls::sign_in_scopes(&self.config().scopes);
        let hint = self.stored().map(|s| s.account.username);
        let url = urls::authorize_url(&urls::AuthorizeRequest {
            endpoints: &endpoints,
            client_id: &self.config().client_id,
            redirect_uri: &redirect_uri,
            scopes: &scopes,
            secrets: &secrets,
            prompt,
            login_hint: hint.as_deref(),
            client_request_id: &client_request_id(),
        })?;
        if let Some(l) = location() {
            let _ = l.assign(url.as_str());
        }
        Ok(())
    }

    /// The way back: checks the response against the pending sign-in, trades the code for tokens, checks the
    /// id token and keeps the session. Called through the split point below, like [`Session::go_to_sign_in`].
    async fn finish_sign_in(
        &self,
        pending: Option<PendingSignIn>,
        response: RedirectResponse,
    ) -> Result<(Account, String), AuthError> {
        let pending = check_state(pending, &response, now_ms())?;
        if let Some(error) = &response.error {
            let e = AuthError::from_server(ServerError::from_redirect(error, response.error_description.as_deref()));
            return Err(self.with_consent_link(e, None));
        }
        if pending.authority != self.config().authority.as_str() {
            // Bound to the authority it started with (mix-up defence).
            return Err(AuthError::StateMismatch);
        }
        let code = response.code.ok_or(AuthError::InvalidResponse(Protocol::NoCodeNorError))?;
        let scopes = urls::sign_in_scopes(&self.config().scopes);
        let PendingSignIn { verifier, nonce, issuer, token_endpoint, redirect_uri, .. } = pending;
        let tokens = super::client::request_tokens(TokenRequest {
            client_id: self.config().client_id.clone(),
            token_endpoint: token_endpoint.clone(),
            grant: Grant::Code { code: AuthorizationCode::new(code), verifier, redirect_uri },
            scopes: scopes.clone(),
            client_request_id: client_request_id(),
        })
        .await
        .map_err(|e| self.with_consent_link(e, None))?;
        let id_token = tokens.id_token.clone().ok_or(AuthError::IdTokenInvalid(IdTokenProblem::Missing))?;
        let claims = id_token::decode(&id_token)?;
        id_token::check(&claims, &issuer, &self.config().client_id, &nonce, (now_ms() / 1000.0) as i64)?;
        let account = Account::from_claims(&claims, tokens.client_info.as_deref(), &self.config().login_host());
        let refresh_token = tokens.refresh_token.clone().ok_or(AuthError::InvalidResponse(Protocol::NoRefreshToken))?;
        let stored = StoredSession {
            account: account.clone(),
            refresh_token,
            authority: pending.authority.clone(),
            client_id: self.config().client_id.clone(),
            token_endpoint: tenanted_endpoint(&token_endpoint, &self.config().tenant(), &account.tenant_id),
            end_session_endpoint: pending.end_session_endpoint.clone(),
            scopes,
            first_sign_in_ms: now_ms(),
        };
        // Another account signed in before in this tab: drop its record, one active account at a time.
        if let Some(old) = self.stored().filter(|o| o.key() != stored.key()) {
            storage::remove(&old.key());
            storage::clear_drafts();
        }
        self.save(&stored)?;
        self.hold(tokens.scopes.clone(), tokens.access_token, tokens.expires_in_s);
        Ok((account, pending.return_fragment))
    }
}

#[cfg(feature = "split")]
mod split {
    use super::super::client::Boxed;
    use super::*;

    #[leptos::wasm_split::wasm_split(
        sign_in,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(preload_sign_in),
        return_wrapper(let future = _; { future.await } -> Result<(), AuthError>)
    )]
    pub fn go_to_sign_in(session: Session, prompt: Prompt) -> Boxed<()> {
        Box::pin(async move { session.go_to_sign_in(prompt).await })
    }

    #[leptos::wasm_split::wasm_split(
        sign_in,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        return_wrapper(let future = _; { future.await } -> Result<(Account, String), AuthError>)
    )]
    pub fn finish_sign_in(
        session: Session,
        pending: Option<PendingSignIn>,
        response: RedirectResponse,
    ) -> Boxed<(Account, String)> {
        Box::pin(async move { session.finish_sign_in(pending, response).await })
    }
}

#[cfg(not(feature = "split"))]
mod split {
    use super::*;

    pub async fn go_to_sign_in(session: Session, prompt: Prompt) -> Result<(), AuthError> {
        session.go_to_sign_in(prompt).await
    }

    pub async fn finish_sign_in(
        session: Session,
        pending: Option<PendingSignIn>,
        response: RedirectResponse,
    ) -> Result<(Account, String), AuthError> {
        session.finish_sign_in(pending, response).await
    }
}
