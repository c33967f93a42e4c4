//! The app shell from a sub-path of a plain static server: deep links, reloads, navigation, and a broken config.

use e2e::fixture::{Fixture, ADMIN};
use e2e::static_server::ConfigFile;
use e2e::test_name;
use fantoccini::key::Key;

const GOOD_CONFIG: &str = r##"{
  "authority": "http://127.0.0.1:9/contoso.onmicrosoft.com",
  "clientId": "00001111-aaaa-2222-bbbb-3333cccc4444",
  "tenantId": "aaaabbbb-0000-cccc-1111-dddd2222eeee",
  "graphBaseUrl": "http://127.0.0.1:9/graph/v1.0",
  "organization": { "displayName": "Contoso Test", "accentColor": "#0f6cbd" },
  "defaultInviteRedirectUrl": "https://myapps.microsoft.com/",
  "development": true
}"##;

#[tokio::test]
async fn shell_renders_from_a_sub_path_with_deep_links_and_reload() {
    let f = Fixture::start(ConfigFile::Text(GOOD_CONFIG.into())).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        b.goto(&f.app_url("")).await?;
        b.by_role("heading", "Guest onboarding for Contoso Test").await?;
        b.wait_for_text("Development settings: not for production.").await?;
        // The accent reaches the header through the CSSOM, which the page's policy allows.
        let accent = b
            .script("return getComputedStyle(document.querySelector('header')).getPropertyValue('--accent').trim()")
            .await?;
        assert_eq!(accent.as_str(), Some("#0f6cbd"));
        // The policy is strict: a script injected into the page does not run, and the browser says why.
        let policy =
            b.script("return document.querySelector('meta[http-equiv=Content-Security-Policy]').content").await?;
        let policy = policy.as_str().unwrap_or_default();
        assert!(policy.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        let ran = b
            .script(
                "const s = document.createElement('script'); s.textContent = 'window.__injected = 1';\
                 document.head.appendChild(s); return window.__injected === 1;",
            )
            .await?;
        assert_eq!(ran.as_bool(), Some(false));
        let refused = b.console_errors().await?;
        assert!(refused.iter().any(|e| e.contains("Content Security Policy")), "{refused:?}");
        // config.json was requested once, while the module was still downloading, not after it.
        let timing = b
            .script(
                "const all = performance.getEntriesByType('resource');\
                 const configs = all.filter(r => r.name.endsWith('/config.json'));\
                 const wasm = all.find(r => r.name.endsWith('.wasm'));\
                 return [configs.length, configs[0].startTime < wasm.responseEnd];",
            )
            .await?;
        assert_eq!(timing, serde_json::json!([1, true]));
        let nav = b.names_of("link").await?;
        assert!(nav.contains(&"Invite a partner".to_string()), "nav links: {nav:?}");

        // A deep link straight to a view, then a reload, both show that view.
        b.goto(&f.app_url("#/nope")).await?;
        b.by_role("heading", "Page not found").await?;
        b.reload().await?;
        b.by_role("heading", "Page not found").await?;
        assert!(b.url().await?.ends_with("/tools/b2b/#/nope"));

        // Navigating by link changes the view without a page load, and the link back works too.
        b.by_role("link", "Go to the start page").await?.click().await?;
        b.by_role("heading", "Guest onboarding for Contoso Test").await?;
        let title = b.script("return document.title").await?;
        assert_eq!(title.as_str(), Some("Home · Contoso Test guest onboarding"));
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_sign_in_code_leaves_the_address_bar_even_when_the_config_is_broken() {
    let f = Fixture::start(ConfigFile::Text("{ \"authority\": ".into())).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        b.goto(&format!("{}?code=0.secret-code&state=s1&session_state=x#/invite", f.server.app_url())).await?;
        b.by_role("heading", "The settings file is not valid JSON").await?;
        assert_eq!(b.url().await?, f.app_url("#/invite"));
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn inside_another_page_nothing_can_be_clicked() {
    let f = Fixture::start(ConfigFile::Text(GOOD_CONFIG.into())).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        // Another page on the same host (Chromium refuses to let a public page frame a loopback one).
        b.goto(&format!("http://127.0.0.1:{}/not-the-app", f.server.port)).await?;
        let frame = format!(
            "const f = document.createElement('iframe'); f.src = {:?}; f.width = 800; f.height = 600;\
             document.body.appendChild(f);",
            f.app_url("#/invite")
        );
        b.script(&frame).await?;
        b.client.clone().enter_frame(0).await?;
        b.wait_for_text("This page cannot be shown inside another page.").await?;
        assert_eq!(b.names_of("button").await?, Vec::<String>::new());
        assert_eq!(b.names_of("link").await?, Vec::<String>::new());
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn broken_config_is_explained() {
    let f = Fixture::start(ConfigFile::Text("{ \"authority\": ".into())).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        b.goto(&f.app_url("#/invite")).await?;
        let alert = b.alert_containing("not valid JSON").await?;
        assert!(alert.contains("config.json"), "{alert}");
        b.by_role("heading", "The settings file is not valid JSON").await?;

        // Bad values: every problem is listed.
        f.server.set_config(ConfigFile::Text(
            GOOD_CONFIG.replace("00001111-aaaa-2222-bbbb-3333cccc4444", "nope").replace("#0f6cbd", "red"),
        ));
        b.reload().await?;
        let alert = b.alert_containing("config.json has 2 problems").await?;
        assert!(alert.contains("clientId") && alert.contains("accentColor"), "{alert}");

        // A production config whose Graph belongs to another cloud than its sign-in.
        let mixed = GOOD_CONFIG
            .replace(
                "http://127.0.0.1:9/contoso.onmicrosoft.com",
                "https://login.microsoftonline.com/contoso.onmicrosoft.com",
            )
            .replace("http://127.0.0.1:9/graph/v1.0", "https://graph.microsoft.us/v1.0")
            .replace(",\n  \"development\": true", "");
        f.server.set_config(ConfigFile::Text(mixed));
        b.reload().await?;
        let alert = b.alert_containing("config.json has 1 problem").await?;
        assert!(alert.contains("\"graphBaseUrl\" is on \"graph.microsoft.us\""), "{alert}");

        // Missing file.
        f.server.set_config(ConfigFile::Missing);
        b.reload().await?;
        b.by_role("heading", "The app is not configured yet").await?;
        let alert = b.alert_containing("404").await?;
        assert!(alert.contains("config.json"));
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_shipped_placeholder_config_asks_to_be_filled_in() {
    let f = Fixture::start(ConfigFile::FromDist).await.expect("fixture");
    f.run(test_name!(), async |f| {
        f.browser.goto(&f.app_url("")).await?;
        let alert = f.browser.alert_containing("placeholder").await?;
        assert!(alert.contains("clientId"), "{alert}");
        Ok(())
    })
    .await;
}

#[test]
fn release_build_uses_only_relative_asset_urls() {
    let html = std::fs::read_to_string(e2e::fixture::dist_dir().join("index.html")).expect("index.html in the build");
    let mut checked = 0;
    // Attributes (after a space, not a script's `l.href=`), the early script's preloads and the first of each
    // of its lists (the partner check's, the return's, a partner page's), the imports and their wasm.
    for attr in
        [" src=", " href=", "L(\"modulepreload\",\"", "L(\"preload\",\"", "P([\"", "import(\"", "module_or_path:\""]
    {
        for (i, _) in html.match_indices(attr) {
            let value = html[i + attr.len()..].trim_start_matches(['"', '\'']);
            assert!(
                value.starts_with("./") || value.starts_with("data:"),
                "non-relative URL after {attr}: {}",
                &value[..value.len().min(60)]
            );
            checked += 1;
        }
    }
    // The icon, the stylesheet, the check's and the main module's preloads, the three early lists' first (the
    // check's wasm, the return's, a request link's), the two imports and their wasm.
    assert!(checked >= 13, "only {checked} URLs found in {html}");
    // The other languages' words, by part: relative to the page, under translations/.
    let words = html.split("window.__b2bWords=").nth(1).and_then(|w| w.split(";(").next()).expect("the words' list");
    let words: serde_json::Value = serde_json::from_str(words).expect("the words' list is JSON");
    let paths: Vec<&str> =
        words["zh-TW"].as_object().expect("zh-TW's parts").values().filter_map(|v| v.as_str()).collect();
    assert!(paths.len() >= 2 && paths.iter().all(|p| p.starts_with("translations/zh-TW.")), "{paths:?}");
}

#[tokio::test]
async fn the_skip_link_is_the_first_tab_stop_and_moves_focus_past_the_header() {
    let f = Fixture::start(ConfigFile::Text(GOOD_CONFIG.into())).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        b.goto(&f.app_url("#/invite")).await?;
        b.by_role("button", "Sign in").await?;
        b.press(Key::Tab).await?;
        // Hidden until focused: it must be on screen once it has focus.
        let focused = b
            .script("const e = document.activeElement; return [e.textContent, e.getBoundingClientRect().left >= 0]")
            .await?;
        assert_eq!(focused, serde_json::json!(["Skip to content", true]));
        b.press(Key::Enter).await?;
        // Focus lands on the content, and the route (the fragment) stays where it was.
        let after = b.script("return [document.activeElement.id, location.hash]").await?;
        assert_eq!(after, serde_json::json!(["main", "#/invite"]));
        // The next stop is the content's own button, past the header's "Sign in".
        b.press(Key::Tab).await?;
        let next = b.script("return document.activeElement.textContent").await?;
        assert_eq!(next.as_str(), Some("Sign in to continue"));
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_emulator_config_is_accepted_and_only_hosts_differ() {
    let f = Fixture::with_emulator(Default::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let emu = f.emulator()?;
        let origin = format!("http://127.0.0.1:{}", emu.port);
        // Put Microsoft's hosts back: what is left must be a real tenant's configuration.
        let as_microsoft = |url: &str| {
            url.replacen(&format!("{origin}/graph/"), "https://graph.microsoft.com/", 1).replacen(
                &origin,
                "https://login.microsoftonline.com",
                1,
            )
        };
        let config: serde_json::Value = serde_json::from_str(&e2e::tenant::config_json(emu))?;
        assert_eq!(
            as_microsoft(config["authority"].as_str().unwrap_or_default()),
            "https://login.microsoftonline.com/contoso.onmicrosoft.com"
        );
        assert_eq!(
            as_microsoft(config["graphBaseUrl"].as_str().unwrap_or_default()),
            "https://graph.microsoft.com/v1.0"
        );

        f.open_signed_in("", ADMIN).await?;
        f.browser.by_role("heading", "Guest onboarding for Contoso").await?;
        f.browser.wait_for_text(&format!("127.0.0.1:{}", emu.port)).await?;
        // Every Graph call the app made used Graph's own path and query, under the one prefix.
        let paths: Vec<String> = emu.shared.lock().requests.iter().map(|r| r.path.clone()).collect();
        assert!(paths.iter().any(|p| p == "/graph/v1.0/me/memberOf/microsoft.graph.directoryRole"), "{paths:?}");
        let foreign: Vec<&String> = paths.iter().filter(|p| !p.starts_with("/graph/v1.0/")).collect();
        assert!(foreign.is_empty(), "{foreign:?}");
        Ok(())
    })
    .await;
}
