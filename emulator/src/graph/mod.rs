//! Microsoft Graph v1.0 under `/graph/v1.0/…`: one entry point does CORS, ids, the request log, faults and
//! bearer validation, then dispatches. `$batch` reuses the same dispatch for each inner request.

pub mod access_packages;
pub mod batch;
pub mod entitlement_setup;
pub mod groups;
pub mod invitations;
pub mod odata;
pub mod policies;
pub mod users;

use crate::seed::User;
use crate::state::{LoggedRequest, Shared};
use crate::tokens::GRAPH_AUDIENCE;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use serde_json::{json, Value};

const EXPOSE: &str = "ETag, Location, Preference-Applied, Content-Range, request-id, client-request-id, ReadWriteConsistencyToken, SdkVersion, WWW-Authenticate, x-ms-client-gcc-tenant";

pub fn routes() -> Router<Shared> {
    Router::new().route("/graph/v1.0/{*rest}", any(entry))
}

/// Who is calling: from a validated access token.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user: User,
    pub scopes: Vec<String>,
}

impl Caller {
    pub fn has_scope(&self, any_of: &[&str]) -> bool {
        self.scopes.iter().any(|s| any_of.contains(&s.as_str()))
    }
}

/// A Graph request after transport: from the wire or from inside a `$batch`.
pub struct GraphRequest {
    pub method: Method,
    /// Path after `/v1.0`, e.g. `/users/abc`.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub raw_query: Option<String>,
    pub headers: HeaderMap,
    pub body: Option<Value>,
    pub caller: Caller,
}

impl GraphRequest {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn eventual(&self) -> bool {
        self.headers
            .get("consistencylevel")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("eventual"))
    }
}

/// A Graph answer before transport.
pub struct GraphResponse {
    pub status: StatusCode,
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
    pub text: Option<String>,
}

impl GraphResponse {
    pub fn json(status: StatusCode, body: Value) -> GraphResponse {
        GraphResponse { status, headers: Vec::new(), body: Some(body), text: None }
    }
}

/// Graph's error JSON.
pub fn error(status: StatusCode, code: &str, message: &str) -> GraphResponse {
    let rid = uuid::Uuid::new_v4().to_string();
    GraphResponse::json(
        status,
        json!({ "error": { "code": code, "message": message, "innerError": {
            "date": chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
            "request-id": rid, "client-request-id": rid } } }),
    )
}

pub fn denied() -> GraphResponse {
    error(StatusCode::FORBIDDEN, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
}

pub fn throttled(retry_after: f64) -> GraphResponse {
    let rid = uuid::Uuid::new_v4().to_string();
    let mut r = GraphResponse::json(
        StatusCode::TOO_MANY_REQUESTS,
        json!({ "error": { "code": "TooManyRequests", "message": "Please retry again later.", "innerError": {
            "code": "429", "date": chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
            "message": "Please retry after", "request-id": rid, "status": "429" } } }),
    );
    r.headers.push(("Retry-After".into(), format_retry_after(retry_after)));
    r
}

fn format_retry_after(s: f64) -> String {
    if s.fract() == 0.0 {
        format!("{}", s as i64)
    } else {
        format!("{s}")
    }
}

fn decode_query(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|q| url::form_urlencoded::parse(q.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
        .unwrap_or_default()
}

/// Validates the bearer token: signature, expiry, audience; the scopes come from `scp`.
fn authenticate(s: &Shared, headers: &HeaderMap) -> Result<Caller, GraphResponse> {
    let unauth = |m: &str| error(StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken", m);
    let Some(auth) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return Err(unauth("Access token is empty."));
    };
    let Some(token) = auth.strip_prefix("Bearer ").filter(|t| !t.trim().is_empty()) else {
        return Err(unauth("Access token is empty."));
    };
    let t = s.lock();
    let claims = s.keys.verify(token.trim(), GRAPH_AUDIENCE, t.now()).map_err(|e| {
        if e.contains("expired") {
            unauth("Access token has expired or is not yet valid.")
        } else {
            unauth(&format!("Access token validation failure. Invalid audience or signature: {e}"))
        }
    })?;
    if claims.get("tid").and_then(Value::as_str) != Some(t.seed.tenant.id.as_str()) {
        return Err(unauth("Access token validation failure: the token is for another tenant."));
    }
    let oid = claims.get("oid").and_then(Value::as_str).unwrap_or_default();
    let Some(user) = t.user(oid).cloned() else {
        return Err(unauth("The user of this token no longer exists."));
    };
    let scopes =
        claims.get("scp").and_then(Value::as_str).unwrap_or_default().split_whitespace().map(String::from).collect();
    Ok(Caller { user, scopes })
}

/// Routes one authenticated request to its handler.
pub fn dispatch(s: &Shared, req: &GraphRequest) -> GraphResponse {
    let segments: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    match (&req.method, segments.as_slice()) {
        (&Method::GET, ["me"]) => users::me(s, req),
        (&Method::GET, ["me", "memberOf"]) => users::member_of(s, req, &req.caller.user.id.clone(), None),
        (&Method::GET, ["me", "memberOf", cast]) => users::member_of(s, req, &req.caller.user.id.clone(), Some(cast)),
        (&Method::GET, ["users", id, "memberOf"]) => users::member_of(s, req, id, None),
        (&Method::GET, ["users", id, "memberOf", cast]) => users::member_of(s, req, id, Some(cast)),
        (&Method::GET, ["users"]) => users::list(s, req),
        (&Method::GET, ["users", "$count"]) => users::count(s, req),
        (&Method::GET, ["users", id]) => users::get(s, req, id),
        (&Method::DELETE, ["users", id]) => users::delete(s, req, id),
        (&Method::PATCH, ["users", id]) => users::patch(s, req, id),
        (&Method::GET, ["users", id, "sponsors"]) => users::sponsors(s, req, id),
        (&Method::POST, ["users", id, "sponsors", "$ref"]) => users::add_sponsor(s, req, id),
        (&Method::GET, ["groups"]) => groups::list(s, req),
        (&Method::GET, ["groups", id]) => groups::get(s, req, id),
        (&Method::POST, ["groups", id, "members", "$ref"]) => groups::add_member(s, req, id),
        (&Method::POST, ["invitations"]) => invitations::create(s, req),
        (&Method::GET, ["policies", "authorizationPolicy"]) => policies::authorization_policy(s, req),
        (&Method::GET, ["policies", "crossTenantAccessPolicy", "default"]) => policies::cross_tenant_default(s, req),
        (&Method::GET, ["policies", "crossTenantAccessPolicy", "partners"]) => policies::cross_tenant_partners(s, req),
        (&Method::GET, ["tenantRelationships", call]) if call.starts_with("findTenantInformationByDomainName(") => {
            policies::find_tenant_by_domain(s, req, call)
        }
        (&Method::GET, ["identityGovernance", "entitlementManagement", "accessPackages"]) => {
            access_packages::list(s, req)
        }
        (&Method::GET, ["identityGovernance", "entitlementManagement", "accessPackages", id]) => {
            access_packages::get(s, req, id)
        }
        (&Method::POST, ["identityGovernance", "entitlementManagement", "accessPackages"]) => {
            entitlement_setup::create_package(s, req)
        }
        (
            &Method::POST,
            ["identityGovernance", "entitlementManagement", "accessPackages", id, "resourceRoleScopes"],
        ) => entitlement_setup::create_role_scope(s, req, id),
        (&Method::GET, ["identityGovernance", "entitlementManagement", "catalogs"]) => {
            entitlement_setup::list_catalogs(s, req)
        }
        (&Method::POST, ["identityGovernance", "entitlementManagement", "catalogs"]) => {
            entitlement_setup::create_catalog(s, req)
        }
        (&Method::GET, ["identityGovernance", "entitlementManagement", "catalogs", id, "resources"]) => {
            entitlement_setup::catalog_resources(s, req, id)
        }
        (&Method::POST, ["identityGovernance", "entitlementManagement", "resourceRequests"]) => {
            entitlement_setup::create_resource_request(s, req)
        }
        (&Method::POST, ["identityGovernance", "entitlementManagement", "assignmentPolicies"]) => {
            entitlement_setup::create_policy(s, req)
        }
        (&Method::GET, ["identityGovernance", "entitlementManagement", "assignmentRequests"]) => {
            access_packages::assignment_requests(s, req)
        }
        (&Method::GET, ["identityGovernance", "entitlementManagement", "assignmentRequests", call])
            if call.starts_with("filterByCurrentUser") =>
        {
            access_packages::my_requests(s, req, call)
        }
        (&Method::GET, ["identityGovernance", "entitlementManagement", "accessPackageAssignmentApprovals", call])
            if call.starts_with("filterByCurrentUser") =>
        {
            access_packages::my_approvals(s, req, call)
        }
        (
            &Method::GET,
            ["identityGovernance", "entitlementManagement", "accessPackageAssignmentApprovals", id, "stages"],
        ) => access_packages::stages(s, req, id),
        (
            &Method::PATCH,
            ["identityGovernance", "entitlementManagement", "accessPackageAssignmentApprovals", id, "stages", stage],
        ) => access_packages::decide(s, req, id, stage),
        (&Method::GET, ["identityGovernance", "entitlementManagement", "connectedOrganizations"]) => {
            access_packages::connected_organizations(s, req)
        }
        (_, ["invitations"]) => error(
            StatusCode::METHOD_NOT_ALLOWED,
            "Request_BadRequest",
            "Specified HTTP method is not allowed for the request target.",
        ),
        (_, [first, ..])
            if ["me", "users", "groups", "identityGovernance", "policies", "tenantRelationships"].contains(first) =>
        {
            error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                &format!("Resource not found for the segment '{}'.", segments.last().unwrap_or(&"")),
            )
        }
        _ => error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            &format!("Resource not found for the segment '{}'.", segments.first().unwrap_or(&"")),
        ),
    }
}

/// Whether this write is one of the next `drop_next_writes`, taking it off the count.
fn counted_down(s: &Shared) -> bool {
    let mut t = s.lock();
    match t.faults.drop_next_writes {
        Some(n) if n > 0 => {
            t.faults.drop_next_writes = Some(n - 1);
            true
        }
        _ => false,
    }
}

fn roll(ratio: Option<f64>) -> bool {
    ratio.is_some_and(|r| r > 0.0 && rand::random::<f64>() < r)
}

/// A fault for this path, if the switches say so: `Err(Dropped)` means drop the connection.
/// The fault switches chose to drop the connection.
pub struct Dropped;

pub fn injected_fault(s: &Shared, path: &str) -> Result<Option<GraphResponse>, Dropped> {
    let f = s.lock().faults.clone();
    if f.path_contains.as_deref().is_some_and(|p| !path.contains(p)) {
        return Ok(None);
    }
    if roll(f.drop_ratio) {
        return Err(Dropped);
    }
    if roll(f.throttle_ratio) {
        return Ok(Some(throttled(f.retry_after_s.unwrap_or(2.0))));
    }
    if roll(f.error_ratio) {
        return Ok(Some(error(
            StatusCode::SERVICE_UNAVAILABLE,
            "serviceNotAvailable",
            "The service is temporarily unavailable. Please try again later.",
        )));
    }
    Ok(None)
}

/// A 200 whose body breaks off, so the client sees a network error: the first bytes are sent (so no browser
/// mistakes it for a stale keep-alive connection and silently sends the request again), then the connection
/// is reset.
fn cut_connection() -> Response {
    let stream = futures::stream::unfold(0u8, |step| async move {
        match step {
            0 => Some((Ok::<Bytes, std::io::Error>(Bytes::from_static(b"{\"responses\":[")), 1)),
            1 => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                Some((Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "cut by fault injection")), 2))
            }
            _ => None,
        }
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .body(Body::from_stream(stream))
        .unwrap_or_default()
}

pub fn log(
    s: &Shared,
    method: &Method,
    path: &str,
    query: Option<&str>,
    status: StatusCode,
    headers: &HeaderMap,
    via_batch: bool,
) {
    let mut t = s.lock();
    let time = t.now_iso();
    let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).map(String::from);
    t.requests.push(LoggedRequest {
        time,
        method: method.to_string(),
        path: path.to_string(),
        query: query.map(String::from),
        status: status.as_u16(),
        client_request_id: h("client-request-id"),
        origin: h("origin"),
        via_batch,
    });
    // The log is for tests and the demo page; keep it bounded under benchmarks.
    let len = t.requests.len();
    if len > 20_000 {
        t.requests.drain(..len - 10_000);
    }
}

async fn entry(
    State(s): State<Shared>,
    Path(rest): Path<String>,
    method: Method,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let hide_retry_after = s.lock().faults.hide_retry_after == Some(true);
    let expose = if hide_retry_after { EXPOSE.to_string() } else { format!("{EXPOSE}, Retry-After") };
    if method == Method::OPTIONS {
        let mut r = StatusCode::OK.into_response();
        let h = r.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, PATCH, PUT, DELETE, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("Authorization, Content-Type, ConsistencyLevel, client-request-id, Prefer"),
        );
        h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("3600"));
        return r;
    }
    let path = format!("/{rest}");
    let full_path = format!("/graph/v1.0{path}");
    let raw_query = uri.query().map(String::from);
    let latency = s.lock().faults.latency_ms;
    if let Some(ms) = latency.filter(|ms| *ms > 0) {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }

    let outcome: Result<GraphResponse, Dropped> = (|| {
        // Faults on `$batch` itself act per inner request, like the real service.
        if path != "/$batch" {
            if let Some(fault) = injected_fault(&s, &path)? {
                return Ok(fault);
            }
        }
        let caller = match authenticate(&s, &headers) {
            Ok(c) => c,
            Err(e) => return Ok(e),
        };
        let body_json = if body.is_empty() {
            None
        } else {
            match serde_json::from_slice::<Value>(&body) {
                Ok(v) => Some(v),
                Err(e) => {
                    return Ok(error(
                        StatusCode::BAD_REQUEST,
                        "BadRequest",
                        &format!("Unable to read JSON request payload. {e}"),
                    ))
                }
            }
        };
        let req = GraphRequest {
            method: method.clone(),
            path: path.clone(),
            query: decode_query(raw_query.as_deref()),
            raw_query: raw_query.clone(),
            headers: headers.clone(),
            body: body_json,
            caller,
        };
        Ok(if path == "/$batch" && method == Method::POST { batch::run(&s, &req) } else { dispatch(&s, &req) })
    })();

    let cut = |s: &Shared| {
        let status = StatusCode::from_u16(599).unwrap_or(StatusCode::BAD_GATEWAY);
        log(s, &method, &full_path, raw_query.as_deref(), status, &headers, false);
        cut_connection()
    };
    // A dropped connection: nothing was carried out.
    let Ok(resp) = outcome else { return cut(&s) };
    // Done on the server, lost on the way back: writes only (a lost read is just a read to repeat).
    if method != Method::GET && (roll(s.lock().faults.drop_after_ratio) || counted_down(&s)) {
        return cut(&s);
    }
    log(&s, &method, &full_path, raw_query.as_deref(), resp.status, &headers, false);

    let rid = uuid::Uuid::new_v4().to_string();
    let crid =
        headers.get("client-request-id").and_then(|v| v.to_str().ok()).map(String::from).unwrap_or_else(|| rid.clone());
    let mut out = match (&resp.body, &resp.text) {
        (_, Some(text)) => (resp.status, [(header::CONTENT_TYPE, "text/plain")], text.clone()).into_response(),
        (Some(body), None) => {
            let mut body = body.clone();
            if let Some(inner) = body.pointer_mut("/error/innerError") {
                inner["request-id"] = json!(rid);
                inner["client-request-id"] = json!(crid);
            }
            (resp.status, [(header::CONTENT_TYPE, "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8")], body.to_string()).into_response()
        }
        (None, None) => resp.status.into_response(),
    };
    let h = out.headers_mut();
    for (k, v) in &resp.headers {
        if let (Ok(k), Ok(v)) = (axum::http::HeaderName::try_from(k.as_str()), HeaderValue::from_str(v)) {
            h.insert(k, v);
        }
    }
    let set = |h: &mut HeaderMap, k: &'static str, v: &str| {
        if let Ok(v) = HeaderValue::from_str(v) {
            h.insert(k, v);
        }
    };
    set(h, "request-id", &rid);
    set(h, "client-request-id", &crid);
    set(h, "cache-control", "no-store");
    set(h, "date", &chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S GMT").to_string());
    if headers.contains_key(header::ORIGIN) {
        set(h, "access-control-allow-origin", "*");
        set(h, "access-control-expose-headers", &expose);
    }
    out
}
