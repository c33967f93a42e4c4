//! Fresh secrets for every sign-in: the PKCE S256 verifier and challenge (RFC 7636), `state` and `nonce`.

use oauth2::{CsrfToken, PkceCodeChallenge, PkceCodeVerifier};

/// What one sign-in needs; `verifier`, `state` and `nonce` are kept in sessionStorage until the redirect
/// returns. They are oauth2's secret types, whose `Debug` never shows the value.
#[derive(Debug)]
pub struct SignInSecrets {
    pub verifier: PkceCodeVerifier,
    pub challenge: String,
    pub state: CsrfToken,
    pub nonce: CsrfToken,
}

/// `n` bytes from the platform's CSPRNG (`crypto.getRandomValues` in the browser), base64url-encoded; `None`
/// when there is none. Straight from getrandom: rand's generator on top would add 6 KB to the download.
fn random_token(n: usize) -> Option<String> {
    use base64::Engine;
    let mut bytes = vec![0u8; n];
    getrandom::getrandom(&mut bytes).ok()?;
    Some(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

impl SignInSecrets {
    /// 32 random bytes each for the verifier (43 characters), `state` and `nonce`; `None` without a CSPRNG.
    pub fn generate() -> Option<SignInSecrets> {
        let verifier = PkceCodeVerifier::new(random_token(32)?);
        let challenge = PkceCodeChallenge::from_code_verifier_sha256(&verifier).as_str().to_string();
        Some(SignInSecrets {
            verifier,
            challenge,
            state: CsrfToken::new(random_token(32)?),
            nonce: CsrfToken::new(random_token(32)?),
        })
    }
}

/// The S256 challenge for a verifier.
pub fn challenge_for(verifier: &str) -> String {
    PkceCodeChallenge::from_code_verifier_sha256(&PkceCodeVerifier::new(verifier.to_string())).as_str().to_string()
}

/// A random version-4 GUID, for `client-request-id` correlation on token and Graph requests.
pub fn random_guid() -> String {
    let mut bytes = [0u8; 16];
    // Only a correlation id: without a CSPRNG it is all zeros rather than no request.
    let _ = getrandom::getrandom(&mut bytes);
    guid_from_bytes(&bytes)
}

/// Formats 16 bytes as a GUID with the version-4 and variant bits set.
pub fn guid_from_bytes(bytes: &[u8]) -> String {
    let mut b = [0u8; 16];
    for (i, x) in bytes.iter().take(16).enumerate() {
        b[i] = *x;
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        assert_eq!(
            challenge_for("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn guids_are_version_4() {
        assert_eq!(guid_from_bytes(&[0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(guid_from_bytes(&[]), "00000000-0000-4000-8000-000000000000");
        let g = random_guid();
        assert_eq!(g.len(), 36);
        assert_eq!(&g[14..15], "4");
        assert_ne!(random_guid(), g);
    }

    #[test]
    fn secrets_are_fresh_and_well_formed() {
        let a = SignInSecrets::generate().expect("a CSPRNG");
        let b = SignInSecrets::generate().expect("a CSPRNG");
        assert_eq!(a.verifier.secret().len(), 43);
        assert!(a.verifier.secret().chars().all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c)));
        assert_eq!(challenge_for(a.verifier.secret()), a.challenge);
        assert!(a.state.secret().len() >= 22 && a.nonce.secret().len() >= 22, "at least 128 bits each");
        assert_ne!(a.state, b.state);
        assert_ne!(a.nonce, b.nonce);
        assert_ne!(a.verifier.secret(), b.verifier.secret());
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let a = SignInSecrets::generate().expect("a CSPRNG");
        let shown = format!("{a:?}");
        for secret in [a.verifier.secret(), a.state.secret(), a.nonce.secret()] {
            assert!(!shown.contains(secret.as_str()), "{shown}");
        }
    }
}
