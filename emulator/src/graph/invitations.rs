//! `POST /invitations` with its real semantics, and the redeem pages that complete a partner's journey.

use super::{denied, error, GraphRequest, GraphResponse};
use crate::html::{escape, page};
use crate::seed::User;
use crate::state::{Invitation, OutboxMessage, Shared, Tenant};
use crate::tokens::random_token;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

const INVITE_SCOPES: &[&str] = &["User.Invite.All", "User.ReadWrite.All", "Directory.ReadWrite.All"];
const FORBIDDEN: &str = "~!#$%^&*()+=[]{}\\/|;:\"<>?,";

/// Graph's documented rules for `invitedUserEmailAddress`; `None` when the address is acceptable.
pub fn email_problem(address: &str) -> Option<String> {
    let a = address.trim();
    if a.is_empty() {
        return Some("The email address is empty.".into());
    }
    if let Some(c) = a.chars().find(|c| FORBIDDEN.contains(*c) || c.is_whitespace()) {
        return Some(format!("The email address contains the character '{c}', which is not permitted."));
    }
    let Some((local, domain)) = a.split_once('@') else {
        return Some("The email address has no '@'.".into());
    };
    if domain.contains('@') {
        return Some("The email address has more than one '@'.".into());
    }
    if local.is_empty() {
        return Some("The email address has no user name before '@'.".into());
    }
    if local.starts_with(['.', '-']) || local.ends_with(['.', '-']) {
        return Some("A period (.) or hyphen (-) is not permitted at the beginning or end of the user name.".into());
    }
    if local.contains("..") {
        return Some("The user name contains two periods in a row.".into());
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2
        || labels.iter().any(|l| {
            l.is_empty()
                || l.starts_with('-')
                || l.ends_with('-')
                || !l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
    {
        return Some(format!("'{domain}' is not a valid domain."));
    }
    None
}

/// The most sponsors one guest may have (https://learn.microsoft.com/entra/external-id/b2b-sponsors).
const MAX_SPONSORS: usize = 5;

/// The sponsors an invitation names, as `invitedUserSponsors: [{"id": …}]` (the `directoryObject` collection of
/// v1.0's `invitation`) or as `invitedUserSponsors@odata.bind: [url, …]`: each an existing user or group.
fn sponsor_ids(t: &Tenant, body: &serde_json::Map<String, Value>) -> Result<Vec<String>, GraphResponse> {
    let bad = |m: &str| error(StatusCode::BAD_REQUEST, "Request_BadRequest", m);
    let mut ids = Vec::new();
    if let Some(list) = body.get("invitedUserSponsors") {
        let Some(items) = list.as_array() else {
            return Err(bad("Invalid value for 'invitedUserSponsors': a collection of directory objects is expected."));
        };
        for item in items {
            match item.get("id").and_then(Value::as_str) {
                Some(id) => ids.push(id.to_string()),
                None => return Err(bad("Each object in 'invitedUserSponsors' needs an 'id'.")),
            }
        }
    }
    if let Some(list) = body.get("invitedUserSponsors@odata.bind").and_then(Value::as_array) {
        ids.extend(list.iter().filter_map(Value::as_str).filter_map(|u| u.rsplit('/').next()).map(str::to_string));
    }
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    if ids.len() > MAX_SPONSORS {
        return Err(bad(&format!("A guest can have at most {MAX_SPONSORS} sponsors.")));
    }
    for id in &ids {
        let user = t.user(id).is_some_and(|u| u.user_type != "Guest");
        if !user && !t.seed.groups.iter().any(|g| &g.id == id) {
            return Err(bad(&format!("Invalid object identifier '{id}'.")));
        }
    }
    Ok(ids)
}

/// ENC1 of the redeem URL recipe: percent-encode all but unreserved characters, lower-case hex.
pub fn enc1(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02x}"));
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Microsoft's redeem URL format, pointing at the emulator's own redeem endpoint.
pub fn redeem_url(base: &str, tenant_id: &str, invitation_id: &str, ticket: &str) -> String {
    let inner = format!(
        "{base}/invitations/redeem/?tenant={tenant_id}&user={invitation_id}&ticket={}&ver=2.0",
        enc1(&enc1(ticket))
    );
    format!("{base}/redeem?rd={}", enc1(&inner))
}

fn bad(message: &str) -> GraphResponse {
    error(StatusCode::BAD_REQUEST, "Request_BadRequest", message)
}

fn domain_of(a: &str) -> String {
    a.rsplit('@').next().unwrap_or_default().to_ascii_lowercase()
}

fn may_invite(t: &Tenant, caller: &User) -> bool {
    match t.seed.tenant.allow_invites_from.as_str() {
        "none" => caller.is_admin(),
        "adminsAndGuestInviters" => caller.is_admin() || caller.has_role(&["Guest Inviter"]),
        "adminsGuestInvitersAndAllMembers" => caller.user_type == "Member",
        _ => true,
    }
}

pub fn create(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if !req.caller.has_scope(INVITE_SCOPES) {
        return denied();
    }
    let Some(body) = req.body.as_ref().and_then(Value::as_object) else {
        return bad("The request body must be a JSON object.");
    };
    let str_field = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    let mut t = s.lock();
    let caller = t.user(&req.caller.user.id).cloned().unwrap_or_else(|| req.caller.user.clone());
    if t.faults.invitation_abuse_block == Some(true) {
        return error(
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
            "Invitations are blocked for this directory due to suspicious activity. Please contact Microsoft support",
        );
    }
    if !may_invite(&t, &caller) {
        return denied();
    }
    for known in body.keys() {
        const KNOWN: &[&str] = &[
            "invitedUserEmailAddress",
            "inviteRedirectUrl",
            "invitedUserDisplayName",
            "sendInvitationMessage",
            "invitedUserMessageInfo",
            "invitedUserType",
            "resetRedemption",
            "invitedUser",
            "invitedUserSponsors",
            "invitedUserSponsors@odata.bind",
        ];
        if !KNOWN.contains(&known.as_str()) {
            return error(StatusCode::BAD_REQUEST, "BadRequest", &format!("The property '{known}' does not exist on type 'microsoft.graph.invitation'. Make sure to only use property names that are defined by the type."));
        }
    }
    let Some(email) = str_field("invitedUserEmailAddress").map(|e| e.trim().to_string()) else {
        return bad("Invalid request input: invitedUserEmailAddress is required.");
    };
    let Some(redirect) = str_field("inviteRedirectUrl") else {
        return bad("Invalid request input: inviteRedirectUrl is required.");
    };
    if let Some(problem) = email_problem(&email) {
        return bad(&format!("The invited user's email address is not valid. {problem}"));
    }
    let domain = domain_of(&email);
    let lists = &t.seed.tenant.collaboration_domains;
    let listed = |l: &[String]| l.iter().any(|d| d.eq_ignore_ascii_case(&domain));
    if listed(&lists.denied) || lists.allowed_only.as_deref().is_some_and(|l| !listed(l)) {
        return bad(&format!("This user can't be invited to this directory: the external collaboration settings do not allow invitations to the domain '{domain}'."));
    }
    if super::policies::inbound_blocked(&t.seed.tenant, &domain) {
        return bad("This invitation is blocked by cross-tenant access settings. Admins in both your organization and the invited user's organization must configure cross-tenant access settings to allow the invitation.");
    }
    if url::Url::parse(&redirect).map(|u| !matches!(u.scheme(), "http" | "https")).unwrap_or(true) {
        return bad("The inviteRedirectUrl must be an absolute http or https URL.");
    }
    let user_type = str_field("invitedUserType").unwrap_or_else(|| "Guest".into());
    if user_type != "Guest" && user_type != "Member" {
        return bad("invitedUserType must be 'Guest' or 'Member'.");
    }
    if user_type == "Member" && !caller.is_admin() {
        return denied();
    }
    let send = body.get("sendInvitationMessage").and_then(Value::as_bool).unwrap_or(false);
    let reset = body.get("resetRedemption").and_then(Value::as_bool).unwrap_or(false);
    let target_id = body.get("invitedUser").and_then(|u| u.get("id")).and_then(Value::as_str).map(str::to_string);
    if reset && target_id.is_none() {
        return bad("invitedUser.id is required when resetRedemption is true.");
    }
    let info = body.get("invitedUserMessageInfo").cloned().unwrap_or(Value::Null);
    let language = info.get("messageLanguage").and_then(Value::as_str).map(str::to_string);
    let custom = info.get("customizedMessageBody").and_then(Value::as_str).map(str::to_string);
    let ccs: Vec<String> = info
        .get("ccRecipients")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|r| r.pointer("/emailAddress/address").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    for cc in &ccs {
        if let Some(p) = email_problem(cc) {
            return bad(&format!("The cc recipient '{cc}' is not valid. {p}"));
        }
    }
    let sponsors = match sponsor_ids(&t, body) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let tenant = t.seed.tenant.clone();
    let verified = tenant.verified_domains.iter().any(|d| d.eq_ignore_ascii_case(&domain_of(&email)));
    let now = t.now_iso();

    let user_id = match &target_id {
        Some(id) => {
            let Some(target) = t.user(id).cloned() else {
                return error(StatusCode::NOT_FOUND, "Request_ResourceNotFound", &format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."));
            };
            let is_external = target.user_type == "Guest" || target.external_user_state.is_some();
            if reset || is_external {
                if !caller.has_role(&["Global Administrator", "User Administrator", "Helpdesk Administrator"]) {
                    return denied();
                }
            } else {
                // Converting an internal user to B2B collaboration.
                if !caller.has_role(&[
                    "Global Administrator",
                    "User Administrator",
                    "External Identity Provider Administrator",
                ]) {
                    return denied();
                }
                if target.has_exchange_licence() {
                    return bad("This user cannot be converted to an external user because an Exchange license is assigned. Remove the license or delete the account and invite the user again.");
                }
                let fed =
                    |a: &str| tenant.direct_federation_domains.iter().any(|d| d.eq_ignore_ascii_case(&domain_of(a)));
                if fed(&email) || target.mail.as_deref().is_some_and(fed) {
                    return bad("Users from a domain configured for direct federation cannot be converted. Delete the internal account and invite the user again.");
                }
                if target.primary_identity_outside_entra() {
                    return bad("This cloud-only account's primary identity is not in Microsoft Entra ID, so it cannot be converted. Delete the internal account and invite the user again.");
                }
            }
            if verified {
                return bad("This user cannot be invited because the domain of the user's email address is a verified domain of this directory.");
            }
            if let Some(u) = t.user_mut(id) {
                u.external_user_state = Some("PendingAcceptance".into());
                u.external_user_state_change_date_time = Some(now.clone());
                if !u.other_mails.iter().any(|m| m.eq_ignore_ascii_case(&email))
                    && u.mail.as_deref() != Some(email.as_str())
                {
                    u.other_mails.push(email.clone());
                }
                if u.creation_type.is_none() && !is_external {
                    u.identities = vec![
                        json!({"signInType": "userPrincipalName", "issuer": tenant.domain, "issuerAssignedId": u.user_principal_name}),
                    ];
                }
            }
            id.clone()
        }
        None => {
            if verified {
                return bad("This user cannot be invited because the domain of the user's email address is a verified domain of this directory.");
            }
            let existing = t.seed.users.iter().find(|u| {
                u.mail.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(&email))
                    || u.user_principal_name.eq_ignore_ascii_case(&email)
                    || u.other_mails.iter().any(|m| m.eq_ignore_ascii_case(&email))
            });
            match existing.cloned() {
                Some(u) if u.user_type == "Guest" || u.external_user_state.is_some() => u.id,
                Some(u) => {
                    return bad(&format!("The invited user already exists in the directory as objectID: {}. They can use that account to sign in to shared apps and resources.", u.id));
                }
                None => {
                    let id = uuid::Uuid::new_v4().to_string();
                    let name = str_field("invitedUserDisplayName")
                        .filter(|n| !n.trim().is_empty())
                        .unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_string());
                    let mut guest = User::external(id.clone(), &email, name, &tenant.domain, &now);
                    guest.user_type = user_type.clone();
                    // With no sponsor in the request, Entra stamps the inviter as the sponsor.
                    guest.sponsors = if sponsors.is_empty() { vec![caller.id.clone()] } else { sponsors.clone() };
                    t.seed.users.push(guest);
                    let created = t.now();
                    t.created_at.insert(id.clone(), created);
                    id
                }
            }
        }
    };

    if !sponsors.is_empty() {
        if let Some(u) = t.user_mut(&user_id) {
            u.sponsors = sponsors;
        }
    }
    let invitation_id = uuid::Uuid::new_v4().to_string();
    let ticket = random_token(32).replace('-', "+").replace('_', "/") + "=";
    let redeem = redeem_url(&s.base_url, &tenant.id, &invitation_id, &ticket);
    t.invitations.push(Invitation {
        id: invitation_id.clone(),
        user_id: user_id.clone(),
        invited_user_email_address: email.clone(),
        invite_redirect_url: redirect.clone(),
        ticket,
        created: now.clone(),
        redeemed: false,
        invited_by: caller.user_principal_name.clone(),
        request: Value::Object(body.clone()),
    });
    if send {
        t.outbox.push(OutboxMessage {
            to: email.clone(),
            // Graph supports one cc recipient; further ones are dropped without an error.
            cc: ccs.iter().take(1).cloned().collect(),
            cc_dropped: ccs.len().saturating_sub(1),
            language: language.clone(),
            custom_body: custom.clone(),
            redeem_url: redeem.clone(),
            invited_by: caller.user_principal_name.clone(),
            sent: now,
        });
    }
    t.save();
    let cc_echo = if ccs.is_empty() {
        json!([{ "emailAddress": { "name": null, "address": null } }])
    } else {
        info.get("ccRecipients").cloned().unwrap_or(json!([]))
    };
    GraphResponse::json(
        StatusCode::CREATED,
        json!({
            "@odata.context": format!("{}/graph/v1.0/$metadata#invitations/$entity", s.base_url),
            "id": invitation_id,
            "inviteRedeemUrl": redeem,
            "invitedUserDisplayName": str_field("invitedUserDisplayName"),
            "invitedUserType": user_type,
            "invitedUserEmailAddress": email,
            "sendInvitationMessage": send,
            "resetRedemption": reset,
            "inviteRedirectUrl": redirect,
            "status": "PendingAcceptance",
            "invitedUserMessageInfo": { "messageLanguage": language, "customizedMessageBody": custom, "ccRecipients": cc_echo },
            "invitedUser": { "id": user_id },
        }),
    )
}

// ---- The partner's side: the redeem URL opens these pages. ----

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/redeem", get(redeem_page))
        .route("/invitations/redeem/", get(redeem_inner_page))
        .route("/redeem/accept", post(redeem_accept))
}

fn redeem_error(message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Html(page(
            "Invitation problem",
            &format!("<h1>We couldn't find this invitation</h1><p role=\"alert\">{}</p>", escape(message)),
        )),
    )
        .into_response()
}

async fn redeem_page(State(s): State<Shared>, Query(q): Query<HashMap<String, String>>) -> Response {
    let Some(rd) = q.get("rd") else {
        return redeem_error("The link is incomplete: it has no 'rd' parameter.");
    };
    let Ok(inner) = url::Url::parse(rd) else {
        return redeem_error("The link is damaged.");
    };
    let params: HashMap<String, String> = inner.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    show_invitation(&s, &params)
}

async fn redeem_inner_page(State(s): State<Shared>, Query(q): Query<HashMap<String, String>>) -> Response {
    show_invitation(&s, &q)
}

fn find_invitation(t: &Tenant, id: &str, ticket: &str) -> Option<Invitation> {
    t.invitations.iter().find(|i| i.id == id && i.ticket == ticket).cloned()
}

fn show_invitation(s: &Shared, params: &HashMap<String, String>) -> Response {
    let id = params.get("user").cloned().unwrap_or_default();
    // The ticket arrives encoded once more than the query decoding removes.
    let ticket = percent_decode(params.get("ticket").map(String::as_str).unwrap_or_default());
    let t = s.lock();
    let Some(inv) = find_invitation(&t, &id, &ticket) else {
        return redeem_error("This invitation link is not valid. Ask the person who invited you for a new one.");
    };
    let org = t.seed.tenant.display_name.clone();
    let body = format!(
        r#"<h1>Review permissions</h1><p><strong>{org}</strong> invited <strong>{email}</strong> to collaborate.</p>
<p>By accepting, you let {org} see your name, email address and photo. Invited by {by}.</p>
<form method="post" action="/redeem/accept"><input type="hidden" name="invitation" value="{id}"><input type="hidden" name="ticket" value="{ticket}">
<label for="loginfmt">Sign in as</label><input id="loginfmt" type="email" name="loginfmt" value="{email}" autocomplete="username" required>
<button type="submit">Accept</button></form>"#,
        org = escape(&org),
        email = escape(&inv.invited_user_email_address),
        by = escape(&inv.invited_by),
        id = escape(&inv.id),
        ticket = escape(&inv.ticket),
    );
    Html(page("Accept invitation", &body)).into_response()
}

#[derive(Deserialize)]
struct AcceptForm {
    invitation: String,
    ticket: String,
    /// The partner's account; it must be the invited address, as Entra requires for a redeem link.
    #[serde(default)]
    loginfmt: Option<String>,
}

async fn redeem_accept(State(s): State<Shared>, Form(f): Form<AcceptForm>) -> Response {
    let mut t = s.lock();
    let Some(inv) = find_invitation(&t, &f.invitation, &f.ticket) else {
        return redeem_error("This invitation link is not valid. Ask the person who invited you for a new one.");
    };
    if f.loginfmt.as_deref().is_some_and(|l| !l.trim().eq_ignore_ascii_case(&inv.invited_user_email_address)) {
        return redeem_error(&format!(
            "This invitation was sent to {}. Sign in with that account, or ask for an invitation to the address you use.",
            inv.invited_user_email_address
        ));
    }
    let now = t.now_iso();
    if let Some(u) = t.user_mut(&inv.user_id) {
        u.external_user_state = Some("Accepted".into());
        u.external_user_state_change_date_time = Some(now);
        let domain = inv.invited_user_email_address.rsplit('@').next().unwrap_or_default().to_string();
        u.identities = vec![
            json!({"signInType": "federated", "issuer": "ExternalAzureAD", "issuerAssignedId": inv.invited_user_email_address, "domain": domain}),
        ];
    }
    if let Some(i) = t.invitations.iter_mut().find(|i| i.id == inv.id) {
        i.redeemed = true;
    }
    t.save();
    Redirect::to(&inv.invite_redirect_url).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_rules() {
        assert_eq!(email_problem("alex@partner.example"), None);
        assert_eq!(email_problem("_alex_@partner.example"), None);
        assert_eq!(email_problem("a.b-c@partner.example"), None);
        for bad in [
            "alex+x@p.example",
            "a!@p.example",
            ".alex@p.example",
            "alex-@p.example",
            "alex@p",
            "alex",
            "a@b@c.example",
            "a b@p.example",
            "a..b@p.example",
            "a@-p.example",
            "<script>@p.example",
        ] {
            assert!(email_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn redeem_url_matches_microsofts_documented_example() {
        // The example response of https://learn.microsoft.com/graph/api/invitation-post, rebuilt from its parts.
        let url = redeem_url(
            "https://login.microsoftonline.com",
            "69997834-fa40-45da-xxxx-382c3bdc66c3",
            "9071bfde-35e0-47d2-a582-d244ab1b4af6",
            "wCFIFW/rzl2A/pZFZk5fCLJprpDxtcjR8s/o1QZA0yQ=",
        );
        let expected = "https://login.microsoftonline.com/redeem?rd=https%3a%2f%2flogin.microsoftonline.com%2finvitations%2fredeem%2f%3ftenant%3d69997834-fa40-45da-xxxx-382c3bdc66c3%26user%3d9071bfde-35e0-47d2-a582-d244ab1b4af6%26ticket%3dwCFIFW%25252frzl2A%25252fpZFZk5fCLJprpDxtcjR8s%25252fo1QZA0yQ%25253d%26ver%3d2.0";
        assert_eq!(url, expected);
    }
}
