//! The sign-in module: what only signing in needs (the way to the sign-in page, the way back from it, and
//! oauth2's token requests, which renewals use too). The release build (`split` feature) cuts it into a module
//! of its own, because a first visit needs none of it before its Sign in button works: the account bar fetches
//! it in the background once the button is shown, a return from the sign-in page fetches it beside the main
//! module (a preload in `index.html`), and a signed-in page fetches it with the admin views. Without the
//! feature (tests, clippy) these are plain calls.

use super::account::Account;
use super::client::{self, TokenRequest, Tokens};
use super::error::{AuthError, Stage};
use super::session::{Prompt, Session};
use super::transaction::{PendingSignIn, RedirectResponse};

/// Leaves for the sign-in page (a top-level redirect), or says why it could not.
pub async fn go_to_sign_in(session: Session, prompt: Prompt) -> Result<(), AuthError> {
    match split::go_to_sign_in(session, prompt).await {
        // Nothing was sent yet: it is the start that failed, not the return.
        Err(AuthError::ModuleNotLoaded(_)) => Err(AuthError::ModuleNotLoaded(Stage::Start)),
        other => other,
    }
}

/// Completes the sign-in the address bar came back with: the account, and the view to return to.
pub async fn finish_sign_in(
    session: Session,
    pending: Option<PendingSignIn>,
    response: RedirectResponse,
) -> Result<(Account, String), AuthError> {
    split::finish_sign_in(session, pending, response).await
}

/// Sends a token request (the code exchange, or a renewal's refresh).
pub async fn request_tokens(r: TokenRequest) -> Result<Tokens, AuthError> {
    split::request_tokens(r).await
}

/// Fetches the module ahead of its first use; a failure is left for that use to report.
pub async fn preload() {
    #[cfg(feature = "split")]
    let _ = split::preload_sign_in().await;
}

#[cfg(feature = "split")]
mod split {
    use super::*;
    use std::future::Future;
    use std::pin::Pin;

    type Boxed<T> = Pin<Box<dyn Future<Output = Result<T, AuthError>>>>;

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

    #[leptos::wasm_split::wasm_split(
        sign_in,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        return_wrapper(let future = _; { future.await } -> Result<Tokens, AuthError>)
    )]
    pub fn request_tokens(r: TokenRequest) -> Boxed<Tokens> {
        Box::pin(client::send(r))
    }

    impl From<leptos::wasm_split::SplitLoaderError> for AuthError {
        fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
            AuthError::ModuleNotLoaded(Stage::Finish)
        }
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

    pub async fn request_tokens(r: TokenRequest) -> Result<Tokens, AuthError> {
        client::send(r).await
    }
}
