//! The tenant's invitation policy as Graph v1.0 shows it: `GET /policies/authorizationPolicy`
//! (https://learn.microsoft.com/graph/api/authorizationpolicy-get), the cross-tenant access defaults and partners
//! (https://learn.microsoft.com/graph/api/crosstenantaccesspolicyconfigurationdefault-get,
//! https://learn.microsoft.com/graph/api/crosstenantaccesspolicy-list-partners), and
//! `findTenantInformationByDomainName` (https://learn.microsoft.com/graph/api/tenantrelationship-findtenantinformationbydomainname).
//! The external collaboration settings' domain lists have no v1.0 API: they are only obeyed, by invitations.

use super::{denied, error, GraphRequest, GraphResponse};
use crate::seed::{OtherTenant, TenantInfo};
use crate::state::Shared;
use axum::http::StatusCode;
use serde_json::{json, Value};

const POLICY_READ: &[&str] = &["Policy.Read.All", "Policy.ReadWrite.CrossTenantAccess"];
/// Delegated callers also need a role that reads cross-tenant access settings.
const POLICY_ROLES: &[&str] = &["Global Administrator", "Global Reader", "Security Administrator", "Security Reader"];

fn context(s: &Shared, what: &str) -> String {
    format!("{}/graph/v1.0/$metadata#{what}", s.base_url)
}

fn may_read_policies(req: &GraphRequest) -> bool {
    req.caller.has_scope(POLICY_READ) && req.caller.user.has_role(POLICY_ROLES)
}

pub fn authorization_policy(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if !req.caller.has_scope(POLICY_READ) {
        return denied();
    }
    let t = s.lock();
    let tenant = &t.seed.tenant;
    GraphResponse::json(
        StatusCode::OK,
        json!({
            "@odata.context": context(s, "policies/authorizationPolicy/$entity"),
            "id": "authorizationPolicy",
            "displayName": "Authorization Policy",
            "description": "Used to manage authorization related settings across the company.",
            "allowInvitesFrom": tenant.allow_invites_from,
            "allowedToSignUpEmailBasedSubscriptions": true,
            "allowedToUseSSPR": true,
            "allowEmailVerifiedUsersToJoinOrganization": false,
            "allowUserConsentForRiskyApps": null,
            "blockMsolPowerShell": false,
            "guestUserRoleId": tenant.guest_user_role_id,
            "defaultUserRolePermissions": {
                "allowedToCreateApps": true, "allowedToCreateSecurityGroups": true,
                "allowedToCreateTenants": true, "allowedToReadOtherUsers": true,
                "allowedToReadBitlockerKeysForOwnedDevice": true, "permissionGrantPoliciesAssigned": []
            }
        }),
    )
}

/// A B2B setting for everyone (users and groups, and applications) in one access type.
fn b2b_setting(access: &str) -> Value {
    json!({
        "usersAndGroups": { "accessType": access, "targets": [{ "target": "AllUsers", "targetType": "user" }] },
        "applications": { "accessType": access, "targets": [{ "target": "AllApplications", "targetType": "application" }] }
    })
}

pub fn cross_tenant_default(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if !may_read_policies(req) {
        return denied();
    }
    let t = s.lock();
    let inbound = &t.seed.tenant.cross_tenant_access.b2b_collaboration_inbound;
    GraphResponse::json(
        StatusCode::OK,
        json!({
            "@odata.context": context(s, "policies/crossTenantAccessPolicy/default/$entity"),
            "isServiceDefault": inbound == "allowed",
            "b2bCollaborationInbound": b2b_setting(inbound),
            "b2bCollaborationOutbound": b2b_setting("allowed"),
            "b2bDirectConnectInbound": b2b_setting("blocked"),
            "b2bDirectConnectOutbound": b2b_setting("blocked"),
            "inboundTrust": { "isMfaAccepted": false, "isCompliantDeviceAccepted": false, "isHybridAzureADJoinedDeviceAccepted": false }
        }),
    )
}

pub fn cross_tenant_partners(s: &Shared, req: &GraphRequest) -> GraphResponse {
    if !may_read_policies(req) {
        return denied();
    }
    let t = s.lock();
    let value: Vec<Value> = t
        .seed
        .tenant
        .cross_tenant_access
        .partners
        .iter()
        .map(|p| {
            json!({
                "tenantId": p.tenant_id,
                "isServiceProvider": false,
                "isInMultiTenantOrganization": false,
                "b2bCollaborationInbound": p.b2b_collaboration_inbound.as_deref().map(b2b_setting),
                "b2bCollaborationOutbound": null, "b2bDirectConnectInbound": null, "b2bDirectConnectOutbound": null,
                "inboundTrust": null
            })
        })
        .collect();
    GraphResponse::json(
        StatusCode::OK,
        json!({ "@odata.context": context(s, "policies/crossTenantAccessPolicy/partners"), "value": value }),
    )
}

/// The tenant that owns a domain, if the emulator knows one.
pub fn tenant_of<'a>(tenant: &'a TenantInfo, domain: &str) -> Option<&'a OtherTenant> {
    tenant.other_tenants.iter().find(|o| o.domains.iter().any(|d| d.eq_ignore_ascii_case(domain)))
}

/// Whether inbound B2B collaboration from this domain's organisation is blocked: its partner entry decides,
/// else the default.
pub fn inbound_blocked(tenant: &TenantInfo, domain: &str) -> bool {
    let xtap = &tenant.cross_tenant_access;
    let partner = tenant_of(tenant, domain)
        .and_then(|o| xtap.partners.iter().find(|p| p.tenant_id == o.tenant_id))
        .and_then(|p| p.b2b_collaboration_inbound.as_deref());
    partner.unwrap_or(&xtap.b2b_collaboration_inbound) == "blocked"
}

/// `GET /tenantRelationships/findTenantInformationByDomainName(domainName='…')`; `call` is the path segment.
pub fn find_tenant_by_domain(s: &Shared, req: &GraphRequest, call: &str) -> GraphResponse {
    if !req.caller.has_scope(&["CrossTenantInformation.ReadBasic.All"]) {
        return denied();
    }
    let raw = call.trim_start_matches("findTenantInformationByDomainName(").trim_end_matches(')');
    let decoded = url::form_urlencoded::parse(format!("x={raw}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let Some(domain) =
        decoded.strip_prefix("domainName='").and_then(|d| d.strip_suffix('\'')).map(|d| d.replace("''", "'"))
    else {
        return error(StatusCode::BAD_REQUEST, "BadRequest", "The parameter 'domainName' is missing or malformed.");
    };
    let t = s.lock();
    match tenant_of(&t.seed.tenant, &domain) {
        Some(o) => GraphResponse::json(
            StatusCode::OK,
            json!({
                "@odata.context": context(s, "microsoft.graph.tenantInformation"),
                "tenantId": o.tenant_id,
                "displayName": o.display_name,
                "defaultDomainName": o.domains.first(),
                "federationBrandName": null
            }),
        ),
        None => error(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            &format!("No tenant was found for the domain '{domain}'."),
        ),
    }
}
