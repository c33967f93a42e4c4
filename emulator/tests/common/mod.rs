//! Drives the emulator over HTTP as a browser would: the HTML sign-in form, then `/token` with an Origin.
#![allow(dead_code)]

use entra_emulator::seed::Seed;
use entra_emulator::state::Lifetimes;
use entra_emulator::{start, Options, Running};
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};
use serde_json::Value;

pub const CLIENT: &str = "b2b00000-0000-4000-8000-0000000000a1";
pub const REDIRECT: &str = "http://127.0.0.1:8080/tools/b2b/";
pub const ORIGIN: &str = "http://127.0.0.1:8080";
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
pub const SCOPES: &str = "openid profile offline_access https://graph.microsoft.com/User.Invite.All https://graph.microsoft.com/User.Read.All https://graph.microsoft.com/EntitlementManagement.Read.All";
pub const ADMIN: (&str, &str) = ("admin@contoso.onmicrosoft.com", "Demo-Admin-1!");
pub const INVITER: (&str, &str) = ("inviter@contoso.onmicrosoft.com", "Demo-Inviter-1!");
pub const MEMBER: (&str, &str) = ("member@contoso.onmicrosoft.com", "Demo-Member-1!");

pub struct Emu {
    pub running: Running,
    pub http: reqwest::Client,
}

pub async fn emu() -> Emu {
    emu_with(Seed::demo(), Lifetimes::default()).await
}

pub async fn emu_with(seed: Seed, lifetimes: Lifetimes) -> Emu {
    let running = start(Options { port: 0, seed, lifetimes, ..Options::default() }).await.expect("emulator starts");
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    Emu { running, http }
}

pub fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..].split('"').next()?.replace("&quot;", "\"").replace("&amp;", "&"))
}

pub fn query_of(location: &str) -> Vec<(String, String)> {
    url::Url::parse(location)
        .map(|u| u.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
        .unwrap_or_default()
}

pub fn param(location: &str, name: &str) -> Option<String> {
    query_of(location).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

impl Emu {
    /// Where requests go: the listening address (the public URL may name a proxy that does not exist here).
    pub fn base(&self) -> &str {
        &self.running.listen_url
    }

    pub async fn get_json(&self, url: &str) -> Value {
        self.http.get(url).send().await.unwrap().json().await.unwrap()
    }

    pub fn authorize_url(&self, extra: &[(&str, &str)]) -> String {
        let mut u = url::Url::parse(&format!("{}/contoso.onmicrosoft.com/oauth2/v2.0/authorize", self.base())).unwrap();
        {
            let mut q = u.query_pairs_mut();
            for (k, v) in [
                ("client_id", CLIENT),
                ("response_type", "code"),
                ("redirect_uri", REDIRECT),
                ("response_mode", "query"),
                ("scope", SCOPES),
                ("state", "st4te"),
                ("nonce", "n0nce"),
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256"),
                ("client_info", "1"),
            ] {
                if !extra.iter().any(|(ek, _)| *ek == k) {
                    q.append_pair(k, v);
                }
            }
            for (k, v) in extra {
                if !v.is_empty() {
                    q.append_pair(k, v);
                }
            }
        }
        u.to_string()
    }

    /// Posts the sign-in form; returns the response (a redirect on success).
    pub async fn submit_login(&self, authorize: &str, user: (&str, &str)) -> reqwest::Response {
        let page = self.http.get(authorize).send().await.unwrap().text().await.unwrap();
        let ctx = hidden(&page, "ctx").unwrap_or_else(|| panic!("no sign-in form in:\n{page}"));
        self.http
            .post(format!("{}/contoso.onmicrosoft.com/login", self.base()))
            .form(&[("ctx", ctx.as_str()), ("loginfmt", user.0), ("passwd", user.1)])
            .send()
            .await
            .unwrap()
    }

    /// The full PKCE flow through the HTML forms; returns the authorization code.
    pub async fn code_for(&self, user: (&str, &str)) -> String {
        let r = self.submit_login(&self.authorize_url(&[]), user).await;
        assert_eq!(r.status(), 303, "sign-in should redirect");
        let loc = r.headers()[LOCATION].to_str().unwrap().to_string();
        assert!(loc.starts_with(REDIRECT), "{loc}");
        assert_eq!(param(&loc, "state").as_deref(), Some("st4te"));
        param(&loc, "code").expect("code in redirect")
    }

    pub async fn token(&self, form: &[(&str, &str)], origin: Option<&str>) -> (u16, Value, HeaderMap) {
        let mut req = self.http.post(format!("{}/contoso.onmicrosoft.com/oauth2/v2.0/token", self.base())).form(form);
        if let Some(o) = origin {
            req = req.header("Origin", o);
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        (status, r.json().await.unwrap_or(Value::Null), headers)
    }

    pub async fn redeem_code(&self, code: &str) -> (u16, Value, HeaderMap) {
        self.token(
            &[
                ("client_id", CLIENT),
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", VERIFIER),
                ("scope", SCOPES),
                ("client_info", "1"),
            ],
            Some(ORIGIN),
        )
        .await
    }

    /// Signs in and returns the token response.
    pub async fn sign_in(&self, user: (&str, &str)) -> Value {
        let code = self.code_for(user).await;
        let (status, body, _) = self.redeem_code(&code).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// An access token for these scopes (the app must hold consent for them).
    pub async fn access_token_for(&self, user: (&str, &str), scopes: &str) -> String {
        let r = self.submit_login(&self.authorize_url(&[("scope", scopes)]), user).await;
        let loc = r.headers()[LOCATION].to_str().unwrap().to_string();
        let code = param(&loc, "code").unwrap_or_else(|| panic!("no code in {loc}"));
        let form = [
            ("client_id", CLIENT),
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
            ("scope", scopes),
        ];
        let (status, body, _) = self.token(&form, Some(ORIGIN)).await;
        assert_eq!(status, 200, "{body}");
        body["access_token"].as_str().unwrap().to_string()
    }

    pub async fn access_token(&self, user: (&str, &str)) -> String {
        self.sign_in(user).await["access_token"].as_str().unwrap().to_string()
    }

    pub async fn graph(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> (u16, Value, HeaderMap) {
        let mut req = self.http.request(method, format!("{}/graph/v1.0{path}", self.base())).bearer_auth(token);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let h = r.headers().clone();
        let text = r.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)), h)
    }

    pub async fn control(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.http.request(method, format!("{}/_emulator/{path}", self.base()));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let text = req.send().await.unwrap().text().await.unwrap_or_default();
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    }
}

pub fn set_cookie(h: &HeaderMap) -> Option<String> {
    h.get(SET_COOKIE).and_then(|v| v.to_str().ok()).map(|v| v.split(';').next().unwrap_or_default().to_string())
}

pub fn jwt_claims(token: &str) -> Value {
    use base64::Engine;
    let part = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}
