//! Entitlement management from the seed: access packages with `$expand=assignmentPolicies` (and `catalog`),
//! connected organisations, and assignment requests with `$filter=accessPackage/id eq '…'` and
//! `$expand=requestor,accessPackage` (https://learn.microsoft.com/graph/api/entitlementmanagement-list-assignmentrequests).

use super::{denied, error, GraphRequest, GraphResponse};
use crate::state::Shared;
use axum::http::StatusCode;
use serde_json::{json, Value};

const SCOPES: &[&str] = &["EntitlementManagement.Read.All", "EntitlementManagement.ReadWrite.All"];

fn shape(pkg: &Value, expand: &[String]) -> Value {
    let mut p = pkg.clone();
    if let Some(o) = p.as_object_mut() {
        o.insert("@odata.type".into(), json!("#microsoft.graph.accessPackage"));
        o.entry("createdDateTime").or_insert(json!("2026-01-15T09:00:00Z"));
        o.entry("modifiedDateTime").or_insert(json!("2026-01-15T09:00:00Z"));
        for nav in ["assignmentPolicies", "catalog"] {
            if !expand.iter().any(|e| e.eq_ignore_ascii_case(nav)) {
                o.remove(nav);
            }
        }
    }
    p
}

fn expands(req: &GraphRequest) -> Vec<String> {
    req.param("$expand").map(|e| e.split(',').map(|x| x.trim().to_string()).collect()).unwrap_or_default()
}

pub fn list(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if !req.caller.has_scope(SCOPES) {
        return denied();
    }
    let ex = expands(req);
    let pkgs: Vec<Value> = s.lock().seed.access_packages.iter().map(|p| shape(p, &ex)).collect();
    GraphResponse::json(
        StatusCode::OK,
        json!({
            "@odata.context": format!("{}/graph/v1.0/$metadata#identityGovernance/entitlementManagement/accessPackages", s.base_url),
            "value": pkgs,
        }),
    )
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

fn collection(s: &Shared, what: &str, value: Vec<Value>) -> GraphResponse {
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

/// The package id of `accessPackage/id eq '…'`, the one filter supported here.
fn package_filter(f: &str) -> Option<String> {
    let rest = f.trim().strip_prefix("accessPackage/id")?.trim_start().strip_prefix("eq")?.trim();
    Some(rest.strip_prefix('\'')?.strip_suffix('\'')?.to_string())
}

pub fn assignment_requests(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if !req.caller.has_scope(SCOPES) {
        return denied();
    }
    let package = match req.param("$filter") {
        None => None,
        Some(f) => match package_filter(f) {
            Some(id) => Some(id),
            None => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "BadRequest",
                    &format!("Invalid filter clause: '{f}' is not supported on assignmentRequests."),
                )
            }
        },
    };
    let ex = expands(req);
    let t = s.lock();
    let value: Vec<Value> = t
        .seed
        .assignment_requests
        .iter()
        .filter(|r| package.as_deref().is_none_or(|id| r.get("accessPackageId").and_then(Value::as_str) == Some(id)))
        .map(|r| {
            let mut out = r.clone();
            let pkg_id = out.as_object_mut().and_then(|o| o.remove("accessPackageId"));
            if let Some(o) = out.as_object_mut() {
                o.insert("@odata.type".into(), json!("#microsoft.graph.accessPackageAssignmentRequest"));
                if !ex.iter().any(|e| e.eq_ignore_ascii_case("requestor")) {
                    o.remove("requestor");
                }
                if ex.iter().any(|e| e.eq_ignore_ascii_case("accessPackage")) {
                    let pkg = t.seed.access_packages.iter().find(|p| p.get("id") == pkg_id.as_ref());
                    o.insert("accessPackage".into(), pkg.map(|p| shape(p, &[])).unwrap_or(Value::Null));
                }
            }
            out
        })
        .collect();
    drop(t);
    collection(s, "assignmentRequests", value)
}
