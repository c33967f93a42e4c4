//! Runtime settings from `config.json`, fetched at start-up so that one build serves any tenant or cloud.
//!
//! [`Config::from_json`] is pure: it parses and validates, and reports *every* problem at once so
//! that whoever edits the file can fix it in one go. The fetch itself lives in [`load`].

use crate::web::whatwg_url::{UrlProblem, WebUrl};
use serde::Deserialize;

/// The file name, relative to the page, so that a sub-path deployment finds its own copy.
pub const CONFIG_PATH: &str = "config.json";
/// The `window` property under which `index.html` starts fetching `CONFIG_PATH` early (with `cache: "no-store"`).
pub const EARLY_FETCH: &str = "__b2bConfig";

/// The Microsoft clouds: each login host with the Graph hosts that belong to it
/// (https://learn.microsoft.com/graph/deployments). Tokens go to no other pair unless `development` is set.
pub const CLOUDS: &[(&str, &[&str])] = &[
    ("login.microsoftonline.com", &["graph.microsoft.com"]),
    ("login.microsoftonline.us", &["graph.microsoft.us", "dod-graph.microsoft.us"]),
    ("login.partner.microsoftonline.cn", &["microsoftgraph.chinacloudapi.cn"]),
];

/// What is wrong with the configuration; `text` phrases it for the person who deploys the app.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigError {
    /// Not found next to the app (the HTTP status).
    Missing { status: u16 },
    /// Could not be downloaded (the browser's detail).
    Unreachable(String),
    /// Not valid JSON (the parser's detail, with line and column).
    Malformed(String),
    /// Every problem at once.
    Invalid(Vec<ConfigProblem>),
}

/// One problem in `config.json`; `field` is the JSON name, `value` what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigProblem {
    Placeholder {
        field: &'static str,
        value: String,
    },
    NotHttps {
        field: &'static str,
        value: String,
    },
    NoHost {
        field: &'static str,
        value: String,
    },
    NotAbsolute {
        field: &'static str,
        value: String,
    },
    /// A host the URL standard would rewrite (an international name, percent escapes, another form of an IP
    /// address), which the checks would then see otherwise than written.
    HostRewritten {
        field: &'static str,
        value: String,
    },
    AuthorityShape {
        value: String,
    },
    PersonalAccountsAuthority {
        segment: String,
    },
    AuthorityQuery,
    ClientIdNotGuid {
        value: String,
    },
    GraphNotV1 {
        value: String,
    },
    EmptyDisplayName,
    AccentColor {
        value: String,
    },
    LogoUrl {
        value: String,
    },
    Scope {
        value: String,
    },
    RedeemHost {
        value: String,
    },
    /// The authority names the tenant by domain (or `organizations`) and `tenantId` is missing: the partner page
    /// needs the tenant's GUID to tell our invitations from anyone else's.
    TenantIdNeeded {
        segment: String,
    },
    TenantIdNotGuid {
        value: String,
    },
    /// `tenantId` and the GUID in the authority disagree.
    TenantIdMismatch {
        authority: String,
        tenant_id: String,
    },
    /// Not one of Microsoft's login hosts.
    UnknownCloud {
        host: String,
    },
    /// A login host with another cloud's Graph.
    CloudMismatch {
        login: String,
        graph: String,
    },
    /// A scope for another resource than `graphBaseUrl`'s host.
    ScopeResource {
        value: String,
    },
    /// Loopback, http or extra redeem hosts, which only a development setup may use.
    DevelopmentOnly {
        field: &'static str,
        value: String,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawConfig {
    authority: String,
    client_id: String,
    #[serde(default)]
    tenant_id: Option<String>,
    graph_base_url: String,
    #[serde(default)]
    redirect_uri: Option<String>,
    #[serde(default)]
    post_logout_redirect_uri: Option<String>,
    #[serde(default)]
    scopes: Vec<String>,
    organization: RawOrganization,
    default_invite_redirect_url: String,
    #[serde(default)]
    extra_redeem_hosts: Vec<String>,
    #[serde(default)]
    direct_federation_domains: Vec<String>,
    #[serde(default)]
    development: bool,
    #[serde(default, rename = "$schema")]
    _schema: Option<String>,
    #[serde(default, rename = "_comment")]
    _comment: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawOrganization {
    display_name: String,
    #[serde(default)]
    logo_url: Option<String>,
    #[serde(default)]
    accent_color: Option<String>,
    #[serde(default)]
    support_contact: Option<String>,
}

/// The organisation shown to admins and partners.
#[derive(Debug, Clone, PartialEq)]
pub struct Branding {
    pub display_name: String,
    pub logo_url: Option<String>,
    pub accent_color: Option<String>,
    pub support_contact: Option<String>,
}

/// Validated settings. Every URL here has been parsed and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// e.g. `https://login.microsoftonline.com/<tenant>`; no trailing slash.
    pub authority: WebUrl,
    pub client_id: String,
    /// The tenant's GUID: the authority's when it is one, else `tenantId`. Redeem links must name it.
    pub tenant_id: String,
    /// e.g. `https://graph.microsoft.com/v1.0`; no trailing slash.
    pub graph_base_url: WebUrl,
    /// `None` means "the page's own URL without query or fragment", resolved at run time.
    pub redirect_uri: Option<WebUrl>,
    pub post_logout_redirect_uri: Option<WebUrl>,
    /// Graph scopes, fully qualified. The OIDC scopes are added by the sign-in code.
    pub scopes: Vec<String>,
    pub organization: Branding,
    pub default_invite_redirect_url: WebUrl,
    /// Hosts besides Microsoft's login hosts that may serve redeem links (the emulator in the demo).
    pub extra_redeem_hosts: Vec<String>,
    pub direct_federation_domains: Vec<String>,
    /// A development setup (the emulator): loopback and http allowed, and a banner on every page says so.
    pub development: bool,
}

/// Scopes used when config.json names none: what the invite, conversion and access-package views need.
pub fn default_scopes(graph_origin: &str) -> Vec<String> {
    ["User.Invite.All", "User.Read.All", "EntitlementManagement.Read.All"]
        .iter()
        .map(|s| format!("{graph_origin}/{s}"))
        .collect()
}

/// True for `https` anywhere, and `http` only on a loopback host (as Entra allows for redirect URIs).
pub fn is_secure_or_loopback(url: &WebUrl) -> bool {
    match url.scheme() {
        "https" => true,
        "http" => matches!(url.host_str(), Some("localhost") | Some("127.0.0.1") | Some("[::1]")),
        _ => false,
    }
}

fn check_url(field: &'static str, value: &str, problems: &mut Vec<ConfigProblem>) -> Option<WebUrl> {
    let value_owned = || value.to_string();
    match WebUrl::parse(value.trim()) {
        Ok(url) if !is_secure_or_loopback(&url) => {
            problems.push(ConfigProblem::NotHttps { field, value: value_owned() });
            None
        }
        Ok(url) if url.host_str().is_none() => {
            problems.push(ConfigProblem::NoHost { field, value: value_owned() });
            None
        }
        Ok(url) => Some(url),
        Err(UrlProblem::NotAbsolute) => {
            problems.push(ConfigProblem::NotAbsolute { field, value: value_owned() });
            None
        }
        Err(UrlProblem::RewrittenHost) => {
            problems.push(ConfigProblem::HostRewritten { field, value: value_owned() });
            None
        }
    }
}

fn strip_trailing_slash(url: WebUrl) -> WebUrl {
    url.trim_trailing_slashes()
}

fn looks_like_placeholder(value: &str) -> bool {
    value.contains('<')
        || value.contains('>')
        || value.contains("YOUR_")
        || value.contains("00000000-0000-0000-0000-000000000000")
}

fn is_guid(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The authority: an absolute URL with exactly one path segment, the tenant, and not a personal-account one.
fn check_authority(value: &str, problems: &mut Vec<ConfigProblem>) -> Option<WebUrl> {
    let authority = check_url("authority", value, problems).map(strip_trailing_slash)?;
    let segments: Vec<&str> = authority.path().split('/').filter(|p| !p.is_empty()).collect();
    if segments.len() != 1 {
        problems.push(ConfigProblem::AuthorityShape { value: value.to_string() });
    } else if segments[0] == "common" || segments[0] == "consumers" {
        problems.push(ConfigProblem::PersonalAccountsAuthority { segment: segments[0].to_string() });
    }
    if authority.query().is_some() || authority.fragment().is_some() {
        problems.push(ConfigProblem::AuthorityQuery);
    }
    Some(authority)
}

/// Tokens and Graph calls stay within one Microsoft cloud; anything else needs `"development": true`.
fn check_cloud(authority: &WebUrl, graph: &WebUrl, raw: &RawConfig, problems: &mut Vec<ConfigProblem>) {
    let host = |u: &WebUrl| u.host_str().unwrap_or_default().to_ascii_lowercase();
    // The emulator stands in for Graph on its own host but takes Microsoft's scope names.
    if raw.development {
        return;
    }
    let graph_origin = graph.origin();
    for scope in raw.scopes.iter().map(|s| s.trim()) {
        if !scope.starts_with(&format!("{graph_origin}/")) {
            problems.push(ConfigProblem::ScopeResource { value: scope.to_string() });
        }
    }
    for (field, url) in [("authority", authority), ("graphBaseUrl", graph)] {
        if url.scheme() != "https" {
            problems.push(ConfigProblem::DevelopmentOnly { field, value: url.as_str().to_string() });
        }
    }
    if let Some(h) = raw.extra_redeem_hosts.first() {
        problems.push(ConfigProblem::DevelopmentOnly { field: "extraRedeemHosts", value: h.clone() });
    }
    match CLOUDS.iter().find(|(login, _)| *login == host(authority)) {
        None => problems.push(ConfigProblem::UnknownCloud { host: host(authority) }),
        Some((login, graphs)) if !graphs.contains(&host(graph).as_str()) => {
            problems.push(ConfigProblem::CloudMismatch { login: login.to_string(), graph: host(graph) })
        }
        Some(_) => {}
    }
}

/// The tenant's GUID, lower-case: from the authority, or from `tenantId` when the authority names a domain.
fn check_tenant_id(authority: &WebUrl, tenant_id: Option<&str>, problems: &mut Vec<ConfigProblem>) -> Option<String> {
    let segment = authority.path().trim_matches('/').to_ascii_lowercase();
    let given = tenant_id.map(|t| t.trim().to_ascii_lowercase()).filter(|t| !t.is_empty());
    if let Some(t) = given.as_ref().filter(|t| !is_guid(t)) {
        problems.push(ConfigProblem::TenantIdNotGuid { value: t.clone() });
        return None;
    }
    match (is_guid(&segment), given) {
        (true, Some(t)) if t != segment => {
            problems.push(ConfigProblem::TenantIdMismatch { authority: segment, tenant_id: t });
            None
        }
        (true, _) => Some(segment),
        (false, Some(t)) => Some(t),
        // The authority's own problem is reported already.
        (false, None)
            if problems.iter().any(|p| {
                matches!(
                    p,
                    ConfigProblem::Placeholder { field: "authority", .. } | ConfigProblem::AuthorityShape { .. }
                )
            }) =>
        {
            None
        }
        (false, None) => {
            problems.push(ConfigProblem::TenantIdNeeded { segment });
            None
        }
    }
}

fn check_branding(org: &RawOrganization, problems: &mut Vec<ConfigProblem>) {
    if org.display_name.trim().is_empty() {
        problems.push(ConfigProblem::EmptyDisplayName);
    }
    if let Some(color) = &org.accent_color {
        let hex = color.strip_prefix('#').unwrap_or("");
        if !(hex.len() == 6 || hex.len() == 3) || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            problems.push(ConfigProblem::AccentColor { value: color.clone() });
        }
    }
    if let Some(logo) = &org.logo_url {
        let relative_ok = !logo.contains(':') && !logo.starts_with("//");
        if !relative_ok && WebUrl::parse(logo).map(|u| u.scheme() != "https").unwrap_or(true) {
            problems.push(ConfigProblem::LogoUrl { value: logo.clone() });
        }
    }
}

fn check_lists(raw: &RawConfig, problems: &mut Vec<ConfigProblem>) {
    for scope in &raw.scopes {
        if scope.trim().is_empty() || scope.contains(' ') {
            problems.push(ConfigProblem::Scope { value: scope.clone() });
        }
    }
    for host in &raw.extra_redeem_hosts {
        let ok = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:".contains(c));
        if !ok {
            problems.push(ConfigProblem::RedeemHost { value: host.clone() });
        }
    }
}

impl Config {
    /// Parses and validates the text of `config.json`.
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = serde_json::from_str(text).map_err(|e| ConfigError::Malformed(e.to_string()))?;
        let mut problems = Vec::new();
        for (field, value) in [
            ("authority", &raw.authority),
            ("clientId", &raw.client_id),
            ("organization.displayName", &raw.organization.display_name),
        ] {
            if looks_like_placeholder(value) {
                problems.push(ConfigProblem::Placeholder { field, value: value.clone() });
            }
        }
        let authority = check_authority(&raw.authority, &mut problems);
        let tenant_id = authority.as_ref().and_then(|a| check_tenant_id(a, raw.tenant_id.as_deref(), &mut problems));
        if !looks_like_placeholder(&raw.client_id) && !is_guid(raw.client_id.trim()) {
            problems.push(ConfigProblem::ClientIdNotGuid { value: raw.client_id.clone() });
        }
        let graph_base_url = check_url("graphBaseUrl", &raw.graph_base_url, &mut problems).map(strip_trailing_slash);
        if graph_base_url.as_ref().is_some_and(|g| !g.path().ends_with("/v1.0")) {
            problems.push(ConfigProblem::GraphNotV1 { value: raw.graph_base_url.clone() });
        }
        let redirect_uri = raw.redirect_uri.as_deref().and_then(|v| check_url("redirectUri", v, &mut problems));
        let post_logout_redirect_uri =
            raw.post_logout_redirect_uri.as_deref().and_then(|v| check_url("postLogoutRedirectUri", v, &mut problems));
        let default_invite_redirect_url =
            check_url("defaultInviteRedirectUrl", &raw.default_invite_redirect_url, &mut problems);
        check_branding(&raw.organization, &mut problems);
        check_lists(&raw, &mut problems);
        if let (Some(a), Some(g)) = (&authority, &graph_base_url) {
            check_cloud(a, g, &raw, &mut problems);
        }

        match (authority, tenant_id, graph_base_url, default_invite_redirect_url) {
            (Some(authority), Some(tenant_id), Some(graph_base_url), Some(default_invite_redirect_url))
                if problems.is_empty() =>
            {
                let scopes = if raw.scopes.is_empty() {
                    default_scopes(&graph_base_url.origin())
                } else {
                    raw.scopes.iter().map(|s| s.trim().to_string()).collect()
                };
                Ok(Config {
                    authority,
                    client_id: raw.client_id.trim().to_string(),
                    tenant_id,
                    graph_base_url,
                    redirect_uri,
                    post_logout_redirect_uri,
                    scopes,
                    organization: Branding {
                        display_name: raw.organization.display_name.trim().to_string(),
                        logo_url: raw.organization.logo_url,
                        accent_color: raw.organization.accent_color,
                        support_contact: raw.organization.support_contact,
                    },
                    default_invite_redirect_url,
                    extra_redeem_hosts: raw.extra_redeem_hosts.iter().map(|h| h.to_ascii_lowercase()).collect(),
                    direct_federation_domains: raw
                        .direct_federation_domains
                        .iter()
                        .map(|d| d.trim().to_ascii_lowercase())
                        .collect(),
                    development: raw.development,
                })
            }
            _ => Err(ConfigError::Invalid(problems)),
        }
    }

    /// The tenant segment of the authority (`contoso.onmicrosoft.com`, a GUID or `organizations`).
    pub fn tenant(&self) -> String {
        self.authority.path().trim_matches('/').to_string()
    }

    /// How My Access names this tenant: the authority's tenant (a domain or the GUID), or `tenantId` when
    /// the authority says `organizations`.
    pub fn directory_hint(&self) -> String {
        match self.tenant() {
            t if t.eq_ignore_ascii_case("organizations") || t.is_empty() => self.tenant_id.clone(),
            t => t,
        }
    }

    /// The login host (and port, if any) of the authority, for messages such as "cannot reach …".
    pub fn login_host(&self) -> String {
        let host = self.authority.host_str().unwrap_or_default();
        match self.authority.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        }
    }
}

/// Fetches and validates `config.json` from beside the page.
pub async fn load() -> Result<Config, ConfigError> {
    use gloo_net::http::{Request, Response};
    use wasm_bindgen::JsCast;
    let response = match crate::web::browser::take_early_promise(EARLY_FETCH) {
        // index.html started the request while the module was still downloading.
        Some(started) => wasm_bindgen_futures::JsFuture::from(started)
            .await
            .map_err(|e| ConfigError::Unreachable(crate::web::browser::js_error_text(&e)))?
            .dyn_into::<web_sys::Response>()
            .map(Response::from)
            .map_err(|_| ConfigError::Unreachable(String::new()))?,
        // no-store: an edited config must take effect on the next reload, whatever the host's caching.
        None => Request::get(CONFIG_PATH)
            .cache(web_sys::RequestCache::NoStore)
            .send()
            .await
            .map_err(|e| ConfigError::Unreachable(e.to_string()))?,
    };
    if !response.ok() {
        return Err(ConfigError::Missing { status: response.status() });
    }
    let text = response.text().await.map_err(|e| ConfigError::Unreachable(e.to_string()))?;
    Config::from_json(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const GOOD: &str = r##"{
        "authority": "https://login.microsoftonline.com/contoso.onmicrosoft.com/",
        "clientId": "00001111-aaaa-2222-bbbb-3333cccc4444",
        "tenantId": "AAAABBBB-0000-CCCC-1111-DDDD2222EEEE",
        "graphBaseUrl": "https://graph.microsoft.com/v1.0/",
        "organization": { "displayName": "Contoso", "accentColor": "#0f6cbd" },
        "defaultInviteRedirectUrl": "https://myapps.microsoft.com/?tenantid=contoso.onmicrosoft.com"
    }"##;

    fn with(field: &str, value: serde_json::Value) -> String {
        let mut v: serde_json::Value = serde_json::from_str(GOOD).unwrap();
        v[field] = value;
        v.to_string()
    }

    fn problems(text: &str) -> Vec<ConfigProblem> {
        match Config::from_json(text) {
            Err(ConfigError::Invalid(p)) => p,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn good_config_is_normalised() {
        let c = Config::from_json(GOOD).unwrap();
        assert_eq!(c.authority.as_str(), "https://login.microsoftonline.com/contoso.onmicrosoft.com");
        assert_eq!(c.graph_base_url.as_str(), "https://graph.microsoft.com/v1.0");
        assert_eq!(c.tenant(), "contoso.onmicrosoft.com");
        assert_eq!(c.login_host(), "login.microsoftonline.com");
        assert_eq!(
            c.scopes,
            vec![
                "https://graph.microsoft.com/User.Invite.All",
                "https://graph.microsoft.com/User.Read.All",
                "https://graph.microsoft.com/EntitlementManagement.Read.All"
            ]
        );
        assert_eq!(c.organization.display_name, "Contoso");
        assert!(c.redirect_uri.is_none());
    }

    #[test]
    fn sovereign_cloud_scopes_follow_the_graph_host() {
        let mut v: serde_json::Value = serde_json::from_str(GOOD).unwrap();
        v["authority"] = "https://login.microsoftonline.us/contoso.onmicrosoft.us".into();
        v["graphBaseUrl"] = "https://graph.microsoft.us/v1.0".into();
        let c = Config::from_json(&v.to_string()).unwrap();
        assert!(c.scopes.iter().all(|s| s.starts_with("https://graph.microsoft.us/")));
    }

    #[test]
    fn tokens_stay_within_one_microsoft_cloud() {
        let pair = |login: &str, graph: &str| {
            let mut v: serde_json::Value = serde_json::from_str(GOOD).unwrap();
            v["authority"] = format!("https://{login}/contoso.example").into();
            v["graphBaseUrl"] = format!("https://{graph}/v1.0").into();
            v.to_string()
        };
        for (login, graph) in [
            ("login.microsoftonline.us", "dod-graph.microsoft.us"),
            ("login.partner.microsoftonline.cn", "microsoftgraph.chinacloudapi.cn"),
        ] {
            assert!(Config::from_json(&pair(login, graph)).is_ok(), "{login} + {graph}");
        }
        assert_eq!(
            problems(&pair("login.microsoftonline.com", "graph.microsoft.us")),
            vec![ConfigProblem::CloudMismatch {
                login: "login.microsoftonline.com".into(),
                graph: "graph.microsoft.us".into()
            }]
        );
        assert_eq!(
            problems(&pair("login.evil.example", "graph.microsoft.com")),
            vec![ConfigProblem::UnknownCloud { host: "login.evil.example".into() }]
        );
        let scopes = with(
            "scopes",
            serde_json::json!([
                "https://graph.microsoft.com/User.Invite.All",
                "https://evil.example/.default",
                "User.Read"
            ]),
        );
        assert_eq!(
            problems(&scopes),
            vec![
                ConfigProblem::ScopeResource { value: "https://evil.example/.default".into() },
                ConfigProblem::ScopeResource { value: "User.Read".into() },
            ]
        );
    }

    #[test]
    fn malformed_json_is_reported_with_position() {
        match Config::from_json("{ \"authority\": ") {
            Err(ConfigError::Malformed(msg)) => assert!(msg.contains("line 1"), "{msg}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_field_is_a_typo_not_silence() {
        let text = with("clientID", "x".into());
        assert!(matches!(Config::from_json(&text), Err(ConfigError::Malformed(m)) if m.contains("clientID")));
    }

    #[test]
    fn every_problem_is_listed_at_once() {
        let mut v: serde_json::Value = serde_json::from_str(GOOD).unwrap();
        v["authority"] = "http://login.microsoftonline.com/contoso".into();
        v["clientId"] = "not-a-guid".into();
        v["graphBaseUrl"] = "https://graph.microsoft.com/beta".into();
        v["defaultInviteRedirectUrl"] = "javascript:alert(1)".into();
        assert_eq!(
            problems(&v.to_string()),
            vec![
                ConfigProblem::NotHttps {
                    field: "authority",
                    value: "http://login.microsoftonline.com/contoso".into()
                },
                ConfigProblem::ClientIdNotGuid { value: "not-a-guid".into() },
                ConfigProblem::GraphNotV1 { value: "https://graph.microsoft.com/beta".into() },
                ConfigProblem::NotHttps { field: "defaultInviteRedirectUrl", value: "javascript:alert(1)".into() },
            ]
        );
    }

    #[test]
    fn placeholders_are_called_out() {
        let text = with("clientId", "<your-client-id>".into());
        assert_eq!(
            problems(&text),
            vec![ConfigProblem::Placeholder { field: "clientId", value: "<your-client-id>".into() }]
        );
    }

    #[test]
    fn authority_rules() {
        assert_eq!(
            problems(&with("authority", "https://login.microsoftonline.com".into())),
            vec![ConfigProblem::AuthorityShape { value: "https://login.microsoftonline.com".into() }]
        );
        assert_eq!(
            problems(&with("authority", "https://login.microsoftonline.com/common".into())),
            vec![ConfigProblem::PersonalAccountsAuthority { segment: "common".into() }]
        );
        let loopback = "http://127.0.0.1:8400/contoso.onmicrosoft.com";
        assert_eq!(
            problems(&with("authority", loopback.into())),
            vec![
                ConfigProblem::DevelopmentOnly { field: "authority", value: loopback.into() },
                ConfigProblem::UnknownCloud { host: "127.0.0.1".into() },
            ]
        );
        let mut dev: serde_json::Value = serde_json::from_str(&with("authority", loopback.into())).unwrap();
        dev["development"] = true.into();
        let c = Config::from_json(&dev.to_string()).unwrap();
        assert!(c.development);
        assert!(Config::from_json(&with("authority", "https://login.microsoftonline.com/organizations".into())).is_ok());
    }

    #[test]
    fn the_tenant_id_comes_from_a_guid_authority_or_from_tenant_id() {
        const GUID: &str = "aaaabbbb-0000-cccc-1111-dddd2222eeee";
        assert_eq!(Config::from_json(GOOD).unwrap().tenant_id, GUID, "tenantId, lower-cased");
        let mut v: serde_json::Value = serde_json::from_str(GOOD).unwrap();
        v.as_object_mut().unwrap().remove("tenantId");
        assert_eq!(
            problems(&v.to_string()),
            vec![ConfigProblem::TenantIdNeeded { segment: "contoso.onmicrosoft.com".into() }]
        );
        v["authority"] = format!("https://login.microsoftonline.com/{GUID}").into();
        assert_eq!(Config::from_json(&v.to_string()).unwrap().tenant_id, GUID);
        v["tenantId"] = "11112222-3333-4444-5555-666677778888".into();
        assert_eq!(
            problems(&v.to_string()),
            vec![ConfigProblem::TenantIdMismatch {
                authority: GUID.into(),
                tenant_id: "11112222-3333-4444-5555-666677778888".into()
            }]
        );
        assert_eq!(
            problems(&with("tenantId", "contoso".into())),
            vec![ConfigProblem::TenantIdNotGuid { value: "contoso".into() }]
        );
    }

    #[test]
    fn colours_logos_and_hosts_are_checked() {
        let mut v: serde_json::Value = serde_json::from_str(GOOD).unwrap();
        v["organization"]["accentColor"] = "red; background:url(x)".into();
        v["organization"]["logoUrl"] = "javascript:alert(1)".into();
        v["extraRedeemHosts"] = serde_json::json!(["evil.example/redeem"]);
        v["development"] = true.into();
        assert_eq!(
            problems(&v.to_string()),
            vec![
                ConfigProblem::AccentColor { value: "red; background:url(x)".into() },
                ConfigProblem::LogoUrl { value: "javascript:alert(1)".into() },
                ConfigProblem::RedeemHost { value: "evil.example/redeem".into() },
            ]
        );
        v["organization"]["accentColor"] = "#abc".into();
        v["organization"]["logoUrl"] = "logo.svg".into();
        v["extraRedeemHosts"] = serde_json::json!(["127.0.0.1:8400"]);
        assert!(Config::from_json(&v.to_string()).is_ok());
    }

    #[test]
    fn secure_or_loopback() {
        for (url, ok) in [
            ("https://a.example/", true),
            ("http://localhost:8080/", true),
            ("http://127.0.0.1/", true),
            ("http://intranet/", false),
            ("ftp://a.example/", false),
            ("javascript:alert(1)", false),
        ] {
            assert_eq!(is_secure_or_loopback(&WebUrl::parse(url).unwrap()), ok, "{url}");
        }
    }
}
