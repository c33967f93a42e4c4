//! Entitlement management access packages from the seed, with `$expand=assignmentPolicies` (and `catalog`).

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
