//! Whether a partner from outside can request an access package, who each policy is for, and the My Access
//! link that shares it. Pure; `text` says the results in words.
//!
//! A partner can request a package through My Access only when its catalog is enabled for external users
//! (`isExternallyVisible`) and one of its policies lets users outside the directory ask for it themselves
//! (`allowedTargetScope` of all external users, all connected organisations or specific ones, with
//! `requestorSettings.enableTargetsToSelfAddAccess`):
//! https://learn.microsoft.com/entra/id-governance/entitlement-management-access-package-request-policy and
//! https://learn.microsoft.com/entra/id-governance/entitlement-management-external-users

use crate::graph::access_packages::{AccessPackage, AssignmentPolicy, ConnectedOrganization};
use crate::graph::values::AllowedTargetScope;

/// Who one policy is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyAudience {
    AllExternalUsers,
    AllConnectedOrganizations,
    /// Users of these connected organisations (their names, as the policy describes them).
    ConnectedOrganizations(Vec<String>),
    /// People or service principals in the directory only.
    InDirectoryOnly,
    /// Assigned automatically; nobody requests it.
    AutomaticAssignment,
    /// A value this app does not know, shown as Microsoft sent it.
    Other(String),
}

impl PolicyAudience {
    fn is_outside(&self) -> bool {
        matches!(
            self,
            PolicyAudience::AllExternalUsers
                | PolicyAudience::AllConnectedOrganizations
                | PolicyAudience::ConnectedOrganizations(_)
        )
    }
}

/// Who the policy is for; specific connected organisations are named by their display name when `orgs`
/// knows them, else by the target's description.
pub fn audience_named(p: &AssignmentPolicy, orgs: &[ConnectedOrganization]) -> PolicyAudience {
    match audience(p) {
        PolicyAudience::ConnectedOrganizations(_) => PolicyAudience::ConnectedOrganizations(
            p.specific_allowed_targets
                .iter()
                .filter_map(|t| {
                    let known = t.connected_organization_id.as_deref().and_then(|id| orgs.iter().find(|o| o.id == id));
                    known.and_then(|o| o.display_name.clone()).or_else(|| t.description.clone())
                })
                .collect(),
        ),
        other => other,
    }
}

pub fn audience(p: &AssignmentPolicy) -> PolicyAudience {
    if p.automatic_request_settings.is_some() {
        return PolicyAudience::AutomaticAssignment;
    }
    match &p.allowed_target_scope {
        Some(AllowedTargetScope::AllExternalUsers) => PolicyAudience::AllExternalUsers,
        Some(AllowedTargetScope::AllConfiguredConnectedOrganizationUsers) => PolicyAudience::AllConnectedOrganizations,
        Some(AllowedTargetScope::SpecificConnectedOrganizationUsers) => PolicyAudience::ConnectedOrganizations(
            p.specific_allowed_targets.iter().filter_map(|t| t.description.clone()).collect(),
        ),
        Some(AllowedTargetScope::Unknown(other)) => PolicyAudience::Other(other.clone()),
        _ => PolicyAudience::InDirectoryOnly,
    }
}

/// Whether people may ask for it themselves under this policy (else administrators assign it).
pub fn self_request(p: &AssignmentPolicy) -> bool {
    p.requestor_settings.as_ref().and_then(|r| r.enable_targets_to_self_add_access).unwrap_or(false)
}

pub fn needs_approval(p: &AssignmentPolicy) -> bool {
    p.request_approval_settings.as_ref().and_then(|a| a.is_approval_required_for_add).unwrap_or(false)
}

/// Can a partner from outside request the package, and if not, why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requestability {
    /// Yes, under this policy (the first that allows it); `approval` when someone must approve.
    Partners { policy_id: String, approval: bool },
    /// The catalog is not enabled for external users.
    CatalogNotExternallyVisible,
    /// Only people in the directory may request it.
    InternalOnly,
    /// A policy is for outside users, but they cannot ask themselves: administrators assign it.
    AssignedByAdministrators,
    /// No policy at all.
    NoPolicy,
}

pub fn requestability(p: &AccessPackage) -> Requestability {
    if p.assignment_policies.is_empty() {
        return Requestability::NoPolicy;
    }
    let outside: Vec<&AssignmentPolicy> = p.assignment_policies.iter().filter(|x| audience(x).is_outside()).collect();
    if outside.is_empty() {
        return Requestability::InternalOnly;
    }
    if p.catalog.as_ref().and_then(|c| c.is_externally_visible) != Some(true) {
        return Requestability::CatalogNotExternallyVisible;
    }
    match outside.iter().find(|x| self_request(x)) {
        Some(x) => Requestability::Partners { policy_id: x.id.clone(), approval: needs_approval(x) },
        None => Requestability::AssignedByAdministrators,
    }
}

/// My Access for the cloud of this login host, or `None` where Microsoft documents none.
pub fn my_access_host(login_host: &str) -> Option<&'static str> {
    match login_host {
        "login.microsoftonline.us" => Some("myaccess.microsoft.us"),
        "login.partner.microsoftonline.cn" => None,
        // The global cloud, and a development setup against a local stand-in.
        _ => Some("myaccess.microsoft.com"),
    }
}

/// An access package id as Graph issues it: a GUID. Anything else never reaches a link.
pub fn is_package_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12]) && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A directory hint for the link: a tenant GUID or a domain name, nothing that could change the URL's shape.
pub fn is_directory_hint(hint: &str) -> bool {
    !hint.is_empty()
        && hint.len() <= 253
        && hint.split('.').all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// `https://myaccess.microsoft.com/@<directory hint>#/access-packages/<id>`
/// (https://learn.microsoft.com/entra/id-governance/entitlement-management-access-package-settings).
pub fn my_access_url(login_host: &str, hint: &str, package_id: &str) -> Option<String> {
    let home = my_access_home(login_host, hint)?;
    is_package_id(package_id).then(|| format!("{home}#/access-packages/{package_id}"))
}

/// My Access for this tenant, `https://myaccess.microsoft.com/@<directory hint>` (where approvers decide).
pub fn my_access_home(login_host: &str, hint: &str) -> Option<String> {
    let host = my_access_host(login_host)?;
    is_directory_hint(hint).then(|| format!("https://{host}/@{hint}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::access_packages::{ApprovalSettings, Catalog, RequestorSettings, SubjectSet};

    const ID: &str = "d0000004-0000-4000-8000-000000000001";

    fn policy(scope: &str, self_add: bool, approval: bool) -> AssignmentPolicy {
        AssignmentPolicy {
            id: format!("p-{scope}"),
            allowed_target_scope: Some(AllowedTargetScope::from(scope.to_string())),
            requestor_settings: Some(RequestorSettings { enable_targets_to_self_add_access: Some(self_add) }),
            request_approval_settings: Some(ApprovalSettings { is_approval_required_for_add: Some(approval) }),
            ..AssignmentPolicy::default()
        }
    }

    fn package(visible: Option<bool>, policies: Vec<AssignmentPolicy>) -> AccessPackage {
        AccessPackage {
            id: ID.into(),
            catalog: Some(Catalog { display_name: None, is_externally_visible: visible }),
            assignment_policies: policies,
            ..AccessPackage::default()
        }
    }

    #[test]
    fn every_policy_shape_says_whether_partners_can_request() {
        let yes = |approval| Requestability::Partners { policy_id: "p-allExternalUsers".into(), approval };
        assert_eq!(requestability(&package(Some(true), vec![policy("allExternalUsers", true, false)])), yes(false));
        assert_eq!(requestability(&package(Some(true), vec![policy("allExternalUsers", true, true)])), yes(true));
        for scope in ["allConfiguredConnectedOrganizationUsers", "specificConnectedOrganizationUsers"] {
            let p = package(Some(true), vec![policy(scope, true, true)]);
            assert!(matches!(requestability(&p), Requestability::Partners { approval: true, .. }), "{scope}");
        }
        for scope in [
            "allMemberUsers",
            "allDirectoryUsers",
            "specificDirectoryUsers",
            "notSpecified",
            "allDirectoryServicePrincipals",
        ] {
            let p = package(Some(true), vec![policy(scope, true, false)]);
            assert_eq!(requestability(&p), Requestability::InternalOnly, "{scope}");
        }
        let hidden_catalog = package(Some(false), vec![policy("allExternalUsers", true, false)]);
        assert_eq!(requestability(&hidden_catalog), Requestability::CatalogNotExternallyVisible);
        let no_catalog = package(None, vec![policy("allExternalUsers", true, false)]);
        assert_eq!(requestability(&no_catalog), Requestability::CatalogNotExternallyVisible);
        let admins = package(Some(true), vec![policy("allExternalUsers", false, false)]);
        assert_eq!(requestability(&admins), Requestability::AssignedByAdministrators);
        assert_eq!(requestability(&package(Some(true), vec![])), Requestability::NoPolicy);
        // An internal policy beside an outside one: the outside one counts.
        let mixed =
            package(Some(true), vec![policy("allMemberUsers", true, false), policy("allExternalUsers", true, true)]);
        assert_eq!(requestability(&mixed), yes(true));
        // A policy that assigns automatically is not requested by anyone.
        let mut auto = policy("allExternalUsers", true, false);
        auto.automatic_request_settings = Some(serde::de::IgnoredAny);
        assert_eq!(requestability(&package(Some(true), vec![auto])), Requestability::InternalOnly);
    }

    #[test]
    fn audiences_name_connected_organisations() {
        let mut p = policy("specificConnectedOrganizationUsers", true, true);
        p.specific_allowed_targets = vec![SubjectSet { description: Some("Fabrikam".into()), ..SubjectSet::default() }];
        assert_eq!(audience(&p), PolicyAudience::ConnectedOrganizations(vec!["Fabrikam".into()]));
        assert_eq!(audience(&policy("somethingNew", true, false)), PolicyAudience::Other("somethingNew".into()));
        // Named from the connected organisation when it is known, its description otherwise.
        p.specific_allowed_targets = vec![
            SubjectSet { connected_organization_id: Some("o1".into()), description: None, ..SubjectSet::default() },
            SubjectSet {
                connected_organization_id: Some("o2".into()),
                description: Some("Litware".into()),
                ..SubjectSet::default()
            },
        ];
        let orgs = [ConnectedOrganization { id: "o1".into(), display_name: Some("Fabrikam Ltd".into()) }];
        assert_eq!(
            audience_named(&p, &orgs),
            PolicyAudience::ConnectedOrganizations(vec!["Fabrikam Ltd".into(), "Litware".into()])
        );
    }

    #[test]
    fn my_access_links_per_cloud_and_only_for_clean_parts() {
        assert_eq!(
            my_access_url("login.microsoftonline.com", "contoso.onmicrosoft.com", ID).as_deref(),
            Some("https://myaccess.microsoft.com/@contoso.onmicrosoft.com#/access-packages/d0000004-0000-4000-8000-000000000001")
        );
        assert!(my_access_url("login.microsoftonline.us", "contoso.onmicrosoft.us", ID)
            .is_some_and(|u| u.starts_with("https://myaccess.microsoft.us/@contoso.onmicrosoft.us#")));
        assert_eq!(my_access_url("login.partner.microsoftonline.cn", "contoso.partner.onmschina.cn", ID), None);
        assert_eq!(
            my_access_home("login.microsoftonline.com", "contoso.onmicrosoft.com").as_deref(),
            Some("https://myaccess.microsoft.com/@contoso.onmicrosoft.com")
        );
        assert_eq!(my_access_home("login.microsoftonline.com", "evil.example/x"), None);
        for hint in ["", "evil.example/x", "a@b", "contoso..com", "x#y"] {
            assert_eq!(my_access_url("login.microsoftonline.com", hint, ID), None, "{hint}");
        }
        for id in ["", "d0000004", "../x", "d0000004-0000-4000-8000-00000000000g"] {
            assert_eq!(my_access_url("login.microsoftonline.com", "contoso.com", id), None, "{id}");
        }
    }
}

/// What an approval's stages mean for the signed-in approver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageForMe {
    /// A stage waits for this approver's decision.
    Open { stage_id: String },
    /// Decided already (by another approver, or earlier): the result and who, when Graph says.
    Decided { result: Option<String>, by: Option<String> },
    /// Nothing here is assigned to this approver.
    NotMine,
}

pub fn stage_for_me(stages: &[crate::graph::access_packages::ApprovalStage]) -> StageForMe {
    let done = |s: &&crate::graph::access_packages::ApprovalStage| {
        s.status.as_deref().is_some_and(|x| x.eq_ignore_ascii_case("Completed"))
    };
    if let Some(open) = stages.iter().find(|s| s.assigned_to_me == Some(true) && !done(s)) {
        return StageForMe::Open { stage_id: open.id.clone() };
    }
    match stages.iter().rev().find(done) {
        Some(s) => StageForMe::Decided {
            result: s.review_result.clone(),
            by: s.reviewed_by.as_ref().and_then(|r| r.display_name.clone()),
        },
        None => StageForMe::NotMine,
    }
}

#[cfg(test)]
mod approval_tests {
    use super::*;
    use crate::graph::access_packages::{ApprovalStage, Reviewer};

    #[test]
    fn the_open_stage_is_mine_and_a_completed_one_says_who_decided() {
        let open = ApprovalStage {
            id: "s1".into(),
            assigned_to_me: Some(true),
            status: Some("InProgress".into()),
            ..Default::default()
        };
        assert_eq!(stage_for_me(std::slice::from_ref(&open)), StageForMe::Open { stage_id: "s1".into() });
        let done = ApprovalStage {
            status: Some("Completed".into()),
            review_result: Some("Denied".into()),
            reviewed_by: Some(Reviewer { display_name: Some("Ian Inviter".into()) }),
            ..open.clone()
        };
        assert_eq!(
            stage_for_me(&[done]),
            StageForMe::Decided { result: Some("Denied".into()), by: Some("Ian Inviter".into()) }
        );
        let others = ApprovalStage { assigned_to_me: Some(false), ..open };
        assert_eq!(stage_for_me(&[others]), StageForMe::NotMine);
    }
}
