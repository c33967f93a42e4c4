//! What the tenant's invitation policy means for this admin and for a partner's domain: who may invite (and
//! whether that includes the signed-in admin), what guests may see, and whether cross-tenant access lets B2B
//! collaboration in from an organisation (its partner entry decides, else the default).

use crate::graph::directory_roles::Capabilities;
use crate::graph::policies::{AccessType, AllowInvitesFrom, B2bSetting, CrossTenantDefault, CrossTenantPartner};

/// Roles that may invite when the tenant allows only admins and Guest Inviters
/// (https://learn.microsoft.com/entra/external-id/external-collaboration-settings-configure).
const INVITING_ADMIN_ROLES: &[&str] = &["Global Administrator", "User Administrator", "Guest Inviter"];

/// The guest role templates `guestUserRoleId` names (https://learn.microsoft.com/graph/api/resources/authorizationpolicy).
pub const SAME_AS_MEMBERS_ROLE: &str = "a0b1b346-4d3e-4e8b-98f8-753987be4970";
pub const GUEST_USER_ROLE: &str = "10dae51f-b6af-4016-8d66-8c2a99b929b3";
pub const RESTRICTED_GUEST_ROLE: &str = "2af84b1e-32c8-42b7-82bc-daa82404023b";

/// Who may invite, and what that means for the signed-in admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteStanding {
    NoOne,
    /// Only admins and Guest Inviters; `you` says whether the admin's roles are among them.
    AdminsAndGuestInviters {
        you: Standing,
    },
    /// Members too (not guests).
    Members,
    Everyone,
    Unknown,
}

/// Whether the signed-in admin is among those who may invite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    GuestInviter,
    Admin,
    Neither,
}

pub fn invite_standing(allow: Option<AllowInvitesFrom>, caps: &Capabilities) -> InviteStanding {
    let has = |role: &str| caps.roles.iter().any(|r| r == role);
    match allow {
        Some(AllowInvitesFrom::None) => InviteStanding::NoOne,
        Some(AllowInvitesFrom::AdminsAndGuestInviters) => InviteStanding::AdminsAndGuestInviters {
            you: if has("Global Administrator") || has("User Administrator") {
                Standing::Admin
            } else if caps.roles.iter().any(|r| INVITING_ADMIN_ROLES.contains(&r.as_str())) {
                Standing::GuestInviter
            } else {
                Standing::Neither
            },
        },
        Some(AllowInvitesFrom::AdminsGuestInvitersAndAllMembers) => InviteStanding::Members,
        Some(AllowInvitesFrom::Everyone) => InviteStanding::Everyone,
        Some(AllowInvitesFrom::Unknown) | None => InviteStanding::Unknown,
    }
}

/// What guests may see in the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuestAccess {
    SameAsMembers,
    Limited,
    Restricted,
    Unknown,
}

pub fn guest_access(role_id: Option<&str>) -> GuestAccess {
    match role_id.map(str::to_ascii_lowercase).as_deref() {
        Some(SAME_AS_MEMBERS_ROLE) => GuestAccess::SameAsMembers,
        Some(GUEST_USER_ROLE) => GuestAccess::Limited,
        Some(RESTRICTED_GUEST_ROLE) => GuestAccess::Restricted,
        _ => GuestAccess::Unknown,
    }
}

/// Whether a B2B collaboration setting lets users in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inbound {
    Allowed,
    Blocked,
    /// Allowed or blocked for some users or groups only.
    Partly,
    Unknown,
}

/// A setting's users-and-groups part as one word: all users allowed, all blocked, or some.
fn inbound_of(setting: &B2bSetting) -> Inbound {
    let Some(users) = &setting.users_and_groups else { return Inbound::Unknown };
    let everyone = users.targets.iter().any(|t| t.target.eq_ignore_ascii_case("AllUsers"));
    match (users.access_type, everyone) {
        (Some(AccessType::Allowed), true) => Inbound::Allowed,
        (Some(AccessType::Blocked), true) => Inbound::Blocked,
        (Some(AccessType::Allowed | AccessType::Blocked), false) => Inbound::Partly,
        _ => Inbound::Unknown,
    }
}

/// Inbound B2B collaboration for every organisation without a partner entry, and the partners that differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundSummary {
    pub default: Inbound,
    /// Partners whose own inbound setting differs from the default.
    pub exceptions: usize,
}

pub fn inbound_summary(default: &CrossTenantDefault, partners: &[CrossTenantPartner]) -> InboundSummary {
    let base = default.b2b_collaboration_inbound.as_ref().map(inbound_of).unwrap_or(Inbound::Unknown);
    let exceptions = partners
        .iter()
        .filter_map(|p| p.b2b_collaboration_inbound.as_ref().map(inbound_of))
        .filter(|own| *own != base)
        .count();
    InboundSummary { default: base, exceptions }
}

/// What the cross-tenant settings say of inviting someone from a domain, and the organisation's name.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainCheck {
    pub inbound: Inbound,
    pub organisation: String,
}

/// Whether an organisation's users may come in as guests: its partner entry decides, else the default.
pub fn inbound_for(tenant_id: &str, default: &CrossTenantDefault, partners: &[CrossTenantPartner]) -> Inbound {
    let own = partners
        .iter()
        .find(|p| p.tenant_id.eq_ignore_ascii_case(tenant_id))
        .and_then(|p| p.b2b_collaboration_inbound.as_ref());
    own.or(default.b2b_collaboration_inbound.as_ref()).map(inbound_of).unwrap_or(Inbound::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::policies::{Target, TargetConfiguration};

    fn caps(roles: &[&str]) -> Capabilities {
        Capabilities { roles: roles.iter().map(|r| r.to_string()).collect() }
    }

    fn setting(access: AccessType, target: &str) -> B2bSetting {
        B2bSetting {
            users_and_groups: Some(TargetConfiguration {
                access_type: Some(access),
                targets: vec![Target { target: target.into(), target_type: Some("user".into()) }],
            }),
            applications: None,
        }
    }

    fn partner(id: &str, s: Option<B2bSetting>) -> CrossTenantPartner {
        CrossTenantPartner { tenant_id: id.into(), b2b_collaboration_inbound: s }
    }

    #[test]
    fn who_may_invite_is_read_with_the_admins_roles() {
        let only_admins = Some(AllowInvitesFrom::AdminsAndGuestInviters);
        assert_eq!(
            invite_standing(only_admins, &caps(&["Guest Inviter"])),
            InviteStanding::AdminsAndGuestInviters { you: Standing::GuestInviter }
        );
        assert_eq!(
            invite_standing(only_admins, &caps(&["Global Administrator"])),
            InviteStanding::AdminsAndGuestInviters { you: Standing::Admin }
        );
        assert_eq!(
            invite_standing(only_admins, &caps(&["Helpdesk Administrator"])),
            InviteStanding::AdminsAndGuestInviters { you: Standing::Neither }
        );
        assert_eq!(
            invite_standing(Some(AllowInvitesFrom::None), &caps(&["Global Administrator"])),
            InviteStanding::NoOne
        );
        assert_eq!(invite_standing(Some(AllowInvitesFrom::Everyone), &caps(&[])), InviteStanding::Everyone);
        assert_eq!(invite_standing(None, &caps(&[])), InviteStanding::Unknown);
    }

    #[test]
    fn guest_access_comes_from_the_role_template() {
        assert_eq!(guest_access(Some("2AF84B1E-32C8-42B7-82BC-DAA82404023B")), GuestAccess::Restricted);
        assert_eq!(guest_access(Some(GUEST_USER_ROLE)), GuestAccess::Limited);
        assert_eq!(guest_access(Some(SAME_AS_MEMBERS_ROLE)), GuestAccess::SameAsMembers);
        assert_eq!(guest_access(None), GuestAccess::Unknown);
    }

    #[test]
    fn inbound_is_the_partner_entry_else_the_default() {
        let default = CrossTenantDefault { b2b_collaboration_inbound: Some(setting(AccessType::Blocked, "AllUsers")) };
        let partners = vec![
            partner("a", Some(setting(AccessType::Allowed, "AllUsers"))),
            partner("b", Some(setting(AccessType::Allowed, "AllUsers"))),
            partner("c", Some(setting(AccessType::Allowed, "6a1f0c52-group"))),
            partner("d", None),
            partner("e", Some(setting(AccessType::Blocked, "AllUsers"))),
        ];
        assert_eq!(inbound_summary(&default, &partners), InboundSummary { default: Inbound::Blocked, exceptions: 3 });
        assert_eq!(inbound_for("A", &default, &partners), Inbound::Allowed);
        assert_eq!(inbound_for("c", &default, &partners), Inbound::Partly);
        assert_eq!(inbound_for("d", &default, &partners), Inbound::Blocked, "no own setting: the default");
        assert_eq!(inbound_for("unknown", &default, &partners), Inbound::Blocked);
        let open = CrossTenantDefault { b2b_collaboration_inbound: Some(setting(AccessType::Allowed, "AllUsers")) };
        assert_eq!(inbound_summary(&open, &partners[4..]), InboundSummary { default: Inbound::Allowed, exceptions: 1 });
        assert_eq!(inbound_for("e", &open, &partners), Inbound::Blocked);
    }
}
