//! The Microsoft identity platform v2.0 endpoints: discovery, keys, authorize (HTML sign-in and consent),
//! token (authorization code with PKCE, refresh with rotation and the SPA 24-hour limit), logout.

use crate::html::{escape, page};
use crate::seed::{AppRegistration, User};
use crate::state::{AuthCode, RefreshGrant, Shared, Tenant};
use crate::tokens::{random_token, s256_challenge, GRAPH_AUDIENCE};
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashMap;

pub const SESSION_COOKIE: &str = "emu_session";
const OIDC_SCOPES: &[&str] = &["openid", "profile", "email", "offline_access"];

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/{tenant}/v2.0/.well-known/openid-configuration", get(discovery))
        .route("/{tenant}/discovery/v2.0/keys", get(|| async { Json(crate::tokens::Keys::jwks()) }))
        .route("/{tenant}/oauth2/v2.0/authorize", get(authorize))
        .route("/{tenant}/login", post(login))
        .route("/{tenant}/consent", post(consent))
        .route("/{tenant}/oauth2/v2.0/token", post(token).options(token_preflight))
        .route("/{tenant}/oauth2/v2.0/logout", get(logout))
        .route("/{tenant}/v2.0/adminconsent", get(admin_consent_page).post(admin_consent))
}

/// The tenant id for a path segment: the GUID, a verified domain, or `organizations`/`common`.
fn resolve_tenant(t: &Tenant, segment: &str) -> Option<String> {
    let info = &t.seed.tenant;
    let s = segment.to_ascii_lowercase();
    if s == info.id
        || s == "organizations"
        || s == "common"
        || info.verified_domains.iter().any(|d| d.eq_ignore_ascii_case(&s))
    {
        Some(info.id.clone())
    } else {
        None
    }
}

async fn discovery(State(s): State<Shared>, Path(tenant): Path<String>) -> Response {
    let t = s.lock();
    let Some(tid) = resolve_tenant(&t, &tenant) else {
        return token_error(
            StatusCode::BAD_REQUEST,
            "invalid_tenant",
            90002,
            &format!("Tenant '{tenant}' not found."),
            None,
        );
    };
    let base = &s.base_url;
    let issuer_tenant =
        if tenant == "organizations" || tenant == "common" { "{tenantid}".to_string() } else { tid.clone() };
    let body = json!({
        "issuer": format!("{base}/{issuer_tenant}/v2.0"),
        "authorization_endpoint": format!("{base}/{tenant}/oauth2/v2.0/authorize"),
        "token_endpoint": format!("{base}/{tenant}/oauth2/v2.0/token"),
        "end_session_endpoint": format!("{base}/{tenant}/oauth2/v2.0/logout"),
        "jwks_uri": format!("{base}/{tenant}/discovery/v2.0/keys"),
        "userinfo_endpoint": format!("{base}/graph/oidc/userinfo"),
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "claims_supported": ["sub","iss","aud","exp","iat","auth_time","nonce","preferred_username","name","tid","ver","email"],
        "request_uri_parameter_supported": false,
        "tenant_region_scope": "EU",
        "cloud_instance_name": "emulator.local",
        "msgraph_host": base.split_once("://").map_or(base.as_ref(), |(_, rest)| rest).to_string() + "/graph",
    });
    ([(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"), (header::CACHE_CONTROL, "max-age=86400, private")], Json(body))
        .into_response()
}

fn ids() -> (String, String, String) {
    let ts = chrono::Utc::now().format("%Y-%m-%d %H:%M:%SZ").to_string();
    (uuid::Uuid::new_v4().to_string(), uuid::Uuid::new_v4().to_string(), ts)
}

/// An error body in the identity platform's format.
fn error_body(error: &str, code: u32, message: &str, suberror: Option<&str>) -> Value {
    let (trace, correlation, ts) = ids();
    let mut v = json!({
        "error": error,
        "error_description": format!("AADSTS{code}: {message} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {ts}"),
        "error_codes": [code],
        "timestamp": ts,
        "trace_id": trace,
        "correlation_id": correlation,
        "error_uri": format!("https://login.microsoftonline.com/error?code={code}"),
    });
    if let Some(sub) = suberror {
        v["suberror"] = json!(sub);
    }
    v
}

fn token_error(status: StatusCode, error: &str, code: u32, message: &str, suberror: Option<&str>) -> Response {
    (status, Json(error_body(error, code, message, suberror))).into_response()
}

/// The sign-in service's own error page: used when the redirect URI cannot be trusted.
fn error_page(code: u32, message: &str) -> Response {
    let (trace, correlation, ts) = ids();
    let body = format!(
        "<h1>Sorry, but we’re having trouble signing you in.</h1><p class=\"error\" role=\"alert\">AADSTS{code}: {}</p>\
         <p>Trace ID: {trace}<br>Correlation ID: {correlation}<br>Timestamp: {ts}</p>",
        escape(message)
    );
    (StatusCode::BAD_REQUEST, Html(page("Sign in error", &body))).into_response()
}

/// The authorize request, carried through the sign-in and consent forms.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AuthorizeParams {
    pub client_id: Option<String>,
    pub response_type: Option<String>,
    pub redirect_uri: Option<String>,
    pub response_mode: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub login_hint: Option<String>,
    pub client_info: Option<String>,
    #[serde(rename = "client-request-id")]
    pub client_request_id: Option<String>,
    /// The tenant path segment the flow started on; set by the emulator, never taken from the query.
    #[serde(default, skip_deserializing)]
    pub tenant: Option<String>,
}

/// The form actions of the sign-in and consent pages: absolute, on the tenant the flow started on.
fn form_action(p: &AuthorizeParams, step: &str) -> String {
    let tenant: String =
        url::form_urlencoded::byte_serialize(p.tenant.as_deref().unwrap_or("organizations").as_bytes()).collect();
    format!("/{tenant}/{step}")
}

impl AuthorizeParams {
    fn encode(&self) -> String {
        let wrapped = json!({ "p": self, "tenant": self.tenant });
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(&wrapped).unwrap_or_default())
    }
    fn decode(s: &str) -> Option<AuthorizeParams> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).ok()?;
        let v: Value = serde_json::from_slice(&bytes).ok()?;
        let mut p: AuthorizeParams = serde_json::from_value(v.get("p")?.clone()).ok()?;
        p.tenant = v.get("tenant").and_then(Value::as_str).map(str::to_string);
        Some(p)
    }
}

fn is_spa_redirect(app: &AppRegistration, uri: &str) -> bool {
    app.spa_redirect_uris.iter().any(|u| u == uri)
}

fn redirect_with(p: &AuthorizeParams, pairs: &[(&str, &str)]) -> Response {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        ser.append_pair(k, v);
    }
    if let Some(st) = &p.state {
        ser.append_pair("state", st);
    }
    let uri = p.redirect_uri.clone().unwrap_or_default();
    let sep = if p.response_mode.as_deref() == Some("fragment") {
        "#"
    } else if uri.contains('?') {
        "&"
    } else {
        "?"
    };
    Redirect::to(&format!("{uri}{sep}{}", ser.finish())).into_response()
}

/// An authorize error sent back to the (already validated) redirect URI, as Entra does.
fn redirect_error(p: &AuthorizeParams, error: &str, code: u32, message: &str) -> Response {
    let (trace, correlation, ts) = ids();
    let desc = format!("AADSTS{code}: {message} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {ts}");
    redirect_with(p, &[("error", error), ("error_description", &desc)])
}

/// Splits a scope string into Graph short names and OIDC scopes; another resource is an error.
pub fn split_scopes(scope: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let mut graph = Vec::new();
    let mut oidc = Vec::new();
    for s in scope.split_whitespace() {
        if OIDC_SCOPES.contains(&s) {
            oidc.push(s.to_string());
        } else if let Some(short) =
            s.strip_prefix(&format!("{GRAPH_AUDIENCE}/")).or_else(|| s.strip_prefix("https://graph.microsoft.com/"))
        {
            graph.push(short.to_string());
        } else if s.contains("://") || s.starts_with("api://") {
            // A scope on another resource: one resource per token.
            return Err(s.to_string());
        } else if s.contains('.') && !s.contains('/') {
            graph.push(s.to_string());
        } else {
            return Err(s.to_string());
        }
    }
    Ok((graph, oidc))
}

fn missing_consent(t: &Tenant, app: &AppRegistration, user: &User, graph_scopes: &[String]) -> Vec<String> {
    let user_consent = t.user_consents.get(&user.id).cloned().unwrap_or_default();
    graph_scopes
        .iter()
        .filter(|s| s.as_str() != ".default")
        .filter(|s| !app.consented_scopes.contains(s) && !user_consent.contains(s))
        .cloned()
        .collect()
}

fn session_user(t: &Tenant, headers: &HeaderMap) -> Option<String> {
    let cookies = headers.get(header::COOKIE)?.to_str().ok()?;
    let value = cookies.split(';').filter_map(|c| c.trim().split_once('=')).find(|(k, _)| *k == SESSION_COOKIE)?.1;
    t.sessions.get(value).cloned()
}

/// Checks the parts of an authorize request that decide whether errors may be redirected at all.
fn validate_client(t: &Tenant, p: &AuthorizeParams) -> Result<AppRegistration, Response> {
    let client_id = p.client_id.clone().unwrap_or_default();
    let Some(app) = t.seed.apps.iter().find(|a| a.client_id == client_id).cloned() else {
        return Err(error_page(
            700016,
            &format!(
                "Application with identifier '{client_id}' was not found in the directory '{}'.",
                t.seed.tenant.display_name
            ),
        ));
    };
    let redirect = p.redirect_uri.clone().unwrap_or_default();
    if !app.spa_redirect_uris.contains(&redirect) && !app.web_redirect_uris.contains(&redirect) {
        return Err(error_page(
            50011,
            &format!("The redirect URI '{redirect}' specified in the request does not match the redirect URIs configured for the application '{client_id}'."),
        ));
    }
    Ok(app)
}

async fn authorize(
    State(s): State<Shared>,
    Path(tenant): Path<String>,
    Query(mut p): Query<AuthorizeParams>,
    headers: HeaderMap,
) -> Response {
    let t = s.lock();
    if resolve_tenant(&t, &tenant).is_none() {
        return error_page(90002, &format!("Tenant '{tenant}' not found."));
    }
    p.tenant = Some(tenant.clone());
    let app = match validate_client(&t, &p) {
        Ok(app) => app,
        Err(page) => return page,
    };
    if p.response_type.as_deref() != Some("code") {
        return redirect_error(
            &p,
            "unsupported_response_type",
            700054,
            "response_type must be 'code' for this application.",
        );
    }
    if p.response_mode.as_deref().is_some_and(|m| m != "query" && m != "fragment") {
        return redirect_error(&p, "invalid_request", 900144, "response_mode must be 'query' or 'fragment'.");
    }
    let redirect = p.redirect_uri.clone().unwrap_or_default();
    if is_spa_redirect(&app, &redirect) {
        match (p.code_challenge.as_deref(), p.code_challenge_method.as_deref()) {
            (None, _) => {
                return redirect_error(
                    &p,
                    "invalid_request",
                    9002325,
                    "Proof Key for Code Exchange is required for cross-origin authorization code redemption.",
                )
            }
            (Some(_), Some("plain")) | (Some(_), None) => {
                return redirect_error(
                    &p,
                    "invalid_request",
                    5000539,
                    "code_challenge_method 'plain' is refused by this emulator; use S256.",
                )
            }
            (Some(_), Some(m)) if m != "S256" => {
                return redirect_error(&p, "invalid_request", 5000539, &format!("Invalid code_challenge_method '{m}'."))
            }
            (Some(c), _) if c.len() != 43 => {
                return redirect_error(&p, "invalid_request", 50147, "The code challenge has an invalid size.")
            }
            _ => {}
        }
    }
    let scope = p.scope.clone().unwrap_or_default();
    if scope.trim().is_empty() {
        return redirect_error(
            &p,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'scope'.",
        );
    }
    if let Err(bad) = split_scopes(&scope) {
        return redirect_error(
            &p,
            "invalid_scope",
            70011,
            &format!("The provided value for the input parameter 'scope' isn't valid: '{bad}'."),
        );
    }
    let prompt = p.prompt.clone().unwrap_or_default();
    let session = session_user(&t, &headers);
    match prompt.as_str() {
        "none" => match session {
            Some(uid) => continue_after_sign_in(t, &p, &uid),
            None => redirect_error(
                &p,
                "login_required",
                50058,
                "A silent sign-in request was sent but no user is signed in.",
            ),
        },
        "login" | "select_account" => sign_in_page(&p, None),
        "" | "consent" => match session {
            Some(uid) => continue_after_sign_in(t, &p, &uid),
            None => sign_in_page(&p, None),
        },
        other => redirect_error(&p, "invalid_request", 90023, &format!("Invalid prompt value '{other}'.")),
    }
}

fn sign_in_page(p: &AuthorizeParams, error: Option<&str>) -> Response {
    let hint = escape(p.login_hint.as_deref().unwrap_or_default());
    let err =
        error.map(|e| format!("<p class=\"error\" role=\"alert\" id=\"err\">{}</p>", escape(e))).unwrap_or_default();
    let body = format!(
        r#"<h1>Sign in</h1>{err}
<form method="post" action="{action}">
<input type="hidden" name="ctx" value="{ctx}">
<label for="loginfmt">Email or username</label><input id="loginfmt" type="email" name="loginfmt" value="{hint}" autocomplete="username" required>
<label for="passwd">Password</label><input id="passwd" type="password" name="passwd" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>"#,
        ctx = p.encode(),
        action = escape(&form_action(p, "login"))
    );
    Html(page("Sign in to your account", &body)).into_response()
}

#[derive(Deserialize)]
struct LoginForm {
    ctx: String,
    loginfmt: String,
    passwd: String,
}

async fn login(State(s): State<Shared>, Path(_tenant): Path<String>, Form(f): Form<LoginForm>) -> Response {
    let Some(p) = AuthorizeParams::decode(&f.ctx) else {
        return error_page(900144, "The sign-in request is malformed.");
    };
    let mut t = s.lock();
    if let Err(page) = validate_client(&t, &p) {
        return page;
    }
    let user = t.user_by_upn(f.loginfmt.trim()).cloned();
    let Some(user) = user.filter(|u| u.password.as_deref() == Some(f.passwd.as_str())) else {
        return sign_in_page(
            &p,
            Some("Your account or password is incorrect. If you don't remember your password, reset it now."),
        );
    };
    if !user.account_enabled {
        return sign_in_page(&p, Some("Your account has been locked. Contact your support person to unlock it."));
    }
    let sid = random_token(24);
    t.sessions.insert(sid.clone(), user.id.clone());
    let mut resp = continue_after_sign_in(t, &p, &user.id);
    // Entra's session cookies are `SameSite=None; Secure`, which is what lets `prompt=none` in a hidden
    // iframe (msal's ssoSilent) see the session; browsers accept that only over https.
    let same_site = if s.base_url.starts_with("https://") { "None; Secure" } else { "Lax" };
    if let Ok(v) = HeaderValue::from_str(&format!("{SESSION_COOKIE}={sid}; Path=/; HttpOnly; SameSite={same_site}")) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

/// After the user is known: consent if needed, then the code.
fn continue_after_sign_in(mut t: std::sync::MutexGuard<'_, Tenant>, p: &AuthorizeParams, user_id: &str) -> Response {
    let Ok(app) = validate_client(&t, p) else {
        return error_page(900144, "Invalid request.");
    };
    let Some(user) = t.user(user_id).cloned() else {
        return sign_in_page(p, Some("This account no longer exists."));
    };
    let (graph, _) = split_scopes(p.scope.as_deref().unwrap_or_default()).unwrap_or_default();
    let missing = missing_consent(&t, &app, &user, &graph);
    if p.prompt.as_deref() == Some("none") && !missing.is_empty() {
        return redirect_error(
            p,
            "consent_required",
            65001,
            "The user or administrator has not consented to use the application.",
        );
    }
    if !missing.is_empty() || p.prompt.as_deref() == Some("consent") {
        return consent_page(p, &app, &user, if missing.is_empty() { &graph } else { &missing });
    }
    issue_code(&mut t, p, &user)
}

fn issue_code(t: &mut Tenant, p: &AuthorizeParams, user: &User) -> Response {
    let code = format!("0.emu.{}", random_token(32));
    let now = t.now();
    t.codes.insert(
        code.clone(),
        AuthCode {
            client_id: p.client_id.clone().unwrap_or_default(),
            redirect_uri: p.redirect_uri.clone().unwrap_or_default(),
            tenant_id: t.seed.tenant.id.clone(),
            user_id: user.id.clone(),
            scopes: p.scope.clone().unwrap_or_default().split_whitespace().map(String::from).collect(),
            challenge: p.code_challenge.clone().unwrap_or_default(),
            nonce: p.nonce.clone(),
            issued_at: now,
            redeemed: false,
            client_info: p.client_info.as_deref() == Some("1"),
        },
    );
    let session_state = uuid::Uuid::new_v4().to_string();
    if p.client_info.as_deref() == Some("1") {
        // As Entra does for MSAL: the account's home ids ride along with the code.
        let info = client_info(&user.id, &t.seed.tenant.id);
        return redirect_with(p, &[("code", &code), ("client_info", &info), ("session_state", &session_state)]);
    }
    redirect_with(p, &[("code", &code), ("session_state", &session_state)])
}

fn consent_page(p: &AuthorizeParams, app: &AppRegistration, user: &User, scopes: &[String]) -> Response {
    let list: String = scopes.iter().map(|s| format!("<li>{}</li>", escape(s))).collect();
    let actions = if user.is_admin() {
        r#"<button type="submit" name="decision" value="accept">Accept</button><button type="submit" name="decision" value="deny">Cancel</button>"#
    } else {
        r#"<p>This app needs permission to access resources in your organization that only an admin can grant. Ask an admin to grant permission to this app before you can use it.</p><button type="submit" name="decision" value="deny">Back to the app</button>"#
    };
    let body = format!(
        r#"<h1>{title}</h1><p><strong>{app}</strong> is requesting these permissions for <strong>{upn}</strong>:</p><ul>{list}</ul>
<form method="post" action="{action}"><input type="hidden" name="ctx" value="{ctx}"><input type="hidden" name="user" value="{uid}">{actions}</form>"#,
        title = if user.is_admin() { "Permissions requested" } else { "Need admin approval" },
        app = escape(&app.display_name),
        upn = escape(&user.user_principal_name),
        ctx = p.encode(),
        uid = escape(&user.id),
        action = escape(&form_action(p, "consent")),
    );
    Html(page("Permissions requested", &body)).into_response()
}

#[derive(Deserialize)]
struct ConsentForm {
    ctx: String,
    user: String,
    decision: String,
}

async fn consent(State(s): State<Shared>, headers: HeaderMap, Form(f): Form<ConsentForm>) -> Response {
    let Some(p) = AuthorizeParams::decode(&f.ctx) else {
        return error_page(900144, "The consent request is malformed.");
    };
    let mut t = s.lock();
    if let Err(page) = validate_client(&t, &p) {
        return page;
    }
    // The consent form is only honoured for the user signed in on this browser.
    if session_user(&t, &headers).as_deref() != Some(f.user.as_str()) {
        return error_page(50058, "No signed-in user for this consent.");
    }
    let Some(user) = t.user(&f.user).cloned() else {
        return error_page(50034, "The user account does not exist.");
    };
    if !user.is_admin() {
        // "Need admin approval": the user cannot grant these permissions; only an admin can.
        return redirect_error(
            &p,
            "consent_required",
            90094,
            "Admin consent is required for the permissions requested by this application.",
        );
    }
    if f.decision != "accept" {
        return redirect_error(&p, "access_denied", 65004, "User declined to consent to access the app.");
    }
    let (graph, _) = split_scopes(p.scope.as_deref().unwrap_or_default()).unwrap_or_default();
    let entry = t.user_consents.entry(user.id.clone()).or_default();
    for g in &graph {
        if !entry.contains(g) {
            entry.push(g.clone());
        }
    }
    t.save();
    issue_code(&mut t, &p, &user)
}

/// The origins of every registered SPA redirect URI: the only ones `/token` answers with CORS headers.
fn spa_origins(t: &Tenant) -> Vec<String> {
    t.seed
        .apps
        .iter()
        .flat_map(|a| a.spa_redirect_uris.iter())
        .filter_map(|u| url::Url::parse(u).ok().map(|u| u.origin().ascii_serialization()))
        .collect()
}

fn with_cors(t: &Tenant, origin: Option<&str>, mut resp: Response) -> Response {
    if let Some(o) = origin.filter(|o| spa_origins(t).iter().any(|s| s == o)) {
        let h = resp.headers_mut();
        if let Ok(v) = HeaderValue::from_str(o) {
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        }
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    resp
}

async fn token_preflight(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let t = s.lock();
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let mut resp = StatusCode::NO_CONTENT.into_response();
    resp.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("POST, OPTIONS"));
    resp.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("content-type"));
    resp.headers_mut().insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    with_cors(&t, origin, resp)
}

async fn token(
    State(s): State<Shared>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let latency = s.lock().faults.token_latency_ms;
    if let Some(ms) = latency.filter(|ms| *ms > 0) {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
    let mut t = s.lock();
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()).map(String::from);
    let resp = token_inner(&s, &mut t, &tenant, origin.as_deref(), &form);
    with_cors(&t, origin.as_deref(), resp)
}

fn token_inner(
    s: &Shared,
    t: &mut Tenant,
    tenant: &str,
    origin: Option<&str>,
    form: &HashMap<String, String>,
) -> Response {
    let bad = StatusCode::BAD_REQUEST;
    let Some(tid) = resolve_tenant(t, tenant) else {
        return token_error(bad, "invalid_request", 90002, &format!("Tenant '{tenant}' not found."), None);
    };
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let client_id = get("client_id");
    let Some(app) = t.seed.apps.iter().find(|a| a.client_id == client_id).cloned() else {
        return token_error(
            bad,
            "unauthorized_client",
            700016,
            &format!("Application with identifier '{client_id}' was not found in the directory."),
            None,
        );
    };
    if form.contains_key("client_secret") || form.contains_key("client_assertion") {
        if origin.is_some() {
            return token_error(
                bad,
                "invalid_request",
                9002326,
                "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type.",
                None,
            );
        }
        return token_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            7000215,
            "Invalid client secret provided.",
            None,
        );
    }
    match get("grant_type") {
        "authorization_code" => {
            let code_value = get("code");
            let Some(code) = t.codes.get(code_value).cloned() else {
                return token_error(
                    bad,
                    "invalid_grant",
                    9002313,
                    "Invalid request. Request is malformed or invalid: the authorization code is not valid.",
                    None,
                );
            };
            if code.redeemed {
                return token_error(bad, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.", None);
            }
            if t.now() > code.issued_at + t.lifetimes.code_s {
                return token_error(
                    bad,
                    "invalid_grant",
                    70008,
                    "The provided authorization code or refresh token has expired due to inactivity.",
                    None,
                );
            }
            if code.client_id != client_id {
                return token_error(
                    bad,
                    "invalid_grant",
                    70000,
                    "The authorization code was issued to a different client.",
                    None,
                );
            }
            if code.tenant_id != tid {
                return token_error(
                    bad,
                    "invalid_grant",
                    700005,
                    "Provided Authorization Code is intended to use against other tenant, thus rejected.",
                    None,
                );
            }
            if get("redirect_uri") != code.redirect_uri {
                return token_error(
                    bad,
                    "invalid_grant",
                    50148,
                    "The redirect_uri does not match the one used in the authorization request.",
                    None,
                );
            }
            let spa = is_spa_redirect(&app, &code.redirect_uri);
            if let Some(r) = origin_rule(spa, origin) {
                return r;
            }
            if spa || !code.challenge.is_empty() {
                let verifier = get("code_verifier");
                if verifier.is_empty() || s256_challenge(verifier) != code.challenge {
                    return token_error(
                        bad,
                        "invalid_grant",
                        501481,
                        "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
                        None,
                    );
                }
            }
            if let Some(c) = t.codes.get_mut(code_value) {
                c.redeemed = true;
            }
            let requested: Vec<String> = if get("scope").is_empty() {
                code.scopes.clone()
            } else {
                get("scope").split_whitespace().map(String::from).collect()
            };
            let now = t.now();
            issue_tokens(s, t, &app, &code.user_id, &requested, code.nonce.as_deref(), code.client_info, now, spa)
        }
        "refresh_token" => {
            let rt = get("refresh_token");
            let Some(grant) = t.refresh_tokens.get(rt).cloned() else {
                return token_error(
                    bad,
                    "invalid_grant",
                    9002313,
                    "Invalid request. Request is malformed or invalid: the refresh token is not valid.",
                    None,
                );
            };
            if grant.client_id != client_id {
                return token_error(
                    bad,
                    "invalid_grant",
                    70000,
                    "The refresh token was issued to a different client.",
                    None,
                );
            }
            if let Some(r) = origin_rule(grant.spa, origin) {
                return r;
            }
            if grant.spa && t.now() > grant.first_sign_in + t.lifetimes.refresh_token_s {
                return token_error(bad, "invalid_grant", 700084, "The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which can't be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page.", Some("bad_token"));
            }
            let requested: Vec<String> = if get("scope").is_empty() {
                grant.scopes.clone()
            } else {
                get("scope").split_whitespace().map(String::from).collect()
            };
            issue_tokens(
                s,
                t,
                &app,
                &grant.user_id,
                &requested,
                None,
                get("client_info") == "1",
                grant.first_sign_in,
                grant.spa,
            )
        }
        other => token_error(
            bad,
            "unsupported_grant_type",
            70003,
            &format!("The app requested an unsupported grant type '{other}'."),
            None,
        ),
    }
}

/// Entra's `Origin` rules for SPA and web redirect URIs.
fn origin_rule(spa: bool, origin: Option<&str>) -> Option<Response> {
    let bad = StatusCode::BAD_REQUEST;
    match (spa, origin) {
        (true, None) => Some(token_error(bad, "invalid_request", 9002327, "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.", None)),
        (false, Some(o)) => Some(token_error(bad, "invalid_request", 9002326, &format!("Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '{o}'."), None)),
        (false, None) => Some(token_error(StatusCode::UNAUTHORIZED, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", None)),
        (true, Some(_)) => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn issue_tokens(
    s: &Shared,
    t: &mut Tenant,
    app: &AppRegistration,
    user_id: &str,
    requested: &[String],
    nonce: Option<&str>,
    client_info: bool,
    first_sign_in: i64,
    spa: bool,
) -> Response {
    let bad = StatusCode::BAD_REQUEST;
    let Some(user) = t.user(user_id).cloned() else {
        return token_error(bad, "invalid_grant", 50034, "The user account does not exist in the directory.", None);
    };
    let (graph, oidc) = match split_scopes(&requested.join(" ")) {
        Ok(x) => x,
        Err(bad_scope) => {
            return token_error(bad, "invalid_scope", 700022, &format!("The provided value for the input parameter scope is not valid because it contains more than one resource: '{bad_scope}'."), None)
        }
    };
    let missing = missing_consent(t, app, &user, &graph);
    if !missing.is_empty() {
        return token_error(
            bad,
            "invalid_grant",
            65001,
            &format!(
                "The user or administrator has not consented to use the application. Missing: {}",
                missing.join(", ")
            ),
            Some("consent_required"),
        );
    }
    let granted: Vec<String> = if graph.iter().any(|g| g == ".default") || graph.is_empty() {
        let mut all = app.consented_scopes.clone();
        all.extend(t.user_consents.get(&user.id).cloned().unwrap_or_default());
        all.dedup();
        all
    } else {
        graph
    };
    let now = t.now();
    let tid = t.seed.tenant.id.clone();
    let access = s.keys.sign(&json!({
        "aud": GRAPH_AUDIENCE,
        "iss": format!("https://sts.windows.net/{tid}/"),
        "iat": now, "nbf": now, "exp": now + t.lifetimes.access_token_s,
        "tid": tid, "oid": user.id, "sub": user.id, "upn": user.user_principal_name, "name": user.display_name,
        "appid": app.client_id, "scp": granted.join(" "), "ver": "1.0", "uti": random_token(12),
    }));
    let mut body = json!({
        "token_type": "Bearer",
        "scope": granted.iter().map(|g| format!("{GRAPH_AUDIENCE}/{g}")).chain(oidc.iter().filter(|o| *o != "offline_access").cloned()).collect::<Vec<_>>().join(" "),
        "expires_in": t.lifetimes.access_token_s,
        "ext_expires_in": t.lifetimes.access_token_s,
        "access_token": access,
    });
    if oidc.iter().any(|o| o == "openid") {
        let mut claims = json!({
            "aud": app.client_id, "iss": format!("{}/{tid}/v2.0", s.base_url),
            "iat": now, "nbf": now, "exp": now + 3600,
            "tid": tid, "oid": user.id, "sub": user.id, "name": user.display_name,
            "preferred_username": user.user_principal_name, "ver": "2.0",
        });
        if let Some(n) = nonce {
            claims["nonce"] = json!(n);
        }
        body["id_token"] = json!(s.keys.sign(&claims));
    }
    if oidc.iter().any(|o| o == "offline_access") {
        let rt = format!("1.emu.{}", random_token(48));
        t.refresh_tokens.insert(
            rt.clone(),
            RefreshGrant {
                client_id: app.client_id.clone(),
                user_id: user.id.clone(),
                scopes: requested.to_vec(),
                first_sign_in,
                spa,
            },
        );
        body["refresh_token"] = json!(rt);
        if spa {
            body["refresh_token_expires_in"] = json!((first_sign_in + t.lifetimes.refresh_token_s - now).max(0));
        }
    }
    if client_info {
        body["client_info"] = json!(self::client_info(&user.id, &tid));
    }
    ([(header::CACHE_CONTROL, "no-store"), (header::PRAGMA, "no-cache")], Json(body)).into_response()
}

/// MSAL's `client_info`: base64url JSON with the user's object id (`uid`) and home tenant (`utid`).
fn client_info(uid: &str, utid: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json!({"uid": uid, "utid": utid}).to_string())
}

#[derive(Deserialize)]
struct LogoutParams {
    post_logout_redirect_uri: Option<String>,
    state: Option<String>,
}

async fn logout(State(s): State<Shared>, headers: HeaderMap, Query(q): Query<LogoutParams>) -> Response {
    let mut t = s.lock();
    if let Some(uid) = session_user(&t, &headers) {
        t.sessions.retain(|_, v| *v != uid);
    }
    let clear = format!("{SESSION_COOKIE}=; Path=/; Max-Age=0");
    let registered = |u: &str| {
        t.seed.apps.iter().any(|a| a.spa_redirect_uris.iter().chain(a.web_redirect_uris.iter()).any(|r| r == u))
    };
    let mut resp = match q.post_logout_redirect_uri.as_deref() {
        Some(u) if registered(u) => {
            let target = match &q.state {
                Some(st) => format!("{u}{}state={}", if u.contains('?') { "&" } else { "?" }, url::form_urlencoded::byte_serialize(st.as_bytes()).collect::<String>()),
                None => u.to_string(),
            };
            Redirect::to(&target).into_response()
        }
        Some(u) => Html(page(
            "Signed out",
            &format!("<h1>You signed out of your account</h1><p class=\"error\">The post-logout redirect URI '{}' is not registered, so you were not sent back.</p>", escape(u)),
        ))
        .into_response(),
        None => Html(page("Signed out", "<h1>You signed out of your account</h1><p>It's a good idea to close all browser windows.</p>")).into_response(),
    };
    if let Ok(v) = HeaderValue::from_str(&clear) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

#[derive(Deserialize)]
struct AdminConsentQuery {
    client_id: Option<String>,
    redirect_uri: Option<String>,
}

async fn admin_consent_page(State(s): State<Shared>, Query(q): Query<AdminConsentQuery>) -> Response {
    let t = s.lock();
    let client_id = q.client_id.unwrap_or_default();
    let Some(app) = t.seed.apps.iter().find(|a| a.client_id == client_id) else {
        return error_page(
            700016,
            &format!("Application with identifier '{client_id}' was not found in the directory."),
        );
    };
    let body = format!(
        r#"<h1>Grant admin consent</h1><p>An administrator can grant <strong>{}</strong> its requested permissions for the whole organisation.</p>
<form method="post"><input type="hidden" name="client_id" value="{}"><input type="hidden" name="redirect_uri" value="{}">
<label for="loginfmt">Administrator account</label><input id="loginfmt" type="email" name="loginfmt" required>
<label for="passwd">Password</label><input id="passwd" type="password" name="passwd" required>
<label for="scopes">Permissions (space-separated)</label><input id="scopes" type="text" name="scopes" value="User.Invite.All User.Read.All EntitlementManagement.Read.All">
<button type="submit">Grant consent</button></form>"#,
        escape(&app.display_name),
        escape(&client_id),
        escape(q.redirect_uri.as_deref().unwrap_or_default())
    );
    Html(page("Admin consent", &body)).into_response()
}

async fn admin_consent(State(s): State<Shared>, Form(f): Form<HashMap<String, String>>) -> Response {
    let mut t = s.lock();
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let Some(admin) =
        t.user_by_upn(&get("loginfmt")).cloned().filter(|u| u.password.as_deref() == Some(get("passwd").as_str()))
    else {
        return error_page(50126, "Error validating credentials due to invalid username or password.");
    };
    if !admin.has_role(&["Global Administrator", "Privileged Role Administrator", "Cloud Application Administrator"]) {
        return error_page(90094, "Admin consent requires Global Administrator, Privileged Role Administrator or Cloud Application Administrator.");
    }
    let client_id = get("client_id");
    let scopes: Vec<String> = get("scopes").split_whitespace().map(String::from).collect();
    let Some(app) = t.seed.apps.iter_mut().find(|a| a.client_id == client_id) else {
        return error_page(700016, "Application not found.");
    };
    for sc in scopes {
        if !app.consented_scopes.contains(&sc) {
            app.consented_scopes.push(sc);
        }
    }
    t.save();
    Html(page("Consent granted", "<h1>Consent granted</h1><p role=\"status\">The permissions were granted for the whole organisation. You can close this window and sign in again.</p>")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_split_by_resource() {
        let (g, o) =
            split_scopes("openid profile offline_access https://graph.microsoft.com/User.Invite.All User.Read")
                .unwrap();
        assert_eq!(g, vec!["User.Invite.All", "User.Read"]);
        assert_eq!(o, vec!["openid", "profile", "offline_access"]);
        assert_eq!(
            split_scopes("openid https://management.azure.com/user_impersonation").unwrap_err(),
            "https://management.azure.com/user_impersonation"
        );
    }
}
