//! `GET /groups` (with `$search`, `$filter`, `$select`, `$top`), `GET /groups/{id}` and
//! `POST /groups/{id}/members/$ref`, with the rules Microsoft documents for adding a member
//! (https://learn.microsoft.com/graph/api/group-post-members): the scope, the caller's role or ownership,
//! role-assignable groups, groups Exchange manages, dynamic groups, an existing member, and an object that does
//! not exist yet (a user created moments ago is not yet visible to every replica).

use super::odata::{parse_filter, parse_search};
use super::{denied, error, GraphRequest, GraphResponse};
use crate::seed::Group;
use crate::state::Shared;
use axum::http::StatusCode;
use serde_json::{json, Map, Value};

const READ_SCOPES: &[&str] = &[
    "GroupMember.Read.All",
    "GroupMember.ReadWrite.All",
    "Group.Read.All",
    "Group.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
];
const MEMBER_WRITE_SCOPES: &[&str] = &["GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All"];
/// Roles that may update any group's members (`microsoft.directory/groups/members/update`).
const MEMBER_ROLES: &[&str] = &[
    "Global Administrator",
    "Groups Administrator",
    "User Administrator",
    "Directory Writers",
    "Identity Governance Administrator",
];
pub const DEFAULT_PROPERTIES: &[&str] =
    &["id", "displayName", "description", "groupTypes", "mail", "mailEnabled", "securityEnabled"];

/// Every property the emulator knows, as Graph names and shapes it.
pub fn full_json(g: &Group) -> Value {
    json!({
        "id": g.id, "displayName": g.display_name, "description": g.description, "groupTypes": g.group_types,
        "mail": g.mail, "mailEnabled": g.mail_enabled, "securityEnabled": g.security_enabled,
        "membershipRule": g.membership_rule, "membershipRuleProcessingState": g.membership_rule.as_ref().map(|_| "On"),
        "isAssignableToRole": g.is_assignable_to_role, "visibility": g.visibility,
    })
}

fn select(req: &GraphRequest) -> Result<Option<Vec<String>>, GraphResponse> {
    let Some(sel) = req.param("$select") else { return Ok(None) };
    let known = full_json(&Group::default());
    let mut out = Vec::new();
    for p in sel.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if !known.as_object().is_some_and(|o| o.keys().any(|k| k.eq_ignore_ascii_case(p))) {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "Request_BadRequest",
                &format!("Could not find a property named '{p}' on type 'microsoft.graph.group'."),
            ));
        }
        out.push(p.to_string());
    }
    Ok(Some(out))
}

fn project(full: &Value, select: Option<&[String]>) -> Value {
    let obj = full.as_object().cloned().unwrap_or_default();
    let mut out = Map::new();
    let wanted: Vec<String> = match select {
        Some(p) => p.to_vec(),
        None => DEFAULT_PROPERTIES.iter().map(|s| s.to_string()).collect(),
    };
    for p in wanted {
        if let Some((k, v)) = obj.iter().find(|(k, _)| k.eq_ignore_ascii_case(&p)) {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// `GET /groups`: `$search` needs `ConsistencyLevel: eventual`, as Graph says.
pub fn list(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if !req.caller.has_scope(READ_SCOPES) {
        return denied();
    }
    let bad = |m: &str| error(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery", m);
    let sel = match select(req) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let search = match req.param("$search") {
        Some(_) if !req.eventual() => {
            return bad("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
        }
        Some(q) => match parse_search(q.trim()) {
            Ok(s) => Some(s),
            Err(e) => return bad(&e.message),
        },
        None => None,
    };
    let filter = match req.param("$filter").map(parse_filter).transpose() {
        Ok(f) => f,
        Err(e) => return bad(&e.message),
    };
    if let Some(f) = &filter {
        // The group properties this emulator filters on, all with `eq` among their documented operators
        // (https://learn.microsoft.com/graph/aad-advanced-queries, group properties).
        const FILTERABLE: &[&str] = &["id", "displayName", "mail", "mailEnabled", "securityEnabled", "groupTypes"];
        if let Some(p) = f.properties().into_iter().find(|p| !FILTERABLE.iter().any(|k| k.eq_ignore_ascii_case(p))) {
            return bad(&format!(
                "Unsupported or invalid query filter clause specified for property '{p}' of resource 'Group'."
            ));
        }
        if f.is_advanced() && !req.eventual() {
            return bad("Operator 'endsWith/ne/not' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information");
        }
    }
    let top = match req.param("$top").map(str::parse::<usize>) {
        None => 100,
        Some(Ok(n)) if (1..=999).contains(&n) => n,
        Some(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "Request_BadRequest",
                "Invalid page size specified. Must be between 1 and 999 inclusive.",
            )
        }
    };
    let t = s.lock();
    let all: Vec<Value> = t
        .seed
        .groups
        .iter()
        .map(full_json)
        .filter(|g| search.as_ref().is_none_or(|q| q.matches(g)))
        .filter(|g| filter.as_ref().is_none_or(|f| f.matches(g)))
        .collect();
    let count = all.len();
    let value: Vec<Value> = all.iter().take(top).map(|g| project(g, sel.as_deref())).collect();
    let mut body = json!({ "@odata.context": format!("{}/graph/v1.0/$metadata#groups", s.base_url), "value": value });
    if req.param("$count").is_some_and(|c| c.eq_ignore_ascii_case("true")) {
        body["@odata.count"] = json!(count);
    }
    GraphResponse::json(StatusCode::OK, body)
}

fn not_found(id: &str) -> GraphResponse {
    error(
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
        &format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."),
    )
}

/// `GET /groups/{id}`.
pub fn get(s: &Shared, req: &GraphRequest, id: &str) -> GraphResponse {
    if !req.caller.has_scope(READ_SCOPES) {
        return denied();
    }
    let sel = match select(req) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let t = s.lock();
    match t.seed.groups.iter().find(|g| g.id == id) {
        Some(g) => GraphResponse::json(StatusCode::OK, project(&full_json(g), sel.as_deref())),
        None => not_found(id),
    }
}

/// `POST /groups/{id}/members/$ref` with `{"@odata.id": ".../directoryObjects/{id}"}`.
pub fn add_member(s: &Shared, req: &GraphRequest, group_id: &str) -> GraphResponse {
    let caller = &req.caller;
    if !caller.has_scope(MEMBER_WRITE_SCOPES) {
        return denied();
    }
    let bad = |m: &str| error(StatusCode::BAD_REQUEST, "Request_BadRequest", m);
    let Some(odata_id) = req.body.as_ref().and_then(|b| b.get("@odata.id")).and_then(Value::as_str) else {
        return bad("Invalid request input: the request body needs '@odata.id'.");
    };
    let Some(member_id) = odata_id.rsplit('/').next().filter(|id| !id.is_empty()).map(str::to_string) else {
        return bad("Invalid object identifier in '@odata.id'.");
    };
    let mut t = s.lock();
    let Some(group) = t.seed.groups.iter().find(|g| g.id == group_id).cloned() else {
        return not_found(group_id);
    };
    let owner = group.owners.contains(&caller.user.id);
    if !caller.user.has_role(MEMBER_ROLES) && !owner {
        return denied();
    }
    if group.is_assignable_to_role
        && !(caller.user.has_role(&["Privileged Role Administrator", "Global Administrator"])
            && caller.has_scope(&["RoleManagement.ReadWrite.Directory"]))
    {
        return denied();
    }
    // Exchange manages mail-enabled security groups and distribution lists; Graph only reads them.
    if group.mail_enabled && !group.group_types.iter().any(|k| k == "Unified") {
        return denied();
    }
    if group.membership_rule.is_some() {
        return bad("Insufficient privileges to complete the operation. Members of a group with dynamic membership cannot be changed.");
    }
    if !t.replicated(&member_id) || t.user(&member_id).is_none() {
        return not_found(&member_id);
    }
    let Some(user) = t.seed.users.iter_mut().find(|u| u.id == member_id) else {
        return not_found(&member_id);
    };
    if user.groups.contains(&group.display_name) {
        return bad(
            "One or more added object references already exist for the following modified properties: 'members'.",
        );
    }
    user.groups.push(group.display_name.clone());
    GraphResponse { status: StatusCode::NO_CONTENT, headers: Vec::new(), body: None, text: None }
}
