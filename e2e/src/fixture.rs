//! One end-to-end test's world: the release build on a static server under a sub-path, and a browser.
//! Everything runs on free ports and stops when the fixture is dropped.

use crate::browser::{Browser, Result};
use crate::static_server::{ConfigFile, StaticServer};
use futures::FutureExt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The release build under test: `B2B_DIST` (set by `cargo xtask test`), else `dist/`.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("B2B_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"))
}

/// Polls `holds` every 100 ms until it is true; past `deadline`, fails saying that `what` never happened.
pub async fn until<F, Fut>(what: &str, deadline: Instant, mut holds: F) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<bool>>,
{
    while !holds().await? {
        if Instant::now() > deadline {
            return Err(format!("{what} (waited until the deadline)").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// What the partner check made of this page's welcome or join link, once it has run: `offered`, `refused` or
/// `failed` (`data-partner-check` on `<html>`, set by `index.html`'s offer script).
pub async fn partner_check_outcome(b: &Browser) -> Result<String> {
    let ran =
        || async { Ok(b.script("return document.documentElement.dataset.partnerCheck || null").await?.is_string()) };
    until("the partner check ran", Instant::now() + Duration::from_secs(20), ran).await?;
    let outcome = b.script("return document.documentElement.dataset.partnerCheck").await?;
    Ok(outcome.as_str().unwrap_or_default().to_string())
}

/// Makes every request for the main module (its glue, loader and wasm) fail, as a dropped connection would: what
/// works then is the partner check's alone.
pub async fn block_the_main_module(b: &Browser) -> Result<()> {
    b.cdp("Network.enable", serde_json::json!({})).await?;
    b.cdp("Network.setBlockedURLs", serde_json::json!({ "urls": ["*/b2b-portal-*"] })).await?;
    Ok(())
}

/// Whether the browser has finished saving this download: the file is there, not empty, and Chromium's
/// `.crdownload` for it is gone (checking only that the file exists raced the writing).
pub fn downloaded(path: &std::path::Path) -> bool {
    let partial =
        path.with_file_name(format!("{}.crdownload", path.file_name().and_then(|n| n.to_str()).unwrap_or_default()));
    std::fs::metadata(path).is_ok_and(|m| m.len() > 0) && !partial.exists()
}

/// A demo account of the emulator's seed (`cargo xtask demo` prints them all).
#[derive(Debug, Clone, Copy)]
pub struct Account {
    pub username: &'static str,
    pub password: &'static str,
}

/// Global Administrator.
pub const ADMIN: Account = Account { username: "admin@contoso.onmicrosoft.com", password: "Demo-Admin-1!" };
/// Guest Inviter.
pub const INVITER: Account = Account { username: "inviter@contoso.onmicrosoft.com", password: "Demo-Inviter-1!" };
/// A member without a directory role.
pub const MEMBER: Account = Account { username: "member@contoso.onmicrosoft.com", password: "Demo-Member-1!" };

/// The name of the test function this is written in, for its artifacts: `test_name!()` in
/// `async fn sign_in_works()` is `"sign_in_works"`.
#[macro_export]
macro_rules! test_name {
    () => {{
        fn here() {}
        $crate::fixture::function_of(std::any::type_name_of_val(&here))
    }};
}

/// The last name of the function a `test_name!()`'s `here` sits in (its type name is `crate::test_fn::here`).
pub fn function_of(here: &'static str) -> &'static str {
    let path = here.strip_suffix("::here").unwrap_or(here);
    let path = path.trim_end_matches("::{{closure}}");
    path.rsplit("::").next().unwrap_or(path)
}

pub struct Fixture {
    /// The test's name, which names its artifacts (set by [`Fixture::run`]).
    pub name: String,
    pub server: StaticServer,
    pub browser: Browser,
    pub emulator: Option<entra_emulator::Running>,
}

impl Fixture {
    /// Starts the static server (with this `config.json`) and a fresh browser.
    pub async fn start(config: ConfigFile) -> Result<Fixture> {
        let dist = dist_dir();
        if !dist.join("index.html").exists() {
            return Err(format!(
                "no release build at {}; run `cargo xtask test` (or `cargo xtask dist`)",
                dist.display()
            )
            .into());
        }
        let server = StaticServer::start(&dist, 0, config).await?;
        let browser = Browser::start().await?;
        Ok(Fixture { name: String::new(), server, browser, emulator: None })
    }

    /// The app against the tenant emulator (demo seed, the app's URL registered), with these lifetimes.
    pub async fn with_emulator(lifetimes: entra_emulator::state::Lifetimes) -> Result<Fixture> {
        Fixture::with_seed(lifetimes, |_| {}).await
    }

    /// Like [`Fixture::with_emulator`], with the seed changed first (e.g. consent removed).
    pub async fn with_seed(
        lifetimes: entra_emulator::state::Lifetimes,
        change: impl FnOnce(&mut entra_emulator::seed::Seed),
    ) -> Result<Fixture> {
        let mut f = Fixture::start(ConfigFile::Missing).await?;
        let mut seed = crate::tenant::seed_for(&f.server.app_url());
        change(&mut seed);
        let emu = crate::tenant::start_emulator(0, seed, lifetimes, None).await?;
        f.server.set_config(ConfigFile::Text(crate::tenant::config_json(&emu)));
        f.emulator = Some(emu);
        Ok(f)
    }

    /// Like [`Fixture::with_seed`], with these delegated permissions (short names) consented for the app and
    /// listed in config.json's `scopes`, as an admin adds them to the registration and to the file.
    pub async fn with_granted(
        scopes: &[&str],
        change: impl FnOnce(&mut entra_emulator::seed::Seed),
    ) -> Result<Fixture> {
        let owned: Vec<String> = scopes.iter().map(|s| s.to_string()).collect();
        let f = Fixture::with_seed(Default::default(), |seed| {
            seed.apps[0].consented_scopes.extend(owned);
            change(seed);
        })
        .await?;
        f.server.set_config(ConfigFile::Text(crate::tenant::config_json_with(f.emulator()?, scopes)));
        Ok(f)
    }

    /// Signs in through the emulator's HTML sign-in page, starting from the app's button with this name.
    pub async fn sign_in(&self, button: &str, who: Account) -> Result<()> {
        let b = &self.browser;
        b.by_role("button", button).await?.click().await?;
        b.by_role("heading", "Sign in").await?;
        b.by_role("textbox", "Email or username").await?.send_keys(who.username).await?;
        b.by_role("textbox", "Password").await?.send_keys(who.password).await?;
        b.by_role("button", "Sign in").await?.click().await?;
        Ok(())
    }

    /// The one sign-in preamble: opens the view at `fragment`, signs in as `who` from the header, and returns
    /// once the app shows the account signed in, back on that view.
    pub async fn open_signed_in(&self, fragment: &str, who: Account) -> Result<()> {
        self.browser.goto(&self.app_url(fragment)).await?;
        self.sign_in("Sign in", who).await?;
        self.browser.by_role("button", "Sign out").await?;
        Ok(())
    }

    /// A fresh folder the browser saves downloads into, for tests that read an export back.
    pub async fn downloads(&self) -> Result<std::path::PathBuf> {
        let dir = std::env::temp_dir().join(format!("b2b-downloads-{}-{}", self.name, std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let params = serde_json::json!({"behavior": "allow", "downloadPath": dir.display().to_string()});
        self.browser.cdp("Browser.setDownloadBehavior", params).await?;
        Ok(dir)
    }

    /// What the browser keeps for the app's origin: local and session storage, cookies, URL, history length.
    pub async fn browser_state(&self) -> Result<serde_json::Value> {
        self.browser
            .script("return { local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage), cookies: document.cookie, url: location.href, history: history.length };")
            .await
    }

    /// Replaces the text of the textbox with this accessible name.
    pub async fn fill(&self, name: &str, text: &str) -> Result<()> {
        self.type_into("textbox", name, text).await
    }

    /// Replaces the text of the search box with this accessible name.
    pub async fn search(&self, name: &str, text: &str) -> Result<()> {
        self.type_into("searchbox", name, text).await
    }

    async fn type_into(&self, role: &str, name: &str, text: &str) -> Result<()> {
        let el = self.browser.by_role(role, name).await?;
        // Select all and delete from the keyboard, as a person does, so the page sees input events.
        el.send_keys("\u{E009}a\u{E000}\u{E003}").await?;
        if !text.is_empty() {
            el.send_keys(text).await?;
        }
        Ok(())
    }

    /// The current value of the control with this role and accessible name.
    pub async fn value_of(&self, role: &str, name: &str) -> Result<String> {
        Ok(self.browser.by_role(role, name).await?.prop("value").await?.unwrap_or_default())
    }

    /// Sets the emulator's fault switches, as `PUT /_emulator/faults` does.
    pub fn faults(&self, json: serde_json::Value) -> Result<()> {
        let faults = serde_json::from_value(json)?;
        self.emulator()?.shared.lock().faults = faults;
        Ok(())
    }

    /// Moves the emulator's clock, as `POST /_emulator/clock` does.
    pub fn advance_emulator_clock(&self, seconds: i64) -> Result<()> {
        self.emulator()?.shared.lock().clock_offset_s += seconds;
        Ok(())
    }

    /// The emulator behind this fixture.
    pub fn emulator(&self) -> Result<&entra_emulator::Running> {
        self.emulator.as_ref().ok_or_else(|| "this fixture has no emulator".into())
    }

    /// The app URL plus a fragment, e.g. `app_url("#/invite")`.
    pub fn app_url(&self, fragment: &str) -> String {
        format!("{}{}", self.server.app_url(), fragment)
    }

    /// What the page logged that no test may allow: a Content-Security-Policy violation, or a panic of the app
    /// (which stops the module: `panic = "abort"`).
    /// Also any view code the page shows as text (`Browser::leaked_code`).
    async fn page_failures(&self) -> Result<Vec<String>> {
        let errors = self.browser.console_errors().await?;
        let mut failures: Vec<String> =
            errors.into_iter().filter(|e| e.contains("Content Security Policy") || e.contains("panicked at")).collect();
        failures.extend(self.browser.leaked_code().await?.into_iter().map(|l| format!("view code shown as text: {l}")));
        Ok(failures)
    }

    /// Runs the test `name` (`test_name!()`): its body, then the page's own failures (a Content-Security-Policy
    /// violation, a panic, view code shown as text). Whatever happens, the browser is closed; on a failure the
    /// screenshot, the console log and the page source are saved under `e2e-artifacts/<name>.*` first, and the
    /// test fails with the reason.
    pub async fn run(mut self, name: &str, body: impl AsyncFnOnce(&Fixture) -> Result<()>) {
        self.name = name.to_string();
        let outcome = AssertUnwindSafe(body(&self)).catch_unwind().await;
        let failure = match outcome {
            Ok(Ok(())) => match self.page_failures().await {
                Ok(v) if v.is_empty() => None,
                Ok(v) => Some(format!("the page broke its Content-Security-Policy, panicked or showed code: {v:?}")),
                Err(e) => Some(format!("reading the console: {e}")),
            },
            Ok(Err(e)) => Some(e.to_string()),
            Err(panic) => Some(
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "panic".into()),
            ),
        };
        let saved = match failure {
            Some(_) => self.browser.save_artifacts(&self.name).await,
            None => None,
        };
        let Fixture { name, browser, .. } = self;
        browser.close().await;
        if let Some(failure) = failure {
            panic!("{name}: {failure}\n(screenshot and console log in {saved:?})");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_test_is_named_after_its_function() {
        fn sign_in_works() -> &'static str {
            crate::test_name!()
        }
        assert_eq!(sign_in_works(), "sign_in_works");
        async fn in_an_async_test() -> &'static str {
            crate::test_name!()
        }
        assert_eq!(futures::executor::block_on(in_an_async_test()), "in_an_async_test");
    }
}
