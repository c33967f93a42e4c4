//! The tenant's invitation policy, read once per signed-in account and kept for the session: the home view
//! shows it and every invite path checks a partner's domain against it before the first invitation.

use crate::graph::client::GraphClient;
use crate::graph::error::GraphError;
use crate::graph::policies::{
    authorization_policy, cross_tenant_default, cross_tenant_partners, tenant_of_domain, AuthorizationPolicy,
    CrossTenantDefault, CrossTenantPartner, TenantInformation,
};
use crate::rules::invite_policy::{inbound_for, DomainCheck};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Cross-tenant access for B2B collaboration: the default and the partner entries.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossTenant {
    pub default: CrossTenantDefault,
    pub partners: Vec<CrossTenantPartner>,
}

/// What was read; each part may fail on its own (the cross-tenant part also needs a reading role).
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyFacts {
    pub authorization: Result<AuthorizationPolicy, GraphError>,
    pub cross_tenant: Result<CrossTenant, GraphError>,
}

async fn read(graph: &GraphClient) -> PolicyFacts {
    let cross = async {
        let (default, partners) = futures::join!(cross_tenant_default(graph), cross_tenant_partners(graph));
        Ok(CrossTenant { default: default?, partners: partners? })
    };
    let (authorization, cross_tenant) = futures::join!(authorization_policy(graph), cross);
    PolicyFacts { authorization, cross_tenant }
}

/// The policy by account, and each domain's tenant, as read in this session.
#[derive(Default)]
struct Kept {
    policies: HashMap<String, Rc<PolicyFacts>>,
    tenants: HashMap<String, Option<TenantInformation>>,
}

thread_local! {
    static KEPT: RefCell<Kept> = RefCell::new(Kept::default());
}

/// The policy as this account saw it first in this session (read now when it is the first time).
pub async fn policy_once(graph: &GraphClient, account: &str) -> Rc<PolicyFacts> {
    if let Some(kept) = KEPT.with(|k| k.borrow().policies.get(account).cloned()) {
        return kept;
    }
    let facts = Rc::new(read(graph).await);
    // A failure that may pass (throttling, a lost connection) is not kept: the next view reads again.
    let lasting = |r: &Result<(), &GraphError>| match r {
        Ok(()) => true,
        Err(GraphError::Http { status, .. }) => *status == 403 || *status == 404,
        Err(_) => false,
    };
    let keep = lasting(&facts.authorization.as_ref().map(|_| ())) && lasting(&facts.cross_tenant.as_ref().map(|_| ()));
    if keep {
        KEPT.with(|k| k.borrow_mut().policies.insert(account.to_string(), facts.clone()));
    }
    facts
}

/// Looks up the organisation behind `domain` (once per session) and reads the policy for it; `None` when the
/// domain belongs to no known tenant or something could not be read (no warning is better than a wrong one).
pub async fn check_domain(graph: &GraphClient, account: &str, domain: &str) -> Option<DomainCheck> {
    let facts = policy_once(graph, account).await;
    let cross = facts.cross_tenant.as_ref().ok()?;
    let key = domain.to_ascii_lowercase();
    let tenant = match KEPT.with(|k| k.borrow().tenants.get(&key).cloned()) {
        Some(known) => known,
        None => {
            let found = tenant_of_domain(graph, &key).await.ok()?;
            KEPT.with(|k| k.borrow_mut().tenants.insert(key, found.clone()));
            found
        }
    }?;
    Some(DomainCheck {
        inbound: inbound_for(&tenant.tenant_id, &cross.default, &cross.partners),
        organisation: tenant.display_name.or(tenant.default_domain_name).unwrap_or(tenant.tenant_id),
    })
}
