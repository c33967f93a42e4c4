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
