//! "Set up partner self-service": the form's choices, what is missing from them, and the assignment policy
//! they make (https://learn.microsoft.com/graph/api/entitlementmanagement-post-assignmentpolicies).

use crate::graph::access_packages::ConnectedOrganization;
use crate::graph::entitlement_setup::{
    ApprovalSettings, ApprovalStage, Expiration, ExpirationType, NewPolicy, PackageRef, RequestorSettings, SubjectSet,
};
use crate::graph::error::GraphError;
use crate::graph::values::AllowedTargetScope;
use crate::rules::follow_up::ChosenGroup;
use crate::rules::invitation_draft::ChosenPerson;

/// Who may request the package.
#[derive(Debug, Clone, PartialEq)]
pub enum Audience {
    /// Anyone outside the tenant (needs email one-time passcode on).
    AnyExternal,
    /// Users of every connected organisation the tenant has configured.
    AllConnected,
    /// Users of the connected organisations picked.
    Specific(Vec<ConnectedOrganization>),
}

/// Who decides a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Approval {
    None,
    Approvers(Vec<ChosenPerson>),
    /// The requestor's sponsors; `fallback` decides when the requestor has none (a new partner has none).
    Sponsors {
        fallback: ChosenPerson,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Justification {
    Required,
    Optional,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    AfterDays(u32),
    Never,
}

/// The longest assignment the form takes, in days (ten years).
pub const MAX_DAYS: u32 = 3650;
/// How long a request waits for a decision before it is denied, as the admin center sets it.
const DECISION_WITHIN: &str = "P14D";

/// What the form asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfServicePlan {
    pub catalog_name: String,
    pub package_name: String,
    pub description: String,
    pub groups: Vec<ChosenGroup>,
    pub audience: Audience,
    pub approval: Approval,
    pub justification: Justification,
    pub expiry: Expiry,
}

/// A choice the form still lacks, each tied to its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanProblem {
    NoCatalogName,
    NoPackageName,
    NoGroup,
    NoOrganization,
    NoApprover,
    BadDays,
}

/// The five steps, in Microsoft's order: each needs what the one before made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupStep {
    Catalog,
    Groups,
    Package,
    Roles,
    Policy,
}

pub const STEPS: [SetupStep; 5] =
    [SetupStep::Catalog, SetupStep::Groups, SetupStep::Package, SetupStep::Roles, SetupStep::Policy];

/// Where a step stands.
#[derive(Debug, Clone, PartialEq)]
pub enum StepState {
    Waiting,
    Running,
    /// What an earlier run (or another admin) made was found and used.
    Found,
    Created,
    Failed(SetupFailure),
}

impl StepState {
    pub fn is_done(&self) -> bool {
        matches!(self, StepState::Found | StepState::Created)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum SetupFailure {
    Graph(GraphError),
    /// A catalog of this name exists but is not enabled for external users; the app does not change it, since
    /// that would open its other packages to partners.
    CatalogNotExternal,
    /// The group's resource in the catalog has no Member role.
    NoMemberRole {
        group: String,
    },
}

/// Where "Continue" starts: the first step not done.
pub fn resume_at(states: &[StepState]) -> usize {
    states.iter().position(|s| !s.is_done()).unwrap_or(states.len())
}

/// The number of days typed, or `BadDays` (a whole number from 1 to [`MAX_DAYS`]).
pub fn days(typed: &str) -> Result<u32, PlanProblem> {
    typed.trim().parse::<u32>().ok().filter(|d| (1..=MAX_DAYS).contains(d)).ok_or(PlanProblem::BadDays)
}

pub fn problems(plan: &SelfServicePlan) -> Vec<PlanProblem> {
    let mut out = Vec::new();
    if plan.catalog_name.trim().is_empty() {
        out.push(PlanProblem::NoCatalogName);
    }
    if plan.package_name.trim().is_empty() {
        out.push(PlanProblem::NoPackageName);
    }
    if plan.groups.is_empty() {
        out.push(PlanProblem::NoGroup);
    }
    if matches!(&plan.audience, Audience::Specific(orgs) if orgs.is_empty()) {
        out.push(PlanProblem::NoOrganization);
    }
    if matches!(&plan.approval, Approval::Approvers(people) if people.is_empty()) {
        out.push(PlanProblem::NoApprover);
    }
    out
}

fn single_user(p: &ChosenPerson) -> SubjectSet {
    SubjectSet::SingleUser { user_id: p.id.clone(), description: p.name.clone() }
}

/// The assignment policy the plan makes for package `package_id`, named `name`.
pub fn policy(plan: &SelfServicePlan, package_id: &str, name: &str) -> NewPolicy {
    let (allowed_target_scope, specific_allowed_targets) = match &plan.audience {
        Audience::AnyExternal => (AllowedTargetScope::AllExternalUsers, Vec::new()),
        Audience::AllConnected => (AllowedTargetScope::AllConfiguredConnectedOrganizationUsers, Vec::new()),
        Audience::Specific(orgs) => (
            AllowedTargetScope::SpecificConnectedOrganizationUsers,
            orgs.iter()
                .map(|o| SubjectSet::ConnectedOrganizationMembers {
                    connected_organization_id: o.id.clone(),
                    description: o.display_name.clone().unwrap_or_default(),
                })
                .collect(),
        ),
    };
    let stage = |primary_approvers: Vec<SubjectSet>, fallback_primary_approvers: Vec<SubjectSet>| ApprovalStage {
        duration_before_automatic_denial: DECISION_WITHIN.into(),
        is_approver_justification_required: true,
        is_escalation_enabled: false,
        primary_approvers,
        fallback_primary_approvers,
    };
    let stages = match &plan.approval {
        Approval::None => Vec::new(),
        Approval::Approvers(people) => vec![stage(people.iter().map(single_user).collect(), Vec::new())],
        Approval::Sponsors { fallback } => {
            vec![stage(vec![SubjectSet::TargetUserSponsors], vec![single_user(fallback)])]
        }
    };
    let expiration = match plan.expiry {
        Expiry::AfterDays(d) => Expiration { kind: ExpirationType::AfterDuration, duration: Some(format!("P{d}D")) },
        Expiry::Never => Expiration { kind: ExpirationType::NoExpiration, duration: None },
    };
    NewPolicy {
        display_name: name.to_string(),
        description: plan.description.trim().to_string(),
        allowed_target_scope,
        specific_allowed_targets,
        expiration,
        requestor_settings: RequestorSettings {
            enable_targets_to_self_add_access: true,
            enable_targets_to_self_update_access: false,
            enable_targets_to_self_remove_access: true,
        },
        request_approval_settings: ApprovalSettings {
            is_approval_required_for_add: !stages.is_empty(),
            is_approval_required_for_update: false,
            is_requestor_justification_required: plan.justification == Justification::Required,
            stages,
        },
        access_package: PackageRef { id: package_id.to_string() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn person(id: &str, name: &str) -> ChosenPerson {
        ChosenPerson { id: id.into(), name: name.into(), detail: format!("{id}@contoso.com") }
    }

    fn plan(audience: Audience, approval: Approval, expiry: Expiry) -> SelfServicePlan {
        SelfServicePlan {
            catalog_name: "Partner self-service".into(),
            package_name: "Falcon partners".into(),
            description: " Project Falcon ".into(),
            groups: vec![ChosenGroup { id: "g1".into(), name: "Project Falcon".into() }],
            audience,
            approval,
            justification: Justification::Required,
            expiry,
        }
    }

    #[test]
    fn any_external_user_with_a_named_approver_and_ninety_days() {
        let p =
            plan(Audience::AnyExternal, Approval::Approvers(vec![person("u1", "Ian Inviter")]), Expiry::AfterDays(90));
        assert_eq!(
            serde_json::to_value(policy(&p, "pkg", "Partners can request")).unwrap(),
            json!({
                "displayName": "Partners can request", "description": "Project Falcon",
                "allowedTargetScope": "allExternalUsers", "specificAllowedTargets": [],
                "expiration": {"type": "afterDuration", "duration": "P90D"},
                "requestorSettings": {"enableTargetsToSelfAddAccess": true, "enableTargetsToSelfUpdateAccess": false,
                    "enableTargetsToSelfRemoveAccess": true},
                "requestApprovalSettings": {"isApprovalRequiredForAdd": true, "isApprovalRequiredForUpdate": false,
                    "isRequestorJustificationRequired": true,
                    "stages": [{"durationBeforeAutomaticDenial": "P14D", "isApproverJustificationRequired": true,
                        "isEscalationEnabled": false,
                        "primaryApprovers": [{"@odata.type": "#microsoft.graph.singleUser", "userId": "u1", "description": "Ian Inviter"}]}]},
                "accessPackage": {"id": "pkg"}
            })
        );
    }

    #[test]
    fn sponsors_decide_with_a_fallback_and_specific_organisations_are_named() {
        let org = ConnectedOrganization { id: "o1".into(), display_name: Some("Fabrikam".into()) };
        let mut p =
            plan(Audience::Specific(vec![org]), Approval::Sponsors { fallback: person("a1", "Adele") }, Expiry::Never);
        p.justification = Justification::Optional;
        let body = serde_json::to_value(policy(&p, "pkg", "n")).unwrap();
        assert_eq!(body["allowedTargetScope"], "specificConnectedOrganizationUsers");
        assert_eq!(
            body["specificAllowedTargets"],
            json!([{"@odata.type": "#microsoft.graph.connectedOrganizationMembers", "connectedOrganizationId": "o1", "description": "Fabrikam"}])
        );
        assert_eq!(body["expiration"], json!({"type": "noExpiration"}));
        let stage = &body["requestApprovalSettings"]["stages"][0];
        assert_eq!(stage["primaryApprovers"], json!([{"@odata.type": "#microsoft.graph.targetUserSponsors"}]));
        assert_eq!(stage["fallbackPrimaryApprovers"][0]["userId"], "a1");
        assert_eq!(body["requestApprovalSettings"]["isRequestorJustificationRequired"], false);
    }

    #[test]
    fn no_approval_means_no_stage_and_connected_organisations_as_a_whole() {
        let body = serde_json::to_value(policy(
            &plan(Audience::AllConnected, Approval::None, Expiry::AfterDays(30)),
            "p",
            "n",
        ))
        .unwrap();
        assert_eq!(body["allowedTargetScope"], "allConfiguredConnectedOrganizationUsers");
        assert_eq!(body["requestApprovalSettings"]["isApprovalRequiredForAdd"], false);
        assert_eq!(body["requestApprovalSettings"]["stages"], json!([]));
    }

    #[test]
    fn continue_starts_at_the_first_step_not_done() {
        let failed = StepState::Failed(SetupFailure::CatalogNotExternal);
        assert_eq!(resume_at(&[StepState::Found, StepState::Created, failed, StepState::Waiting]), 2);
        assert_eq!(resume_at(&[StepState::Created, StepState::Found]), 2);
        assert_eq!(resume_at(&[StepState::Waiting]), 0);
    }

    #[test]
    fn what_the_form_lacks() {
        let mut p = plan(Audience::Specific(vec![]), Approval::Approvers(vec![]), Expiry::Never);
        p.package_name = "  ".into();
        p.groups.clear();
        assert_eq!(
            problems(&p),
            [PlanProblem::NoPackageName, PlanProblem::NoGroup, PlanProblem::NoOrganization, PlanProblem::NoApprover]
        );
        assert_eq!(
            (days(" 90 "), days("0"), days("3651"), days("ninety")),
            (Ok(90), Err(PlanProblem::BadDays), Err(PlanProblem::BadDays), Err(PlanProblem::BadDays))
        );
    }
}
