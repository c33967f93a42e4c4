//! Headless Chromium through chromedriver, found by role and accessible name as a screen reader would.
//!
//! Candidates come from a CSS selector per role; Chromium's own accessibility tree then decides, through
//! WebDriver's `computedrole` and `computedlabel` endpoints, whether each one has that role and name.

use crate::process::Guard;
use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What Rust view code looks like in a page's text (a JavaScript regular expression): a signal read, a
/// closure, an event binding, a match arm, an ignored argument, a signal write.
pub const CODE_LIKE: &str = r"\.get\(\)|move \||\bon:[a-z]+|=>|\|_\||\.set\(";

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T> = std::result::Result<T, Error>;

/// How long a query waits for the page to show what it looks for.
pub const WAIT: Duration = Duration::from_secs(15);

#[derive(Debug)]
struct ElementQuery {
    element: String,
    what: &'static str,
}

impl WebDriverCompatibleCommand for ElementQuery {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> std::result::Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/element/{}/{}", session.unwrap_or_default(), self.element, self.what))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::GET, None)
    }
}

/// A POST to one of ChromeDriver's session extensions: `se/log` (the console), `permissions` (the Permissions
/// API's WebDriver extension), `goog/cdp/execute` (a DevTools Protocol command, for benchmark throttling).
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: Value,
}

impl SessionPost {
    fn browser_log() -> SessionPost {
        SessionPost { path: "se/log", body: json!({"type": "browser"}) }
    }
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> std::result::Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/{}", session.unwrap_or_default(), self.path))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// CSS candidates for an ARIA role (native elements and explicit roles).
fn candidates(role: &str) -> String {
    match role {
        // Chromium gives a file input the button role, named by its label.
        "button" => "button, [role=button], input[type=submit], input[type=button], input[type=reset], input[type=file]".into(),
        "spinbutton" => "input[type=number], [role=spinbutton]".into(),
        "progressbar" => "progress, [role=progressbar]".into(),
        "link" => "a[href], [role=link]".into(),
        "heading" => "h1, h2, h3, h4, h5, h6, [role=heading]".into(),
        "textbox" => "input:not([type]), input[type=text], input[type=email], input[type=url], input[type=tel], input[type=password], textarea, [role=textbox]".into(),
        "searchbox" => "input[type=search], [role=searchbox]".into(),
        "checkbox" => "input[type=checkbox], [role=checkbox], [role=switch]".into(),
        "radio" => "input[type=radio], [role=radio]".into(),
        "combobox" => "select, [role=combobox]".into(),
        "navigation" => "nav, [role=navigation]".into(),
        "alert" => "[role=alert]".into(),
        "status" => "[role=status], output".into(),
        "img" => "img, svg, [role=img]".into(),
        other => format!("[role={other}]"),
    }
}

/// Chromium reports ARIA 1.3's `image` for `img`; both name the same role.
fn same_role(computed: &str, wanted: &str) -> bool {
    computed == wanted || matches!((computed, wanted), ("image", "img") | ("img", "image"))
}

/// A reference to an element the page has since re-rendered: look again instead of failing.
fn is_stale(e: &Error) -> bool {
    let text = e.to_string();
    // ChromeDriver says one of these, depending on whether the node went before or during the query, or
    // with a navigation that replaced the whole document.
    text.contains("stale element")
        || text.contains("does not belong to the document")
        || text.contains("No node found for given backend id")
}

/// Whether cookies go with requests from a frame of another site (a sign-in service's hidden iframe).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThirdPartyCookies {
    /// This Chromium's default.
    Blocked,
    /// As in a browser where silent sign-in in an iframe works.
    Allowed,
}

pub struct Browser {
    pub client: Client,
    /// Dropped in this order: the driver (and with it Chromium) stops, then the profile goes.
    _driver: Guard,
    _profile: Profile,
}

/// A browser profile's folder, removed when the browser is dropped: also when a test fails before `close`.
struct Profile(PathBuf);

impl Drop for Profile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Browser {
    /// Starts chromedriver on a free port and a fresh headless Chromium profile.
    pub async fn start() -> Result<Browser> {
        Browser::start_with(&[], ThirdPartyCookies::Blocked).await
    }

    /// Like [`Browser::start`], with more Chromium switches (e.g. trusting the emulator's certificate)
    /// and the third-party cookie setting.
    pub async fn start_with(extra_args: &[String], cookies: ThirdPartyCookies) -> Result<Browser> {
        Browser::launch(extra_args, cookies, None).await
    }

    /// A fresh browser whose languages (`navigator.languages`, `Accept-Language`) are `languages`, as a
    /// person's whose system speaks them, e.g. `"zh-TW,zh"` or `"de"`.
    pub async fn start_in_language(languages: &str) -> Result<Browser> {
        let primary = languages.split(',').next().unwrap_or(languages);
        Browser::launch(&[format!("--lang={primary}")], ThirdPartyCookies::Blocked, Some(languages)).await
    }

    async fn launch(extra_args: &[String], cookies: ThirdPartyCookies, languages: Option<&str>) -> Result<Browser> {
        let driver_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = crate::free_port()?;
        let child = std::process::Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {driver_bin}: {e}"))?;
        let profile = std::env::temp_dir().join(format!("b2b-e2e-profile-{}-{port}", std::process::id()));
        let driver = Guard::new(child, Some(profile.display().to_string()));
        let caps = json!({
            "browserName": "chrome",
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--window-size=1280,1000",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        let mut caps = caps;
        if let Some(args) = caps["goog:chromeOptions"]["args"].as_array_mut() {
            args.extend(extra_args.iter().map(|a| json!(a)));
        }
        if cookies == ThirdPartyCookies::Allowed {
            // Chrome's "Allow third-party cookies" setting (profile.cookie_controls_mode 0).
            caps["goog:chromeOptions"]["prefs"]["profile.cookie_controls_mode"] = json!(0);
        }
        if let Some(languages) = languages {
            caps["goog:chromeOptions"]["prefs"]["intl.accept_languages"] = json!(languages);
        }
        let caps = match caps {
            Value::Object(m) => m,
            _ => unreachable!("literal object"),
        };
        let started = Instant::now();
        let client = loop {
            let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
            builder.capabilities(caps.clone());
            match builder.connect(&format!("http://127.0.0.1:{port}")).await {
                Ok(c) => break c,
                Err(e) if started.elapsed() < Duration::from_secs(20) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => return Err(format!("chromedriver did not start a session: {e}").into()),
            }
        };
        Ok(Browser { client, _driver: driver, _profile: Profile(profile) })
    }

    pub async fn goto(&self, url: &str) -> Result<()> {
        Ok(self.client.goto(url).await?)
    }

    pub async fn url(&self) -> Result<String> {
        Ok(self.client.current_url().await?.to_string())
    }

    pub async fn reload(&self) -> Result<()> {
        Ok(self.client.refresh().await?)
    }

    async fn computed(&self, el: &Element, what: &'static str) -> Result<String> {
        let v = self.client.issue_cmd(ElementQuery { element: el.element_id().to_string(), what }).await?;
        Ok(v.as_str().unwrap_or_default().trim().to_string())
    }

    /// Every visible element with this ARIA role and accessible name right now.
    pub async fn all_by_role(&self, role: &str, name: &str) -> Result<Vec<Element>> {
        let mut out = Vec::new();
        for el in self.client.find_all(Locator::Css(&candidates(role))).await? {
            if !el.is_displayed().await.unwrap_or(false) {
                continue;
            }
            if !same_role(&self.computed(&el, "computedrole").await?, role) {
                continue;
            }
            if self.computed(&el, "computedlabel").await? == name.trim() {
                out.push(el);
            }
        }
        Ok(out)
    }

    /// Whether no element with this role and name is shown right now. A read that met a node the page was
    /// re-rendering answers "not yet", so a polling caller looks again rather than failing or passing early.
    pub async fn absent(&self, role: &str, name: &str) -> Result<bool> {
        match self.all_by_role(role, name).await {
            Ok(found) => Ok(found.is_empty()),
            Err(e) if is_stale(&e) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Waits for exactly one element with this role and accessible name.
    pub async fn by_role(&self, role: &str, name: &str) -> Result<Element> {
        let started = Instant::now();
        loop {
            let mut found = match self.all_by_role(role, name).await {
                Ok(found) => found,
                // The page was re-rendering or navigating: look again, within the same deadline.
                Err(e) if is_stale(&e) && started.elapsed() <= WAIT => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
                Err(e) => return Err(e),
            };
            match found.len() {
                1 => return Ok(found.remove(0)),
                n if started.elapsed() > WAIT => {
                    let names = self.names_of(role).await.unwrap_or_default();
                    return Err(format!(
                        "expected one {role} named {name:?}, found {n}; {role}s on the page: {names:?}"
                    )
                    .into());
                }
                _ => tokio::time::sleep(Duration::from_millis(150)).await,
            }
        }
    }

    /// The accessible names of every visible element with this role (for error messages and assertions).
    pub async fn names_of(&self, role: &str) -> Result<Vec<String>> {
        let mut names = Vec::new();
        for el in self.client.find_all(Locator::Css(&candidates(role))).await? {
            if el.is_displayed().await.unwrap_or(false) && same_role(&self.computed(&el, "computedrole").await?, role) {
                names.push(self.computed(&el, "computedlabel").await?);
            }
        }
        Ok(names)
    }

    /// Waits until no element with this role and name is visible.
    pub async fn gone(&self, role: &str, name: &str) -> Result<()> {
        let started = Instant::now();
        loop {
            if self.absent(role, name).await? {
                return Ok(());
            }
            if started.elapsed() > WAIT {
                return Err(format!("{role} {name:?} is still shown").into());
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// The visible text of the page body.
    pub async fn page_text(&self) -> Result<String> {
        let text = self.script("return document.body ? document.body.innerText : ''").await?;
        Ok(text.as_str().unwrap_or_default().to_string())
    }

    /// The lines of what the page shows (its text and the names in `aria-label`, `title`, `placeholder` and
    /// `alt`) that look like Rust view code: a `view!` attribute whose `<` or `>` closed its tag early shows
    /// the rest of the attribute as text, and its handler is never attached.
    pub async fn leaked_code(&self) -> Result<Vec<String>> {
        let js = format!(
            "const re = /{CODE_LIKE}/, texts = [document.body ? document.body.innerText : ''], seen = []; \
             for (const el of document.querySelectorAll('*')) for (const a of ['aria-label', 'title', 'placeholder', 'alt']) \
               {{ const v = el.getAttribute(a); if (v) texts.push(v); }} \
             for (const t of texts) for (const line of t.split('\\n')) if (re.test(line)) seen.push(line.trim()); \
             return seen;"
        );
        let found = self.script(&js).await?;
        Ok(found.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_string)).collect())
    }

    /// Waits until the page shows this text.
    pub async fn wait_for_text(&self, text: &str) -> Result<()> {
        let started = Instant::now();
        loop {
            let body = self.page_text().await.unwrap_or_default();
            if body.contains(text) {
                return Ok(());
            }
            if started.elapsed() > WAIT {
                return Err(format!("the page never showed {text:?}; it shows:\n{body}").into());
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// The text of the alert region whose text contains `needle`, waiting for it.
    pub async fn alert_containing(&self, needle: &str) -> Result<String> {
        let started = Instant::now();
        loop {
            for el in self.client.find_all(Locator::Css(&candidates("alert"))).await? {
                let t = el.text().await.unwrap_or_default();
                if t.contains(needle) {
                    return Ok(t);
                }
            }
            if started.elapsed() > WAIT {
                let body = self.page_text().await.unwrap_or_default();
                return Err(format!("no alert containing {needle:?}; the page shows:\n{body}").into());
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// The text of every visible status and alert region, joined (copy feedback and the like).
    pub async fn alert_or_status_text(&self) -> Result<String> {
        let started = Instant::now();
        loop {
            let mut text = String::new();
            for el in self.client.find_all(Locator::Css("[role=status], [role=alert]")).await? {
                text.push_str(&el.text().await.unwrap_or_default());
                text.push('\n');
            }
            if !text.trim().is_empty() || started.elapsed() > WAIT {
                return Ok(text);
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Runs a script and returns its result.
    pub async fn script(&self, js: &str) -> Result<Value> {
        Ok(self.client.execute(js, vec![]).await?)
    }

    /// Presses and releases one key on whatever has focus (`fantoccini::key::Key::Tab`, …).
    pub async fn press(&self, key: fantoccini::key::Key) -> Result<()> {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key.into() })
            .then(KeyAction::Up { value: key.into() });
        self.client.perform_actions(keys).await?;
        Ok(())
    }

    /// Runs a DevTools Protocol command on the current tab (`Network.emulateNetworkConditions`, …).
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        Ok(self
            .client
            .issue_cmd(SessionPost { path: "goog/cdp/execute", body: json!({"cmd": cmd, "params": params}) })
            .await?)
    }

    /// Grants or denies a permission (`clipboard-write`, …) to the current page's origin.
    pub async fn set_permission(&self, name: &str, state: &str) -> Result<()> {
        let body = json!({"descriptor": {"name": name}, "state": state});
        self.client.issue_cmd(SessionPost { path: "permissions", body }).await?;
        Ok(())
    }

    /// The console messages logged at error level since the last call (the browser hands each out once).
    pub async fn console_errors(&self) -> Result<Vec<String>> {
        let log = self.client.issue_cmd(SessionPost::browser_log()).await?;
        let entries = log.as_array().cloned().unwrap_or_default();
        Ok(entries
            .iter()
            .filter(|e| e["level"].as_str() == Some("SEVERE"))
            .filter_map(|e| e["message"].as_str().map(str::to_string))
            .collect())
    }

    /// Saves a screenshot and the console log under `e2e-artifacts/<name>.*`.
    pub async fn save_artifacts(&self, name: &str) -> Option<PathBuf> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../e2e-artifacts");
        std::fs::create_dir_all(&dir).ok()?;
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
        let log = self
            .client
            .issue_cmd(SessionPost::browser_log())
            .await
            .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default());
        let _ =
            std::fs::write(dir.join(format!("{name}.console.json")), log.unwrap_or_else(|e| format!("no log: {e}")));
        if let Ok(html) = self.client.source().await {
            let _ = std::fs::write(dir.join(format!("{name}.html")), html);
        }
        Some(dir)
    }

    pub async fn close(self) {
        let Browser { client, _driver, _profile } = self;
        let _ = client.close().await;
        drop(_driver);
        drop(_profile);
    }
}
