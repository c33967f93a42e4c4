//! `GET /users`: the user shapes the app reads, each with the `$select` that loads it, and the queries.
//! Query rules: https://learn.microsoft.com/graph/aad-advanced-queries and
//! https://learn.microsoft.com/graph/search-query-parameter.

use super::client::{Consistency, GraphClient};
use super::error::GraphError;
use super::page::Page;
use super::values::{ExternalUserState, UserType};
use serde::{Deserialize, Serialize};

/// A user as listed by the existence check and the user search.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryUser {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub user_type: Option<UserType>,
    #[serde(default)]
    pub external_user_state: Option<ExternalUserState>,
    #[serde(default)]
    pub mail: Option<String>,
    #[serde(default)]
    pub other_mails: Vec<String>,
}

/// The `$select` that loads a [`DirectoryUser`].
pub const DIRECTORY_USER_SELECT: &str = "id,displayName,userPrincipalName,userType,externalUserState,mail,otherMails";

impl DirectoryUser {
    /// A guest, or an internal user who was invited to B2B collaboration.
    pub fn is_external(&self) -> bool {
        self.user_type == Some(UserType::Guest) || self.external_user_state.is_some()
    }
}

/// One user with every property that decides a conversion.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InternalUser {
    pub id: String,
    pub display_name: Option<String>,
    pub user_principal_name: Option<String>,
    pub user_type: Option<UserType>,
    pub creation_type: Option<String>,
    pub mail: Option<String>,
    pub other_mails: Vec<String>,
    pub on_premises_sync_enabled: Option<bool>,
    pub on_premises_user_principal_name: Option<String>,
    pub external_user_state: Option<ExternalUserState>,
    pub assigned_plans: Vec<AssignedPlan>,
    pub identities: Vec<ObjectIdentity>,
}

/// The `$select` that loads an [`InternalUser`].
pub const INTERNAL_USER_SELECT: &str = "id,displayName,userPrincipalName,userType,creationType,mail,otherMails,onPremisesSyncEnabled,onPremisesUserPrincipalName,externalUserState,assignedPlans,identities";

/// https://learn.microsoft.com/graph/api/resources/assignedplan
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AssignedPlan {
    pub service: Option<String>,
    pub capability_status: Option<String>,
}

/// https://learn.microsoft.com/graph/api/resources/objectidentity
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ObjectIdentity {
    pub sign_in_type: Option<String>,
    pub issuer: Option<String>,
}

/// An OData string literal: `'` doubles.
pub fn odata_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The existence filter documented at https://learn.microsoft.com/entra/external-id/customize-invitation-api,
/// without the legacy `signInNames`, which Graph v1.0 no longer has.
pub fn existence_filter(email: &str) -> String {
    let e = email.trim();
    format!(
        "userPrincipalName eq {v} or mail eq {v} or proxyAddresses/any(x:x eq {smtp}) or otherMails/any(x:x eq {v})",
        v = odata_string(e),
        smtp = odata_string(&format!("SMTP:{e}"))
    )
}

/// Percent-encodes a query value (`%20` for spaces, as OData expects).
pub fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20")
}

/// `$search` clauses for a name, mail or UPN prefix; `"` and `\` are escaped as `$search` requires.
pub fn search_clause(text: &str) -> String {
    let t = text.trim().replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"displayName:{t}\" OR \"mail:{t}\" OR \"userPrincipalName:{t}\"")
}

/// The first page of users whose name, mail or UPN starts with `text`. Guests are included on purpose:
/// the conversion preflight tells the admin to reset their redemption instead.
pub fn search_path(text: &str, top: u32) -> String {
    format!(
        "/users?$search={}&$select={DIRECTORY_USER_SELECT}&$orderby=displayName&$count=true&$top={top}",
        encode(&search_clause(text))
    )
}

/// The first members (colleagues, not guests) whose name, mail or UPN starts with `text`: sponsors are
/// people of this organisation.
pub fn colleague_search_path(text: &str, top: u32) -> String {
    format!(
        "/users?$search={}&$filter={}&$select={DIRECTORY_USER_SELECT}&$orderby=displayName&$count=true&$top={top}",
        encode(&search_clause(text)),
        encode("userType eq 'Member'")
    )
}

/// The people a bulk file's `sponsors` cell may name: a user principal name or a mail address, exactly
/// (two are enough to know it is ambiguous).
pub fn by_upn_or_mail_path(address: &str) -> String {
    let v = odata_string(address.trim());
    format!(
        "/users?$filter={}&$select={DIRECTORY_USER_SELECT}&$top=2",
        encode(&format!("userPrincipalName eq {v} or mail eq {v}"))
    )
}

/// Users already holding this address, as UPN, mail, proxy address or other mail.
pub async fn with_address(graph: &GraphClient, email: &str) -> Result<Vec<DirectoryUser>, GraphError> {
    let path =
        format!("/users?$filter={}&$select={DIRECTORY_USER_SELECT}&$count=true", encode(&existence_filter(email)));
    let page: Page<DirectoryUser> = graph.get(&path, Consistency::Eventual).await?;
    Ok(page.value)
}

/// The profile written on a new guest (`PATCH /users/{id}`, https://learn.microsoft.com/graph/api/user-update);
/// a field left `None` is not sent, so nothing Graph holds is cleared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfilePatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_location: Option<String>,
}

impl ProfilePatch {
    pub fn is_empty(&self) -> bool {
        *self == ProfilePatch::default()
    }
}

pub fn user_path(id: &str) -> String {
    format!("/users/{}", encode(id))
}

pub async fn update_profile(graph: &GraphClient, id: &str, patch: &ProfilePatch) -> Result<(), GraphError> {
    graph.patch(&user_path(id), patch).await
}

/// One user with the properties that decide a conversion.
pub async fn internal_user(graph: &GraphClient, id: &str) -> Result<InternalUser, GraphError> {
    graph.get(&format!("/users/{}?$select={INTERNAL_USER_SELECT}", encode(id)), Consistency::Default).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn existence_filter_escapes_quotes() {
        assert_eq!(
            existence_filter("o'brien@p.example"),
            "userPrincipalName eq 'o''brien@p.example' or mail eq 'o''brien@p.example' or proxyAddresses/any(x:x eq 'SMTP:o''brien@p.example') or otherMails/any(x:x eq 'o''brien@p.example')"
        );
        assert_eq!(encode("a eq 'b#c'"), "a%20eq%20%27b%23c%27");
    }

    #[test]
    fn search_escapes_and_encodes() {
        assert_eq!(
            search_clause(" pa\"t "),
            "\"displayName:pa\\\"t\" OR \"mail:pa\\\"t\" OR \"userPrincipalName:pa\\\"t\""
        );
        let p = search_path("pat", 10);
        assert!(p.starts_with("/users?$search=%22displayName%3Apat%22%20OR%20"), "{p}");
        assert!(p.ends_with("&$orderby=displayName&$count=true&$top=10"));
    }

    #[test]
    fn reads_graphs_user_json() {
        let u: InternalUser = serde_json::from_str(r#"{"id":"x","userType":"Member","mail":null,"otherMails":["a@b.example"],"onPremisesSyncEnabled":null,"assignedPlans":[{"assignedDateTime":"2024-01-01T00:00:00Z","capabilityStatus":"Enabled","service":"exchange","servicePlanId":"1"}],"identities":[{"signInType":"userPrincipalName","issuer":"contoso.com","issuerAssignedId":"x"}]}"#).unwrap();
        assert_eq!(u.user_type, Some(UserType::Member));
        assert_eq!(u.assigned_plans[0].service.as_deref(), Some("exchange"));
        let d: DirectoryUser =
            serde_json::from_str(r#"{"id":"g","userType":"Guest","externalUserState":"PendingAcceptance"}"#).unwrap();
        assert!(d.is_external());
        let m: DirectoryUser =
            serde_json::from_str(r#"{"id":"m","userType":"Member","externalUserState":null}"#).unwrap();
        assert!(!m.is_external());
    }
}
