//! The guests of the tenant (`GET /users?$filter=userType eq 'Guest'`) and their removal (`DELETE /users/{id}`).
//!
//! What Graph can do with these properties (https://learn.microsoft.com/graph/api/resources/user and
//! https://learn.microsoft.com/graph/aad-advanced-queries):
//! - `userType` and `externalUserState` filter with `eq`; `createdDateTime` also with `ge`/`le`;
//!   `externalUserStateChangeDateTime` only with `eq`/`ne`/`not`/`in`, so ages are filtered on `createdDateTime`.
//! - Users sort by `displayName` or `userPrincipalName` only. `$filter` with `$orderby`, `$search` and `$count`
//!   need `ConsistencyLevel: eventual` and `$count=true`, so every list query here sends both.
//! - Other orders (invited on) are applied by the app to the pages it has loaded.

use super::batch::BatchItem;
use super::error::GraphError;
use super::users::{encode, search_clause, user_path};
use super::values::{ExternalUserState, UserType};
use serde::{Deserialize, Serialize};

/// A guest as the list shows it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Guest {
    pub id: String,
    pub display_name: Option<String>,
    pub mail: Option<String>,
    pub other_mails: Vec<String>,
    pub user_principal_name: Option<String>,
    pub user_type: Option<UserType>,
    pub external_user_state: Option<ExternalUserState>,
    pub external_user_state_change_date_time: Option<String>,
    pub created_date_time: Option<String>,
    /// `false` when sign-in is blocked.
    pub account_enabled: Option<bool>,
    /// Present only when the query selected it.
    pub sign_in_activity: Option<SignInActivity>,
}

/// A user's last sign-ins (https://learn.microsoft.com/graph/api/resources/signinactivity): returned only when
/// `$select`ed, with Microsoft Entra ID P1 or P2 and `AuditLog.Read.All`. A blank field means no sign-in since
/// April 2020; `lastSuccessfulSignInDateTime` starts on 2023-12-01 and is not backfilled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SignInActivity {
    pub last_sign_in_date_time: Option<String>,
    pub last_non_interactive_sign_in_date_time: Option<String>,
    pub last_successful_sign_in_date_time: Option<String>,
}

/// The `$select` that loads a [`Guest`].
pub const GUEST_SELECT: &str = "id,displayName,mail,otherMails,userPrincipalName,userType,externalUserState,externalUserStateChangeDateTime,createdDateTime,accountEnabled";

/// Whether a list asks for the last sign-ins: only with `AuditLog.Read.All`, and never again after the tenant
/// answered that it has no licence for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignIns {
    #[default]
    Leave,
    Read,
}

/// Which invitation states the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StateFilter {
    #[default]
    Pending,
    Accepted,
    All,
}

/// What the admin asked the list for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GuestQuery {
    pub state: StateFilter,
    /// Name or email prefix; empty for everyone.
    pub search: String,
    /// Only guests invited on or before this instant (`createdDateTime le …`), as Graph writes it.
    pub invited_before: Option<String>,
    pub sign_ins: SignIns,
}

/// Guests per page.
pub const PAGE_SIZE: u32 = 100;

/// Guests per page when every page is wanted: the most Graph gives with `signInActivity` selected
/// (https://learn.microsoft.com/graph/api/user-list, 500; 999 without it, kept at 500 for one rule).
pub const FULL_PAGE_SIZE: u32 = 500;

/// The error code of a tenant without Microsoft Entra ID P1 or P2 asked for `signInActivity`.
pub const NO_PREMIUM_LICENCE: &str = "Authentication_RequestFromNonPremiumTenantOrB2CTenant";

impl GuestQuery {
    pub fn filter(&self) -> String {
        let mut f = String::from("userType eq 'Guest'");
        match self.state {
            StateFilter::Pending => f.push_str(" and externalUserState eq 'PendingAcceptance'"),
            StateFilter::Accepted => f.push_str(" and externalUserState eq 'Accepted'"),
            StateFilter::All => {}
        }
        if let Some(t) = &self.invited_before {
            // A DateTimeOffset literal is written bare, without quotes.
            f.push_str(&format!(" and createdDateTime le {t}"));
        }
        f
    }

    /// The first page's path: filter, optional search, sorted by name, with the count.
    pub fn path(&self) -> String {
        self.path_with_top(PAGE_SIZE)
    }

    /// [`GuestQuery::path`] with pages of `top` guests.
    pub fn path_with_top(&self, top: u32) -> String {
        let sign_ins = match self.sign_ins {
            SignIns::Leave => "",
            SignIns::Read => ",signInActivity",
        };
        let search = match self.search.trim() {
            "" => String::new(),
            text => format!("$search={}&", encode(&search_clause(text))),
        };
        format!(
            "/users?{search}$filter={}&$select={GUEST_SELECT}{sign_ins}&$orderby=displayName&$count=true&$top={top}",
            encode(&self.filter())
        )
    }
}

/// One sponsor of a guest: a user or a group (https://learn.microsoft.com/graph/api/user-list-sponsors).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Sponsor {
    pub id: String,
    pub display_name: Option<String>,
}

/// The read of one guest's sponsors. The guest list cannot `$expand` them: its queries are advanced ones
/// (`$count`, `ConsistencyLevel: eventual`), which do not take `$expand`
/// (https://learn.microsoft.com/graph/aad-advanced-queries), so they are read in `$batch`.
pub fn sponsors_item(id: &str) -> BatchItem {
    BatchItem::get(&format!("{}/sponsors?$select=id,displayName", user_path(id)))
}

/// The path that adds a sponsor (https://learn.microsoft.com/graph/api/user-post-sponsors).
pub fn sponsors_ref_path(id: &str) -> String {
    format!("{}/sponsors/$ref", user_path(id))
}

/// Whether a user may sign in (`accountEnabled`, https://learn.microsoft.com/graph/api/user-update).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInAccess {
    Allowed,
    Blocked,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AccountEnabled {
    account_enabled: bool,
}

/// The `PATCH` that blocks or allows a user's sign-in: it sets a value, so sending it twice is harmless.
pub fn sign_in_access_item(id: &str, access: SignInAccess) -> Result<BatchItem, GraphError> {
    BatchItem::patch(&user_path(id), &AccountEnabled { account_enabled: access == SignInAccess::Allowed })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_guests_sorted_by_name_with_the_advanced_parameters() {
        let q = GuestQuery::default();
        assert_eq!(q.filter(), "userType eq 'Guest' and externalUserState eq 'PendingAcceptance'");
        assert_eq!(
            q.path(),
            "/users?$filter=userType%20eq%20%27Guest%27%20and%20externalUserState%20eq%20%27PendingAcceptance%27&$select=id,displayName,mail,otherMails,userPrincipalName,userType,externalUserState,externalUserStateChangeDateTime,createdDateTime,accountEnabled&$orderby=displayName&$count=true&$top=100"
        );
        let with_sign_ins = GuestQuery { sign_ins: SignIns::Read, ..GuestQuery::default() };
        assert!(with_sign_ins
            .path_with_top(FULL_PAGE_SIZE)
            .ends_with(",accountEnabled,signInActivity&$orderby=displayName&$count=true&$top=500"));
    }

    #[test]
    fn age_search_and_state_combine() {
        let q = GuestQuery {
            state: StateFilter::All,
            search: " o'neil ".into(),
            invited_before: Some("2026-10-01T00:00:00Z".into()),
            sign_ins: SignIns::Leave,
        };
        assert_eq!(q.filter(), "userType eq 'Guest' and createdDateTime le 2026-10-01T00:00:00Z");
        let p = q.path();
        assert!(p.starts_with("/users?$search=%22displayName%3Ao%27neil%22%20OR%20%22mail%3Ao%27neil%22"), "{p}");
        let accepted = GuestQuery { state: StateFilter::Accepted, ..GuestQuery::default() };
        assert_eq!(accepted.filter(), "userType eq 'Guest' and externalUserState eq 'Accepted'");
    }

    #[test]
    fn reads_graphs_guest_json() {
        let g: Guest = serde_json::from_str(r#"{"id":"g","displayName":"Alex (Partner)","mail":"alex@partner.example","userType":"Guest","externalUserState":"PendingAcceptance","externalUserStateChangeDateTime":"2025-03-01T10:15:00Z","createdDateTime":null}"#).unwrap();
        assert_eq!(g.external_user_state, Some(ExternalUserState::PendingAcceptance));
        assert_eq!(g.created_date_time, None);
        let block = sign_in_access_item("g", SignInAccess::Blocked).unwrap();
        let body = block.body.as_ref().map(|b| b.get().to_string());
        assert_eq!((block.url.as_str(), body.as_deref()), ("/users/g", Some(r#"{"accountEnabled":false}"#)));
    }
}
