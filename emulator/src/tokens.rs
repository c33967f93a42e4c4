//! RS256 tokens: the access token Graph checks, the id token the app reads, and the JWKS that publishes the key.

use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{json, Value};

const KEY_PEM: &str = include_str!("../keys/signing-key.pem");
const KEY_N: &str = include_str!("../keys/signing-key.n");
pub const KEY_ID: &str = "emulator-key-1";
/// The audience of Graph access tokens, as on the real service.
pub const GRAPH_AUDIENCE: &str = "https://graph.microsoft.com";

pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl Keys {
    pub fn load() -> Keys {
        Keys {
            encoding: EncodingKey::from_rsa_pem(KEY_PEM.as_bytes()).expect("bundled key"),
            decoding: DecodingKey::from_rsa_components(KEY_N.trim(), "AQAB").expect("bundled key"),
        }
    }

    pub fn sign(&self, claims: &Value) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(KEY_ID.into());
        jsonwebtoken::encode(&header, claims, &self.encoding).unwrap_or_default()
    }

    /// Checks signature, audience and expiry against the emulator's clock.
    pub fn verify(&self, token: &str, audience: &str, now: i64) -> Result<Value, String> {
        let mut v = Validation::new(Algorithm::RS256);
        v.set_audience(&[audience]);
        v.validate_exp = false;
        v.required_spec_claims.clear();
        let data = jsonwebtoken::decode::<Value>(token, &self.decoding, &v).map_err(|e| e.to_string())?;
        let exp = data.claims.get("exp").and_then(Value::as_i64).unwrap_or(0);
        if exp <= now {
            return Err("Lifetime validation failed, the token is expired.".into());
        }
        Ok(data.claims)
    }

    pub fn jwks() -> Value {
        json!({ "keys": [ { "kty": "RSA", "use": "sig", "kid": KEY_ID, "x5t": KEY_ID, "n": KEY_N.trim(), "e": "AQAB", "alg": "RS256" } ] })
    }
}

pub fn b64url(data: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data)
}

/// base64url(SHA-256(verifier)), the S256 code challenge (RFC 7636).
pub fn s256_challenge(verifier: &str) -> String {
    use sha2::Digest;
    b64url(&sha2::Sha256::digest(verifier.as_bytes()))
}

/// A random opaque value of `bytes` random bytes, base64url.
pub fn random_token(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    b64url(&buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn signs_and_verifies() {
        let k = Keys::load();
        let t = k.sign(&json!({"aud": GRAPH_AUDIENCE, "exp": 2_000_000_000, "scp": "User.Read"}));
        assert_eq!(k.verify(&t, GRAPH_AUDIENCE, 1_000).unwrap()["scp"], "User.Read");
        assert!(k.verify(&t, GRAPH_AUDIENCE, 2_000_000_001).unwrap_err().contains("expired"));
        assert!(k.verify(&t, "other", 1_000).is_err());
        let mut tampered = t.clone();
        tampered.insert(t.len() / 2, 'x');
        assert!(k.verify(&tampered, GRAPH_AUDIENCE, 1_000).is_err());
    }
}
