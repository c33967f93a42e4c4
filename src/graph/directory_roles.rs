//! The signed-in admin's directory roles (`/me/memberOf/microsoft.graph.directoryRole`), and what they allow.

use super::client::GraphClient;
use super::error::GraphError;
use serde_json::Value;

/// Roles that may invite guests when the tenant limits invitations to admins and Guest Inviters.
pub const INVITE_ROLES: &[&str] = &["Global Administrator", "User Administrator", "Guest Inviter"];
/// Roles that may convert internal users and invite Members.
pub const ADMIN_ROLES: &[&str] = &["Global Administrator", "User Administrator"];

/// What the admin may do, from their role names.
#[derive(Debug, Clone, PartialEq)]
pub struct Capabilities {
    pub roles: Vec<String>,
}

impl Capabilities {
    pub fn from_member_of(v: &Value) -> Capabilities {
        let roles = v["value"]
            .as_array()
            .map(|a| a.iter().filter_map(|r| r["displayName"].as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        Capabilities { roles }
    }

    pub fn can_invite(&self) -> bool {
        self.roles.iter().any(|r| INVITE_ROLES.contains(&r.as_str()))
    }

    pub fn can_convert(&self) -> bool {
        self.roles.iter().any(|r| ADMIN_ROLES.contains(&r.as_str()))
    }

    /// One sentence per capability, for the home view.
    pub fn summary(&self) -> Vec<String> {
        let mut out = Vec::new();
        out.push(if self.roles.is_empty() {
            "You hold no directory role.".to_string()
        } else {
            format!("Your directory roles: {}.", self.roles.join(", "))
        });
        if self.can_invite() {
            out.push("You can invite guests and hand over their redeem links.".into());
        } else {
            out.push("You may not be able to invite guests: unless your tenant lets every member invite, inviting needs the Guest Inviter, User Administrator or Global Administrator role. Ask an administrator for the Guest Inviter role.".into());
        }
        if self.can_convert() {
            out.push("You can convert internal users to B2B collaboration and invite Members.".into());
        } else {
            out.push(
                "Converting internal users and inviting Members needs User Administrator or Global Administrator."
                    .into(),
            );
        }
        out
    }
}

pub async fn my_capabilities(graph: &GraphClient) -> Result<Capabilities, GraphError> {
    graph
        .get("/me/memberOf/microsoft.graph.directoryRole?$select=displayName", false)
        .await
        .map(|v| Capabilities::from_member_of(&v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn capabilities_follow_roles() {
        let none = Capabilities::from_member_of(&json!({"value": []}));
        assert!(!none.can_invite() && !none.can_convert());
        assert!(none.summary()[1].contains("Guest Inviter"));
        let inviter = Capabilities::from_member_of(&json!({"value": [{"displayName": "Guest Inviter"}]}));
        assert!(inviter.can_invite() && !inviter.can_convert());
        let admin = Capabilities::from_member_of(&json!({"value": [{"displayName": "Global Administrator"}]}));
        assert!(admin.can_invite() && admin.can_convert());
    }
}
