//! The base URL the emulator writes into everything absolute it emits: discovery, token issuers,
//! `@odata.context`/`@odata.nextLink`, redeem links. A client behind a proxy or a TLS name sees only it.

/// `scheme://host[:port]`: http or https, no path, query or fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    url: String,
    host: String,
}

impl PublicUrl {
    pub fn parse(text: &str) -> Result<PublicUrl, String> {
        let u = url::Url::parse(text.trim()).map_err(|e| format!("--public-url {text:?}: {e}"))?;
        if !matches!(u.scheme(), "http" | "https") {
            return Err(format!("--public-url {text:?}: the scheme must be http or https"));
        }
        if u.path() != "/" || u.query().is_some() || u.fragment().is_some() || !u.username().is_empty() {
            return Err(format!(
                "--public-url {text:?}: give only scheme, host and port; the emulator serves Microsoft's paths from the root"
            ));
        }
        let host = u.host_str().ok_or_else(|| format!("--public-url {text:?}: no host"))?;
        // url keeps IPv6 brackets in host_str; certificates name the bare address.
        let host = host.trim_start_matches('[').trim_end_matches(']').to_string();
        Ok(PublicUrl { url: u.as_str().trim_end_matches('/').to_string(), host })
    }

    /// Without a trailing slash, e.g. `https://emulator.test:8443`.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    pub fn host(&self) -> &str {
        &self.host
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_scheme_host_and_port_only() {
        let p = PublicUrl::parse("https://emulator.test:8443/").unwrap();
        assert_eq!(p.as_str(), "https://emulator.test:8443");
        assert_eq!(p.host(), "emulator.test");
        // The default port disappears, as browsers write the origin.
        assert_eq!(PublicUrl::parse("https://login.example:443").unwrap().as_str(), "https://login.example");
    }

    #[test]
    fn refuses_what_cannot_be_a_base() {
        for bad in ["ftp://x", "https://x/tenant", "https://x/?a=1", "https://u@x", "not a url"] {
            assert!(PublicUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
