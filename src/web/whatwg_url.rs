//! An absolute URL's parts, by the WHATWG URL standard. In the browser the platform's own parser reads them
//! (`URL`), so the main module carries no URL parser of its own; elsewhere (native tests) the `url` crate does,
//! which follows the same standard. A test in Chromium (`tests/browser.rs`) holds the two to the same answers on
//! hostile input. Scheme, path, query and fragment are read from the serialization both write, because `URL`'s
//! `search` and `hash` cannot tell an empty query or fragment from none.

/// A parsed absolute URL: its serialization and the parts the app's checks read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl {
    href: String,
    /// Lower-case, an IPv6 address in brackets; empty when the URL has none (`mailto:`).
    host: String,
    /// `None` for the scheme's default port.
    port: Option<u16>,
    /// A user name or password before the host.
    credentials: bool,
}

/// Why a text is not a URL the app accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not an absolute URL by the standard.
    NotAbsolute,
    /// The standard would rewrite the host (an international name into punycode, percent escapes, another form of
    /// an IP address): a host must be written as it is meant. The `url` crate refuses international names here
    /// anyway (its IDNA support is the ASCII-only one), so both parsers refuse every such host.
    RewrittenHost,
}

impl WebUrl {
    pub fn parse(text: &str) -> Result<WebUrl, UrlProblem> {
        #[cfg(target_arch = "wasm32")]
        let url = by_browser(text);
        #[cfg(not(target_arch = "wasm32"))]
        let url = by_url_crate(text);
        url
    }

    /// The serialization, as the standard writes it.
    pub fn as_str(&self) -> &str {
        &self.href
    }

    /// `https`, `http`, `javascript`, … (lower-case, without the colon).
    pub fn scheme(&self) -> &str {
        self.href.split(':').next().unwrap_or_default()
    }

    pub fn host_str(&self) -> Option<&str> {
        (!self.host.is_empty()).then_some(self.host.as_str())
    }

    pub fn port(&self) -> Option<u16> {
        self.port
    }

    pub fn has_credentials(&self) -> bool {
        self.credentials
    }

    /// `scheme://host[:port]`.
    pub fn origin(&self) -> String {
        match self.port {
            Some(p) => format!("{}://{}:{p}", self.scheme(), self.host),
            None => format!("{}://{}", self.scheme(), self.host),
        }
    }

    /// The serialization without its query and fragment.
    pub fn without_query(&self) -> &str {
        let end = self.href.find(['?', '#']).unwrap_or(self.href.len());
        &self.href[..end]
    }

    /// Where the path starts in the serialization: after `scheme://authority`, or after `scheme:`.
    fn path_start(&self) -> usize {
        let after_scheme = self.scheme().len() + 1;
        match self.href[after_scheme..].strip_prefix("//") {
            Some(rest) => after_scheme + 2 + rest.find(['/', '?', '#']).unwrap_or(rest.len()),
            None => after_scheme,
        }
    }

    pub fn path(&self) -> &str {
        &self.without_query()[self.path_start()..]
    }

    pub fn query(&self) -> Option<&str> {
        let before_fragment = self.href.split('#').next().unwrap_or_default();
        before_fragment.split_once('?').map(|(_, q)| q)
    }

    pub fn fragment(&self) -> Option<&str> {
        self.href.split_once('#').map(|(_, f)| f)
    }

    /// The same URL with the trailing slashes of its path removed (`https://a.example/x/` → `…/x`), parsed again,
    /// as setting the path would (a special scheme's empty path is `/`).
    pub fn trim_trailing_slashes(&self) -> WebUrl {
        let (start, end) = (self.path_start(), self.without_query().len());
        let text =
            format!("{}{}{}", &self.href[..start], self.href[start..end].trim_end_matches('/'), &self.href[end..]);
        WebUrl::parse(&text).unwrap_or_else(|_| self.clone())
    }
}

impl std::fmt::Display for WebUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.href)
    }
}

/// The host as the parser gave it, unless it is not the host the text names (see [`UrlProblem::RewrittenHost`]).
fn checked(text: &str, href: String, host: String, port: Option<u16>, credentials: bool) -> Result<WebUrl, UrlProblem> {
    if !host.is_empty() && !text.to_ascii_lowercase().contains(&host) {
        return Err(UrlProblem::RewrittenHost);
    }
    Ok(WebUrl { href, host, port, credentials })
}

/// The browser's parser (`new URL(text)`).
#[cfg(target_arch = "wasm32")]
pub fn by_browser(text: &str) -> Result<WebUrl, UrlProblem> {
    let u = web_sys::Url::new(text).map_err(|_| UrlProblem::NotAbsolute)?;
    let port = match u.port() {
        p if p.is_empty() => None,
        p => Some(p.parse().map_err(|_| UrlProblem::NotAbsolute)?),
    };
    let credentials = !u.username().is_empty() || !u.password().is_empty();
    checked(text, u.href(), u.hostname(), port, credentials)
}

/// The `url` crate's parser: the app's outside a browser, and the reference the browser's is tested against.
pub fn by_url_crate(text: &str) -> Result<WebUrl, UrlProblem> {
    let u = url::Url::parse(text).map_err(|e| match e {
        url::ParseError::IdnaError => UrlProblem::RewrittenHost,
        _ => UrlProblem::NotAbsolute,
    })?;
    let credentials = !u.username().is_empty() || u.password().is_some();
    checked(text, u.to_string(), u.host_str().unwrap_or_default().to_string(), u.port(), credentials)
}

/// A query (`a=1&b=2`, with or without one leading `?`) read once by the standard's
/// `application/x-www-form-urlencoded` parser: `+` is a space, a broken escape stays as written, and bytes that
/// are not UTF-8 become U+FFFD. The browser's `URLSearchParams` in the app, the `url` crate elsewhere.
pub enum FormQuery {
    #[cfg(target_arch = "wasm32")]
    Browser(Option<web_sys::UrlSearchParams>),
    Pairs(Vec<(String, String)>),
}

impl FormQuery {
    pub fn parse(query: &str) -> FormQuery {
        #[cfg(target_arch = "wasm32")]
        let parsed = FormQuery::by_browser(query);
        #[cfg(not(target_arch = "wasm32"))]
        let parsed = FormQuery::by_url_crate(query);
        parsed
    }

    #[cfg(target_arch = "wasm32")]
    pub fn by_browser(query: &str) -> FormQuery {
        FormQuery::Browser(web_sys::UrlSearchParams::new_with_str(query).ok())
    }

    pub fn by_url_crate(query: &str) -> FormQuery {
        let q = query.strip_prefix('?').unwrap_or(query);
        FormQuery::Pairs(
            url::form_urlencoded::parse(q.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
        )
    }

    /// Every value of `name`, in order.
    pub fn values(&self, name: &str) -> Vec<String> {
        match self {
            #[cfg(target_arch = "wasm32")]
            FormQuery::Browser(params) => params
                .iter()
                .flat_map(|p| p.get_all(name).iter().filter_map(|v| v.as_string()).collect::<Vec<_>>())
                .collect(),
            FormQuery::Pairs(pairs) => pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_come_from_the_serialization() {
        let u = WebUrl::parse("HTTPS://Login.Example:8443/a/b/?x=1#frag").unwrap();
        assert_eq!(u.as_str(), "https://login.example:8443/a/b/?x=1#frag");
        assert_eq!((u.scheme(), u.host_str(), u.port()), ("https", Some("login.example"), Some(8443)));
        assert_eq!((u.path(), u.query(), u.fragment()), ("/a/b/", Some("x=1"), Some("frag")));
        assert_eq!(u.origin(), "https://login.example:8443");
        assert_eq!(u.without_query(), "https://login.example:8443/a/b/");
        assert_eq!(u.trim_trailing_slashes().as_str(), "https://login.example:8443/a/b?x=1#frag");
        let bare = WebUrl::parse("https://a.example/?#").unwrap();
        assert_eq!((bare.path(), bare.query(), bare.fragment()), ("/", Some(""), Some("")));
        assert_eq!(bare.trim_trailing_slashes().as_str(), "https://a.example/?#", "a special scheme's path is /");
        let default_port = WebUrl::parse("https://a.example:443").unwrap();
        assert_eq!((default_port.port(), default_port.as_str()), (None, "https://a.example/"));
        let script = WebUrl::parse("javascript:alert(1)").unwrap();
        assert_eq!((script.scheme(), script.host_str(), script.path()), ("javascript", None, "alert(1)"));
        assert!(WebUrl::parse("https://u:p@a.example/").unwrap().has_credentials());
    }

    #[test]
    fn relative_text_and_rewritten_hosts_are_refused() {
        for text in ["x", "/path", "//a.example/", "https://", "http://[::1"] {
            assert_eq!(WebUrl::parse(text), Err(UrlProblem::NotAbsolute), "{text}");
        }
        for text in ["https://bücher.example/", "https://%61.example/", "http://0x7f.0.0.1/", "https://[0:0::1]/"] {
            assert_eq!(WebUrl::parse(text), Err(UrlProblem::RewrittenHost), "{text}");
        }
    }
}
