//! Endpoints from the discovery document, and the URLs the browser navigates to: authorize (built by the
//! oauth2 crate), logout and admin consent.

use super::error::{AuthError, Protocol};
use super::pkce::SignInSecrets;
use crate::config::is_secure_or_loopback;
use crate::web::whatwg_url::WebUrl;
use oauth2::basic::BasicClient;
use oauth2::{AuthUrl, ClientId, PkceCodeChallenge, RedirectUrl, Scope};
use serde::{Deserialize, Serialize};

/// The OIDC scopes every sign-in asks for, besides the Graph scopes in config.
pub const OIDC_SCOPES: &[&str] = &["openid", "profile", "offline_access"];

/// The parts of `{authority}/v2.0/.well-known/openid-configuration` the app uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Endpoints {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
}

pub fn discovery_url(authority: &WebUrl) -> String {
    format!("{}/v2.0/.well-known/openid-configuration", authority.as_str().trim_end_matches('/'))
}

impl Endpoints {
    /// Parses a discovery document; every endpoint must be https (or http on loopback).
    pub fn from_discovery(json: &str) -> Result<Endpoints, AuthError> {
        let e: Endpoints = serde_json::from_str(json)
            .map_err(|e| AuthError::InvalidResponse(Protocol::DiscoveryUnreadable(e.to_string())))?;
        for (name, value) in [
            ("authorization_endpoint", Some(&e.authorization_endpoint)),
            ("token_endpoint", Some(&e.token_endpoint)),
            ("end_session_endpoint", e.end_session_endpoint.as_ref()),
        ] {
            if let Some(v) = value {
                let ok = WebUrl::parse(v).map(|u| is_secure_or_loopback(&u)).unwrap_or(false);
                if !ok {
                    return Err(AuthError::InvalidResponse(Protocol::InsecureEndpoint { name, url: v.clone() }));
                }
            }
        }
        Ok(e)
    }
}

/// The scope list of a sign-in: OIDC scopes first, then the Graph scopes.
pub fn sign_in_scopes(graph_scopes: &[String]) -> Vec<String> {
    OIDC_SCOPES.iter().map(|s| s.to_string()).chain(graph_scopes.iter().cloned()).collect()
}

/// The `prompt` of an interactive sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    /// No prompt: Entra decides (single sign-on when it can).
    Default,
    /// The account picker, to switch accounts.
    SelectAccount,
}

impl Prompt {
    fn param(self) -> Option<&'static str> {
        match self {
            Prompt::Default => None,
            Prompt::SelectAccount => Some("select_account"),
        }
    }
}

pub struct AuthorizeRequest<'a> {
    pub endpoints: &'a Endpoints,
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub scopes: &'a [String],
    pub secrets: &'a SignInSecrets,
    pub prompt: Prompt,
    pub login_hint: Option<&'a str>,
    pub client_request_id: &'a str,
}

/// The authorize URL: code flow, PKCE S256, `state`, `nonce`, query response mode and `client_info=1`.
pub fn authorize_url(r: &AuthorizeRequest<'_>) -> Result<url::Url, AuthError> {
    let invalid = |what: &'static str, e: url::ParseError| {
        AuthError::InvalidResponse(Protocol::BadUrl { what, detail: e.to_string() })
    };
    let client = BasicClient::new(ClientId::new(r.client_id.to_string()))
        .set_auth_uri(
            AuthUrl::new(r.endpoints.authorization_endpoint.clone())
                .map_err(|e| invalid("authorization_endpoint", e))?,
        )
        .set_redirect_uri(RedirectUrl::new(r.redirect_uri.to_string()).map_err(|e| invalid("redirectUri", e))?);
    let state = r.secrets.state.clone();
    let challenge = PkceCodeChallenge::from_code_verifier_sha256(&r.secrets.verifier);
    let mut req = client
        .authorize_url(move || state)
        .add_scopes(r.scopes.iter().map(|s| Scope::new(s.clone())))
        .set_pkce_challenge(challenge)
        .add_extra_param("response_mode", "query")
        .add_extra_param("nonce", r.secrets.nonce.secret().clone())
        .add_extra_param("client_info", "1")
        .add_extra_param("client-request-id", r.client_request_id.to_string());
    if let Some(p) = r.prompt.param() {
        req = req.add_extra_param("prompt", p);
    }
    // msal's rule: a login hint and the account picker do not go together.
    if let Some(h) = r.login_hint.filter(|_| r.prompt != Prompt::SelectAccount) {
        req = req.add_extra_param("login_hint", h.to_string());
    }
    Ok(req.url().0)
}

/// A query's `name=value`, form-encoded as a browser's form or `url`'s `append_pair` writes it.
fn pair(name: &str, value: &str) -> String {
    let encoded: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    format!("{name}={encoded}")
}

/// The end-session URL; `None` when the provider has no end-session endpoint.
pub fn logout_url(endpoints: &Endpoints, post_logout_redirect_uri: &str) -> Option<String> {
    let base = WebUrl::parse(endpoints.end_session_endpoint.as_ref()?).ok()?;
    let (before, fragment) = match base.fragment() {
        Some(f) => (&base.as_str()[..base.as_str().len() - f.len() - 1], format!("#{f}")),
        None => (base.as_str(), String::new()),
    };
    let joint = match base.query() {
        None => "?",
        Some("") => "",
        Some(_) => "&",
    };
    Some(format!("{before}{joint}{}{fragment}", pair("post_logout_redirect_uri", post_logout_redirect_uri)))
}

/// The tenant-wide admin consent link: `{login host}/{tenant}/v2.0/adminconsent?client_id=…`.
pub fn admin_consent_url(authority: &WebUrl, tenant: &str, client_id: &str, redirect_uri: &str) -> String {
    let query = [pair("client_id", client_id), pair("redirect_uri", redirect_uri)].join("&");
    format!("{}/{tenant}/v2.0/adminconsent?{query}", authority.origin())
}

/// The registered redirect URI: from config, else the page's URL without query or fragment.
pub fn redirect_uri(configured: Option<&WebUrl>, page_href: &str) -> String {
    if let Some(u) = configured {
        return u.to_string();
    }
    match WebUrl::parse(page_href) {
        Ok(u) => u.without_query().to_string(),
        Err(_) => page_href.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oauth2::{CsrfToken, PkceCodeVerifier};

    fn endpoints() -> Endpoints {
        Endpoints::from_discovery(r#"{"issuer":"https://login.microsoftonline.com/{tenantid}/v2.0","authorization_endpoint":"https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize","token_endpoint":"https://login.microsoftonline.com/organizations/oauth2/v2.0/token","end_session_endpoint":"https://login.microsoftonline.com/organizations/oauth2/v2.0/logout","jwks_uri":"x"}"#).unwrap()
    }

    #[test]
    fn discovery_must_name_secure_endpoints() {
        assert_eq!(endpoints().token_endpoint, "https://login.microsoftonline.com/organizations/oauth2/v2.0/token");
        assert!(Endpoints::from_discovery(
            r#"{"issuer":"i","authorization_endpoint":"http://evil.example/a","token_endpoint":"https://x.example/t"}"#
        )
        .is_err());
        assert!(Endpoints::from_discovery("not json").is_err());
        assert!(Endpoints::from_discovery(r#"{"issuer":"i","authorization_endpoint":"http://127.0.0.1:8400/a","token_endpoint":"http://127.0.0.1:8400/t"}"#).is_ok());
    }

    #[test]
    fn authorize_url_has_every_parameter() {
        let secrets = SignInSecrets {
            verifier: PkceCodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into()),
            challenge: String::new(),
            state: CsrfToken::new("st".into()),
            nonce: CsrfToken::new("no".into()),
        };
        let scopes = sign_in_scopes(&["https://graph.microsoft.com/User.Invite.All".to_string()]);
        let ep = endpoints();
        let u = authorize_url(&AuthorizeRequest {
            endpoints: &ep,
            client_id: "cid",
            redirect_uri: "https://intranet.example/tools/b2b/",
            scopes: &scopes,
            secrets: &secrets,
            prompt: Prompt::SelectAccount,
            login_hint: Some("a@b.example"),
            client_request_id: "crid",
        })
        .unwrap();
        let q: std::collections::HashMap<String, String> = u.query_pairs().into_owned().collect();
        assert_eq!(u.path(), "/organizations/oauth2/v2.0/authorize");
        assert_eq!(q["client_id"], "cid");
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["redirect_uri"], "https://intranet.example/tools/b2b/");
        assert_eq!(q["scope"], "openid profile offline_access https://graph.microsoft.com/User.Invite.All");
        assert_eq!(q["state"], "st");
        assert_eq!(q["nonce"], "no");
        assert_eq!(q["code_challenge"], "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["response_mode"], "query");
        assert_eq!(q["client_info"], "1");
        assert_eq!(q["prompt"], "select_account");
        assert!(!q.contains_key("login_hint"), "no login_hint with the account picker");
    }

    #[test]
    fn logout_and_admin_consent_urls() {
        assert_eq!(
            logout_url(&endpoints(), "https://intranet.example/tools/b2b/").unwrap(),
            "https://login.microsoftonline.com/organizations/oauth2/v2.0/logout?post_logout_redirect_uri=https%3A%2F%2Fintranet.example%2Ftools%2Fb2b%2F"
        );
        let authority = WebUrl::parse("https://login.microsoftonline.us/contoso.onmicrosoft.us").unwrap();
        assert_eq!(
            admin_consent_url(&authority, "tid-1", "cid", "https://x.example/"),
            "https://login.microsoftonline.us/tid-1/v2.0/adminconsent?client_id=cid&redirect_uri=https%3A%2F%2Fx.example%2F"
        );
    }

    #[test]
    fn redirect_uri_defaults_to_the_page_without_query_or_fragment() {
        assert_eq!(
            redirect_uri(None, "https://intranet.example/tools/b2b/?code=x&state=y#/invite"),
            "https://intranet.example/tools/b2b/"
        );
        let configured = WebUrl::parse("https://app.example/").unwrap();
        assert_eq!(redirect_uri(Some(&configured), "https://other.example/"), "https://app.example/");
    }
}
