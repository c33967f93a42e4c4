//! The tenant's invitation policy as Graph v1.0 exposes it:
//! - who may invite and what guests see (`GET /policies/authorizationPolicy`,
//!   https://learn.microsoft.com/graph/api/authorizationpolicy-get);
//! - cross-tenant access for B2B collaboration, inbound: the default and the partner entries
//!   (https://learn.microsoft.com/graph/api/crosstenantaccesspolicyconfigurationdefault-get,
//!   https://learn.microsoft.com/graph/api/crosstenantaccesspolicy-list-partners), all with `Policy.Read.All`;
//! - which tenant owns a domain (`findTenantInformationByDomainName`, `CrossTenantInformation.ReadBasic.All`,
//!   https://learn.microsoft.com/graph/api/tenantrelationship-findtenantinformationbydomainname).
//!
//! The external collaboration settings' domain allow and deny list has no v1.0 API, so it is never read.

use super::client::{Consistency, GraphClient};
use super::error::GraphError;
use super::page::{Page, PageRequest};
use super::users::encode;
use serde::Deserialize;

/// The permission that reads the policies.
pub const POLICY_PERMISSION: &str = "Policy.Read.All";
/// The permission that finds a domain's tenant.
pub const TENANT_LOOKUP_PERMISSION: &str = "CrossTenantInformation.ReadBasic.All";

pub const AUTHORIZATION_POLICY_PATH: &str = "/policies/authorizationPolicy";
pub const CROSS_TENANT_DEFAULT_PATH: &str = "/policies/crossTenantAccessPolicy/default";
pub const CROSS_TENANT_PARTNERS_PATH: &str = "/policies/crossTenantAccessPolicy/partners";

/// Who may invite guests (`allowInvitesFrom`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AllowInvitesFrom {
    None,
    AdminsAndGuestInviters,
    AdminsGuestInvitersAndAllMembers,
    Everyone,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationPolicy {
    #[serde(default)]
    pub allow_invites_from: Option<AllowInvitesFrom>,
    #[serde(default)]
    pub guest_user_role_id: Option<String>,
}

/// `allowed` or `blocked`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AccessType {
    Allowed,
    Blocked,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    pub target: String,
    #[serde(default)]
    pub target_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetConfiguration {
    #[serde(default)]
    pub access_type: Option<AccessType>,
    #[serde(default)]
    pub targets: Vec<Target>,
}

/// A B2B collaboration setting: for users and groups, and for applications.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct B2bSetting {
    #[serde(default)]
    pub users_and_groups: Option<TargetConfiguration>,
    #[serde(default)]
    pub applications: Option<TargetConfiguration>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrossTenantDefault {
    #[serde(default)]
    pub b2b_collaboration_inbound: Option<B2bSetting>,
}

/// One organisation's own settings; a missing inbound setting inherits the default.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrossTenantPartner {
    pub tenant_id: String,
    #[serde(default)]
    pub b2b_collaboration_inbound: Option<B2bSetting>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantInformation {
    pub tenant_id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub default_domain_name: Option<String>,
}

/// The path that finds the tenant behind a domain (a string literal: single quotes doubled).
pub fn tenant_by_domain_path(domain: &str) -> String {
    format!(
        "/tenantRelationships/findTenantInformationByDomainName(domainName='{}')",
        encode(&domain.replace('\'', "''"))
    )
}

pub async fn authorization_policy(graph: &GraphClient) -> Result<AuthorizationPolicy, GraphError> {
    graph.get(AUTHORIZATION_POLICY_PATH, Consistency::Default).await
}

pub async fn cross_tenant_default(graph: &GraphClient) -> Result<CrossTenantDefault, GraphError> {
    graph.get(CROSS_TENANT_DEFAULT_PATH, Consistency::Default).await
}

/// Every partner entry, following the pages.
pub async fn cross_tenant_partners(graph: &GraphClient) -> Result<Vec<CrossTenantPartner>, GraphError> {
    let mut request = PageRequest::First(CROSS_TENANT_PARTNERS_PATH.to_string());
    let mut all = Vec::new();
    loop {
        let page: Page<CrossTenantPartner> = graph.load_page(&request).await?;
        all.extend(page.value);
        match page.next_link {
            Some(link) => request = PageRequest::Next(link),
            None => return Ok(all),
        }
    }
}

/// The tenant behind a domain; `Ok(None)` when Graph knows none (404).
pub async fn tenant_of_domain(graph: &GraphClient, domain: &str) -> Result<Option<TenantInformation>, GraphError> {
    match graph.get(&tenant_by_domain_path(domain), Consistency::Default).await {
        Ok(t) => Ok(Some(t)),
        Err(GraphError::Http { status: 404, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policies_read_as_graph_writes_them() {
        let p: AuthorizationPolicy = serde_json::from_str(
            r#"{"id":"authorizationPolicy","allowInvitesFrom":"adminsAndGuestInviters","guestUserRoleId":"10dae51f-b6af-4016-8d66-8c2a99b929b3","blockMsolPowerShell":false}"#,
        )
        .unwrap();
        assert_eq!(p.allow_invites_from, Some(AllowInvitesFrom::AdminsAndGuestInviters));
        let later: AuthorizationPolicy = serde_json::from_str(r#"{"allowInvitesFrom":"unknownFutureValue"}"#).unwrap();
        assert_eq!(later.allow_invites_from, Some(AllowInvitesFrom::Unknown));
        let partner: CrossTenantPartner = serde_json::from_str(
            r#"{"tenantId":"t","b2bCollaborationInbound":{"usersAndGroups":{"accessType":"blocked","targets":[{"target":"AllUsers","targetType":"user"}]},"applications":null}}"#,
        )
        .unwrap();
        let users = partner.b2b_collaboration_inbound.and_then(|b| b.users_and_groups).unwrap();
        assert_eq!((users.access_type, users.targets[0].target.as_str()), (Some(AccessType::Blocked), "AllUsers"));
        let inherits: CrossTenantPartner =
            serde_json::from_str(r#"{"tenantId":"t","b2bCollaborationInbound":null}"#).unwrap();
        assert_eq!(inherits.b2b_collaboration_inbound, None);
        assert_eq!(
            tenant_by_domain_path("o'brien.example"),
            "/tenantRelationships/findTenantInformationByDomainName(domainName='o%27%27brien.example')"
        );
    }
}
