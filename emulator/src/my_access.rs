//! A stand-in for My Access, the partner's side of entitlement management: `/myaccess/{packageId}` shows the
//! package and takes a request (name, address, justification). A request that needs approval waits for the
//! policy's approvers; an approved or approval-free request is delivered as the service does it: the
//! requestor becomes a guest (entitlement management invites silently, without an email) and joins the
//! package's groups (https://learn.microsoft.com/entra/id-governance/entitlement-management-external-users).

use crate::graph::invitations::email_problem;
use crate::html::{escape, page};
use crate::seed::User;
use crate::state::{Shared, Tenant};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use serde_json::{json, Value};

pub fn routes() -> Router<Shared> {
    Router::new().route("/myaccess/{package}", get(show).post(request))
}

fn problem(status: StatusCode, message: &str) -> Response {
    (status, Html(page("My Access", &format!("<h1>My Access</h1><p role=\"alert\">{}</p>", escape(message)))))
        .into_response()
}

fn package(t: &Tenant, id: &str) -> Option<Value> {
    t.seed.access_packages.iter().find(|p| p.get("id").and_then(Value::as_str) == Some(id)).cloned()
}

/// The first policy that lets people outside the tenant request the package.
fn external_policy(pkg: &Value) -> Option<Value> {
    const EXTERNAL: [&str; 3] =
        ["allExternalUsers", "allConfiguredConnectedOrganizationUsers", "specificConnectedOrganizationUsers"];
    pkg.get("assignmentPolicies")?
        .as_array()?
        .iter()
        .find(|p| p.get("allowedTargetScope").and_then(Value::as_str).is_some_and(|s| EXTERNAL.contains(&s)))
        .cloned()
}

async fn show(State(s): State<Shared>, Path(id): Path<String>) -> Response {
    let t = s.lock();
    let Some(pkg) = package(&t, &id) else {
        return problem(StatusCode::NOT_FOUND, "This access package does not exist, or is no longer shared.");
    };
    if external_policy(&pkg).is_none() {
        return problem(
            StatusCode::FORBIDDEN,
            "This access package cannot be requested by people outside the organisation.",
        );
    }
    let body = format!(
        r#"<h1>Request access</h1><p><strong>{name}</strong> ({org})</p><p>{description}</p>
<form method="post"><label for="name">Your name</label><input id="name" type="text" name="name" required>
<label for="email">Your work email</label><input id="email" type="email" name="email" required>
<label for="justification">Business justification</label><input id="justification" type="text" name="justification">
<button type="submit">Submit request</button></form>"#,
        name = escape(pkg["displayName"].as_str().unwrap_or_default()),
        org = escape(&t.seed.tenant.display_name),
        description = escape(pkg["description"].as_str().unwrap_or_default()),
    );
    Html(page("My Access", &body)).into_response()
}

#[derive(Deserialize)]
struct RequestForm {
    name: String,
    email: String,
    #[serde(default)]
    justification: String,
}

/// The users who decide a request under this policy: named users, and for sponsors the requestor's
/// sponsors, or the fallback approvers when the requestor has none.
fn approvers(t: &Tenant, policy: &Value, email: &str) -> Vec<String> {
    let stage = &policy["requestApprovalSettings"]["stages"][0];
    let users = |key: &str| -> Vec<String> {
        stage[key]
            .as_array()
            .map(|a| a.iter().filter_map(|s| s.get("userId").and_then(Value::as_str).map(String::from)).collect())
            .unwrap_or_default()
    };
    let mut out = users("primaryApprovers");
    let by_sponsors = stage["primaryApprovers"]
        .as_array()
        .is_some_and(|a| a.iter().any(|s| s["@odata.type"] == "#microsoft.graph.targetUserSponsors"));
    if by_sponsors {
        let sponsors = existing(t, email).map(|u| u.sponsors.clone()).unwrap_or_default();
        out.extend(if sponsors.is_empty() { users("fallbackPrimaryApprovers") } else { sponsors });
    }
    out.dedup();
    out
}

fn existing<'a>(t: &'a Tenant, email: &str) -> Option<&'a User> {
    t.seed.users.iter().find(|u| {
        u.mail.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(email))
            || u.other_mails.iter().any(|m| m.eq_ignore_ascii_case(email))
    })
}

async fn request(State(s): State<Shared>, Path(id): Path<String>, Form(f): Form<RequestForm>) -> Response {
    let mut t = s.lock();
    let Some(pkg) = package(&t, &id) else {
        return problem(StatusCode::NOT_FOUND, "This access package does not exist, or is no longer shared.");
    };
    let Some(policy) = external_policy(&pkg) else {
        return problem(
            StatusCode::FORBIDDEN,
            "This access package cannot be requested by people outside the organisation.",
        );
    };
    let email = f.email.trim().to_string();
    if let Some(p) = email_problem(&email) {
        return problem(StatusCode::BAD_REQUEST, &p);
    }
    let settings = &policy["requestApprovalSettings"];
    if settings["isRequestorJustificationRequired"] == true && f.justification.trim().is_empty() {
        return problem(StatusCode::BAD_REQUEST, "This package asks for a business justification.");
    }
    let needs_approval = settings["isApprovalRequiredForAdd"] == true;
    let now = t.now_iso();
    let mut r = json!({
        "id": uuid::Uuid::new_v4().to_string(), "accessPackageId": id, "requestType": "userAdd",
        "state": "pendingApproval", "status": "PendingApproval", "createdDateTime": now,
        "justification": f.justification.trim(), "approvers": approvers(&t, &policy, &email),
        "requestor": { "displayName": f.name.trim(), "email": email, "principalName": email, "subjectType": "user" },
    });
    if !needs_approval {
        r["state"] = json!("delivered");
        r["status"] = json!("Delivered");
        r["completedDateTime"] = json!(now);
        deliver(&mut t, &r);
    }
    t.seed.assignment_requests.push(r);
    t.save();
    let said = match needs_approval {
        true => "Your request was sent. You will get access once it is approved.",
        false => "You have access now.",
    };
    Html(page("My Access", &format!("<h1>Request sent</h1><p role=\"status\">{said}</p>"))).into_response()
}

/// What the service does once a request is approved: the requestor's guest account (found by address, or
/// created and redeemed, since they signed in to My Access to ask) joins every group the package grants.
pub fn deliver(t: &mut Tenant, request: &Value) {
    let email = request["requestor"]["email"].as_str().unwrap_or_default().to_string();
    if email.is_empty() {
        return;
    }
    let package_id = request["accessPackageId"].as_str().unwrap_or_default();
    let groups: Vec<String> = package(t, package_id)
        .and_then(|p| p["resourceRoleScopes"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|rs| rs["role"]["originId"].as_str()?.strip_prefix("Member_").map(String::from))
        .filter_map(|gid| t.seed.groups.iter().find(|g| g.id == gid).map(|g| g.display_name.clone()))
        .collect();
    let id = match existing(t, &email) {
        Some(u) => u.id.clone(),
        None => {
            let now = t.now_iso();
            let name = request["requestor"]["displayName"].as_str().unwrap_or(&email).to_string();
            let mut guest =
                User::external(uuid::Uuid::new_v4().to_string(), &email, name, &t.seed.tenant.domain.clone(), &now);
            guest.external_user_state = Some("Accepted".into());
            let id = guest.id.clone();
            t.seed.users.push(guest);
            id
        }
    };
    if let Some(u) = t.user_mut(&id) {
        for g in groups {
            if !u.groups.contains(&g) {
                u.groups.push(g);
            }
        }
    }
}
