//! Is this a redeem URL we may send a partner to? Only `https://<Microsoft login host>/redeem` (or, when
//! config names it, the emulator's host over http on loopback). Anything else is refused: no open
//! redirect, no `javascript:`, no lookalike host, no userinfo trick.

use crate::config::MICROSOFT_LOGIN_HOSTS;
use url::Url;

/// Why a redeem URL is not followed.
#[derive(Debug, Clone, PartialEq)]
pub enum RedeemRefusal {
    NotAUrl,
    Scheme(String),
    Userinfo,
    Host(String),
    Path(String),
}

fn host_port(u: &Url) -> String {
    let host = u.host_str().unwrap_or_default().to_ascii_lowercase();
    match u.port() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    }
}

/// `extra_hosts` are `host` or `host:port` entries from config (`extraRedeemHosts`).
pub fn check(candidate: &str, extra_hosts: &[String]) -> Result<Url, RedeemRefusal> {
    let trimmed = candidate.trim();
    if trimmed.chars().any(|c| c.is_control()) {
        return Err(RedeemRefusal::NotAUrl);
    }
    let u = Url::parse(trimmed).map_err(|_| RedeemRefusal::NotAUrl)?;
    let extra = extra_hosts.iter().any(|h| h.eq_ignore_ascii_case(&host_port(&u)));
    let loopback = matches!(u.host_str(), Some("127.0.0.1") | Some("localhost") | Some("[::1]"));
    match u.scheme() {
        "https" => {}
        "http" if extra && loopback => {}
        other => return Err(RedeemRefusal::Scheme(other.to_string())),
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err(RedeemRefusal::Userinfo);
    }
    let microsoft = u.port().is_none()
        && u.host_str().is_some_and(|h| MICROSOFT_LOGIN_HOSTS.iter().any(|m| m.eq_ignore_ascii_case(h)));
    if !(microsoft || extra) {
        return Err(RedeemRefusal::Host(host_port(&u)));
    }
    if u.path() != "/redeem" {
        return Err(RedeemRefusal::Path(u.path().to_string()));
    }
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REAL: &str = "https://login.microsoftonline.com/redeem?rd=https%3a%2f%2finvitations.microsoft.com%2fredeem%2f%3ftenant%3d1%26user%3d2%26ticket%3dx%26ver%3d2.0";

    #[test]
    fn microsoft_clouds_are_allowed() {
        assert!(check(REAL, &[]).is_ok());
        for host in [
            "login.microsoftonline.us",
            "login.partner.microsoftonline.cn",
            "login.chinacloudapi.cn",
            "LOGIN.MICROSOFTONLINE.COM",
        ] {
            assert!(check(&format!("https://{host}/redeem?rd=x"), &[]).is_ok(), "{host}");
        }
    }

    #[test]
    fn the_emulator_only_when_configured() {
        let emu = "http://127.0.0.1:8400/redeem?rd=x";
        assert!(matches!(check(emu, &[]), Err(RedeemRefusal::Scheme(_))));
        assert!(check(emu, &["127.0.0.1:8400".to_string()]).is_ok());
        assert!(matches!(
            check("http://127.0.0.1:8401/redeem?rd=x", &["127.0.0.1:8400".to_string()]),
            Err(RedeemRefusal::Scheme(_))
        ));
        // http is never allowed for a non-loopback extra host.
        assert!(matches!(
            check("http://redeem.example/redeem", &["redeem.example".to_string()]),
            Err(RedeemRefusal::Scheme(_))
        ));
    }

    #[test]
    fn hostile_urls_are_refused() {
        type Expect = fn(&RedeemRefusal) -> bool;
        let table: &[(&str, Expect)] = &[
            ("javascript:alert(document.domain)", |r| matches!(r, RedeemRefusal::Scheme(_))),
            ("JaVaScRiPt:alert(1)", |r| matches!(r, RedeemRefusal::Scheme(_))),
            ("data:text/html,<script>alert(1)</script>", |r| matches!(r, RedeemRefusal::Scheme(_))),
            ("vbscript:msgbox(1)", |r| matches!(r, RedeemRefusal::Scheme(_))),
            ("http://login.microsoftonline.com/redeem?rd=x", |r| matches!(r, RedeemRefusal::Scheme(_))),
            ("https://login.microsoftonline.com@evil.example/redeem", |r| matches!(r, RedeemRefusal::Userinfo)),
            ("https://user:pw@login.microsoftonline.com/redeem", |r| matches!(r, RedeemRefusal::Userinfo)),
            ("https://login.microsoftonline.com.evil.example/redeem", |r| matches!(r, RedeemRefusal::Host(_))),
            ("https://evil.example/redeem?rd=https://login.microsoftonline.com", |r| matches!(r, RedeemRefusal::Host(_))),
            ("https://login-microsoftonline.com/redeem", |r| matches!(r, RedeemRefusal::Host(_))),
            ("https://login.microsoftonIine.com/redeem", |r| matches!(r, RedeemRefusal::Host(_))),
            ("https://xn--login-microsoftonline-abc.com/redeem", |r| matches!(r, RedeemRefusal::Host(_) | RedeemRefusal::NotAUrl)),
            ("https://login.microsoftonline.com:8443/redeem", |r| matches!(r, RedeemRefusal::Host(_))),
            ("https://login.microsoftonline.com/common/oauth2/v2.0/logout?post_logout_redirect_uri=https://evil.example", |r| matches!(r, RedeemRefusal::Path(_))),
            ("https://login.microsoftonline.com/redeem/../evil", |r| matches!(r, RedeemRefusal::Path(_))),
            ("//evil.example/redeem", |r| matches!(r, RedeemRefusal::NotAUrl)),
            ("/redeem", |r| matches!(r, RedeemRefusal::NotAUrl)),
            ("", |r| matches!(r, RedeemRefusal::NotAUrl)),
            ("https://login.microsoftonline.com/redeem\n", |_| true),
            ("https://login.microsoftonline.com\u{0}.evil.example/redeem", |_| true),
        ];
        for (url, expected) in table {
            match check(url, &["127.0.0.1:8400".to_string()]) {
                Ok(u) if url.ends_with('\n') => assert_eq!(u.as_str(), url.trim(), "trailing whitespace only"),
                Ok(u) => panic!("{url:?} was allowed as {u}"),
                Err(r) => assert!(expected(&r), "{url:?} refused for the wrong reason: {r:?}"),
            }
        }
    }
}
