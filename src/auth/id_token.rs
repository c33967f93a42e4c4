//! The id token's claims, read for display and checked (`iss`, `aud`, `nonce`, `exp`) before anyone is
//! signed in. The signature is not checked in the browser: the token came straight from the token
//! endpoint over TLS, and its claims only name the account (as msal-browser does; the claims are described at
//! https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference).

use super::error::{AuthError, IdTokenProblem};
use base64::Engine;
use oauth2::CsrfToken;
use serde::{Deserialize, Serialize};

/// Clock skew allowed on `exp`, as msal does.
pub const SKEW_S: i64 = 300;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdTokenClaims {
    pub iss: String,
    pub aud: String,
    pub exp: i64,
    #[serde(default)]
    pub nonce: Option<String>,
    #[serde(default)]
    pub tid: Option<String>,
    #[serde(default)]
    pub oid: Option<String>,
    #[serde(default)]
    pub preferred_username: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

pub fn decode(jwt: &str) -> Result<IdTokenClaims, AuthError> {
    let invalid = AuthError::IdTokenInvalid;
    let payload = jwt.split('.').nth(1).ok_or(invalid(IdTokenProblem::NotAJwt))?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|e| invalid(IdTokenProblem::Unreadable(e.to_string())))?;
    serde_json::from_slice(&bytes).map_err(|e| invalid(IdTokenProblem::Unreadable(e.to_string())))
}

/// Checks the claims; `issuer` may hold `{tenantid}` (the `organizations` discovery document does).
pub fn check(
    claims: &IdTokenClaims,
    issuer: &str,
    client_id: &str,
    nonce: &CsrfToken,
    now_s: i64,
) -> Result<(), AuthError> {
    let expected_iss = issuer.replace("{tenantid}", claims.tid.as_deref().unwrap_or_default());
    let problem = if claims.iss != expected_iss {
        IdTokenProblem::Issuer { got: claims.iss.clone(), expected: expected_iss }
    } else if claims.aud != client_id {
        IdTokenProblem::Audience { got: claims.aud.clone() }
    } else if !claims.nonce.as_ref().is_some_and(|n| CsrfToken::new(n.clone()) == *nonce) {
        IdTokenProblem::Nonce
    } else if claims.exp + SKEW_S < now_s {
        IdTokenProblem::Expired
    } else {
        return Ok(());
    };
    Err(AuthError::IdTokenInvalid(problem))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn jwt(claims: serde_json::Value) -> String {
        let enc = |v: &serde_json::Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        format!("{}.{}.sig", enc(&json!({"alg": "RS256"})), enc(&claims))
    }

    fn good() -> serde_json::Value {
        json!({"iss": "https://login.microsoftonline.com/tid-1/v2.0", "aud": "client-1", "exp": 2000, "nonce": "n-1", "tid": "tid-1", "oid": "oid-1", "preferred_username": "adele@contoso.com", "name": "Adele"})
    }

    fn n(s: &str) -> CsrfToken {
        CsrfToken::new(s.to_string())
    }

    #[test]
    fn accepts_a_good_token_with_templated_issuer() {
        let c = decode(&jwt(good())).unwrap();
        assert_eq!(c.preferred_username.as_deref(), Some("adele@contoso.com"));
        check(&c, "https://login.microsoftonline.com/{tenantid}/v2.0", "client-1", &n("n-1"), 1000).unwrap();
        check(&c, "https://login.microsoftonline.com/tid-1/v2.0", "client-1", &n("n-1"), 2000 + SKEW_S).unwrap();
    }

    #[test]
    fn refuses_wrong_iss_aud_nonce_and_expired() {
        let c = decode(&jwt(good())).unwrap();
        let iss = "https://login.microsoftonline.com/{tenantid}/v2.0";
        let problem = |r: Result<(), AuthError>| match r {
            Err(AuthError::IdTokenInvalid(p)) => p,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            problem(check(&c, "https://evil.example/tid-1/v2.0", "client-1", &n("n-1"), 1000)),
            IdTokenProblem::Issuer {
                got: "https://login.microsoftonline.com/tid-1/v2.0".into(),
                expected: "https://evil.example/tid-1/v2.0".into()
            }
        );
        assert_eq!(
            problem(check(&c, iss, "client-2", &n("n-1"), 1000)),
            IdTokenProblem::Audience { got: "client-1".into() }
        );
        assert_eq!(problem(check(&c, iss, "client-1", &n("other"), 1000)), IdTokenProblem::Nonce);
        assert_eq!(problem(check(&c, iss, "client-1", &n("n-1"), 2000 + SKEW_S + 1)), IdTokenProblem::Expired);
        let mut no_nonce = good();
        no_nonce.as_object_mut().unwrap().remove("nonce");
        assert_eq!(
            problem(check(&decode(&jwt(no_nonce)).unwrap(), iss, "client-1", &n("n-1"), 1000)),
            IdTokenProblem::Nonce
        );
    }

    #[test]
    fn garbage_is_refused_without_panicking() {
        for bad in ["", "abc", "a.!!!.c", "a.eyJ4Ijp9.c"] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }
}
