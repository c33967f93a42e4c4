//! The tenant as a readable JSON file (`seeds/demo.json`): tenant, app registrations, users, access packages.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const DEMO_SEED: &str = include_str!("../seeds/demo.json");

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Seed {
    pub tenant: TenantInfo,
    pub apps: Vec<AppRegistration>,
    pub users: Vec<User>,
    /// Groups; a user's membership is the group's name in the user's `groups`.
    #[serde(default)]
    pub groups: Vec<Group>,
    #[serde(default)]
    pub access_packages: Vec<Value>,
    /// Entitlement management's connected organisations, as Graph shapes them.
    #[serde(default)]
    pub connected_organizations: Vec<Value>,
    /// Access package assignment requests: Graph's shape plus `accessPackageId`, and `createdDaysAgo` /
    /// `completedDaysAgo` for the dates.
    #[serde(default)]
    pub assignment_requests: Vec<Value>,
    /// Catalogs created through Graph (those of seeded packages live in the packages).
    #[serde(default)]
    pub catalogs: Vec<Value>,
    /// Groups added to catalogs: Graph's `accessPackageResource` with its `roles` and `scopes`, plus `catalogId`.
    #[serde(default)]
    pub catalog_resources: Vec<Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantInfo {
    pub id: String,
    pub domain: String,
    pub display_name: String,
    pub verified_domains: Vec<String>,
    /// `none`, `adminsAndGuestInviters`, `adminsGuestInvitersAndAllMembers` or `everyone`.
    #[serde(default = "everyone")]
    pub allow_invites_from: String,
    #[serde(default)]
    pub direct_federation_domains: Vec<String>,
    /// Whether the tenant holds Microsoft Entra ID P1 or P2, which `signInActivity` needs.
    #[serde(default = "yes")]
    pub premium: bool,
    /// What guests may see in the directory (`authorizationPolicy.guestUserRoleId`).
    #[serde(default = "guest_user_role")]
    pub guest_user_role_id: String,
    /// Cross-tenant access settings for B2B collaboration, inbound.
    #[serde(default)]
    pub cross_tenant_access: CrossTenantAccess,
    /// Other organisations' tenants, found by their domains (`findTenantInformationByDomainName`).
    #[serde(default)]
    pub other_tenants: Vec<OtherTenant>,
    /// The external collaboration settings' domain lists, which Graph v1.0 cannot read; invitations obey them.
    #[serde(default)]
    pub collaboration_domains: CollaborationDomains,
}

/// The Guest User role: limited access, Microsoft's default.
pub const GUEST_USER_ROLE: &str = "10dae51f-b6af-4016-8d66-8c2a99b929b3";

fn guest_user_role() -> String {
    GUEST_USER_ROLE.into()
}

fn allowed() -> String {
    "allowed".into()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrossTenantAccess {
    /// `allowed` or `blocked`: the default for every organisation without a partner entry of its own.
    #[serde(default = "allowed")]
    pub b2b_collaboration_inbound: String,
    #[serde(default)]
    pub partners: Vec<PartnerEntry>,
}

impl Default for CrossTenantAccess {
    fn default() -> Self {
        CrossTenantAccess { b2b_collaboration_inbound: allowed(), partners: Vec::new() }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartnerEntry {
    pub tenant_id: String,
    /// `allowed` or `blocked`; none inherits the default.
    #[serde(default)]
    pub b2b_collaboration_inbound: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OtherTenant {
    pub tenant_id: String,
    pub display_name: String,
    pub domains: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollaborationDomains {
    /// Invitations to these domains are refused.
    #[serde(default)]
    pub denied: Vec<String>,
    /// When set, invitations go only to these domains.
    #[serde(default)]
    pub allowed_only: Option<Vec<String>>,
}

fn yes() -> bool {
    true
}

fn everyone() -> String {
    "everyone".into()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppRegistration {
    pub client_id: String,
    pub display_name: String,
    #[serde(default)]
    pub spa_redirect_uris: Vec<String>,
    #[serde(default)]
    pub web_redirect_uris: Vec<String>,
    /// Graph scopes with admin consent for the whole tenant (short names, e.g. `User.Invite.All`).
    #[serde(default)]
    pub consented_scopes: Vec<String>,
}

/// A directory user as the emulator stores it. Graph property names are used where Graph has them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub user_principal_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    pub display_name: String,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub mail: Option<String>,
    #[serde(default)]
    pub other_mails: Vec<String>,
    #[serde(default = "member")]
    pub user_type: String,
    #[serde(default)]
    pub creation_type: Option<String>,
    #[serde(default)]
    pub external_user_state: Option<String>,
    #[serde(default)]
    pub external_user_state_change_date_time: Option<String>,
    #[serde(default)]
    pub on_premises_sync_enabled: Option<bool>,
    #[serde(default)]
    pub on_premises_user_principal_name: Option<String>,
    #[serde(default)]
    pub assigned_plans: Vec<Value>,
    #[serde(default)]
    pub identities: Vec<Value>,
    #[serde(default)]
    pub groups: Vec<String>,
    /// The ids of the user's sponsors (users or groups).
    #[serde(default)]
    pub sponsors: Vec<String>,
    /// The profile properties a `PATCH /users/{id}` writes, by Graph's names.
    #[serde(default)]
    pub profile: serde_json::Map<String, Value>,
    #[serde(default)]
    pub app_assignments: Vec<String>,
    #[serde(default = "enabled")]
    pub account_enabled: bool,
    #[serde(default)]
    pub created_date_time: Option<String>,
    /// Seed files only: `createdDateTime` this many days before the emulator starts, so that ages stay the
    /// same whenever the tests run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_days_ago: Option<i64>,
    /// Seed files only: `externalUserStateChangeDateTime` this many days before the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_changed_days_ago: Option<i64>,
    /// The user's last sign-ins as Graph's `signInActivity` (a `$select` returns it; null fields when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_activity: Option<Value>,
    /// Seed files only: the last interactive and non-interactive sign-ins this many days before the emulator
    /// starts, written into `sign_in_activity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sign_in_days_ago: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_non_interactive_sign_in_days_ago: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A group as Graph describes it, and who owns it (owners may change its members).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub id: String,
    pub display_name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub group_types: Vec<String>,
    #[serde(default)]
    pub mail: Option<String>,
    #[serde(default)]
    pub mail_enabled: bool,
    #[serde(default)]
    pub security_enabled: bool,
    #[serde(default)]
    pub membership_rule: Option<String>,
    #[serde(default)]
    pub is_assignable_to_role: bool,
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub owners: Vec<String>,
}

fn member() -> String {
    "Member".into()
}
fn enabled() -> bool {
    true
}

impl User {
    /// A new account for someone outside the tenant, as an invitation or entitlement management creates it:
    /// `#EXT#` user principal name, the address as `mail`, and the invitation's creation type.
    pub fn external(id: String, email: &str, display_name: String, tenant_domain: &str, now: &str) -> User {
        let upn = format!("{}#EXT#@{tenant_domain}", email.replace('@', "_"));
        User {
            id,
            user_principal_name: upn.clone(),
            password: None,
            display_name,
            roles: vec![],
            mail: Some(email.to_string()),
            other_mails: vec![],
            user_type: "Guest".into(),
            creation_type: Some("Invitation".into()),
            external_user_state: Some("PendingAcceptance".into()),
            external_user_state_change_date_time: Some(now.to_string()),
            on_premises_sync_enabled: None,
            on_premises_user_principal_name: None,
            assigned_plans: vec![],
            identities: vec![
                serde_json::json!({"signInType": "userPrincipalName", "issuer": tenant_domain, "issuerAssignedId": upn}),
            ],
            groups: vec![],
            sponsors: vec![],
            profile: Default::default(),
            app_assignments: vec![],
            account_enabled: true,
            created_date_time: Some(now.to_string()),
            created_days_ago: None,
            state_changed_days_ago: None,
            sign_in_activity: None,
            last_sign_in_days_ago: None,
            last_non_interactive_sign_in_days_ago: None,
            note: None,
        }
    }

    pub fn is_admin(&self) -> bool {
        self.has_role(&["Global Administrator", "User Administrator"])
    }

    pub fn has_role(&self, any_of: &[&str]) -> bool {
        self.roles.iter().any(|r| any_of.contains(&r.as_str()))
    }

    pub fn has_exchange_licence(&self) -> bool {
        self.assigned_plans.iter().any(|p| {
            p.get("service").and_then(Value::as_str) == Some("exchange")
                && p.get("capabilityStatus").and_then(Value::as_str) == Some("Enabled")
        })
    }

    /// A cloud-only account signing in with a non-Entra identity (e.g. a social or federated IdP).
    pub fn primary_identity_outside_entra(&self) -> bool {
        self.on_premises_sync_enabled != Some(true)
            && self.identities.iter().any(|i| i.get("signInType").and_then(Value::as_str) == Some("federated"))
    }
}

impl Seed {
    pub fn demo() -> Seed {
        serde_json::from_str(DEMO_SEED).expect("the bundled demo seed is valid")
    }

    /// Turns `createdDaysAgo` / `stateChangedDaysAgo` into Graph's timestamps, counted back from `now`.
    pub fn resolve_days_ago(&mut self, now: chrono::DateTime<chrono::Utc>) {
        let at = |days: i64| (now - chrono::Duration::days(days)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
        for r in &mut self.assignment_requests {
            if let Some(o) = r.as_object_mut() {
                for (relative, field) in
                    [("createdDaysAgo", "createdDateTime"), ("completedDaysAgo", "completedDateTime")]
                {
                    if let Some(d) = o.remove(relative).and_then(|v| v.as_i64()) {
                        o.insert(field.into(), Value::String(at(d)));
                    }
                }
            }
        }
        for u in &mut self.users {
            if let Some(d) = u.created_days_ago.take() {
                u.created_date_time = Some(at(d));
            }
            if let Some(d) = u.state_changed_days_ago.take() {
                u.external_user_state_change_date_time = Some(at(d));
            }
            let (interactive, other) = (u.last_sign_in_days_ago.take(), u.last_non_interactive_sign_in_days_ago.take());
            if interactive.is_some() || other.is_some() {
                let latest = match (interactive, other) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                u.sign_in_activity = Some(serde_json::json!({
                    "lastSignInDateTime": interactive.map(&at),
                    "lastSignInRequestId": interactive.map(|_| "a1b2c3d4-0000-4000-8000-000000000001"),
                    "lastNonInteractiveSignInDateTime": other.map(&at),
                    "lastNonInteractiveSignInRequestId": other.map(|_| "a1b2c3d4-0000-4000-8000-000000000002"),
                    "lastSuccessfulSignInDateTime": latest.map(&at),
                    "lastSuccessfulSignInRequestId": latest.map(|_| "a1b2c3d4-0000-4000-8000-000000000003"),
                }));
            }
        }
    }

    pub fn from_file(path: &std::path::Path) -> Result<Seed, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_seed_has_every_kind_of_account() {
        let s = Seed::demo();
        let find = |upn: &str| s.users.iter().find(|u| u.user_principal_name.starts_with(upn)).unwrap();
        assert!(find("admin@").has_role(&["Global Administrator"]));
        assert!(find("inviter@").has_role(&["Guest Inviter"]));
        assert!(find("member@").roles.is_empty());
        assert_eq!(find("pat.partner@").other_mails, vec!["pat@fabrikam.example"]);
        assert_eq!(find("sam.synced@").on_premises_sync_enabled, Some(true));
        assert!(find("erin.exchange@").has_exchange_licence());
        assert!(s.tenant.direct_federation_domains.contains(&"litware.example".to_string()));
        assert!(find("gina.social@").primary_identity_outside_entra());
        assert_eq!(find("paula_").external_user_state.as_deref(), Some("PendingAcceptance"));
        assert_eq!(find("alan_").external_user_state.as_deref(), Some("Accepted"));
        assert_eq!(s.access_packages.len(), 6);
        assert_eq!(s.assignment_requests.len(), 5);
    }
}
