//! The five steps of "Set up partner self-service", one at a time. Each first reads what exists (a catalog or
//! package of the name, a group already in the catalog, a role already granted, a policy of the name), so a
//! step run again after a failure, a lost answer or a reload makes nothing twice.

use crate::graph::client::GraphClient;
use crate::graph::entitlement_setup::{self as setup, IdRef, NewCatalog, NewPackage};
use crate::graph::error::GraphError;
use crate::rules::self_service::{policy, SelfServicePlan, SetupFailure, SetupStep, StepState};

/// What the steps found or made so far, which later steps build on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SetupIds {
    pub catalog: Option<String>,
    pub package: Option<String>,
}

/// The names the steps give what they make, in the admin's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Names {
    pub catalog_description: String,
    pub policy: String,
}

fn failed(e: GraphError) -> StepState {
    StepState::Failed(SetupFailure::Graph(e))
}

/// Runs one step to its end.
pub async fn run_step(
    graph: &GraphClient,
    plan: &SelfServicePlan,
    names: &Names,
    step: SetupStep,
    ids: &mut SetupIds,
) -> StepState {
    let result = match step {
        SetupStep::Catalog => catalog(graph, plan, names, ids).await,
        SetupStep::Groups => groups(graph, plan, ids).await,
        SetupStep::Package => package(graph, plan, ids).await,
        SetupStep::Roles => roles(graph, plan, ids).await,
        SetupStep::Policy => assignment_policy(graph, plan, names, ids).await,
    };
    result.unwrap_or_else(failed)
}

async fn catalog(
    graph: &GraphClient,
    plan: &SelfServicePlan,
    names: &Names,
    ids: &mut SetupIds,
) -> Result<StepState, GraphError> {
    if ids.catalog.is_some() {
        return Ok(StepState::Found);
    }
    let name = plan.catalog_name.trim();
    let existing = setup::catalogs_named(graph, name).await?;
    if let Some(c) = existing.iter().find(|c| c.is_externally_visible == Some(true)) {
        ids.catalog = Some(c.id.clone());
        return Ok(StepState::Found);
    }
    if !existing.is_empty() {
        return Ok(StepState::Failed(SetupFailure::CatalogNotExternal));
    }
    let made = setup::create_catalog(
        graph,
        &NewCatalog {
            display_name: name.to_string(),
            description: names.catalog_description.clone(),
            state: "published",
            is_externally_visible: true,
        },
    )
    .await?;
    ids.catalog = Some(made.id);
    Ok(StepState::Created)
}

async fn groups(graph: &GraphClient, plan: &SelfServicePlan, ids: &SetupIds) -> Result<StepState, GraphError> {
    let catalog = ids.catalog.clone().unwrap_or_default();
    let mut added = false;
    for g in &plan.groups {
        if setup::catalog_resource(graph, &catalog, &g.id).await?.is_none() {
            setup::add_group(graph, &catalog, &g.id).await?;
            added = true;
        }
    }
    Ok(if added { StepState::Created } else { StepState::Found })
}

async fn package(graph: &GraphClient, plan: &SelfServicePlan, ids: &mut SetupIds) -> Result<StepState, GraphError> {
    if ids.package.is_some() {
        return Ok(StepState::Found);
    }
    let catalog = ids.catalog.clone().unwrap_or_default();
    let name = plan.package_name.trim();
    let existing = setup::packages_named(graph, name).await?;
    if let Some(p) = existing.iter().find(|p| p.catalog.as_ref().is_some_and(|c| c.id == catalog)) {
        ids.package = Some(p.id.clone());
        return Ok(StepState::Found);
    }
    let made = setup::create_package(
        graph,
        &NewPackage {
            display_name: name.to_string(),
            description: plan.description.trim().to_string(),
            is_hidden: false,
            catalog: IdRef { id: catalog },
        },
    )
    .await?;
    ids.package = Some(made.id);
    Ok(StepState::Created)
}

/// The group's Member role, prefixed `Member_` in its origin id
/// (https://learn.microsoft.com/graph/api/accesspackage-post-resourcerolescopes).
fn is_member_role(origin_id: &str, group_id: &str) -> bool {
    origin_id.strip_prefix("Member_").is_some_and(|g| g.eq_ignore_ascii_case(group_id))
}

async fn roles(graph: &GraphClient, plan: &SelfServicePlan, ids: &SetupIds) -> Result<StepState, GraphError> {
    let (catalog, package) = (ids.catalog.clone().unwrap_or_default(), ids.package.clone().unwrap_or_default());
    let (granted, _) = setup::package_parts(graph, &package).await?;
    let mut added = false;
    for g in &plan.groups {
        if granted.iter().any(|rs| rs.role.as_ref().is_some_and(|r| is_member_role(&r.origin_id, &g.id))) {
            continue;
        }
        let resource = setup::catalog_resource(graph, &catalog, &g.id).await?;
        let parts = resource.as_ref().and_then(|res| {
            let role = res.roles.iter().find(|r| is_member_role(&r.origin_id, &g.id))?;
            let scope = res.scopes.iter().find(|s| s.is_root_scope != Some(false))?;
            Some((res, role, scope))
        });
        let Some((res, role, scope)) = parts else {
            return Ok(StepState::Failed(SetupFailure::NoMemberRole { group: g.name.clone() }));
        };
        setup::add_role_scope(graph, &package, res, role, scope).await?;
        added = true;
    }
    Ok(if added { StepState::Created } else { StepState::Found })
}

async fn assignment_policy(
    graph: &GraphClient,
    plan: &SelfServicePlan,
    names: &Names,
    ids: &SetupIds,
) -> Result<StepState, GraphError> {
    let package = ids.package.clone().unwrap_or_default();
    let (_, policies) = setup::package_parts(graph, &package).await?;
    if policies.iter().any(|p| p.display_name.as_deref() == Some(names.policy.as_str())) {
        return Ok(StepState::Found);
    }
    setup::create_policy(graph, &policy(plan, &package, &names.policy)).await?;
    Ok(StepState::Created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_member_role_is_named_after_its_group() {
        assert!(is_member_role("Member_6a1f", "6A1F"));
        assert!(!is_member_role("Owner_6a1f", "6a1f"));
        assert!(!is_member_role("Member_6a1f0", "6a1f"));
    }
}
