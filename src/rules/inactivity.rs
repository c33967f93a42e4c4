//! Which guests are inactive, by one stated rule: no interactive and no non-interactive sign-in in the last
//! N days (90 by default). A guest who accepted but never signed in counts from the day they were invited; an
//! invitation nobody accepted is its own case, never "inactive". Reading only the interactive sign-in would
//! call a guest who works through a Teams client inactive.

use super::guest_rules::parse_time;
use super::permission::Permission;
use crate::graph::guests::{Guest, SignInActivity, SignIns};
use crate::graph::values::ExternalUserState;

/// The delegated permission that reads `signInActivity` (with `User.Read.All`, which the app already has).
pub const SIGN_IN_PERMISSION: &str = "AuditLog.Read.All";

const DAY_MS: f64 = 86_400_000.0;

/// The default: no sign-in for more than this many days.
pub const DEFAULT_INACTIVE_DAYS: u32 = 90;

/// What the rule says of one guest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Activity {
    /// Signed in, interactively or not, within the window; `days` since the latest sign-in.
    Active { days: u32 },
    /// The latest sign-in is older than the window.
    Inactive { days: u32 },
    /// Accepted, and no sign-in on record: `days` since the guest was invited, inactive once past the window.
    NeverSignedIn { days: u32, inactive: bool },
    /// The invitation was never accepted (listed as such, whatever its age).
    NeverAccepted,
    /// No sign-in data (not loaded, or the tenant has no licence for it): the rule cannot say.
    Unknown,
}

impl Activity {
    pub fn is_inactive(self) -> bool {
        matches!(self, Activity::Inactive { .. } | Activity::NeverSignedIn { inactive: true, .. })
    }
}

/// The latest sign-in of any kind: interactive (`lastSignInDateTime`, failed attempts too: someone tried to use
/// the account), non-interactive, or the latest successful one (either kind, recorded since 2023-12-01).
pub fn last_sign_in_ms(a: &SignInActivity) -> Option<f64> {
    [&a.last_sign_in_date_time, &a.last_non_interactive_sign_in_date_time, &a.last_successful_sign_in_date_time]
        .into_iter()
        .filter_map(|t| parse_time(t.as_deref()?))
        .reduce(f64::max)
}

fn whole_days(now_ms: f64, then_ms: f64) -> u32 {
    ((now_ms - then_ms).max(0.0) / DAY_MS).floor() as u32
}

/// The rule for one guest; `activity` is `None` when the sign-ins were not loaded.
pub fn activity(g: &Guest, activity: Option<&SignInActivity>, now_ms: f64, window_days: u32) -> Activity {
    if g.external_user_state == Some(ExternalUserState::PendingAcceptance) {
        return Activity::NeverAccepted;
    }
    let Some(a) = activity else { return Activity::Unknown };
    match last_sign_in_ms(a) {
        Some(last) => match whole_days(now_ms, last) {
            days if days > window_days => Activity::Inactive { days },
            days => Activity::Active { days },
        },
        None => match g.created_date_time.as_deref().and_then(parse_time) {
            Some(invited) => {
                let days = whole_days(now_ms, invited);
                Activity::NeverSignedIn { days, inactive: days > window_days }
            }
            None => Activity::Unknown,
        },
    }
}

/// Whether a guest is in the "inactive for more than N days" list: inactive by the rule, or invited more than N
/// days ago and never accepted (shown as such, so a cleanup sees both).
pub fn listed_as_inactive(g: &Guest, now_ms: f64, window_days: u32) -> bool {
    match activity(g, g.sign_in_activity.as_ref(), now_ms, window_days) {
        Activity::NeverAccepted => g
            .created_date_time
            .as_deref()
            .and_then(parse_time)
            .is_some_and(|invited| whole_days(now_ms, invited) > window_days),
        a => a.is_inactive(),
    }
}

/// Whether the guests page shows the last sign-in, or why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInColumn {
    Shown,
    /// The sign-in lacks `AuditLog.Read.All`.
    NoPermission,
    /// The tenant answered that it has no Microsoft Entra ID P1 or P2.
    NoLicence,
    /// No token yet.
    NotKnownYet,
}

impl SignInColumn {
    pub fn of(permission: Permission, licence_refused: bool) -> SignInColumn {
        match (permission, licence_refused) {
            (_, true) => SignInColumn::NoLicence,
            (Permission::Granted, false) => SignInColumn::Shown,
            (Permission::Missing, false) => SignInColumn::NoPermission,
            (Permission::Unknown, false) => SignInColumn::NotKnownYet,
        }
    }

    /// What the list asks Graph for.
    pub fn query(self) -> SignIns {
        match self {
            SignInColumn::Shown => SignIns::Read,
            _ => SignIns::Leave,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::values::UserType;

    const NOW: &str = "2026-12-06T12:00:00Z";

    fn now() -> f64 {
        parse_time(NOW).unwrap()
    }

    fn guest(state: ExternalUserState, created: &str) -> Guest {
        Guest {
            id: "g".into(),
            display_name: None,
            mail: None,
            other_mails: vec![],
            user_principal_name: None,
            user_type: Some(UserType::Guest),
            external_user_state: Some(state),
            external_user_state_change_date_time: None,
            created_date_time: Some(created.into()),
            account_enabled: Some(true),
            sign_in_activity: None,
        }
    }

    fn signed_in(interactive: Option<&str>, non_interactive: Option<&str>) -> SignInActivity {
        SignInActivity {
            last_sign_in_date_time: interactive.map(str::to_string),
            last_non_interactive_sign_in_date_time: non_interactive.map(str::to_string),
            last_successful_sign_in_date_time: None,
        }
    }

    #[test]
    fn signed_in_yesterday_is_active() {
        let g = guest(ExternalUserState::Accepted, "2024-01-01T00:00:00Z");
        let a = signed_in(Some("2026-12-05T09:00:00Z"), None);
        assert_eq!(activity(&g, Some(&a), now(), 90), Activity::Active { days: 1 });
    }

    #[test]
    fn only_a_non_interactive_sign_in_is_still_activity() {
        let g = guest(ExternalUserState::Accepted, "2024-01-01T00:00:00Z");
        let a = signed_in(Some("2025-01-01T00:00:00Z"), Some("2026-11-30T08:00:00Z"));
        assert_eq!(activity(&g, Some(&a), now(), 90), Activity::Active { days: 6 });
        let old = signed_in(Some("2025-01-01T00:00:00Z"), Some("2025-06-01T00:00:00Z"));
        let inactive = activity(&g, Some(&old), now(), 90);
        assert!(matches!(inactive, Activity::Inactive { days } if days > 90), "{inactive:?}");
        assert!(inactive.is_inactive());
    }

    #[test]
    fn accepted_but_never_signed_in_counts_from_the_invitation() {
        let none = SignInActivity::default();
        let long_ago = guest(ExternalUserState::Accepted, "2026-08-01T00:00:00Z");
        assert_eq!(activity(&long_ago, Some(&none), now(), 90), Activity::NeverSignedIn { days: 127, inactive: true });
        let recent = guest(ExternalUserState::Accepted, "2026-11-20T00:00:00Z");
        let a = activity(&recent, Some(&none), now(), 90);
        assert_eq!(a, Activity::NeverSignedIn { days: 16, inactive: false });
        assert!(!a.is_inactive());
    }

    #[test]
    fn a_never_accepted_invitation_is_its_own_case_and_missing_data_says_nothing() {
        let pending = guest(ExternalUserState::PendingAcceptance, "2025-01-01T00:00:00Z");
        assert_eq!(activity(&pending, Some(&SignInActivity::default()), now(), 90), Activity::NeverAccepted);
        assert!(!Activity::NeverAccepted.is_inactive());
        let accepted = guest(ExternalUserState::Accepted, "2025-01-01T00:00:00Z");
        assert_eq!(activity(&accepted, None, now(), 90), Activity::Unknown, "no licence or not loaded");
    }

    #[test]
    fn the_window_edge_is_more_than_n_days() {
        let g = guest(ExternalUserState::Accepted, "2024-01-01T00:00:00Z");
        let exactly = signed_in(Some("2026-09-07T12:00:00Z"), None);
        assert_eq!(activity(&g, Some(&exactly), now(), 90), Activity::Active { days: 90 });
        let one_more = signed_in(Some("2026-09-06T11:59:59Z"), None);
        assert_eq!(activity(&g, Some(&one_more), now(), 90), Activity::Inactive { days: 91 });
    }

    #[test]
    fn the_signinactivity_json_reads_as_graph_writes_it() {
        let a: SignInActivity = serde_json::from_str(
            r#"{"lastSignInDateTime":"2026-01-01T00:00:00Z","lastSignInRequestId":"r","lastNonInteractiveSignInDateTime":null,"lastSuccessfulSignInDateTime":"2026-02-01T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(last_sign_in_ms(&a), parse_time("2026-02-01T00:00:00Z"));
    }

    #[test]
    fn the_inactive_list_holds_the_inactive_and_old_unaccepted_invitations() {
        let with = |g: Guest, a: SignInActivity| Guest { sign_in_activity: Some(a), ..g };
        let yesterday = with(
            guest(ExternalUserState::Accepted, "2024-01-01T00:00:00Z"),
            signed_in(Some("2026-12-05T09:00:00Z"), None),
        );
        let only_app = with(
            guest(ExternalUserState::Accepted, "2024-01-01T00:00:00Z"),
            signed_in(None, Some("2026-12-04T09:00:00Z")),
        );
        let silent = with(guest(ExternalUserState::Accepted, "2026-01-01T00:00:00Z"), SignInActivity::default());
        let stale = with(
            guest(ExternalUserState::Accepted, "2024-01-01T00:00:00Z"),
            signed_in(Some("2026-08-01T00:00:00Z"), None),
        );
        let old_pending = guest(ExternalUserState::PendingAcceptance, "2026-06-01T00:00:00Z");
        let new_pending = guest(ExternalUserState::PendingAcceptance, "2026-11-30T00:00:00Z");
        let listed: Vec<bool> = [&yesterday, &only_app, &silent, &stale, &old_pending, &new_pending]
            .iter()
            .map(|g| listed_as_inactive(g, now(), 90))
            .collect();
        assert_eq!(listed, vec![false, false, true, true, true, false]);
        let unloaded = guest(ExternalUserState::Accepted, "2020-01-01T00:00:00Z");
        assert!(!listed_as_inactive(&unloaded, now(), 90), "no sign-in data says nothing");
    }

    #[test]
    fn the_column_needs_the_permission_and_the_licence() {
        assert_eq!(SignInColumn::of(Permission::Granted, false), SignInColumn::Shown);
        assert_eq!(SignInColumn::of(Permission::Granted, true), SignInColumn::NoLicence);
        assert_eq!(SignInColumn::of(Permission::Missing, false), SignInColumn::NoPermission);
        assert_eq!(SignInColumn::of(Permission::Unknown, false).query(), SignIns::Leave);
        assert_eq!(SignInColumn::Shown.query(), SignIns::Read);
    }
}
