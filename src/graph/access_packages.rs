//! Entitlement management, read-only (delegated `EntitlementManagement.Read.All`): access packages with their
//! catalog and assignment policies, and a package's assignment requests.
//! https://learn.microsoft.com/graph/api/entitlementmanagement-list-accesspackages,
//! https://learn.microsoft.com/graph/api/resources/accesspackageassignmentpolicy and
//! https://learn.microsoft.com/graph/api/entitlementmanagement-list-assignmentrequests

use super::client::{Consistency, GraphClient};
use super::error::GraphError;
use super::page::{self, Page};
use super::users::{encode, odata_string};
use super::values::{AllowedTargetScope, RequestState};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AccessPackage {
    pub id: String,
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub is_hidden: Option<bool>,
    pub catalog: Option<Catalog>,
    pub assignment_policies: Vec<AssignmentPolicy>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Catalog {
    pub display_name: Option<String>,
    /// "Enabled for external users" in the admin center.
    pub is_externally_visible: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AssignmentPolicy {
    pub id: String,
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub allowed_target_scope: Option<AllowedTargetScope>,
    pub requestor_settings: Option<RequestorSettings>,
    pub request_approval_settings: Option<ApprovalSettings>,
    pub specific_allowed_targets: Vec<SubjectSet>,
    /// Present only on policies that assign automatically; absent means people request.
    pub automatic_request_settings: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RequestorSettings {
    pub enable_targets_to_self_add_access: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApprovalSettings {
    pub is_approval_required_for_add: Option<bool>,
}

/// One of a policy's specific targets; for connected organisations, `description` names the organisation.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SubjectSet {
    #[serde(rename = "@odata.type")]
    pub odata_type: Option<String>,
    pub description: Option<String>,
    pub connected_organization_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AssignmentRequest {
    pub id: String,
    pub state: Option<RequestState>,
    pub status: Option<String>,
    pub created_date_time: Option<String>,
    pub completed_date_time: Option<String>,
    pub requestor: Option<Subject>,
    /// The requestor's own words: untrusted text.
    pub justification: Option<String>,
    /// Present when expanded.
    pub access_package: Option<PackageName>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PackageName {
    pub id: String,
    pub display_name: Option<String>,
}

/// One stage of an approval (https://learn.microsoft.com/graph/api/resources/approvalstage): `status` is
/// `InProgress`, `Initializing`, `Completed` or `Expired`; `reviewResult` reads `NotReviewed`, `Approved` or
/// `Denied`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApprovalStage {
    pub id: String,
    pub assigned_to_me: Option<bool>,
    pub status: Option<String>,
    pub review_result: Option<String>,
    pub reviewed_by: Option<Reviewer>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Reviewer {
    pub display_name: Option<String>,
}

/// An approver's decision, as Graph takes it (it reads back as `Approved` or `Denied`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Verdict {
    Approve,
    Deny,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Decision<'a> {
    review_result: Verdict,
    justification: &'a str,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Subject {
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub principal_name: Option<String>,
}

/// A connected organisation: its id (as policies' targets name it) and display name.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConnectedOrganization {
    pub id: String,
    pub display_name: Option<String>,
}

const ROOT: &str = "/identityGovernance/entitlementManagement";

/// The permission that lists and decides approvals (delegated only), and builds packages.
pub const WRITE_PERMISSION: &str = "EntitlementManagement.ReadWrite.All";

/// Every access package the admin may read, with catalog and policies, all pages.
pub async fn list(graph: &GraphClient) -> Result<Vec<AccessPackage>, GraphError> {
    let first = format!("{ROOT}/accessPackages?$expand=assignmentPolicies,catalog");
    let mut all: Page<AccessPackage> = graph.get(&first, Consistency::Default).await?;
    while let Some(link) = all.next_link.clone() {
        let more = graph.next_page(&link, Consistency::Default).await?;
        page::append(&mut all, more);
    }
    Ok(all.value)
}

/// The tenant's connected organisations (first page; a tenant has few), to name policies' targets.
pub async fn connected_organizations(graph: &GraphClient) -> Result<Vec<ConnectedOrganization>, GraphError> {
    let page: Page<ConnectedOrganization> =
        graph.get(&format!("{ROOT}/connectedOrganizations?$select=id,displayName"), Consistency::Default).await?;
    Ok(page.value)
}

/// The path of one package's assignment requests, with who asked.
pub fn requests_path(package_id: &str) -> String {
    let filter = format!("accessPackage/id eq {}", odata_string(package_id));
    format!("{ROOT}/assignmentRequests?$expand=requestor&$filter={}", encode(&filter))
}

pub async fn requests(graph: &GraphClient, package_id: &str) -> Result<Vec<AssignmentRequest>, GraphError> {
    let page: Page<AssignmentRequest> = graph.get(&requests_path(package_id), Consistency::Default).await?;
    Ok(page.value)
}

/// The pending requests that wait for the signed-in approver, with who asked and for which package
/// (https://learn.microsoft.com/graph/api/accesspackageassignmentrequest-filterbycurrentuser). Delegated only.
pub const WAITING_FOR_ME_PATH: &str =
    "/identityGovernance/entitlementManagement/assignmentRequests/filterByCurrentUser(on='approver')?$expand=requestor,accessPackage";

/// The approval of a request has the request's id (https://learn.microsoft.com/graph/api/approval-get).
pub fn stages_path(request_id: &str) -> String {
    format!("{ROOT}/accessPackageAssignmentApprovals/{}/stages", encode(request_id))
}

/// How many requests wait for the signed-in approver: ids only, every page.
pub async fn waiting_count(graph: &GraphClient) -> Result<usize, GraphError> {
    let first = format!("{ROOT}/assignmentRequests/filterByCurrentUser(on='approver')?$select=id");
    let mut all: Page<serde::de::IgnoredAny> = graph.get(&first, Consistency::Default).await?;
    while let Some(link) = all.next_link.clone() {
        let more = graph.next_page(&link, Consistency::Default).await?;
        page::append(&mut all, more);
    }
    Ok(all.value.len())
}

pub async fn waiting_for_me(graph: &GraphClient) -> Result<Vec<AssignmentRequest>, GraphError> {
    let page: Page<AssignmentRequest> = graph.get(WAITING_FOR_ME_PATH, Consistency::Default).await?;
    Ok(page.value)
}

pub async fn stages(graph: &GraphClient, request_id: &str) -> Result<Vec<ApprovalStage>, GraphError> {
    let page: Page<ApprovalStage> = graph.get(&stages_path(request_id), Consistency::Default).await?;
    Ok(page.value)
}

/// `PATCH` one stage with the decision (https://learn.microsoft.com/graph/api/approvalstage-update): 204, or 409
/// when another approver of the stage decided first.
pub async fn decide(
    graph: &GraphClient,
    request_id: &str,
    stage_id: &str,
    verdict: Verdict,
    justification: &str,
) -> Result<(), GraphError> {
    let path = format!("{}/{}", stages_path(request_id), encode(stage_id));
    graph.patch(&path, &Decision { review_result: verdict, justification }).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_microsofts_package_shape() {
        let p: AccessPackage = serde_json::from_str(r##"{"@odata.type":"#microsoft.graph.accessPackage","id":"114d3459","displayName":"Partner project workspace","description":"Teams + SharePoint for partners","isHidden":false,"createdDateTime":"2019-01-27T18:19:50.74Z","assignmentPolicies":[{"id":"b2eba9a1","displayName":"Partners","allowedTargetScope":"allConfiguredConnectedOrganizationUsers","requestorSettings":{"enableTargetsToSelfAddAccess":true},"requestApprovalSettings":{"isApprovalRequiredForAdd":true,"stages":[]}}],"catalog":{"id":"c","displayName":"Partners","isExternallyVisible":true}}"##).unwrap();
        let policy = &p.assignment_policies[0];
        assert_eq!(policy.allowed_target_scope, Some(AllowedTargetScope::AllConfiguredConnectedOrganizationUsers));
        assert_eq!(policy.requestor_settings.as_ref().and_then(|r| r.enable_targets_to_self_add_access), Some(true));
        assert_eq!(p.catalog.and_then(|c| c.is_externally_visible), Some(true));
        let r: AssignmentRequest = serde_json::from_str(r#"{"id":"7999249e","requestType":"userAdd","state":"delivered","status":"Delivered","createdDateTime":"2019-10-25T22:55:11.623Z"}"#).unwrap();
        assert_eq!(r.state, Some(RequestState::Delivered));
        assert_eq!(
            requests_path("9bbe5f7d"),
            "/identityGovernance/entitlementManagement/assignmentRequests?$expand=requestor&$filter=accessPackage%2Fid%20eq%20%279bbe5f7d%27"
        );
    }

    #[test]
    fn a_decision_is_written_as_graph_takes_it() {
        let body =
            serde_json::to_value(Decision { review_result: Verdict::Deny, justification: "Not a partner" }).unwrap();
        assert_eq!(body, serde_json::json!({"reviewResult": "Deny", "justification": "Not a partner"}));
        assert_eq!(
            stages_path("r 1"),
            "/identityGovernance/entitlementManagement/accessPackageAssignmentApprovals/r%201/stages"
        );
        let s: ApprovalStage = serde_json::from_str(r#"{"id":"s","displayName":null,"reviewResult":"Approved","status":"Completed","assignedToMe":true,"justification":"","reviewedBy":{"id":"u","displayName":"Adele Admin"},"reviewedDateTime":"2026-12-06T00:00:00Z"}"#).unwrap();
        assert_eq!(s.reviewed_by.and_then(|r| r.display_name).as_deref(), Some("Adele Admin"));
    }
}
