//! A page of a Graph collection and the link to the next one (https://learn.microsoft.com/graph/paging).

use serde::{Deserialize, Deserializer};

/// One page: its items, `@odata.nextLink` when there are more, and `@odata.count` when asked for.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    #[serde(default = "Vec::new")]
    pub value: Vec<T>,
    #[serde(default, rename = "@odata.nextLink", deserialize_with = "next_link")]
    pub next_link: Option<NextLink>,
    #[serde(default, rename = "@odata.count")]
    pub count: Option<u64>,
}

/// The absolute `@odata.nextLink`, opaque: followed verbatim, and only on the configured Graph host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextLink(String);

impl NextLink {
    pub fn new(url: impl Into<String>) -> NextLink {
        NextLink(url.into())
    }

    /// The path below `base` (the configured Graph root), or `None` when the link leads elsewhere,
    /// where the token must never be sent.
    pub fn path_below<'a>(&'a self, base: &str) -> Option<&'a str> {
        let base = base.trim_end_matches('/');
        self.0.strip_prefix(base).filter(|rest| rest.starts_with('/') || rest.starts_with('?'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn next_link<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NextLink>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.filter(|s| !s.is_empty()).map(NextLink))
}

/// Where a page of a list comes from: the first page's path (below the Graph root), or a next link.
#[derive(Debug, Clone, PartialEq)]
pub enum PageRequest {
    First(String),
    Next(NextLink),
}

impl PageRequest {
    pub fn is_first(&self) -> bool {
        matches!(self, PageRequest::First(_))
    }
}

/// Appends one page to what was loaded before, keeping the newest next link.
pub fn append<T>(loaded: &mut Page<T>, mut more: Page<T>) {
    loaded.value.append(&mut more.value);
    loaded.next_link = more.next_link;
    loaded.count = loaded.count.or(more.count);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_parse_with_and_without_a_next_link() {
        let p: Page<u32> = serde_json::from_str(
            r#"{"@odata.context":"x","@odata.count":3,"value":[1,2],"@odata.nextLink":"https://graph.microsoft.com/v1.0/users?$skiptoken=X"}"#,
        )
        .unwrap();
        assert_eq!(p.value, vec![1, 2]);
        assert_eq!(p.count, Some(3));
        let link = p.next_link.clone().unwrap();
        assert_eq!(link.path_below("https://graph.microsoft.com/v1.0"), Some("/users?$skiptoken=X"));
        let last: Page<u32> = serde_json::from_str(r#"{"value":[3]}"#).unwrap();
        let mut all = p;
        append(&mut all, last);
        assert_eq!((all.value, all.next_link, all.count), (vec![1, 2, 3], None, Some(3)));
    }

    #[test]
    fn links_to_another_host_are_not_followed() {
        let base = "https://graph.microsoft.com/v1.0";
        for bad in [
            "https://evil.example/v1.0/users",
            "https://graph.microsoft.com.evil.example/v1.0/users",
            "https://graph.microsoft.com/v1.0evil/users",
            "https://graph.microsoft.com/beta/users",
        ] {
            assert_eq!(NextLink::new(bad).path_below(base), None, "{bad}");
        }
    }
}
