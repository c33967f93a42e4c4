//! `GET /me`, `/users/{id}`, `/users` and `/users/$count`, with `$select`, `$filter`, `$search`, `$count`,
//! `$orderby`, `$top` and `@odata.nextLink` paging, and the real error for each misuse.

use super::odata::{parse_filter, parse_search, SORTABLE};
use super::{denied, error, GraphRequest, GraphResponse};
use crate::seed::User;
use crate::state::Shared;
use axum::http::StatusCode;
use base64::Engine;
use serde_json::{json, Map, Value};

pub const DEFAULT_PROPERTIES: &[&str] = &[
    "businessPhones",
    "displayName",
    "givenName",
    "id",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
];

const READ_SCOPES: &[&str] =
    &["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "User.ReadBasic.All"];

/// Every property the emulator knows, as Graph names and shapes it.
pub fn full_json(u: &User) -> Value {
    let proxy: Vec<String> = u.mail.iter().map(|m| format!("SMTP:{m}")).collect();
    let identities = if u.identities.is_empty() {
        json!([{ "signInType": "userPrincipalName", "issuer": u.user_principal_name.rsplit('@').next().unwrap_or_default(), "issuerAssignedId": u.user_principal_name }])
    } else {
        json!(u.identities)
    };
    let mut v = json!({
        "id": u.id, "displayName": u.display_name, "userPrincipalName": u.user_principal_name,
        "businessPhones": [], "givenName": null, "surname": null, "jobTitle": null, "mobilePhone": null,
        "officeLocation": null, "preferredLanguage": null,
        "mail": u.mail, "otherMails": u.other_mails, "proxyAddresses": proxy,
        "userType": u.user_type, "creationType": u.creation_type,
        "externalUserState": u.external_user_state, "externalUserStateChangeDateTime": u.external_user_state_change_date_time,
        "onPremisesSyncEnabled": u.on_premises_sync_enabled, "onPremisesUserPrincipalName": u.on_premises_user_principal_name,
        "assignedPlans": u.assigned_plans, "identities": identities, "accountEnabled": u.account_enabled,
        "createdDateTime": u.created_date_time,
        "companyName": u.profile.get("companyName"), "department": u.profile.get("department"),
        "usageLocation": u.profile.get("usageLocation"),
        "signInActivity": u.sign_in_activity.clone().unwrap_or_else(|| json!({
            "lastSignInDateTime": null, "lastSignInRequestId": null,
            "lastNonInteractiveSignInDateTime": null, "lastNonInteractiveSignInRequestId": null,
            "lastSuccessfulSignInDateTime": null, "lastSuccessfulSignInRequestId": null,
        })),
    });
    // What a PATCH wrote wins over the defaults above.
    if let Some(o) = v.as_object_mut() {
        for (k, val) in &u.profile {
            o.insert(k.clone(), val.clone());
        }
    }
    v
}

/// Applies `$select` (or the default set) to a user.
fn project(full: &Value, select: Option<&[String]>) -> Value {
    let obj = full.as_object().cloned().unwrap_or_default();
    let mut out = Map::new();
    match select {
        Some(props) => {
            for p in props {
                if let Some((k, v)) = obj.iter().find(|(k, _)| k.eq_ignore_ascii_case(p)) {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        None => {
            for p in DEFAULT_PROPERTIES {
                out.insert((*p).to_string(), obj.get(*p).cloned().unwrap_or(Value::Null));
            }
        }
    }
    Value::Object(out)
}

fn parse_select(req: &GraphRequest) -> Result<Option<Vec<String>>, GraphResponse> {
    let Some(sel) = req.param("$select") else {
        return Ok(None);
    };
    // Every user has every key; which one does not matter.
    let known = full_json(&User::external(String::new(), "", String::new(), "", ""));
    let mut out = Vec::new();
    for p in sel.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if known.get(p).is_none() && !known.as_object().is_some_and(|o| o.keys().any(|k| k.eq_ignore_ascii_case(p))) {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "Request_BadRequest",
                &format!("Could not find a property named '{p}' on type 'microsoft.graph.user'."),
            ));
        }
        out.push(p.to_string());
    }
    Ok(Some(out))
}

/// `signInActivity` is read only with `AuditLog.Read.All` and in a tenant with Microsoft Entra ID P1 or P2
/// (https://learn.microsoft.com/graph/api/resources/signinactivity); without the licence Graph answers 403
/// `Authentication_RequestFromNonPremiumTenantOrB2CTenant`.
fn can_read_sign_ins(s: &Shared, req: &GraphRequest, select: Option<&[String]>) -> Result<(), GraphResponse> {
    if !select.is_some_and(|p| p.iter().any(|p| p.eq_ignore_ascii_case("signInActivity"))) {
        return Ok(());
    }
    if !req.caller.has_scope(&["AuditLog.Read.All"]) {
        return Err(denied());
    }
    if !s.lock().seed.tenant.premium {
        return Err(error(
            StatusCode::FORBIDDEN,
            "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
            "Neither tenant is B2C or tenant doesn't have premium license",
        ));
    }
    Ok(())
}

fn context(s: &Shared, select: Option<&[String]>, single: bool) -> String {
    let sel = select.map(|p| format!("({})", p.join(","))).unwrap_or_default();
    format!("{}/graph/v1.0/$metadata#users{sel}{}", s.base_url, if single { "/$entity" } else { "" })
}

pub fn me(s: &Shared, req: &GraphRequest) -> GraphResponse {
    let select = match parse_select(req) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let user = s.lock().user(&req.caller.user.id).cloned().unwrap_or_else(|| req.caller.user.clone());
    let mut v = project(&full_json(&user), select.as_deref());
    v["@odata.context"] = json!(context(s, select.as_deref(), true));
    GraphResponse::json(StatusCode::OK, v)
}

fn can_read_directory(req: &GraphRequest) -> Result<(), GraphResponse> {
    if !req.caller.has_scope(READ_SCOPES) || req.caller.user.user_type == "Guest" {
        return Err(denied());
    }
    Ok(())
}

pub fn get(s: &Shared, req: &GraphRequest, id: &str) -> GraphResponse {
    if let Err(e) = can_read_directory(req) {
        return e;
    }
    let select = match parse_select(req) {
        Ok(x) => x,
        Err(e) => return e,
    };
    if let Err(e) = can_read_sign_ins(s, req, select.as_deref()) {
        return e;
    }
    let t = s.lock();
    let decoded = url::form_urlencoded::parse(format!("x={id}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let Some(user) = t.user(&decoded).or_else(|| t.user_by_upn(&decoded)) else {
        return error(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            &format!(
                "Resource '{decoded}' does not exist or one of its queried reference-property objects are not present."
            ),
        );
    };
    let mut v = project(&full_json(user), select.as_deref());
    v["@odata.context"] = json!(context(s, select.as_deref(), true));
    GraphResponse::json(StatusCode::OK, v)
}

pub fn count(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if let Err(e) = can_read_directory(req) {
        return e;
    }
    if !req.eventual() {
        return error(StatusCode::BAD_REQUEST, "Request_BadRequest", "$count is not currently supported.");
    }
    GraphResponse {
        status: StatusCode::OK,
        headers: vec![],
        body: None,
        text: Some(s.lock().seed.users.len().to_string()),
    }
}

/// How many paging cursors the emulator keeps.
const CURSORS: usize = 4;

fn skiptoken_encode(cursor: u64, offset: usize) -> String {
    format!(
        "RFNwdAIAAQAAA{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("emu:{cursor}:{offset}"))
    )
}

/// The cursor and the offset a `$skiptoken` names.
fn skiptoken_decode(s: &str) -> Option<(u64, usize)> {
    let b = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s.strip_prefix("RFNwdAIAAQAAA")?).ok()?;
    let text = String::from_utf8(b).ok()?;
    let (cursor, offset) = text.strip_prefix("emu:")?.split_once(':')?;
    Some((cursor.parse().ok()?, offset.parse().ok()?))
}

pub fn list(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if let Err(e) = can_read_directory(req) {
        return e;
    }
    let bad = |code: &str, m: &str| error(StatusCode::BAD_REQUEST, code, m);
    if req.param("$skip").is_some() {
        return bad("Request_BadRequest", "The query specified in the URI is not valid. Query option 'Skip' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.");
    }
    let select = match parse_select(req) {
        Ok(x) => x,
        Err(e) => return e,
    };
    if let Err(e) = can_read_sign_ins(s, req, select.as_deref()) {
        return e;
    }
    // With `signInActivity` a page holds at most 500 users.
    let max_top = match select.as_deref().is_some_and(|p| p.iter().any(|p| p.eq_ignore_ascii_case("signInActivity"))) {
        true => 500,
        false => 999,
    };
    let count_requested = req.param("$count").is_some_and(|c| c.eq_ignore_ascii_case("true"));
    let advanced_ok = req.eventual() && count_requested;
    let filter = match req.param("$filter").map(parse_filter).transpose() {
        Ok(f) => f,
        Err(e) => return bad(e.code, &e.message),
    };
    if let Some(f) = &filter {
        if let Err(e) = f.check_properties() {
            return bad(e.code, &e.message);
        }
        if f.is_advanced() && !advanced_ok {
            return bad("Request_UnsupportedQuery", "Operator 'endsWith/ne/not' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information");
        }
    }
    let search = match req.param("$search") {
        Some(_) if !req.eventual() => {
            return bad("Request_UnsupportedQuery", "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
        }
        Some(q) => match parse_search(q.trim()) {
            Ok(s) => Some(s),
            Err(e) => return bad("Request_UnsupportedQuery", &e.message),
        },
        None => None,
    };
    let orderby = req.param("$orderby").map(str::to_string);
    if let Some(prop) = orderby.as_deref().and_then(|o| o.split_whitespace().next()) {
        // Users sort only by the properties documented with `$orderby`; Graph's message here is undocumented.
        if !SORTABLE.iter().any(|p| p.eq_ignore_ascii_case(prop)) {
            return bad("Request_UnsupportedQuery", &format!("Unsupported sort property '{prop}' for 'User'."));
        }
    }
    if orderby.is_some() && filter.is_some() && !advanced_ok {
        return bad("Request_UnsupportedQuery", "Sorting not supported for current query. $filter with $orderby needs $count=true and the ConsistencyLevel:eventual header.");
    }
    let top = match req.param("$top").map(str::parse::<usize>) {
        None => 100,
        Some(Ok(n)) if (1..=max_top).contains(&n) => n,
        Some(_) => {
            return bad(
                "Request_BadRequest",
                &format!(
                    "Invalid page size specified: '{}'. Must be between 1 and {max_top} inclusive.",
                    req.param("$top").unwrap_or_default()
                ),
            )
        }
    };
    let cursor = match req.param("$skiptoken") {
        None => None,
        Some(tok) => match skiptoken_decode(tok) {
            Some(c) => Some(c),
            None => return bad("Request_BadRequest", "Invalid $skiptoken value."),
        },
    };
    let offset = cursor.map_or(0, |(_, o)| o);
    // A next page reads the rows its first page saw, as a server-side cursor would.
    let kept = cursor
        .and_then(|(id, _)| s.lock().list_cursors.iter().find(|(c, _)| *c == id).map(|(c, rows)| (*c, rows.clone())));
    let (cursor_id, rows) = match kept {
        Some(found) => found,
        None => {
            let rows = std::sync::Arc::new(matching_rows(s, filter.as_ref(), search.as_ref(), orderby));
            let mut t = s.lock();
            let id = t.next_cursor;
            t.next_cursor += 1;
            t.list_cursors.push_back((id, rows.clone()));
            while t.list_cursors.len() > CURSORS {
                t.list_cursors.pop_front();
            }
            (id, rows)
        }
    };
    page_of(s, req, &rows, select.as_deref(), top, offset, cursor_id, count_requested)
}

/// Every user the query matches, in its order, with all their properties.
fn matching_rows(
    s: &Shared,
    filter: Option<&super::odata::Filter>,
    search: Option<&super::odata::Search>,
    orderby: Option<String>,
) -> Vec<Value> {
    let t = s.lock();
    let mut rows: Vec<Value> = t
        .seed
        .users
        .iter()
        .map(full_json)
        .filter(|u| filter.is_none_or(|f| f.matches(u)))
        .filter(|u| search.is_none_or(|q| q.matches(u)))
        .collect();
    drop(t);
    if let Some(ob) = orderby {
        let mut parts = ob.split_whitespace();
        let prop = parts.next().unwrap_or("displayName").to_string();
        let desc = parts.next().is_some_and(|d| d.eq_ignore_ascii_case("desc"));
        let value = |u: &Value| {
            let key = u.as_object().and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case(&prop)).map(|(_, v)| v));
            key.and_then(Value::as_str).unwrap_or_default().to_lowercase()
        };
        rows.sort_by_cached_key(value);
        if desc {
            rows.reverse()
        }
    }
    rows
}

/// One page of `rows` from `offset`, with the count on the first and a next link while more are left.
#[allow(clippy::too_many_arguments)]
fn page_of(
    s: &Shared,
    req: &GraphRequest,
    rows: &[Value],
    select: Option<&[String]>,
    top: usize,
    offset: usize,
    cursor: u64,
    count_requested: bool,
) -> GraphResponse {
    let total = rows.len();
    let page: Vec<Value> = rows.iter().skip(offset).take(top).map(|u| project(u, select)).collect();
    let mut body = json!({ "@odata.context": context(s, select, false) });
    if count_requested && req.eventual() && offset == 0 {
        body["@odata.count"] = json!(total);
    }
    let next_link = |next: usize| {
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in req.query.iter().filter(|(k, _)| k != "$skiptoken") {
            ser.append_pair(k, v);
        }
        ser.append_pair("$skiptoken", &skiptoken_encode(cursor, next));
        json!(format!("{}/graph/v1.0/users?{}", s.base_url, ser.finish().replace('+', "%20")))
    };
    let empty_first = s.lock().faults.empty_first_page == Some(true) && req.param("$skiptoken").is_none();
    if empty_first && total > 0 {
        body["@odata.nextLink"] = next_link(0);
        body["value"] = json!([]);
        return GraphResponse::json(StatusCode::OK, body);
    }
    if offset + top < total {
        body["@odata.nextLink"] = next_link(offset + top);
    }
    body["value"] = Value::Array(page);
    GraphResponse::json(StatusCode::OK, body)
}

/// Roles that may delete (non-admin) users: https://learn.microsoft.com/graph/api/user-delete
const DELETING_ROLES: &[&str] =
    &["User Administrator", "Privileged Authentication Administrator", "Global Administrator"];

/// `DELETE /users/{id}`: the user goes to the recycle bin (deleted items, 30 days), `204` with no body.
/// Needs the delegated `User.ReadWrite.All` and one of [`DELETING_ROLES`]; a user holding an admin role
/// needs a Global Administrator.
pub fn delete(s: &Shared, req: &GraphRequest, id: &str) -> GraphResponse {
    if !req.caller.has_scope(&["User.ReadWrite.All"]) || !req.caller.user.has_role(DELETING_ROLES) {
        return denied();
    }
    let mut t = s.lock();
    let Some(pos) = t.seed.users.iter().position(|u| u.id == id || u.user_principal_name.eq_ignore_ascii_case(id))
    else {
        return error(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            &format!(
                "Resource '{id}' does not exist or one of its queried reference-property objects are not present."
            ),
        );
    };
    if !t.seed.users[pos].roles.is_empty() && !req.caller.user.has_role(&["Global Administrator"]) {
        return denied();
    }
    let user = t.seed.users.remove(pos);
    let when = t.now_iso();
    t.deleted_users.push((user, when));
    t.save();
    GraphResponse { status: StatusCode::NO_CONTENT, headers: vec![], body: None, text: None }
}

/// The profile properties `PATCH /users/{id}` takes here (https://learn.microsoft.com/graph/api/user-update).
const PATCHABLE: &[(&str, usize)] = &[
    ("givenName", 64),
    ("surname", 64),
    ("jobTitle", 128),
    ("companyName", 64),
    ("department", 64),
    ("usageLocation", 2),
    ("displayName", 256),
];

/// `PATCH /users/{id}`: needs `User.ReadWrite.All` and a role that may update users; a user just created by an
/// invitation may not be known yet (the replication delay).
pub fn patch(s: &Shared, req: &GraphRequest, id: &str) -> GraphResponse {
    let bad = |m: &str| error(StatusCode::BAD_REQUEST, "Request_BadRequest", m);
    if !req.caller.has_scope(&["User.ReadWrite.All", "Directory.ReadWrite.All"])
        || !req.caller.user.has_role(&["User Administrator", "Global Administrator", "Directory Writers"])
    {
        return denied();
    }
    let Some(body) = req.body.as_ref().and_then(Value::as_object) else {
        return bad("The request body must be a JSON object.");
    };
    for (k, v) in body {
        if k == "accountEnabled" {
            // Blocking sign-in takes a role that manages authentication, not Directory Writers
            // (https://learn.microsoft.com/graph/api/user-update, "accountEnabled").
            if !req.caller.user.has_role(&[
                "User Administrator",
                "Global Administrator",
                "Privileged Authentication Administrator",
            ]) {
                return denied();
            }
            if !v.is_boolean() {
                return bad(
                    "Cannot convert the literal for property 'accountEnabled' to the expected type 'Edm.Boolean'.",
                );
            }
            continue;
        }
        let Some((_, max)) = PATCHABLE.iter().find(|(p, _)| p == k) else {
            return bad(&format!(
                "Property '{k}' does not exist on type 'microsoft.graph.user' or cannot be updated here."
            ));
        };
        match v {
            Value::Null => {}
            Value::String(text) if text.chars().count() <= *max => {}
            Value::String(_) => return bad(&format!("Invalid value specified for property '{k}' of resource 'User'.")),
            _ => {
                return bad(&format!(
                    "Cannot convert the literal for property '{k}' to the expected type 'Edm.String'."
                ))
            }
        }
        if k == "usageLocation"
            && v.as_str().is_some_and(|c| c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return bad("Invalid value specified for property 'usageLocation' of resource 'User'.");
        }
    }
    let mut t = s.lock();
    let not_found = || {
        error(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            &format!(
                "Resource '{id}' does not exist or one of its queried reference-property objects are not present."
            ),
        )
    };
    if !t.replicated(id) {
        return not_found();
    }
    let Some(user) = t.user_mut(id) else { return not_found() };
    for (k, v) in body {
        if let Some(enabled) = v.as_bool().filter(|_| k == "accountEnabled") {
            user.account_enabled = enabled;
            continue;
        }
        user.profile.insert(k.clone(), v.clone());
        if k == "displayName" {
            user.display_name = v.as_str().unwrap_or_default().to_string();
        }
    }
    t.save();
    GraphResponse { status: StatusCode::NO_CONTENT, headers: vec![], body: None, text: None }
}

/// `GET /users/{id}/sponsors`: the users and groups who sponsor the user.
pub fn sponsors(s: &Shared, req: &GraphRequest, id: &str) -> GraphResponse {
    if let Err(e) = can_read_directory(req) {
        return e;
    }
    let t = s.lock();
    let Some(user) = t.user(id) else {
        return error(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            &format!(
                "Resource '{id}' does not exist or one of its queried reference-property objects are not present."
            ),
        );
    };
    let value: Vec<Value> = user
        .sponsors
        .iter()
        .filter_map(|sid| match (t.user(sid), t.seed.groups.iter().find(|g| &g.id == sid)) {
            (Some(u), _) => {
                Some(json!({"@odata.type": "#microsoft.graph.user", "id": u.id, "displayName": u.display_name}))
            }
            (None, Some(g)) => {
                Some(json!({"@odata.type": "#microsoft.graph.group", "id": g.id, "displayName": g.display_name}))
            }
            _ => None,
        })
        .collect();
    GraphResponse::json(
        StatusCode::OK,
        json!({"@odata.context": format!("{}/graph/v1.0/$metadata#directoryObjects", s.base_url), "value": value}),
    )
}

/// Guests have at most this many sponsors (https://learn.microsoft.com/entra/external-id/b2b-sponsors).
const MAX_SPONSORS: usize = 5;

/// `POST /users/{id}/sponsors/$ref`: adds a user or group as sponsor (https://learn.microsoft.com/graph/api/user-post-sponsors).
/// Needs `User.ReadWrite.All` (or `Directory.ReadWrite.All`) and, delegated, a role that may update sponsors
/// (User Administrator, Directory Writers, Global Administrator); `User.Invite.All` is not enough.
pub fn add_sponsor(s: &Shared, req: &GraphRequest, id: &str) -> GraphResponse {
    let bad = |m: &str| error(StatusCode::BAD_REQUEST, "Request_BadRequest", m);
    if !req.caller.has_scope(&["User.ReadWrite.All", "Directory.ReadWrite.All"])
        || !req.caller.user.has_role(&["User Administrator", "Global Administrator", "Directory Writers"])
    {
        return denied();
    }
    let Some(odata_id) = req.body.as_ref().and_then(|b| b.get("@odata.id")).and_then(Value::as_str) else {
        return bad("Invalid request input: the request body needs '@odata.id'.");
    };
    let Some(sponsor) = odata_id.rsplit('/').next().filter(|x| !x.is_empty()).map(str::to_string) else {
        return bad("Invalid object identifier in '@odata.id'.");
    };
    let mut t = s.lock();
    let not_found = |what: &str| {
        error(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            &format!(
                "Resource '{what}' does not exist or one of its queried reference-property objects are not present."
            ),
        )
    };
    if !t.replicated(id) || t.user(id).is_none() {
        return not_found(id);
    }
    if t.user(&sponsor).is_none() && !t.seed.groups.iter().any(|g| g.id == sponsor) {
        return bad(&format!("Invalid object identifier '{sponsor}'."));
    }
    let Some(user) = t.user_mut(id) else { return not_found(id) };
    if user.sponsors.contains(&sponsor) {
        return bad(
            "One or more added object references already exist for the following modified properties: 'sponsors'.",
        );
    }
    if user.sponsors.len() >= MAX_SPONSORS {
        return bad("The number of sponsors exceeds the maximum of 5.");
    }
    user.sponsors.push(sponsor);
    t.save();
    GraphResponse { status: StatusCode::NO_CONTENT, headers: vec![], body: None, text: None }
}

/// Stable ids for the directory roles the seed uses (the role template ids Microsoft publishes).
fn role_template(name: &str) -> &'static str {
    match name {
        "Global Administrator" => "62e90394-69f5-4237-9190-012177145e10",
        "User Administrator" => "fe930be7-5e62-47db-91af-98c3a49a38b1",
        "Guest Inviter" => "95e79109-95c0-4d8e-aee3-d01accf2d47b",
        "Helpdesk Administrator" => "729827e3-9c14-49f7-bb1b-9608f156bbb8",
        _ => "00000000-0000-0000-0000-000000000000",
    }
}

/// `memberOf`: directory roles and groups; a cast segment (`microsoft.graph.directoryRole`) keeps one kind.
pub fn member_of(s: &Shared, req: &GraphRequest, id: &str, cast: Option<&str>) -> GraphResponse {
    let own = id == req.caller.user.id;
    if !own {
        if let Err(e) = can_read_directory(req) {
            return e;
        }
    }
    let t = s.lock();
    let Some(user) = t.user(id).or_else(|| t.user_by_upn(id)) else {
        return error(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            &format!(
                "Resource '{id}' does not exist or one of its queried reference-property objects are not present."
            ),
        );
    };
    let roles = user.roles.iter().map(|r| json!({"@odata.type": "#microsoft.graph.directoryRole", "id": role_template(r), "displayName": r, "roleTemplateId": role_template(r)}));
    let groups = user.groups.iter().map(|g| json!({"@odata.type": "#microsoft.graph.group", "id": format!("group-{}", g.to_lowercase().replace(' ', "-")), "displayName": g}));
    let value: Vec<Value> = match cast {
        None => roles.chain(groups).collect(),
        Some("microsoft.graph.directoryRole") => roles.collect(),
        Some("microsoft.graph.group") => groups.collect(),
        Some(other) => {
            return error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                &format!("Resource not found for the segment '{other}'."),
            )
        }
    };
    GraphResponse::json(
        StatusCode::OK,
        json!({ "@odata.context": format!("{}/graph/v1.0/$metadata#directoryObjects", s.base_url), "value": value }),
    )
}
