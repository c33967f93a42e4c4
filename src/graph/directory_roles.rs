//! The signed-in admin's directory roles (`/me/memberOf/microsoft.graph.directoryRole`), and what they allow
//! (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference).

use super::client::{Consistency, GraphClient};
use super::error::GraphError;
use super::page::Page;
use serde::Deserialize;

/// Roles that may invite guests when the tenant limits invitations to admins and Guest Inviters.
pub const INVITE_ROLES: &[&str] = &["Global Administrator", "User Administrator", "Guest Inviter"];
/// Roles that may convert internal users and invite Members.
pub const ADMIN_ROLES: &[&str] = &["Global Administrator", "User Administrator"];
/// Roles that may reset a guest's redemption; Helpdesk Administrator is the least privileged
/// (https://learn.microsoft.com/entra/external-id/reset-redemption-status).
pub const RESET_ROLES: &[&str] = &["Global Administrator", "User Administrator", "Helpdesk Administrator"];

/// Directory roles that may build catalogs and packages in entitlement management
/// (https://learn.microsoft.com/entra/id-governance/entitlement-management-delegate). Entitlement management's
/// own roles (Catalog creator, Catalog owner) are not directory roles, so the app cannot see them.
pub const GOVERNANCE_ROLES: &[&str] = &["Global Administrator", "Identity Governance Administrator"];

#[derive(Deserialize)]
struct Role {
    #[serde(default, rename = "displayName")]
    display_name: Option<String>,
}

/// What the admin may do, from their role names.
#[derive(Debug, Clone, PartialEq)]
pub struct Capabilities {
    pub roles: Vec<String>,
}

impl Capabilities {
    pub fn can_invite(&self) -> bool {
        self.roles.iter().any(|r| INVITE_ROLES.contains(&r.as_str()))
    }

    pub fn can_convert(&self) -> bool {
        self.roles.iter().any(|r| ADMIN_ROLES.contains(&r.as_str()))
    }

    pub fn can_reset_redemption(&self) -> bool {
        self.roles.iter().any(|r| RESET_ROLES.contains(&r.as_str()))
    }

    pub fn can_govern(&self) -> bool {
        self.roles.iter().any(|r| GOVERNANCE_ROLES.contains(&r.as_str()))
    }
}

impl From<Page<Role>> for Capabilities {
    fn from(page: Page<Role>) -> Self {
        Capabilities { roles: page.value.into_iter().filter_map(|r| r.display_name).collect() }
    }
}

pub async fn my_capabilities(graph: &GraphClient) -> Result<Capabilities, GraphError> {
    let page: Page<Role> =
        graph.get("/me/memberOf/microsoft.graph.directoryRole?$select=displayName", Consistency::Default).await?;
    Ok(page.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(json: &str) -> Capabilities {
        serde_json::from_str::<Page<Role>>(json).unwrap().into()
    }

    #[test]
    fn capabilities_follow_roles() {
        let none = caps(r#"{"value": []}"#);
        assert!(!none.can_invite() && !none.can_convert());
        let inviter =
            caps(r##"{"value": [{"@odata.type":"#microsoft.graph.directoryRole","displayName": "Guest Inviter"}]}"##);
        assert!(inviter.can_invite() && !inviter.can_convert() && !inviter.can_reset_redemption());
        let helpdesk = caps(r#"{"value": [{"displayName": "Helpdesk Administrator"}]}"#);
        assert!(helpdesk.can_reset_redemption() && !helpdesk.can_invite());
        let admin = caps(r#"{"value": [{"displayName": "Global Administrator"}]}"#);
        assert!(admin.can_invite() && admin.can_convert() && admin.can_govern());
        assert!(!inviter.can_govern());
    }
}
