//! Groups: a search by name for the group picker, and adding a member
//! (https://learn.microsoft.com/graph/api/group-post-members). Field names as Graph's `group` type.

use super::client::{Consistency, GraphClient};
use super::error::GraphError;
use super::page::Page;
use super::users::encode;
use serde::{Deserialize, Serialize};

/// A group as the picker shows it, with what decides whether Graph may change its members.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub group_types: Vec<String>,
    #[serde(default)]
    pub mail_enabled: Option<bool>,
    #[serde(default)]
    pub security_enabled: Option<bool>,
    /// Set for a group with dynamic membership: its members follow the rule, not requests.
    #[serde(default)]
    pub membership_rule: Option<String>,
    #[serde(default)]
    pub is_assignable_to_role: Option<bool>,
    #[serde(default)]
    pub mail: Option<String>,
}

pub const GROUP_SELECT: &str =
    "id,displayName,description,groupTypes,mailEnabled,securityEnabled,membershipRule,isAssignableToRole,mail";

/// The first groups whose name starts with `text` (`$search` needs `ConsistencyLevel: eventual`).
pub fn search_path(text: &str, top: u32) -> String {
    let t = text.trim().replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "/groups?$search={}&$select={GROUP_SELECT}&$orderby=displayName&$count=true&$top={top}",
        encode(&format!("\"displayName:{t}\""))
    )
}

pub async fn search(graph: &GraphClient, text: &str, top: u32) -> Result<Vec<Group>, GraphError> {
    let page: Page<Group> = graph.get(&search_path(text, top), Consistency::Eventual).await?;
    Ok(page.value)
}

/// One group by its id, with what decides whether Graph may change its members.
pub fn by_id_path(id: &str) -> String {
    format!("/groups/{}?$select={GROUP_SELECT}", encode(id))
}

/// The groups with exactly this name (two are enough to know it is ambiguous).
pub fn by_name_path(name: &str) -> String {
    format!(
        "/groups?$filter={}&$select={GROUP_SELECT}&$top=2",
        encode(&format!("displayName eq {}", super::users::odata_string(name.trim())))
    )
}

/// The body of `POST /groups/{id}/members/$ref`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberRef {
    #[serde(rename = "@odata.id")]
    pub odata_id: String,
}

impl MemberRef {
    /// `{graph root}/directoryObjects/{id}`, as Microsoft's example writes it.
    pub fn new(graph_root: &str, object_id: &str) -> MemberRef {
        MemberRef { odata_id: format!("{}/directoryObjects/{}", graph_root.trim_end_matches('/'), object_id) }
    }
}

pub fn members_path(group_id: &str) -> String {
    format!("/groups/{}/members/$ref", encode(group_id))
}

/// Adds `user_id` to the group; Graph answers 204 without a body.
pub async fn add_member(graph: &GraphClient, group_id: &str, user_id: &str) -> Result<(), GraphError> {
    let body = MemberRef::new(&graph.base_url(), user_id);
    graph.post::<_, serde_json::Value>(&members_path(group_id), &body).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_escapes_quotes_and_asks_for_what_decides() {
        let p = search_path(r#"Fin "a"#, 10);
        assert!(p.starts_with("/groups?$search=%22displayName%3AFin%20%5C%22a%22&$select="), "{p}");
        assert!(p.contains("membershipRule") && p.contains("isAssignableToRole") && p.ends_with("&$top=10"), "{p}");
    }

    #[test]
    fn the_member_reference_is_a_directory_object_url() {
        let r = MemberRef::new("https://graph.microsoft.com/v1.0/", "u1");
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::json!({"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/u1"})
        );
        assert_eq!(members_path("g 1"), "/groups/g%201/members/$ref");
        assert!(by_name_path("O'Brien & Co")
            .starts_with("/groups?$filter=displayName%20eq%20%27O%27%27Brien%20%26%20Co%27&$select=id,"));
    }
}
