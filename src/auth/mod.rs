//! Admin sign-in: OAuth 2.0 authorization code + PKCE against the Microsoft identity platform v2.0, the way
//! msal-browser does it, with no backend and no secret.
//!
//! Pure parts (tested natively): [`pkce`], [`transaction`] (state, return path), [`urls`] (discovery,
//! authorize, logout, admin consent), [`id_token`], [`account`], [`error`], and the rules in [`session`].
//! Browser parts: [`http_client`] (oauth2 over gloo-net), [`client`] (token requests), [`storage`]
//! (sessionStorage), [`session::Session`], and [`sign_in_module`] (what only signing in needs, a module of
//! its own in the release build).

pub mod account;
pub mod client;
pub mod error;
pub mod http_client;
pub mod id_token;
pub mod pkce;
pub mod session;
pub mod sign_in_module;
pub mod storage;
pub mod transaction;
pub mod urls;
