//! Whether the signed-in token carries a delegated permission, read from the scopes Microsoft granted with it:
//! the guests page's deletion and the invite form's groups and profile ask it.

/// What the granted scopes say of one permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    Granted,
    /// The app registration and `scopes` in config.json need it, with admin consent.
    Missing,
    /// No token yet, so it is not known.
    Unknown,
}

pub fn permission(granted: &[String], scope: &str) -> Permission {
    if granted.is_empty() {
        return Permission::Unknown;
    }
    // Granted scopes come fully qualified (`https://graph.microsoft.com/User.ReadWrite.All`) or short.
    match granted.iter().any(|s| s.rsplit('/').next().is_some_and(|n| n.eq_ignore_ascii_case(scope))) {
        true => Permission::Granted,
        false => Permission::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_permission_is_read_from_the_granted_scopes() {
        assert_eq!(permission(&[], "GroupMember.ReadWrite.All"), Permission::Unknown);
        let granted = vec!["https://graph.microsoft.com/GroupMember.ReadWrite.All".to_string(), "openid".into()];
        assert_eq!(permission(&granted, "GroupMember.ReadWrite.All"), Permission::Granted);
        assert_eq!(permission(&granted, "User.ReadWrite.All"), Permission::Missing);
        assert_eq!(permission(&["groupmember.readwrite.all".into()], "GroupMember.ReadWrite.All"), Permission::Granted);
    }
}
