//! `GET /users` queries the app makes: the existence check before an invitation.

use super::client::GraphClient;
use super::error::GraphError;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryUser {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub user_type: Option<String>,
    #[serde(default)]
    pub external_user_state: Option<String>,
    #[serde(default)]
    pub external_user_state_change_date_time: Option<String>,
    #[serde(default)]
    pub mail: Option<String>,
    #[serde(default)]
    pub other_mails: Vec<String>,
}

impl DirectoryUser {
    /// A guest, or an internal user who was invited to B2B collaboration.
    pub fn is_external(&self) -> bool {
        self.user_type.as_deref() == Some("Guest") || self.external_user_state.is_some()
    }
}

/// An OData string literal: `'` doubles.
pub fn odata_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The documented existence filter (customize-invitation-api), without the legacy `signInNames`.
pub fn existence_filter(email: &str) -> String {
    let e = email.trim();
    format!(
        "userPrincipalName eq {v} or mail eq {v} or proxyAddresses/any(x:x eq {smtp}) or otherMails/any(x:x eq {v})",
        v = odata_string(e),
        smtp = odata_string(&format!("SMTP:{e}"))
    )
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20")
}

/// Users already holding this address, as UPN, mail, proxy address or other mail.
pub async fn with_address(graph: &GraphClient, email: &str) -> Result<Vec<DirectoryUser>, GraphError> {
    let path = format!(
        "/users?$filter={}&$select=id,displayName,userPrincipalName,userType,externalUserState,externalUserStateChangeDateTime,mail,otherMails&$count=true",
        encode(&existence_filter(email))
    );
    let v = graph.get(&path, true).await?;
    serde_json::from_value(v["value"].clone())
        .map_err(|e| GraphError::InvalidResponse(format!("the user list is not readable: {e}")))
}

/// One page of internal users matching what the admin typed, and the link to the next page.
#[derive(Debug, Clone, PartialEq)]
pub struct UserPage {
    pub users: Vec<DirectoryUser>,
    pub next_link: Option<String>,
}

/// `$search` clauses for a name, mail or UPN prefix; `"` and `\` are escaped as `$search` requires.
pub fn search_clause(text: &str) -> String {
    let t = text.trim().replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"displayName:{t}\" OR \"mail:{t}\" OR \"userPrincipalName:{t}\"")
}

/// The first page of users whose name, mail or UPN starts with `text` (ConsistencyLevel: eventual). Guests
/// are included on purpose: the preflight tells the admin to reset their redemption instead.
pub fn search_path(text: &str, top: u32) -> String {
    format!(
        "/users?$search={}&$select=id,displayName,userPrincipalName,mail,userType,externalUserState&$orderby=displayName&$count=true&$top={top}",
        encode(&search_clause(text))
    )
}

/// Empty pages followed at most this many times before showing "no match" (Graph may send empty pages).
const MAX_EMPTY_PAGES: usize = 5;

/// Runs a search page; `next_link` (absolute, from Graph) is followed verbatim when given. An empty page with
/// a `nextLink` is not the end: the next page is fetched (a few times at most).
pub async fn search(graph: &GraphClient, text: &str, next_link: Option<&str>) -> Result<UserPage, GraphError> {
    let base = graph.base_url();
    let mut link = next_link.map(str::to_string);
    for _ in 0..=MAX_EMPTY_PAGES {
        let v = match &link {
            Some(l) => {
                let path = l
                    .strip_prefix(base.as_str())
                    .ok_or_else(|| GraphError::InvalidResponse("the next page is on another host".into()))?;
                graph.get(path, true).await?
            }
            None => graph.get(&search_path(text, 10), true).await?,
        };
        let users: Vec<DirectoryUser> = serde_json::from_value(v["value"].clone())
            .map_err(|e| GraphError::InvalidResponse(format!("the user list is not readable: {e}")))?;
        let next = v["@odata.nextLink"].as_str().map(str::to_string);
        if !users.is_empty() || next.is_none() {
            return Ok(UserPage { users, next_link: next });
        }
        link = next;
    }
    Ok(UserPage { users: Vec::new(), next_link: link })
}

/// One user with the properties that decide a conversion.
pub async fn internal_user(
    graph: &GraphClient,
    id: &str,
) -> Result<crate::onboarding::internal_user_rules::InternalUser, GraphError> {
    let v = graph
        .get(&format!("/users/{}?$select={}", encode(id), crate::onboarding::internal_user_rules::SELECT), false)
        .await?;
    serde_json::from_value(v).map_err(|e| GraphError::InvalidResponse(format!("the user is not readable: {e}")))
}

#[cfg(test)]
mod search_tests {
    use super::*;

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
}
