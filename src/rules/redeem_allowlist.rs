//! Is this a redeem URL of *our* tenant that we may send a partner to? Microsoft documents the shape of
//! `inviteRedeemUrl` (https://learn.microsoft.com/graph/api/invitation-post, the response example):
//! `https://<login host>/redeem?rd=<https://invitations.microsoft.com/redeem/?tenant=<tenant id>&user=…&ticket=…>`.
//! The link must use the login host of the configured cloud, path `/redeem`, exactly one `rd` that is an https URL
//! on Microsoft's invitation host, and name our tenant. Anything else is refused: no open redirect, no lookalike
//! host, no userinfo trick, no other tenant's genuine invitation. The emulator (an `extraRedeemHosts` entry on
//! loopback) stands in for both hosts, with its invitation page under `/invitations/redeem/`.

use crate::web::whatwg_url::{FormQuery, WebUrl};

/// Microsoft's invitation host, inside `rd`.
pub const INVITATION_HOST: &str = "invitations.microsoft.com";

/// What a redeem link must match.
#[derive(Debug, Clone, Copy)]
pub struct RedeemPolicy<'a> {
    /// The configured authority's host (and port, if any), lower-case.
    pub login_host: &'a str,
    /// Our tenant's GUID, lower-case.
    pub tenant_id: &'a str,
    /// `extraRedeemHosts`: `host` or `host:port` (the emulator in the demo and the tests).
    pub extra_hosts: &'a [String],
}

/// Why a redeem URL is not followed.
#[derive(Debug, Clone, PartialEq)]
pub enum RedeemRefusal {
    NotAUrl,
    Scheme(String),
    Userinfo,
    Host(String),
    Path(String),
    /// No `rd`, or more than one.
    NoTarget,
    TargetNotAUrl,
    TargetScheme(String),
    TargetHost(String),
    TargetPath(String),
    /// The invitation names no tenant, or more than one.
    NoTenant,
    /// A genuine invitation, but of another organisation (its tenant id).
    OtherTenant(String),
}

fn host_port(u: &WebUrl) -> String {
    let host = u.host_str().unwrap_or_default().to_ascii_lowercase();
    match u.port() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    }
}

fn is_extra(u: &WebUrl, policy: &RedeemPolicy) -> bool {
    policy.extra_hosts.iter().any(|h| h.eq_ignore_ascii_case(&host_port(u)))
}

/// https, or http only for an extra host on loopback; never a user name.
fn check_transport(
    u: &WebUrl,
    policy: &RedeemPolicy,
    scheme: fn(String) -> RedeemRefusal,
) -> Result<(), RedeemRefusal> {
    let loopback = matches!(u.host_str(), Some("127.0.0.1") | Some("localhost") | Some("[::1]"));
    match u.scheme() {
        "https" => {}
        "http" if loopback && is_extra(u, policy) => {}
        other => return Err(scheme(other.to_string())),
    }
    if u.has_credentials() {
        return Err(RedeemRefusal::Userinfo);
    }
    Ok(())
}

/// The one value of `name` in the query, or `None` when it is missing or repeated.
fn single(u: &WebUrl, name: &str) -> Option<String> {
    let mut values = FormQuery::parse(u.query().unwrap_or_default()).values(name).into_iter();
    match (values.next(), values.next()) {
        (Some(v), None) => Some(v),
        _ => None,
    }
}

fn check_target(rd: &str, policy: &RedeemPolicy) -> Result<(), RedeemRefusal> {
    let t = WebUrl::parse(rd).map_err(|_| RedeemRefusal::TargetNotAUrl)?;
    check_transport(&t, policy, RedeemRefusal::TargetScheme)?;
    let microsoft = host_port(&t) == INVITATION_HOST;
    if !microsoft && !is_extra(&t, policy) {
        return Err(RedeemRefusal::TargetHost(host_port(&t)));
    }
    let path = if microsoft { "/redeem/" } else { "/invitations/redeem/" };
    if t.path() != path {
        return Err(RedeemRefusal::TargetPath(t.path().to_string()));
    }
    let tenant = single(&t, "tenant").ok_or(RedeemRefusal::NoTenant)?.to_ascii_lowercase();
    if tenant != policy.tenant_id {
        return Err(RedeemRefusal::OtherTenant(tenant));
    }
    Ok(())
}

pub fn check(candidate: &str, policy: &RedeemPolicy) -> Result<WebUrl, RedeemRefusal> {
    let trimmed = candidate.trim();
    if trimmed.chars().any(|c| c.is_control()) {
        return Err(RedeemRefusal::NotAUrl);
    }
    let u = WebUrl::parse(trimmed).map_err(|_| RedeemRefusal::NotAUrl)?;
    check_transport(&u, policy, RedeemRefusal::Scheme)?;
    if host_port(&u) != policy.login_host && !is_extra(&u, policy) {
        return Err(RedeemRefusal::Host(host_port(&u)));
    }
    if u.path() != "/redeem" {
        return Err(RedeemRefusal::Path(u.path().to_string()));
    }
    check_target(&single(&u, "rd").ok_or(RedeemRefusal::NoTarget)?, policy)?;
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TENANT: &str = "69997834-fa40-45da-aaaa-382c3bdc66c3";
    /// Microsoft's documented response example, with its tenant id completed.
    const REAL: &str = "https://login.microsoftonline.com/redeem?rd=https%3a%2f%2finvitations.microsoft.com%2fredeem%2f%3ftenant%3d69997834-fa40-45da-aaaa-382c3bdc66c3%26user%3d9071bfde-35e0-47d2-a582-d244ab1b4af6%26ticket%3dwCFIFW%25252frzl2A%25252fpZFZk5fCLJprpDxtcjR8s%25252fo1QZA0yQ%25253d%26ver%3d2.0";
    const EMULATOR: &str = "127.0.0.1:8400";

    fn policy(extra: &[String]) -> RedeemPolicy<'_> {
        RedeemPolicy { login_host: "login.microsoftonline.com", tenant_id: TENANT, extra_hosts: extra }
    }

    fn redeem(login: &str, rd: &str) -> String {
        let mut u = url::Url::parse(&format!("{login}/redeem")).unwrap();
        u.query_pairs_mut().append_pair("rd", rd);
        u.to_string()
    }

    #[test]
    fn microsofts_documented_link_for_our_tenant_passes() {
        assert_eq!(check(REAL, &policy(&[])).map(|u| u.to_string()), Ok(REAL.to_string()));
        let upper = REAL.replace("https://login.microsoftonline.com", "https://LOGIN.microsoftonline.COM");
        assert!(check(&upper, &policy(&[])).is_ok());
    }

    #[test]
    fn the_emulator_passes_only_when_configured() {
        let extra = vec![EMULATOR.to_string()];
        let link = redeem(
            "http://127.0.0.1:8400",
            &format!("http://127.0.0.1:8400/invitations/redeem/?tenant={TENANT}&user=1"),
        );
        let p = RedeemPolicy { login_host: EMULATOR, tenant_id: TENANT, extra_hosts: &extra };
        assert!(check(&link, &p).is_ok());
        let p = RedeemPolicy { login_host: EMULATOR, tenant_id: TENANT, extra_hosts: &[] };
        assert_eq!(check(&link, &p), Err(RedeemRefusal::Scheme("http".into())));
    }

    #[test]
    fn another_cloud_or_tenant_or_target_is_refused() {
        let ours = |rd: &str| redeem("https://login.microsoftonline.com", rd);
        let inner = format!("https://invitations.microsoft.com/redeem/?tenant={TENANT}&user=1");
        let other = "11112222-3333-4444-5555-666677778888";
        let table: Vec<(String, RedeemRefusal)> = vec![
            (
                redeem("https://login.microsoftonline.us", &inner),
                RedeemRefusal::Host("login.microsoftonline.us".into()),
            ),
            (ours(&inner.replace(TENANT, other)), RedeemRefusal::OtherTenant(other.into())),
            (ours(&format!("{inner}&tenant={other}")), RedeemRefusal::NoTenant),
            (ours("https://invitations.microsoft.com/redeem/?user=1"), RedeemRefusal::NoTenant),
            (
                ours(&inner.replace("invitations.microsoft.com", "evil.example")),
                RedeemRefusal::TargetHost("evil.example".into()),
            ),
            (ours(&inner.replace("/redeem/", "/logout/")), RedeemRefusal::TargetPath("/logout/".into())),
            (ours(&inner.replace("https:", "http:")), RedeemRefusal::TargetScheme("http".into())),
            (ours("javascript:alert(1)"), RedeemRefusal::TargetScheme("javascript".into())),
            (ours("not a url"), RedeemRefusal::TargetNotAUrl),
            (ours(&inner.replace("https://", "https://me@")), RedeemRefusal::Userinfo),
            ("https://login.microsoftonline.com/redeem".into(), RedeemRefusal::NoTarget),
            (format!("{}&rd=https%3a%2f%2fevil.example", ours(&inner)), RedeemRefusal::NoTarget),
        ];
        for (url, expected) in table {
            assert_eq!(check(&url, &policy(&[])), Err(expected), "{url}");
        }
    }

    #[test]
    fn hostile_urls_are_refused() {
        type Expect = fn(&RedeemRefusal) -> bool;
        let table: &[(&str, Expect)] = &[
            ("javascript:alert(document.domain)", |r| matches!(r, RedeemRefusal::Scheme(_))),
            ("JaVaScRiPt:alert(1)", |r| matches!(r, RedeemRefusal::Scheme(_))),
            ("java\tscript:alert(1)", |r| matches!(r, RedeemRefusal::NotAUrl)),
            ("data:text/html,<script>alert(1)</script>", |r| matches!(r, RedeemRefusal::Scheme(_))),
            ("http://login.microsoftonline.com/redeem?rd=x", |r| matches!(r, RedeemRefusal::Scheme(_))),
            ("https://login.microsoftonline.com@evil.example/redeem", |r| matches!(r, RedeemRefusal::Userinfo)),
            // WHATWG reads `\` as `/`: the rest becomes the path.
            ("https://login.microsoftonline.com\\@evil.example/redeem", |r| matches!(r, RedeemRefusal::Path(_))),
            ("https://login.microsoftonline.com./redeem", |r| matches!(r, RedeemRefusal::Host(_))),
            ("https://login.microsoftonline.com.evil.example/redeem", |r| matches!(r, RedeemRefusal::Host(_))),
            ("https://lоgin.microsoftonline.com/redeem", |r| matches!(r, RedeemRefusal::NotAUrl)),
            ("https://login.microsoftonline.com%2Fredeem@evil.example/", |r| matches!(r, RedeemRefusal::Userinfo | RedeemRefusal::NotAUrl)),
            ("https://login.microsoftonline.com:8443/redeem", |r| matches!(r, RedeemRefusal::Host(_))),
            ("https://login.microsoftonline.com/%72edeem", |r| matches!(r, RedeemRefusal::Path(_))),
            ("https://login.microsoftonline.com/common/oauth2/v2.0/logout?post_logout_redirect_uri=https://evil.example", |r| matches!(r, RedeemRefusal::Path(_))),
            ("https://login.microsoftonline.com/redeem/../evil", |r| matches!(r, RedeemRefusal::Path(_))),
            ("//evil.example/redeem", |r| matches!(r, RedeemRefusal::NotAUrl)),
            ("", |r| matches!(r, RedeemRefusal::NotAUrl)),
            ("https://login.microsoftonline.com\u{0}.evil.example/redeem", |r| matches!(r, RedeemRefusal::NotAUrl)),
        ];
        let extra = vec![EMULATOR.to_string()];
        for (url, expected) in table {
            match check(url, &policy(&extra)) {
                Ok(u) => panic!("{url:?} was allowed as {u}"),
                Err(r) => assert!(expected(&r), "{url:?} refused for the wrong reason: {r:?}"),
            }
        }
    }
}
