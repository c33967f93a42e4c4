//! Building a partner package, in Microsoft's documented order
//! (https://learn.microsoft.com/graph/tutorial-access-package-api): catalogs (`GET` with
//! `$filter=displayName eq '…'`, `POST`), a group added to a catalog (`POST resourceRequests` with `adminAdd`),
//! the catalog's resources with their roles and scopes, `POST accessPackages`, a package's
//! `resourceRoleScopes`, and `POST assignmentPolicies`, each with the checks the service makes. Where Microsoft
//! publishes no message text, the wording here is the emulator's own.

use super::access_packages::{collection, expands, named};
use super::{denied, error, GraphRequest, GraphResponse};
use crate::state::{Shared, Tenant};
use axum::http::StatusCode;
use serde_json::{json, Value};

const READ: &[&str] = &["EntitlementManagement.Read.All", "EntitlementManagement.ReadWrite.All"];
const WRITE: &[&str] = &["EntitlementManagement.ReadWrite.All"];
/// Directory roles that administer entitlement management (the emulator has no catalog roles of its own).
const ADMIN_ROLES: &[&str] = &["Global Administrator", "Identity Governance Administrator"];
/// Roles that may change any group, so may add one they do not own to a catalog.
const GROUP_ROLES: &[&str] = &["Global Administrator", "Groups Administrator", "User Administrator"];
const TARGET_SCOPES: &[&str] = &[
    "notSpecified",
    "specificDirectoryUsers",
    "specificConnectedOrganizationUsers",
    "specificDirectoryServicePrincipals",
    "allMemberUsers",
    "allDirectoryUsers",
    "allDirectoryServicePrincipals",
    "allConfiguredConnectedOrganizationUsers",
    "allExternalUsers",
];
const EXTERNAL_SCOPES: &[&str] =
    &["specificConnectedOrganizationUsers", "allConfiguredConnectedOrganizationUsers", "allExternalUsers"];

fn bad(message: &str) -> GraphResponse {
    error(StatusCode::BAD_REQUEST, "BadRequest", message)
}

fn not_found(what: &str, id: &str) -> GraphResponse {
    error(StatusCode::NOT_FOUND, "ResourceNotFound", &format!("{what} '{id}' was not found."))
}

fn created(body: Value) -> GraphResponse {
    GraphResponse::json(StatusCode::CREATED, body)
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(k)).and_then(Value::as_str).filter(|s| !s.trim().is_empty())
}

/// The writer's checks: the scope, and a role that administers entitlement management.
fn may_write(req: &GraphRequest) -> Result<(), GraphResponse> {
    match req.caller.has_scope(WRITE) && req.caller.user.has_role(ADMIN_ROLES) {
        true => Ok(()),
        false => Err(denied()),
    }
}

/// Every catalog: those created here and those the seeded packages sit in.
pub fn catalogs(t: &Tenant) -> Vec<Value> {
    let mut all = t.seed.catalogs.clone();
    for p in &t.seed.access_packages {
        if let Some(c) = p.get("catalog") {
            if !all.iter().any(|x| x.get("id") == c.get("id")) {
                all.push(c.clone());
            }
        }
    }
    all
}

fn catalog_out(c: &Value) -> Value {
    let mut c = c.clone();
    c["@odata.type"] = json!("#microsoft.graph.accessPackageCatalog");
    c
}

/// The value of `$filter=<property> eq '…'`, the one comparison these lists take here (`None` without a
/// filter); any other filter is Graph's 400, naming the collection `on`.
pub fn filter_equal(req: &GraphRequest, property: &str, on: &str) -> Result<Option<String>, GraphResponse> {
    match req.param("$filter") {
        None => Ok(None),
        Some(f) => match equals(f, property) {
            Some(v) => Ok(Some(v)),
            None => Err(bad(&format!("Invalid filter clause: '{f}' is not supported on {on}."))),
        },
    }
}

/// `displayName eq '…'`, `originId eq '…'` and the like.
fn equals(filter: &str, property: &str) -> Option<String> {
    let rest = filter.trim().strip_prefix(property)?.trim_start().strip_prefix("eq")?.trim();
    Some(rest.strip_prefix('\'')?.strip_suffix('\'')?.replace("''", "'"))
}

/// `GET …/catalogs`, optionally `$filter=displayName eq '…'`.
pub fn list_catalogs(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if !req.caller.has_scope(READ) {
        return denied();
    }
    let name = match filter_equal(req, "displayName", "catalogs") {
        Ok(n) => n,
        Err(e) => return e,
    };
    let all = catalogs(&s.lock());
    let value = all
        .iter()
        .filter(|c| name.as_deref().is_none_or(|n| c.get("displayName").and_then(Value::as_str) == Some(n)))
        .map(catalog_out)
        .collect();
    collection(s, "catalogs", value)
}

/// `POST …/catalogs` (https://learn.microsoft.com/graph/api/entitlementmanagement-post-catalogs).
pub fn create_catalog(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if let Err(e) = may_write(req) {
        return e;
    }
    let body = req.body.clone().unwrap_or(Value::Null);
    let Some(name) = str_at(&body, &["displayName"]) else {
        return bad("The property 'displayName' is required.");
    };
    let state = str_at(&body, &["state"]).unwrap_or("published");
    if !["published", "unpublished"].contains(&state) {
        return bad(&format!("'{state}' is not a valid value for 'state'."));
    }
    let mut t = s.lock();
    let now = t.now_iso();
    let catalog = json!({
        "id": uuid::Uuid::new_v4().to_string(), "displayName": name,
        "description": str_at(&body, &["description"]).unwrap_or_default(),
        "catalogType": "userManaged", "state": state,
        "isExternallyVisible": body.get("isExternallyVisible").and_then(Value::as_bool).unwrap_or(false),
        "createdDateTime": now, "modifiedDateTime": now,
    });
    t.seed.catalogs.push(catalog.clone());
    t.save();
    created(catalog_out(&catalog))
}

/// A group as a catalog resource, with its Member and Owner roles and its root scope.
fn group_resource(catalog_id: &str, group_id: &str, name: &str, now: &str) -> Value {
    let role = |role: &str| {
        json!({ "id": uuid::Uuid::new_v4().to_string(), "displayName": role, "description": null,
                "originId": format!("{role}_{group_id}"), "originSystem": "AadGroup" })
    };
    json!({
        "id": uuid::Uuid::new_v4().to_string(), "catalogId": catalog_id, "displayName": name, "description": null,
        "originId": group_id, "originSystem": "AadGroup", "createdDateTime": now, "modifiedDateTime": now,
        "roles": [role("Member"), role("Owner")],
        "scopes": [{ "id": uuid::Uuid::new_v4().to_string(), "displayName": "Root", "description": "Root Scope",
                     "originId": group_id, "originSystem": "AadGroup", "isRootScope": true }],
    })
}

/// `POST …/resourceRequests` with `adminAdd` for a group
/// (https://learn.microsoft.com/graph/api/entitlementmanagement-post-resourcerequests).
pub fn create_resource_request(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if let Err(e) = may_write(req) {
        return e;
    }
    let body = req.body.clone().unwrap_or(Value::Null);
    if !str_at(&body, &["requestType"]).is_some_and(|r| r.eq_ignore_ascii_case("adminAdd")) {
        return bad("Only 'adminAdd' requests are accepted here.");
    }
    let (Some(catalog_id), Some(group_id)) =
        (str_at(&body, &["catalog", "id"]), str_at(&body, &["resource", "originId"]))
    else {
        return bad("The request needs 'catalog.id' and 'resource.originId'.");
    };
    if str_at(&body, &["resource", "originSystem"]) != Some("AadGroup") {
        return bad("'resource.originSystem' must be 'AadGroup' for a group.");
    }
    let mut t = s.lock();
    if !catalogs(&t).iter().any(|c| c.get("id").and_then(Value::as_str) == Some(catalog_id)) {
        return not_found("Catalog", catalog_id);
    }
    let Some(group) = t.seed.groups.iter().find(|g| g.id == group_id).cloned() else {
        return not_found("Group", group_id);
    };
    let me = &req.caller.user;
    if !me.has_role(GROUP_ROLES) && !group.owners.contains(&me.id) {
        return error(StatusCode::FORBIDDEN, "Forbidden", "The caller is not the resource owner.");
    }
    let taken = t.seed.catalog_resources.iter().any(|r| {
        r.get("catalogId").and_then(Value::as_str) == Some(catalog_id)
            && r.get("originId").and_then(Value::as_str) == Some(group_id)
    });
    if taken {
        return bad(&format!("The resource '{group_id}' is already in the catalog."));
    }
    let now = t.now_iso();
    let resource = group_resource(catalog_id, group_id, &group.display_name, &now);
    t.seed.catalog_resources.push(resource);
    t.save();
    created(json!({
        "@odata.type": "#microsoft.graph.accessPackageResourceRequest",
        "id": uuid::Uuid::new_v4().to_string(), "requestType": "adminAdd", "state": "delivered", "createdDateTime": now,
    }))
}

fn resource_out(r: &Value, ex: &[String]) -> Value {
    let mut out = r.clone();
    if let Some(o) = out.as_object_mut() {
        o.remove("catalogId");
        o.insert("@odata.type".into(), json!("#microsoft.graph.accessPackageResource"));
        for nav in ["roles", "scopes"] {
            if !named(ex, nav) {
                o.remove(nav);
            }
        }
    }
    out
}

/// `GET …/catalogs/{id}/resources`, optionally `$filter=originId eq '…'` and `$expand=roles,scopes`.
pub fn catalog_resources(s: &Shared, req: &GraphRequest, catalog_id: &str) -> GraphResponse {
    if !req.caller.has_scope(READ) {
        return denied();
    }
    let origin = match filter_equal(req, "originId", "resources") {
        Ok(o) => o,
        Err(e) => return e,
    };
    let t = s.lock();
    if !catalogs(&t).iter().any(|c| c.get("id").and_then(Value::as_str) == Some(catalog_id)) {
        return not_found("Catalog", catalog_id);
    }
    let ex = expands(req);
    let value = t
        .seed
        .catalog_resources
        .iter()
        .filter(|r| r.get("catalogId").and_then(Value::as_str) == Some(catalog_id))
        .filter(|r| origin.as_deref().is_none_or(|o| r.get("originId").and_then(Value::as_str) == Some(o)))
        .map(|r| resource_out(r, &ex))
        .collect();
    drop(t);
    collection(s, "resources", value)
}

/// `POST …/accessPackages` (https://learn.microsoft.com/graph/api/entitlementmanagement-post-accesspackages).
pub fn create_package(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if let Err(e) = may_write(req) {
        return e;
    }
    let body = req.body.clone().unwrap_or(Value::Null);
    let Some(name) = str_at(&body, &["displayName"]) else {
        return bad("The property 'displayName' is required.");
    };
    let Some(catalog_id) = str_at(&body, &["catalog", "id"]) else {
        return bad("The property 'catalog' is required.");
    };
    let mut t = s.lock();
    let Some(catalog) = catalogs(&t).into_iter().find(|c| c.get("id").and_then(Value::as_str) == Some(catalog_id))
    else {
        return not_found("Catalog", catalog_id);
    };
    let now = t.now_iso();
    let package = json!({
        "id": uuid::Uuid::new_v4().to_string(), "displayName": name,
        "description": str_at(&body, &["description"]).unwrap_or_default(),
        "isHidden": body.get("isHidden").and_then(Value::as_bool).unwrap_or(false),
        "createdDateTime": now, "modifiedDateTime": now,
        "catalog": catalog, "assignmentPolicies": [], "resourceRoleScopes": [],
    });
    t.seed.access_packages.push(package.clone());
    t.save();
    created(super::access_packages::shape(&package, &[]))
}

/// `POST …/accessPackages/{id}/resourceRoleScopes`: a role of a resource already in the package's catalog
/// (https://learn.microsoft.com/graph/api/accesspackage-post-resourcerolescopes).
pub fn create_role_scope(s: &Shared, req: &GraphRequest, package_id: &str) -> GraphResponse {
    if let Err(e) = may_write(req) {
        return e;
    }
    let body = req.body.clone().unwrap_or(Value::Null);
    let (Some(role_origin), Some(scope_origin)) =
        (str_at(&body, &["role", "originId"]), str_at(&body, &["scope", "originId"]))
    else {
        return bad("The request needs 'role.originId' and 'scope.originId'.");
    };
    let mut t = s.lock();
    let now = t.now_iso();
    let Some(index) =
        t.seed.access_packages.iter().position(|p| p.get("id").and_then(Value::as_str) == Some(package_id))
    else {
        return not_found("Access package", package_id);
    };
    let catalog_id = str_at(&t.seed.access_packages[index], &["catalog", "id"]).unwrap_or_default().to_string();
    let found = t.seed.catalog_resources.iter().find(|r| {
        r.get("catalogId").and_then(Value::as_str) == Some(catalog_id.as_str())
            && r.get("originId").and_then(Value::as_str) == Some(scope_origin)
    });
    let Some(resource) = found.cloned() else {
        return bad(&format!("The resource '{scope_origin}' is not in the access package's catalog."));
    };
    let role = resource["roles"]
        .as_array()
        .and_then(|roles| roles.iter().find(|r| r.get("originId").and_then(Value::as_str) == Some(role_origin)));
    let (Some(role), Some(scope)) = (role.cloned(), resource["scopes"].get(0).cloned()) else {
        return bad(&format!("The role '{role_origin}' is not a role of the resource '{scope_origin}'."));
    };
    let id = format!("{}_{}", role["id"].as_str().unwrap_or_default(), scope["id"].as_str().unwrap_or_default());
    let scopes = &mut t.seed.access_packages[index]["resourceRoleScopes"];
    if !scopes.is_array() {
        *scopes = json!([]);
    }
    if scopes.as_array().is_some_and(|a| a.iter().any(|x| x.get("id").and_then(Value::as_str) == Some(&id))) {
        return error(StatusCode::CONFLICT, "Conflict", "The access package already has this resource role scope.");
    }
    let mut with_resource = role.clone();
    with_resource["resource"] = json!({ "id": resource["id"], "originId": scope_origin, "originSystem": "AadGroup", "displayName": resource["displayName"] });
    let entry = json!({ "id": id, "createdDateTime": now, "role": with_resource, "scope": scope });
    if let Some(a) = scopes.as_array_mut() {
        a.push(entry.clone());
    }
    t.save();
    created(entry)
}

fn subjects<'a>(stage: &'a Value, key: &str) -> Vec<&'a Value> {
    stage.get(key).and_then(Value::as_array).map(|a| a.iter().collect()).unwrap_or_default()
}

fn subject_type(s: &Value) -> &str {
    s.get("@odata.type").and_then(Value::as_str).unwrap_or_default().trim_start_matches("#microsoft.graph.")
}

/// The approval settings' checks: stages with primary approvers when approval is required, users that exist,
/// and a fallback for sponsors (a new partner has none yet).
fn approval_problem(t: &Tenant, settings: Option<&Value>) -> Option<String> {
    let settings = settings?;
    if settings.get("isApprovalRequiredForAdd").and_then(Value::as_bool) != Some(true) {
        return None;
    }
    let stages = settings.get("stages").and_then(Value::as_array).filter(|s| !s.is_empty());
    let Some(stages) = stages else {
        return Some("An approval stage is required when 'isApprovalRequiredForAdd' is true.".into());
    };
    for stage in stages {
        let primary = subjects(stage, "primaryApprovers");
        if primary.is_empty() {
            return Some("Each approval stage needs at least one primary approver.".into());
        }
        let fallback = subjects(stage, "fallbackPrimaryApprovers");
        for s in primary.iter().chain(fallback.iter()) {
            match subject_type(s) {
                "singleUser" => {
                    let id = s.get("userId").and_then(Value::as_str).unwrap_or_default();
                    if t.user(id).is_none() {
                        return Some(format!("The approver '{id}' was not found."));
                    }
                }
                "targetUserSponsors" | "internalSponsors" | "externalSponsors" | "requestorManager" => {}
                other => return Some(format!("'{other}' is not an approver type accepted here.")),
            }
        }
        let needs_fallback = primary.iter().any(|s| subject_type(s) == "targetUserSponsors");
        if needs_fallback && fallback.is_empty() {
            return Some("Sponsors as approvers need a fallback approver, for requestors who have no sponsor.".into());
        }
    }
    None
}

/// The duration of `afterDuration`, `P{n}D` (the emulator reads days only).
fn days(duration: &str) -> Option<u32> {
    duration.strip_prefix('P')?.strip_suffix('D')?.parse().ok().filter(|d| *d > 0)
}

/// `POST …/assignmentPolicies` (https://learn.microsoft.com/graph/api/entitlementmanagement-post-assignmentpolicies).
pub fn create_policy(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if let Err(e) = may_write(req) {
        return e;
    }
    let body = req.body.clone().unwrap_or(Value::Null);
    if str_at(&body, &["displayName"]).is_none() {
        return bad("The property 'displayName' is required.");
    }
    let Some(package_id) = str_at(&body, &["accessPackage", "id"]) else {
        return bad("The property 'accessPackage' is required.");
    };
    let scope = str_at(&body, &["allowedTargetScope"]).unwrap_or("notSpecified");
    if !TARGET_SCOPES.contains(&scope) {
        return bad(&format!("'{scope}' is not a valid value for 'allowedTargetScope'."));
    }
    let mut t = s.lock();
    let Some(index) =
        t.seed.access_packages.iter().position(|p| p.get("id").and_then(Value::as_str) == Some(package_id))
    else {
        return not_found("Access package", package_id);
    };
    let external = t.seed.access_packages[index]["catalog"]["isExternallyVisible"].as_bool() == Some(true);
    if EXTERNAL_SCOPES.contains(&scope) && !external {
        return bad("Policies for users outside the directory need a catalog that is enabled for external users.");
    }
    let targets = body.get("specificAllowedTargets").and_then(Value::as_array).cloned().unwrap_or_default();
    if scope == "specificConnectedOrganizationUsers" {
        if targets.is_empty() {
            return bad("'specificAllowedTargets' must name at least one connected organization.");
        }
        for target in &targets {
            let id = target.get("connectedOrganizationId").and_then(Value::as_str).unwrap_or_default();
            if !t.seed.connected_organizations.iter().any(|o| o.get("id").and_then(Value::as_str) == Some(id)) {
                return not_found("Connected organization", id);
            }
        }
    }
    if let Some(problem) = approval_problem(&t, body.get("requestApprovalSettings")) {
        return bad(&problem);
    }
    match str_at(&body, &["expiration", "type"]) {
        None | Some("noExpiration") | Some("notSpecified") => {}
        Some("afterDuration") => {
            if str_at(&body, &["expiration", "duration"]).and_then(days).is_none() {
                return bad("'expiration.duration' must be an ISO 8601 duration such as 'P90D'.");
            }
        }
        Some("afterDateTime") if str_at(&body, &["expiration", "endDateTime"]).is_some() => {}
        Some(other) => return bad(&format!("'{other}' is not a valid expiration for this policy.")),
    }
    let now = t.now_iso();
    let mut policy = body.clone();
    if let Some(o) = policy.as_object_mut() {
        o.remove("accessPackage");
        o.insert("id".into(), json!(uuid::Uuid::new_v4().to_string()));
        o.insert("createdDateTime".into(), json!(now));
        o.insert("modifiedDateTime".into(), json!(now));
        o.insert("description".into(), json!(str_at(&body, &["description"]).unwrap_or_default()));
    }
    let policies = &mut t.seed.access_packages[index]["assignmentPolicies"];
    if !policies.is_array() {
        *policies = json!([]);
    }
    if let Some(a) = policies.as_array_mut() {
        a.push(policy.clone());
    }
    t.save();
    policy["@odata.type"] = json!("#microsoft.graph.accessPackageAssignmentPolicy");
    created(policy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_two_filters_and_durations() {
        assert_eq!(equals("displayName eq 'Partner''s catalog'", "displayName").as_deref(), Some("Partner's catalog"));
        assert_eq!(equals("originId eq 'g1'", "displayName"), None);
        assert_eq!((days("P90D"), days("P0D"), days("PT5H")), (Some(90), None, None));
    }
}
