//! The identity platform endpoints over HTTP: discovery, the HTML sign-in and consent, PKCE, codes,
//! refresh rotation and the SPA limit, the Origin rules, CORS, errors and logout.

mod common;
use common::*;
use reqwest::header::LOCATION;
use reqwest::Method;
use serde_json::{json, Value};

fn aadsts(body: &Value) -> u64 {
    body["error_codes"][0].as_u64().unwrap_or(0)
}

#[tokio::test]
async fn discovery_and_keys() {
    let e = emu().await;
    for tenant in ["contoso.onmicrosoft.com", "6d3f1c2a-4b5e-4f60-8a71-9b2c3d4e5f60", "organizations"] {
        let d: Value = e.get_json(&format!("{}/{tenant}/v2.0/.well-known/openid-configuration", e.base())).await;
        assert!(d["authorization_endpoint"].as_str().unwrap().ends_with(&format!("/{tenant}/oauth2/v2.0/authorize")));
        assert!(d["token_endpoint"].as_str().unwrap().starts_with(e.base()));
    }
    let d: Value = e.get_json(&format!("{}/organizations/v2.0/.well-known/openid-configuration", e.base())).await;
    assert_eq!(d["issuer"], format!("{}/{{tenantid}}/v2.0", e.base()));
    let r =
        e.http.get(format!("{}/nope.example/v2.0/.well-known/openid-configuration", e.base())).send().await.unwrap();
    assert_eq!(r.status(), 400);
    let keys: Value = e.get_json(&format!("{}/organizations/discovery/v2.0/keys", e.base())).await;
    assert_eq!(keys["keys"][0]["kty"], "RSA");
}

#[tokio::test]
async fn full_pkce_flow_through_the_html_forms() {
    let e = emu().await;
    let page = e
        .http
        .get(e.authorize_url(&[("login_hint", "admin@contoso.onmicrosoft.com")]))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("name=\"loginfmt\"") && page.contains("name=\"passwd\""));
    assert!(
        page.contains("action=\"/contoso.onmicrosoft.com/login\""),
        "the form posts to the tenant's login path: {page}"
    );
    assert!(page.contains("value=\"admin@contoso.onmicrosoft.com\""), "login_hint pre-fills the name");

    // Wrong password: the page says so and nothing is issued.
    let r = e.submit_login(&e.authorize_url(&[]), (ADMIN.0, "wrong")).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Your account or password is incorrect"));

    let tokens = e.sign_in(ADMIN).await;
    assert_eq!(tokens["token_type"], "Bearer");
    assert!(tokens["refresh_token"].as_str().is_some());
    let id = jwt_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(id["aud"], CLIENT);
    assert_eq!(id["nonce"], "n0nce");
    assert_eq!(id["preferred_username"], ADMIN.0);
    assert_eq!(id["iss"], format!("{}/6d3f1c2a-4b5e-4f60-8a71-9b2c3d4e5f60/v2.0", e.base()));
    let at = jwt_claims(tokens["access_token"].as_str().unwrap());
    assert_eq!(at["scp"], "User.Invite.All User.Read.All EntitlementManagement.Read.All");
    assert_eq!(at["aud"], "https://graph.microsoft.com");
    assert!(at["exp"].as_i64().unwrap() > at["iat"].as_i64().unwrap());
    use base64::Engine;
    let ci: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(tokens["client_info"].as_str().unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!(ci["uid"], "a0000001-0000-4000-8000-000000000001");
    assert!(tokens["scope"].as_str().unwrap().contains("https://graph.microsoft.com/User.Invite.All"));
}

#[tokio::test]
async fn code_rules_reuse_verifier_redirect_origin_expiry() {
    let e = emu().await;
    // Wrong verifier.
    let code = e.code_for(ADMIN).await;
    let (s, b, _) = e
        .token(
            &[
                ("client_id", CLIENT),
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", "wrong-verifier-wrong-verifier-wrong-verifier"),
            ],
            Some(ORIGIN),
        )
        .await;
    assert_eq!((s, b["error"].as_str(), aadsts(&b)), (400, Some("invalid_grant"), 501481));
    // Wrong redirect URI.
    let (s, b, _) = e
        .token(
            &[
                ("client_id", CLIENT),
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", "http://127.0.0.1:8080/other/"),
                ("code_verifier", VERIFIER),
            ],
            Some(ORIGIN),
        )
        .await;
    assert_eq!((s, b["error"].as_str()), (400, Some("invalid_grant")));
    // Missing Origin: a SPA code cannot be redeemed server-side.
    let (s, b, _) = e
        .token(
            &[
                ("client_id", CLIENT),
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", VERIFIER),
            ],
            None,
        )
        .await;
    assert_eq!((s, aadsts(&b)), (400, 9002327));
    assert!(b["error_description"].as_str().unwrap().starts_with("AADSTS9002327"));
    for k in ["timestamp", "trace_id", "correlation_id"] {
        assert!(b[k].is_string(), "{k} in {b}");
    }
    // The real redemption works once; a reuse is refused.
    let (s, _, h) = e.redeem_code(&code).await;
    assert_eq!(s, 200);
    assert_eq!(h["access-control-allow-origin"], ORIGIN);
    let (s, b, _) = e.redeem_code(&code).await;
    assert_eq!((s, aadsts(&b)), (400, 54005));
    // Codes expire after 10 minutes.
    let code = e.code_for(ADMIN).await;
    e.control(Method::POST, "clock", Some(json!({"advance_s": 601}))).await;
    let (s, b, _) = e.redeem_code(&code).await;
    assert_eq!((s, aadsts(&b)), (400, 70008));
    // Unknown client.
    let (s, b, _) = e
        .token(
            &[
                ("client_id", "00000000-1111-2222-3333-444444444444"),
                ("grant_type", "authorization_code"),
                ("code", "x"),
            ],
            Some(ORIGIN),
        )
        .await;
    assert_eq!((s, b["error"].as_str()), (400, Some("unauthorized_client")));
}

#[tokio::test]
async fn authorize_validation() {
    let e = emu().await;
    // Unregistered redirect URI: an error page, never a redirect.
    let r = e.http.get(e.authorize_url(&[("redirect_uri", "https://evil.example/")])).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.headers().get(LOCATION).is_none());
    assert!(r.text().await.unwrap().contains("AADSTS50011"));
    // Unknown client.
    let r = e.http.get(e.authorize_url(&[("client_id", "00000000-1111-2222-3333-444444444444")])).send().await.unwrap();
    assert!(r.text().await.unwrap().contains("AADSTS700016"));
    // PKCE: missing, plain, wrong size; all go back to the app with state.
    for (extra, code) in [
        (vec![("code_challenge", ""), ("code_challenge_method", "")], "9002325"),
        (vec![("code_challenge_method", "plain")], "5000539"),
        (vec![("code_challenge", "short")], "50147"),
    ] {
        let mut params: Vec<(&str, &str)> = extra.clone();
        if extra.iter().any(|(k, v)| *k == "code_challenge" && v.is_empty()) {
            params = vec![("code_challenge", ""), ("code_challenge_method", "")];
        }
        let url = e.authorize_url(&params);
        let url = if code == "9002325" {
            url.replace(&format!("&code_challenge={CHALLENGE}"), "").replace("&code_challenge_method=S256", "")
        } else {
            url
        };
        let r = e.http.get(url).send().await.unwrap();
        let loc = r.headers()[LOCATION].to_str().unwrap().to_string();
        assert_eq!(param(&loc, "error").as_deref(), Some("invalid_request"), "{loc}");
        assert!(param(&loc, "error_description").unwrap().starts_with(&format!("AADSTS{code}")), "{loc}");
        assert_eq!(param(&loc, "state").as_deref(), Some("st4te"));
    }
    // prompt=none without a session.
    let r = e.http.get(e.authorize_url(&[("prompt", "none")])).send().await.unwrap();
    let loc = r.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(param(&loc, "error").as_deref(), Some("login_required"));
    // response_type must be code.
    let r = e.http.get(e.authorize_url(&[("response_type", "token")])).send().await.unwrap();
    assert_eq!(param(r.headers()[LOCATION].to_str().unwrap(), "error").as_deref(), Some("unsupported_response_type"));
}

#[tokio::test]
async fn session_prompt_and_logout() {
    let e = emu().await;
    let r = e.submit_login(&e.authorize_url(&[]), ADMIN).await;
    let cookie = set_cookie(r.headers()).expect("session cookie");
    // With the session, prompt=none and a plain authorize return a code; select_account shows the form.
    let r = e.http.get(e.authorize_url(&[("prompt", "none")])).header("Cookie", &cookie).send().await.unwrap();
    assert!(param(r.headers()[LOCATION].to_str().unwrap(), "code").is_some());
    let page = e
        .http
        .get(e.authorize_url(&[("prompt", "select_account")]))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("loginfmt"));
    // Logout to a registered URI redirects and ends the session.
    let r = e
        .http
        .get(format!(
            "{}/contoso.onmicrosoft.com/oauth2/v2.0/logout?post_logout_redirect_uri={}&state=bye",
            e.base(),
            url::form_urlencoded::byte_serialize(REDIRECT.as_bytes()).collect::<String>()
        ))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()[LOCATION].to_str().unwrap(), format!("{REDIRECT}?state=bye"));
    let r = e.http.get(e.authorize_url(&[("prompt", "none")])).header("Cookie", &cookie).send().await.unwrap();
    assert_eq!(param(r.headers()[LOCATION].to_str().unwrap(), "error").as_deref(), Some("login_required"));
    // An unregistered post-logout URI is not followed.
    let r = e
        .http
        .get(format!(
            "{}/contoso.onmicrosoft.com/oauth2/v2.0/logout?post_logout_redirect_uri=https%3A%2F%2Fevil.example%2F",
            e.base()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn consent_page_accept_and_deny() {
    let mut seed = entra_emulator::seed::Seed::demo();
    seed.apps[0].consented_scopes.clear();
    let e = emu_with(seed, Default::default()).await;
    // A non-admin sees "Need admin approval" and can only go back, with consent_required.
    let r = e.submit_login(&e.authorize_url(&[]), MEMBER).await;
    let cookie = set_cookie(r.headers()).unwrap();
    let page = r.text().await.unwrap();
    assert!(page.contains("Need admin approval") && !page.contains("value=\"accept\""));
    let r = e
        .http
        .post(format!("{}/contoso.onmicrosoft.com/consent", e.base()))
        .header("Cookie", &cookie)
        .form(&[
            ("ctx", hidden(&page, "ctx").unwrap().as_str()),
            ("user", "a0000001-0000-4000-8000-000000000003"),
            ("decision", "accept"),
        ])
        .send()
        .await
        .unwrap();
    let loc = r.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(param(&loc, "error").as_deref(), Some("consent_required"));
    assert!(param(&loc, "error_description").unwrap().starts_with("AADSTS90094"));
    // An admin may deny...
    let r = e.submit_login(&e.authorize_url(&[]), ADMIN).await;
    let cookie = set_cookie(r.headers()).unwrap();
    let page = r.text().await.unwrap();
    assert!(page.contains("User.Invite.All"));
    let ctx = hidden(&page, "ctx").unwrap();
    let consent = |decision: &'static str| {
        e.http
            .post(format!("{}/contoso.onmicrosoft.com/consent", e.base()))
            .header("Cookie", cookie.clone())
            .form(&[
                ("ctx", ctx.clone()),
                ("user", "a0000001-0000-4000-8000-000000000001".to_string()),
                ("decision", decision.to_string()),
            ])
            .send()
    };
    let r = consent("deny").await.unwrap();
    assert_eq!(param(r.headers()[LOCATION].to_str().unwrap(), "error").as_deref(), Some("access_denied"));
    // ...or accept, which yields a code and remembers the consent.
    let r = consent("accept").await.unwrap();
    let code = param(r.headers()[LOCATION].to_str().unwrap(), "code").unwrap();
    assert_eq!(e.redeem_code(&code).await.0, 200);
    // A forged consent post without the session is refused.
    let r = e
        .http
        .post(format!("{}/contoso.onmicrosoft.com/consent", e.base()))
        .form(&[("ctx", ctx.as_str()), ("user", "a0000001-0000-4000-8000-000000000001"), ("decision", "accept")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn refresh_rotation_and_the_spa_24_hour_limit() {
    let e = emu().await;
    let first = e.sign_in(ADMIN).await;
    let rt1 = first["refresh_token"].as_str().unwrap().to_string();
    let e = &e;
    let refresh = |rt: String| async move {
        e.token(
            &[("client_id", CLIENT), ("grant_type", "refresh_token"), ("refresh_token", &rt), ("scope", SCOPES)],
            Some(ORIGIN),
        )
        .await
    };
    let (s, b, _) = refresh(rt1.clone()).await;
    assert_eq!(s, 200, "{b}");
    let rt2 = b["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(rt1, rt2, "refresh tokens rotate");
    assert_eq!(refresh(rt1.clone()).await.0, 200, "the old one still works, as on Entra");
    // No Origin: refused for SPA refresh tokens.
    let (s, b, _) =
        e.token(&[("client_id", CLIENT), ("grant_type", "refresh_token"), ("refresh_token", &rt2)], None).await;
    assert_eq!((s, aadsts(&b)), (400, 9002327));
    // 24 hours after the first sign-in, however often rotated.
    e.control(Method::POST, "clock", Some(json!({"advance_s": 23 * 3600}))).await;
    let (s, b, _) = refresh(rt2.clone()).await;
    assert_eq!(s, 200);
    let rt3 = b["refresh_token"].as_str().unwrap().to_string();
    e.control(Method::POST, "clock", Some(json!({"advance_s": 3601}))).await;
    let (s, b, _) = refresh(rt3).await;
    assert_eq!(
        (s, b["error"].as_str(), b["suberror"].as_str(), aadsts(&b)),
        (400, Some("invalid_grant"), Some("bad_token"), 700084)
    );
    // Two resources in one token request.
    let (s, b, _) = e
        .token(
            &[
                ("client_id", CLIENT),
                ("grant_type", "refresh_token"),
                ("refresh_token", &rt1),
                ("scope", "openid https://management.azure.com/user_impersonation"),
            ],
            Some(ORIGIN),
        )
        .await;
    assert_eq!(s, 400, "{b}");
}

#[tokio::test]
async fn token_cors_only_for_registered_spa_origins() {
    let e = emu().await;
    let pre = |origin: &'static str| {
        e.http
            .request(Method::OPTIONS, format!("{}/contoso.onmicrosoft.com/oauth2/v2.0/token", e.base()))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .send()
    };
    let r = pre(ORIGIN).await.unwrap();
    assert_eq!(r.headers()["access-control-allow-origin"], ORIGIN);
    // Only what a browser client needs beyond the CORS-safelisted request MSAL keeps /token to.
    assert_eq!(r.headers()["access-control-allow-headers"], "content-type");
    assert_eq!(r.headers()["access-control-allow-methods"], "POST, OPTIONS");
    let r = pre("https://evil.example").await.unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
    let (_, _, h) = e
        .token(
            &[("client_id", CLIENT), ("grant_type", "refresh_token"), ("refresh_token", "nope")],
            Some("https://evil.example"),
        )
        .await;
    assert!(h.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn short_lifetimes_for_tests() {
    let e = emu_with(
        entra_emulator::seed::Seed::demo(),
        entra_emulator::state::Lifetimes { access_token_s: 5, refresh_token_s: 60, code_s: 600 },
    )
    .await;
    let t = e.sign_in(ADMIN).await;
    assert_eq!(t["expires_in"], 5);
    let token = t["access_token"].as_str().unwrap();
    assert_eq!(e.graph(Method::GET, "/me", token, None, &[]).await.0, 200);
    e.control(Method::POST, "clock", Some(json!({"advance_s": 6}))).await;
    let (s, b, _) = e.graph(Method::GET, "/me", token, None, &[]).await;
    assert_eq!((s, b["error"]["code"].as_str()), (401, Some("InvalidAuthenticationToken")));
}
