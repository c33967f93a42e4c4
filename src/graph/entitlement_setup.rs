//! Building a partner package, in Microsoft's order (https://learn.microsoft.com/graph/tutorial-access-package-api):
//! a catalog enabled for external users, each group added to it (`resourceRequests`, `adminAdd`), the package,
//! each group's Member role in the package (`resourceRoleScopes`) and the assignment policy. Each step has a
//! read that finds what an earlier run made, so a run started again never makes a second one. Delegated
//! `EntitlementManagement.ReadWrite.All`.

use super::client::{Consistency, GraphClient};
use super::error::GraphError;
use super::page::Page;
use super::users::{encode, odata_string};
use super::values::AllowedTargetScope;
use serde::{Deserialize, Serialize};

const ROOT: &str = "/identityGovernance/entitlementManagement";
/// A group's `originSystem` (https://learn.microsoft.com/graph/api/resources/accesspackageresource).
const GROUP_ORIGIN: &str = "AadGroup";

/// What the steps read back: an object's id (and, for a catalog, whether external users may request from it).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Found {
    pub id: String,
    pub display_name: Option<String>,
    pub is_externally_visible: Option<bool>,
    pub catalog: Option<Box<Found>>,
}

/// A group in a catalog, with its roles (Member, Owner) and its root scope.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CatalogResource {
    pub id: String,
    pub origin_id: String,
    pub roles: Vec<ResourcePart>,
    pub scopes: Vec<ResourcePart>,
}

/// A role or a scope of a catalog resource.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResourcePart {
    pub id: String,
    pub display_name: Option<String>,
    pub origin_id: String,
    pub is_root_scope: Option<bool>,
}

/// A package's role scope as read back: enough to tell which group's role it grants.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RoleScope {
    pub id: String,
    pub role: Option<ResourcePart>,
    pub scope: Option<ResourcePart>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct PackageWith {
    resource_role_scopes: Vec<RoleScope>,
    assignment_policies: Vec<Found>,
}

#[derive(Debug, Serialize)]
pub struct IdRef {
    pub id: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewCatalog {
    pub display_name: String,
    pub description: String,
    /// `published`: its packages can be requested.
    pub state: &'static str,
    /// "Enabled for external users": partners may request its packages.
    pub is_externally_visible: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ResourceRequest<'a> {
    request_type: &'static str,
    resource: Origin<'a>,
    catalog: IdRef,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Origin<'a> {
    origin_id: &'a str,
    origin_system: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPackage {
    pub display_name: String,
    pub description: String,
    pub is_hidden: bool,
    pub catalog: IdRef,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct NewRoleScope<'a> {
    role: RoleBody<'a>,
    scope: ScopeBody<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct RoleBody<'a> {
    id: &'a str,
    origin_id: &'a str,
    origin_system: &'static str,
    resource: ResourceBody<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ResourceBody<'a> {
    id: &'a str,
    origin_id: &'a str,
    origin_system: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ScopeBody<'a> {
    id: &'a str,
    origin_id: &'a str,
    origin_system: &'static str,
}

/// An assignment policy as `POST assignmentPolicies` takes it
/// (https://learn.microsoft.com/graph/api/entitlementmanagement-post-assignmentpolicies).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPolicy {
    pub display_name: String,
    pub description: String,
    pub allowed_target_scope: AllowedTargetScope,
    pub specific_allowed_targets: Vec<SubjectSet>,
    pub expiration: Expiration,
    pub requestor_settings: RequestorSettings,
    pub request_approval_settings: ApprovalSettings,
    pub access_package: PackageRef,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackageRef {
    pub id: String,
}

/// Who may request or approve (https://learn.microsoft.com/graph/api/resources/subjectset).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "@odata.type", rename_all_fields = "camelCase")]
pub enum SubjectSet {
    #[serde(rename = "#microsoft.graph.singleUser")]
    SingleUser { user_id: String, description: String },
    /// The requestor's sponsors.
    #[serde(rename = "#microsoft.graph.targetUserSponsors")]
    TargetUserSponsors,
    #[serde(rename = "#microsoft.graph.connectedOrganizationMembers")]
    ConnectedOrganizationMembers { connected_organization_id: String, description: String },
}

/// `expirationPattern` (https://learn.microsoft.com/graph/api/resources/expirationpattern).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expiration {
    #[serde(rename = "type")]
    pub kind: ExpirationType,
    /// ISO 8601, with `afterDuration` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ExpirationType {
    NoExpiration,
    AfterDuration,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestorSettings {
    pub enable_targets_to_self_add_access: bool,
    pub enable_targets_to_self_update_access: bool,
    pub enable_targets_to_self_remove_access: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalSettings {
    pub is_approval_required_for_add: bool,
    pub is_approval_required_for_update: bool,
    pub is_requestor_justification_required: bool,
    pub stages: Vec<ApprovalStage>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalStage {
    pub duration_before_automatic_denial: String,
    pub is_approver_justification_required: bool,
    pub is_escalation_enabled: bool,
    pub primary_approvers: Vec<SubjectSet>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fallback_primary_approvers: Vec<SubjectSet>,
}

fn equals(property: &str, value: &str) -> String {
    encode(&format!("{property} eq {}", odata_string(value)))
}

pub fn catalog_path(name: &str) -> String {
    format!("{ROOT}/catalogs?$filter={}", equals("displayName", name))
}

pub fn resource_path(catalog_id: &str, group_id: &str) -> String {
    format!(
        "{ROOT}/catalogs/{}/resources?$filter={}&$expand=roles,scopes",
        encode(catalog_id),
        equals("originId", group_id)
    )
}

pub fn package_path(name: &str) -> String {
    format!("{ROOT}/accessPackages?$filter={}&$expand=catalog", equals("displayName", name))
}

pub fn package_parts_path(package_id: &str) -> String {
    format!(
        "{ROOT}/accessPackages/{}?$expand=resourceRoleScopes($expand=role,scope),assignmentPolicies",
        encode(package_id)
    )
}

/// The catalogs of this name.
pub async fn catalogs_named(graph: &GraphClient, name: &str) -> Result<Vec<Found>, GraphError> {
    let page: Page<Found> = graph.get(&catalog_path(name), Consistency::Default).await?;
    Ok(page.value)
}

pub async fn create_catalog(graph: &GraphClient, catalog: &NewCatalog) -> Result<Found, GraphError> {
    graph.post(&format!("{ROOT}/catalogs"), catalog).await
}

/// The group as a resource of the catalog, if it was added.
pub async fn catalog_resource(
    graph: &GraphClient,
    catalog_id: &str,
    group_id: &str,
) -> Result<Option<CatalogResource>, GraphError> {
    let page: Page<CatalogResource> = graph.get(&resource_path(catalog_id, group_id), Consistency::Default).await?;
    Ok(page.value.into_iter().find(|r| r.origin_id.eq_ignore_ascii_case(group_id)))
}

pub async fn add_group(graph: &GraphClient, catalog_id: &str, group_id: &str) -> Result<(), GraphError> {
    let body = ResourceRequest {
        request_type: "adminAdd",
        resource: Origin { origin_id: group_id, origin_system: GROUP_ORIGIN },
        catalog: IdRef { id: catalog_id.to_string() },
    };
    graph.post::<_, serde_json::Value>(&format!("{ROOT}/resourceRequests"), &body).await.map(|_| ())
}

/// The packages of this name, each with its catalog.
pub async fn packages_named(graph: &GraphClient, name: &str) -> Result<Vec<Found>, GraphError> {
    let page: Page<Found> = graph.get(&package_path(name), Consistency::Default).await?;
    Ok(page.value)
}

pub async fn create_package(graph: &GraphClient, package: &NewPackage) -> Result<Found, GraphError> {
    graph.post(&format!("{ROOT}/accessPackages"), package).await
}

/// A package's role scopes and policies.
pub async fn package_parts(graph: &GraphClient, package_id: &str) -> Result<(Vec<RoleScope>, Vec<Found>), GraphError> {
    let p: PackageWith = graph.get(&package_parts_path(package_id), Consistency::Default).await?;
    Ok((p.resource_role_scopes, p.assignment_policies))
}

/// Grants the resource's `role` in the package, on its root `scope`.
pub async fn add_role_scope(
    graph: &GraphClient,
    package_id: &str,
    resource: &CatalogResource,
    role: &ResourcePart,
    scope: &ResourcePart,
) -> Result<(), GraphError> {
    let body = NewRoleScope {
        role: RoleBody {
            id: &role.id,
            origin_id: &role.origin_id,
            origin_system: GROUP_ORIGIN,
            resource: ResourceBody { id: &resource.id, origin_id: &resource.origin_id, origin_system: GROUP_ORIGIN },
        },
        scope: ScopeBody { id: &scope.id, origin_id: &scope.origin_id, origin_system: GROUP_ORIGIN },
    };
    let path = format!("{ROOT}/accessPackages/{}/resourceRoleScopes", encode(package_id));
    graph.post::<_, serde_json::Value>(&path, &body).await.map(|_| ())
}

pub async fn create_policy(graph: &GraphClient, policy: &NewPolicy) -> Result<Found, GraphError> {
    graph.post(&format!("{ROOT}/assignmentPolicies"), policy).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_find_by_name_and_origin() {
        assert_eq!(
            catalog_path("Partner's"),
            "/identityGovernance/entitlementManagement/catalogs?$filter=displayName%20eq%20%27Partner%27%27s%27"
        );
        assert_eq!(
            resource_path("c1", "g1"),
            "/identityGovernance/entitlementManagement/catalogs/c1/resources?$filter=originId%20eq%20%27g1%27&$expand=roles,scopes"
        );
        assert!(package_parts_path("p 1")
            .ends_with("/accessPackages/p%201?$expand=resourceRoleScopes($expand=role,scope),assignmentPolicies"));
    }

    #[test]
    fn role_scope_and_resource_request_bodies_are_microsofts() {
        let body = serde_json::to_value(NewRoleScope {
            role: RoleBody {
                id: "r",
                origin_id: "Member_g",
                origin_system: GROUP_ORIGIN,
                resource: ResourceBody { id: "res", origin_id: "g", origin_system: GROUP_ORIGIN },
            },
            scope: ScopeBody { id: "s", origin_id: "g", origin_system: GROUP_ORIGIN },
        })
        .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"role": {"id": "r", "originId": "Member_g", "originSystem": "AadGroup",
                "resource": {"id": "res", "originId": "g", "originSystem": "AadGroup"}},
                "scope": {"id": "s", "originId": "g", "originSystem": "AadGroup"}})
        );
        let add = serde_json::to_value(ResourceRequest {
            request_type: "adminAdd",
            resource: Origin { origin_id: "g", origin_system: GROUP_ORIGIN },
            catalog: IdRef { id: "c".into() },
        })
        .unwrap();
        assert_eq!(
            add,
            serde_json::json!({"requestType": "adminAdd", "resource": {"originId": "g", "originSystem": "AadGroup"}, "catalog": {"id": "c"}})
        );
    }
}
