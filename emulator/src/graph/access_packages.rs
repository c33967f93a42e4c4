//! Entitlement management from the seed: access packages with `$expand=assignmentPolicies` (and `catalog`),
//! connected organisations, and assignment requests with `$filter=accessPackage/id eq '…'` and
//! `$expand=requestor,accessPackage` (https://learn.microsoft.com/graph/api/entitlementmanagement-list-assignmentrequests).

use super::entitlement_setup::filter_equal;
use super::{denied, error, GraphRequest, GraphResponse};
use crate::state::Shared;
use axum::http::StatusCode;
use serde_json::{json, Value};

const SCOPES: &[&str] = &["EntitlementManagement.Read.All", "EntitlementManagement.ReadWrite.All"];

pub fn shape(pkg: &Value, expand: &[String]) -> Value {
    let mut p = pkg.clone();
    if let Some(o) = p.as_object_mut() {
        o.insert("@odata.type".into(), json!("#microsoft.graph.accessPackage"));
        o.entry("createdDateTime").or_insert(json!("2026-01-15T09:00:00Z"));
        o.entry("modifiedDateTime").or_insert(json!("2026-01-15T09:00:00Z"));
        for nav in ["assignmentPolicies", "catalog", "resourceRoleScopes"] {
            if !named(expand, nav) {
                o.remove(nav);
            }
        }
    }
    p
}

/// `$expand`'s items, split at top-level commas: `a,b($expand=c,d)` is two items.
pub fn expands(req: &GraphRequest) -> Vec<String> {
    let Some(e) = req.param("$expand") else { return Vec::new() };
    let (mut items, mut depth, mut current) = (Vec::new(), 0i32, String::new());
    for c in e.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut current).trim().to_string());
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current.trim().to_string());
    items
}

/// Whether `$expand` names this navigation property (with or without options of its own).
pub fn named(expand: &[String], nav: &str) -> bool {
    expand.iter().any(|e| e.split('(').next().is_some_and(|n| n.trim().eq_ignore_ascii_case(nav)))
}

pub fn list(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if !req.caller.has_scope(SCOPES) {
        return denied();
    }
    let name = match filter_equal(req, "displayName", "accessPackages") {
        Ok(n) => n,
        Err(e) => return e,
    };
    let ex = expands(req);
    let pkgs: Vec<Value> = s
        .lock()
        .seed
        .access_packages
        .iter()
        .filter(|p| name.as_deref().is_none_or(|n| p.get("displayName").and_then(Value::as_str) == Some(n)))
        .map(|p| shape(p, &ex))
        .collect();
    collection(s, "accessPackages", pkgs)
}

pub fn get(s: &Shared, req: &GraphRequest, id: &str) -> GraphResponse {
    if !req.caller.has_scope(SCOPES) {
        return denied();
    }
    let ex = expands(req);
    match s.lock().seed.access_packages.iter().find(|p| p.get("id").and_then(Value::as_str) == Some(id)) {
        Some(p) => GraphResponse::json(StatusCode::OK, shape(p, &ex)),
        None => error(StatusCode::NOT_FOUND, "ResourceNotFound", &format!("Access package '{id}' was not found.")),
    }
}

pub fn collection(s: &Shared, what: &str, value: Vec<Value>) -> GraphResponse {
    GraphResponse::json(
        StatusCode::OK,
        json!({
            "@odata.context": format!("{}/graph/v1.0/$metadata#identityGovernance/entitlementManagement/{what}", s.base_url),
            "value": value,
        }),
    )
}

pub fn connected_organizations(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if !req.caller.has_scope(SCOPES) {
        return denied();
    }
    let orgs = s.lock().seed.connected_organizations.clone();
    collection(s, "connectedOrganizations", orgs)
}

pub fn assignment_requests(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if !req.caller.has_scope(SCOPES) {
        return denied();
    }
    let package = match filter_equal(req, "accessPackage/id", "assignmentRequests") {
        Ok(id) => id,
        Err(e) => return e,
    };
    let ex = expands(req);
    let t = s.lock();
    let value: Vec<Value> = t
        .seed
        .assignment_requests
        .iter()
        .filter(|r| package.as_deref().is_none_or(|id| r.get("accessPackageId").and_then(Value::as_str) == Some(id)))
        .map(|r| request_out(&t.seed.access_packages, r, &ex))
        .collect();
    drop(t);
    collection(s, "assignmentRequests", value)
}

/// A request as a list shows it: Graph's names only, the requestor and the package when expanded.
fn request_out(packages: &[Value], r: &Value, ex: &[String]) -> Value {
    let mut out = public(r);
    let pkg_id = out.as_object_mut().and_then(|o| o.remove("accessPackageId"));
    if let Some(o) = out.as_object_mut() {
        o.insert("@odata.type".into(), json!("#microsoft.graph.accessPackageAssignmentRequest"));
        if !ex.iter().any(|e| e.eq_ignore_ascii_case("requestor")) {
            o.remove("requestor");
        }
        if named(ex, "accessPackage") {
            let pkg = packages.iter().find(|p| p.get("id") == pkg_id.as_ref());
            o.insert("accessPackage".into(), pkg.map(|p| shape(p, &[])).unwrap_or(Value::Null));
        }
    }
    out
}

/// A request as Graph shows it: without the emulator's own bookkeeping (its approvers and approval stage).
fn public(r: &Value) -> Value {
    let mut out = r.clone();
    if let Some(o) = out.as_object_mut() {
        o.remove("approvers");
        o.remove("approvalStage");
    }
    out
}

/// Approvals are delegated only, with `EntitlementManagement.ReadWrite.All` to decide
/// (https://learn.microsoft.com/graph/api/approvalstage-update).
const DECIDE: &[&str] = &["EntitlementManagement.ReadWrite.All"];

fn approvers(r: &Value) -> Vec<&str> {
    r.get("approvers")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The one approval stage of a request: what the seed or a decision left, else a fresh one.
fn stage_of(r: &Value, caller: &str) -> Value {
    let id = format!("{}-stage-1", r.get("id").and_then(Value::as_str).unwrap_or_default());
    let mut stage = r.get("approvalStage").cloned().unwrap_or_else(|| {
        json!({ "displayName": null, "reviewResult": "NotReviewed", "status": "InProgress", "justification": "",
                "reviewedBy": null, "reviewedDateTime": null })
    });
    stage["id"] = json!(id);
    stage["assignedToMe"] = json!(approvers(r).contains(&caller));
    stage
}

/// Only `filterByCurrentUser(on='approver')` is asked of these collections here.
fn approver_call(call: &str) -> Result<(), GraphResponse> {
    match call.replace("%27", "'").eq_ignore_ascii_case("filterByCurrentUser(on='approver')") {
        true => Ok(()),
        false => {
            Err(error(StatusCode::BAD_REQUEST, "BadRequest", &format!("Resource not found for the segment '{call}'.")))
        }
    }
}

fn pending_for(r: &Value, caller: &str) -> bool {
    r.get("state").and_then(Value::as_str) == Some("pendingApproval") && approvers(r).contains(&caller)
}

/// `GET …/accessPackageAssignmentApprovals/filterByCurrentUser(on='approver')`: the approvals waiting for the
/// caller, `{"id": <request id>}` each (https://learn.microsoft.com/graph/api/approval-filterbycurrentuser).
pub fn my_approvals(s: &Shared, req: &GraphRequest, call: &str) -> GraphResponse {
    if !req.caller.has_scope(DECIDE) {
        return denied();
    }
    if let Err(e) = approver_call(call) {
        return e;
    }
    let me = req.caller.user.id.as_str();
    let t = s.lock();
    let value: Vec<Value> =
        t.seed.assignment_requests.iter().filter(|r| pending_for(r, me)).map(|r| json!({ "id": r["id"] })).collect();
    drop(t);
    collection(s, "approval", value)
}

/// `GET …/assignmentRequests/filterByCurrentUser(on='approver')`: the pending requests that need the caller's
/// decision, with their requestor and package when expanded.
pub fn my_requests(s: &Shared, req: &GraphRequest, call: &str) -> GraphResponse {
    if !req.caller.has_scope(SCOPES) {
        return denied();
    }
    if let Err(e) = approver_call(call) {
        return e;
    }
    let me = req.caller.user.id.clone();
    let ex = expands(req);
    let t = s.lock();
    let value: Vec<Value> = t
        .seed
        .assignment_requests
        .iter()
        .filter(|r| pending_for(r, &me))
        .map(|r| request_out(&t.seed.access_packages, r, &ex))
        .collect();
    drop(t);
    collection(s, "accessPackageAssignmentRequest", value)
}

fn approval_not_found(id: &str) -> GraphResponse {
    error(StatusCode::NOT_FOUND, "ResourceNotFound", &format!("Approval '{id}' was not found."))
}

/// `GET …/accessPackageAssignmentApprovals/{id}/stages`.
pub fn stages(s: &Shared, req: &GraphRequest, id: &str) -> GraphResponse {
    if !req.caller.has_scope(SCOPES) {
        return denied();
    }
    let t = s.lock();
    let Some(r) = t.seed.assignment_requests.iter().find(|r| r.get("id").and_then(Value::as_str) == Some(id)) else {
        return approval_not_found(id);
    };
    let stage = stage_of(r, &req.caller.user.id);
    drop(t);
    collection(s, "approvalStage", vec![stage])
}

/// `PATCH …/accessPackageAssignmentApprovals/{id}/stages/{stageId}` with `reviewResult` `Approve` or `Deny`:
/// 204; 409 when another approver decided first; 403 for a caller who is not an approver of the stage.
pub fn decide(s: &Shared, req: &GraphRequest, id: &str, stage_id: &str) -> GraphResponse {
    if !req.caller.has_scope(DECIDE) {
        return denied();
    }
    let bad = |m: &str| error(StatusCode::BAD_REQUEST, "BadRequest", m);
    let result = match req.body.as_ref().and_then(|b| b.get("reviewResult")).and_then(Value::as_str) {
        Some("Approve") => "Approved",
        Some("Deny") => "Denied",
        _ => return bad("reviewResult must be 'Approve' or 'Deny'."),
    };
    let justification =
        req.body.as_ref().and_then(|b| b.get("justification")).and_then(Value::as_str).unwrap_or_default();
    let me = req.caller.user.clone();
    let mut t = s.lock();
    let now = t.now_iso();
    let Some(r) = t.seed.assignment_requests.iter_mut().find(|r| r.get("id").and_then(Value::as_str) == Some(id))
    else {
        return approval_not_found(id);
    };
    if stage_of(r, &me.id)["id"].as_str() != Some(stage_id) {
        return error(
            StatusCode::NOT_FOUND,
            "ResourceNotFound",
            &format!("Approval stage '{stage_id}' was not found."),
        );
    }
    if !approvers(r).contains(&me.id.as_str()) {
        return denied();
    }
    if r.get("state").and_then(Value::as_str) != Some("pendingApproval") {
        return error(
            StatusCode::CONFLICT,
            "Conflict",
            "The approval stage has already been completed by another approver.",
        );
    }
    r["approvalStage"] = json!({
        "displayName": null, "reviewResult": result, "status": "Completed", "justification": justification,
        "reviewedBy": { "id": me.id, "displayName": me.display_name }, "reviewedDateTime": now,
    });
    let (state, status) = match result {
        "Approved" => ("delivered", "Delivered"),
        _ => ("denied", "Denied"),
    };
    r["state"] = json!(state);
    r["status"] = json!(status);
    r["completedDateTime"] = json!(now);
    let delivered = r.clone();
    if result == "Approved" {
        crate::my_access::deliver(&mut t, &delivered);
    }
    t.save();
    GraphResponse { status: StatusCode::NO_CONTENT, headers: vec![], body: None, text: None }
}
