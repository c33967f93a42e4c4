//! https for the emulator: a certificate generated at start, or one from files, and the two hashes a
//! client needs to trust it (the certificate's SHA-256 fingerprint, and the SPKI hash Chromium takes in
//! `--ignore-certificate-errors-spki-list`).

use base64::Engine;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;

/// Where the server's certificate comes from.
#[derive(Debug, Clone)]
pub enum TlsSource {
    /// A fresh self-signed certificate for `localhost`, `127.0.0.1` and the public URL's host.
    SelfSigned,
    /// PEM files: the certificate chain (leaf first) and its private key.
    Files { cert: PathBuf, key: PathBuf },
}

/// The certificate the emulator serves, and how to trust it.
#[derive(Clone)]
pub struct TlsIdentity {
    /// The leaf certificate, PEM.
    pub cert_pem: String,
    /// SHA-256 of the leaf certificate (DER), as browsers show it: `AB:CD:…`.
    pub sha256_fingerprint: String,
    /// base64(SHA-256(SubjectPublicKeyInfo)), for Chromium's `--ignore-certificate-errors-spki-list`.
    pub spki_sha256: String,
    pub(crate) config: Arc<rustls::ServerConfig>,
}

impl std::fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The server config holds the private key: never print it.
        f.debug_struct("TlsIdentity").field("sha256_fingerprint", &self.sha256_fingerprint).finish_non_exhaustive()
    }
}

impl TlsIdentity {
    /// Builds the identity; `host` is the public URL's host, added to a generated certificate's names.
    pub fn load(source: &TlsSource, host: Option<&str>) -> Result<TlsIdentity, String> {
        let (cert_pem, key_pem) = match source {
            TlsSource::SelfSigned => {
                let mut names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
                if let Some(h) = host.filter(|h| !names.iter().any(|n| n == h)) {
                    names.push(h.to_string());
                }
                let generated = rcgen::generate_simple_self_signed(names).map_err(|e| format!("certificate: {e}"))?;
                (generated.cert.pem(), generated.signing_key.serialize_pem())
            }
            TlsSource::Files { cert, key } => {
                let read = |p: &PathBuf| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
                (read(cert)?, read(key)?)
            }
        };
        Self::from_pem(&cert_pem, &key_pem)
    }

    fn from_pem(cert_pem: &str, key_pem: &str) -> Result<TlsIdentity, String> {
        let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem.as_bytes())
            .collect::<Result<_, _>>()
            .map_err(|e| format!("certificate PEM: {e}"))?;
        let leaf = chain.first().ok_or("certificate PEM: no certificate found")?.clone();
        let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes()).map_err(|e| format!("private key PEM: {e}"))?;
        let spki =
            webpki::EndEntityCert::try_from(&leaf).map_err(|e| format!("certificate: {e}"))?.subject_public_key_info();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS: {e}"))?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|e| format!("certificate and key: {e}"))?;
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        let leaf_pem = pem_of(&leaf);
        Ok(TlsIdentity {
            cert_pem: leaf_pem,
            sha256_fingerprint: fingerprint(&leaf),
            spki_sha256: base64::engine::general_purpose::STANDARD.encode(Sha256::digest(spki.as_ref())),
            config: Arc::new(config),
        })
    }
}

/// `AB:CD:…`, upper-case hex pairs of SHA-256(DER).
pub fn fingerprint(der: &[u8]) -> String {
    Sha256::digest(der).iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

fn pem_of(der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64.as_bytes().chunks(64).filter_map(|c| std::str::from_utf8(c).ok()).collect();
    format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_certificate_names_loopback_and_the_public_host() {
        let id = TlsIdentity::load(&TlsSource::SelfSigned, Some("emulator.test")).unwrap();
        let der = CertificateDer::from_pem_slice(id.cert_pem.as_bytes()).unwrap();
        let cert = webpki::EndEntityCert::try_from(&der).unwrap();
        for name in ["localhost", "emulator.test"] {
            let n = rustls::pki_types::ServerName::try_from(name).unwrap();
            assert!(cert.verify_is_valid_for_subject_name(&n).is_ok(), "{name}");
        }
        let ip = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
        assert!(cert.verify_is_valid_for_subject_name(&ip).is_ok());
        let other = rustls::pki_types::ServerName::try_from("example.com").unwrap();
        assert!(cert.verify_is_valid_for_subject_name(&other).is_err());
        assert_eq!(id.sha256_fingerprint.len(), 32 * 3 - 1);
        assert_eq!(id.sha256_fingerprint, fingerprint(der.as_ref()));
    }

    #[test]
    fn a_key_that_does_not_match_is_refused() {
        let a = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
        let b = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
        let err = TlsIdentity::from_pem(&a.cert.pem(), &b.signing_key.serialize_pem()).unwrap_err();
        assert!(err.contains("certificate and key"), "{err}");
        let err = TlsIdentity::from_pem("not a pem", &a.signing_key.serialize_pem()).unwrap_err();
        assert!(err.contains("no certificate"), "{err}");
    }
}
