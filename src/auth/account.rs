//! The signed-in account, msal-style: built from the id token and `client_info`.

use super::id_token::IdTokenClaims;
use base64::Engine;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// `uid.utid` from client_info, else `oid.tid`.
    pub home_account_id: String,
    pub object_id: String,
    pub tenant_id: String,
    pub username: String,
    pub display_name: String,
    /// The login host, e.g. `login.microsoftonline.com`.
    pub environment: String,
}

/// `client_info`: the user's and their home tenant's ids, as Entra returns them beside the tokens.
#[derive(Deserialize)]
struct ClientInfo {
    uid: Option<String>,
    utid: Option<String>,
}

impl Account {
    pub fn from_claims(claims: &IdTokenClaims, client_info: Option<&str>, environment: &str) -> Account {
        let info = client_info
            .and_then(|ci| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(ci.trim_end_matches('=')).ok())
            .and_then(|b| serde_json::from_slice::<ClientInfo>(&b).ok());
        let (uid, utid) = info.map(|i| (i.uid, i.utid)).unwrap_or_default();
        let uid = uid.or_else(|| claims.oid.clone()).unwrap_or_default();
        let utid = utid.or_else(|| claims.tid.clone()).unwrap_or_default();
        Account {
            home_account_id: format!("{uid}.{utid}"),
            object_id: claims.oid.clone().unwrap_or_default(),
            tenant_id: claims.tid.clone().unwrap_or_default(),
            username: claims.preferred_username.clone().unwrap_or_default(),
            display_name: claims.name.clone().unwrap_or_default(),
            environment: environment.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_account_id_comes_from_client_info() {
        let claims = IdTokenClaims {
            iss: String::new(),
            aud: String::new(),
            exp: 0,
            nonce: None,
            tid: Some("tid".into()),
            oid: Some("oid".into()),
            preferred_username: Some("a@b".into()),
            name: Some("A".into()),
        };
        let ci = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"uid":"u1","utid":"t1"}"#);
        assert_eq!(Account::from_claims(&claims, Some(&ci), "login.microsoftonline.com").home_account_id, "u1.t1");
        let a = Account::from_claims(&claims, Some("!!garbage"), "h");
        assert_eq!(a.home_account_id, "oid.tid");
        assert_eq!((a.username.as_str(), a.tenant_id.as_str()), ("a@b", "tid"));
    }
}
