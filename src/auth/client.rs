//! Token requests through the oauth2 crate: the code exchange and the refresh, with Entra's extra response
//! fields (`id_token`, `client_info`) and its full error body kept. In the release build this code lives in
//! the sign-in module (`sign_in_module`).

#[cfg(feature = "split")]
use super::error::Stage;
use super::error::{AuthError, Protocol, ServerError};
use super::http_client::FetchClient;
use oauth2::basic::{BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType};
use oauth2::{
    AccessToken, AuthorizationCode, Client, ClientId, EndpointNotSet, EndpointSet, ExtraTokenFields, PkceCodeVerifier,
    RedirectUrl, RefreshToken, RequestTokenError, Scope, StandardRevocableToken, StandardTokenResponse, TokenResponse,
    TokenUrl,
};
use serde::{Deserialize, Serialize};

/// Entra's fields beyond RFC 6749.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EntraExtra {
    #[serde(default)]
    pub id_token: Option<String>,
    #[serde(default)]
    pub client_info: Option<String>,
    #[serde(default)]
    pub ext_expires_in: Option<u64>,
}

impl ExtraTokenFields for EntraExtra {}

pub type EntraTokenResponse = StandardTokenResponse<EntraExtra, BasicTokenType>;

type TokenClient = Client<
    ServerError,
    EntraTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// What a token response gives the session; the tokens are oauth2's secret types (redacted `Debug`).
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access_token: AccessToken,
    pub expires_in_s: u64,
    pub refresh_token: Option<RefreshToken>,
    pub id_token: Option<String>,
    pub client_info: Option<String>,
    pub scopes: Vec<String>,
}

impl From<EntraTokenResponse> for Tokens {
    fn from(r: EntraTokenResponse) -> Self {
        Tokens {
            access_token: r.access_token().clone(),
            expires_in_s: r.expires_in().map(|d| d.as_secs()).unwrap_or(3600),
            refresh_token: r.refresh_token().cloned(),
            id_token: r.extra_fields().id_token.clone(),
            client_info: r.extra_fields().client_info.clone(),
            scopes: r.scopes().map(|s| s.iter().map(|x| x.to_string()).collect()).unwrap_or_default(),
        }
    }
}

fn client(client_id: &str, token_endpoint: &str, redirect_uri: Option<&str>) -> Result<TokenClient, AuthError> {
    let mut c = Client::new(ClientId::new(client_id.to_string())).set_token_uri(
        TokenUrl::new(token_endpoint.to_string()).map_err(|e| {
            AuthError::InvalidResponse(Protocol::BadUrl { what: "token_endpoint", detail: e.to_string() })
        })?,
    );
    if let Some(r) = redirect_uri {
        c = c.set_redirect_uri(RedirectUrl::new(r.to_string()).map_err(|e| {
            AuthError::InvalidResponse(Protocol::BadUrl { what: "redirectUri", detail: e.to_string() })
        })?);
    }
    Ok(c)
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.host_str().map(|h| match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_string(),
            })
        })
        .unwrap_or_else(|| url.to_string())
}

fn map_error<E: std::error::Error>(token_endpoint: &str, e: RequestTokenError<E, ServerError>) -> AuthError {
    match e {
        RequestTokenError::ServerResponse(s) => AuthError::from_server(s),
        // A fetch TypeError: offline, DNS, a refused redirect, or a response without CORS headers.
        RequestTokenError::Request(e) => {
            AuthError::NetworkOrCors { host: host_of(token_endpoint), detail: e.to_string() }
        }
        RequestTokenError::Parse(e, _) => AuthError::InvalidResponse(Protocol::TokenResponseUnreadable(e.to_string())),
        RequestTokenError::Other(s) => AuthError::InvalidResponse(Protocol::Other(s)),
    }
}

/// What a token request trades for tokens.
pub enum Grant {
    /// A one-time authorization code with its PKCE verifier, for the redirect URI the sign-in used.
    Code { code: AuthorizationCode, verifier: PkceCodeVerifier, redirect_uri: String },
    /// A refresh token (the response carries a new one: refresh tokens rotate).
    Refresh(RefreshToken),
}

/// A token request: where, for whom, what it trades and the scopes. Owned, because in the release build it
/// crosses into the module that holds oauth2's token machinery (see [`request_tokens`]).
pub struct TokenRequest {
    pub client_id: String,
    pub token_endpoint: String,
    pub grant: Grant,
    pub scopes: Vec<String>,
    pub client_request_id: String,
}

/// Sends a token request (the code exchange, or a renewal's refresh). In the release build it is a split point
/// into the sign-in module, which holds oauth2's token machinery.
pub async fn request_tokens(r: TokenRequest) -> Result<Tokens, AuthError> {
    split::request_tokens(r).await
}

/// What a split point of the sign-in module returns: its future, boxed to cross the module boundary.
#[cfg(feature = "split")]
pub(super) type Boxed<T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, AuthError>>>>;

#[cfg(feature = "split")]
mod split {
    use super::*;

    #[leptos::wasm_split::wasm_split(
        sign_in,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        return_wrapper(let future = _; { future.await } -> Result<Tokens, AuthError>)
    )]
    pub fn request_tokens(r: TokenRequest) -> Boxed<Tokens> {
        Box::pin(send(r))
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

    pub async fn request_tokens(r: TokenRequest) -> Result<Tokens, AuthError> {
        send(r).await
    }
}

async fn send(r: TokenRequest) -> Result<Tokens, AuthError> {
    let TokenRequest { client_id, token_endpoint, grant, scopes, client_request_id } = r;
    let result = match grant {
        Grant::Code { code, verifier, redirect_uri } => {
            client(&client_id, &token_endpoint, Some(&redirect_uri))?
                .exchange_code(code)
                .set_pkce_verifier(verifier)
                .add_extra_param("scope", scopes.join(" "))
                .add_extra_param("client_info", "1")
                // In the body, not a header: a custom header would make the token request preflighted.
                .add_extra_param("client-request-id", client_request_id)
                .request_async(&FetchClient)
                .await
        }
        Grant::Refresh(refresh_token) => {
            client(&client_id, &token_endpoint, None)?
                .exchange_refresh_token(&refresh_token)
                .add_scopes(scopes.into_iter().map(Scope::new))
                .add_extra_param("client_info", "1")
                .add_extra_param("client-request-id", client_request_id)
                .request_async(&FetchClient)
                .await
        }
    };
    result.map(Tokens::from).map_err(|e| map_error(&token_endpoint, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_and_error_bodies_parse() {
        let ok: EntraTokenResponse = serde_json::from_str(r#"{"token_type":"Bearer","scope":"https://graph.microsoft.com/User.Invite.All openid","expires_in":3599,"ext_expires_in":3599,"access_token":"at","refresh_token":"rt","id_token":"it","client_info":"ci"}"#).unwrap();
        let t = Tokens::from(ok);
        assert_eq!(
            (
                t.access_token.secret().as_str(),
                t.refresh_token.as_ref().map(|r| r.secret().as_str()),
                t.id_token.as_deref(),
                t.client_info.as_deref(),
                t.expires_in_s
            ),
            ("at", Some("rt"), Some("it"), Some("ci"), 3599)
        );
        assert_eq!(t.scopes, vec!["https://graph.microsoft.com/User.Invite.All", "openid"]);
        let e: ServerError = serde_json::from_str(r#"{"error":"invalid_grant","error_description":"AADSTS700084: …","error_codes":[700084],"timestamp":"2026-01-01 00:00:00Z","trace_id":"t","correlation_id":"c","suberror":"bad_token"}"#).unwrap();
        assert!(matches!(AuthError::from_server(e), AuthError::InteractionRequired { .. }));
    }

    #[test]
    fn tokens_never_show_in_debug_output() {
        let ok: EntraTokenResponse = serde_json::from_str(
            r#"{"token_type":"Bearer","expires_in":3599,"access_token":"at-SECRET","refresh_token":"rt-SECRET"}"#,
        )
        .unwrap();
        let shown = format!("{:?}", Tokens::from(ok));
        assert!(!shown.contains("at-SECRET") && !shown.contains("rt-SECRET"), "{shown}");
    }

    #[test]
    fn network_failures_name_the_host() {
        #[derive(Debug, thiserror::Error)]
        #[error("TypeError: Failed to fetch")]
        struct E;
        let e = map_error::<E>("https://login.microsoftonline.com/x/oauth2/v2.0/token", RequestTokenError::Request(E));
        assert!(matches!(e, AuthError::NetworkOrCors { host, .. } if host == "login.microsoftonline.com"));
    }
}
