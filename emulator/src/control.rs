//! `/_emulator/…`: the control API for tests and the demo (the emulator listens on loopback only).

use crate::html::{escape, page};
use crate::state::{Faults, Shared};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/_emulator/", get(overview))
        .route("/_emulator/reset", post(reset))
        .route("/_emulator/users", get(users))
        .route("/_emulator/deleted-users", get(deleted_users))
        .route("/_emulator/access-packages", get(access_packages))
        .route("/_emulator/invitations", get(invitations))
        .route("/_emulator/invitations/per-address", get(invitations_per_address))
        .route("/_emulator/outbox", get(outbox))
        .route("/_emulator/requests", get(requests).delete(clear_requests))
        .route("/_emulator/faults", put(set_faults).get(get_faults))
        .route("/_emulator/clock", post(clock))
}

async fn reset(State(s): State<Shared>) -> StatusCode {
    s.lock().reset();
    StatusCode::NO_CONTENT
}

async fn users(State(s): State<Shared>) -> Json<Value> {
    let t = s.lock();
    let users: Vec<Value> = t
        .seed
        .users
        .iter()
        .map(|u| {
            let mut u = u.clone();
            u.password = None;
            json!(u)
        })
        .collect();
    Json(json!(users))
}

/// Entitlement management as seeded: packages (with catalogs and policies), connected organisations and
/// assignment requests, so a test can compare the page with what exists.
async fn access_packages(State(s): State<Shared>) -> Json<Value> {
    let t = s.lock();
    Json(json!({
        "accessPackages": t.seed.access_packages,
        "connectedOrganizations": t.seed.connected_organizations,
        "assignmentRequests": t.seed.assignment_requests,
        "catalogs": crate::graph::entitlement_setup::catalogs(&t),
        "catalogResources": t.seed.catalog_resources,
    }))
}

/// The recycle bin: `[{ "user": …, "deletedDateTime": … }]`.
async fn deleted_users(State(s): State<Shared>) -> Json<Value> {
    let t = s.lock();
    let bin: Vec<Value> = t
        .deleted_users
        .iter()
        .map(|(u, when)| {
            let mut u = u.clone();
            u.password = None;
            json!({ "user": u, "deletedDateTime": when })
        })
        .collect();
    Json(json!(bin))
}

async fn invitations(State(s): State<Shared>) -> Json<Value> {
    Json(json!(s.lock().invitations))
}

/// How many invitations each address received (lower-cased), so a test can prove none was sent twice.
async fn invitations_per_address(State(s): State<Shared>) -> Json<Value> {
    let mut counts: std::collections::BTreeMap<String, u32> = std::collections::BTreeMap::new();
    for i in &s.lock().invitations {
        *counts.entry(i.invited_user_email_address.to_lowercase()).or_default() += 1;
    }
    Json(json!(counts))
}

async fn outbox(State(s): State<Shared>) -> Json<Value> {
    Json(json!(s.lock().outbox))
}

async fn requests(State(s): State<Shared>) -> Json<Value> {
    Json(json!(s.lock().requests))
}

async fn clear_requests(State(s): State<Shared>) -> StatusCode {
    s.lock().requests.clear();
    StatusCode::NO_CONTENT
}

async fn set_faults(State(s): State<Shared>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Faults>(&body) {
        Ok(f) => {
            s.lock().faults = f.clone();
            Json(json!(f)).into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, Json(json!({"error": e.to_string()}))).into_response(),
    }
}

async fn get_faults(State(s): State<Shared>) -> Json<Value> {
    Json(json!(s.lock().faults))
}

#[derive(Deserialize)]
struct Clock {
    advance_s: i64,
}

/// Moves the emulator's clock forward, so tests can expire codes and tokens without waiting.
async fn clock(State(s): State<Shared>, Json(c): Json<Clock>) -> Json<Value> {
    let mut t = s.lock();
    t.clock_offset_s += c.advance_s;
    Json(json!({ "offset_s": t.clock_offset_s, "now": t.now_iso() }))
}

async fn overview(State(s): State<Shared>) -> Html<String> {
    let t = s.lock();
    let cell = |v: Option<&str>| escape(v.unwrap_or("—"));
    let rows: String = t
        .seed
        .users
        .iter()
        .map(|u| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&u.display_name),
                escape(&u.user_principal_name),
                escape(&u.user_type),
                cell(u.external_user_state.as_deref()),
                cell(u.mail.as_deref()),
                escape(&u.roles.join(", "))
            )
        })
        .collect();
    let mails: String = t
        .outbox
        .iter()
        .rev()
        .map(|m| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&m.sent),
                escape(&m.to),
                escape(&m.cc.join(", ")),
                cell(m.language.as_deref()),
                cell(m.custom_body.as_deref())
            )
        })
        .collect();
    let packages: String = t
        .seed
        .access_packages
        .iter()
        .map(|p| {
            let id = p["id"].as_str().unwrap_or_default();
            format!(
                "<li><a href=\"/myaccess/{}\">{}</a></li>",
                escape(id),
                escape(p["displayName"].as_str().unwrap_or(id))
            )
        })
        .collect();
    let body = format!(
        "<h1>{} (emulated tenant)</h1><h2>My Access (request a package as a partner)</h2><ul>{packages}</ul><h2>Users and guests</h2><table><tr><th>Name</th><th>UPN</th><th>Type</th><th>External state</th><th>Mail</th><th>Roles</th></tr>{rows}</table>\
         <h2>Outbox</h2><table><tr><th>Sent</th><th>To</th><th>Cc</th><th>Language</th><th>Message</th></tr>{mails}</table>\
         <p>{} invitation(s), {} Graph request(s) logged.</p>",
        escape(&t.seed.tenant.display_name), t.invitations.len(), t.requests.len()
    );
    Html(page("Emulator", &body).replace("max-width:30rem", "max-width:70rem"))
}
