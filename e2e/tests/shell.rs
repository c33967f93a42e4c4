//! The app shell from a sub-path of a plain static server: deep links, reloads, navigation, and a broken config.

use e2e::fixture::Fixture;
use e2e::static_server::ConfigFile;

const GOOD_CONFIG: &str = r##"{
  "authority": "http://127.0.0.1:9/contoso.onmicrosoft.com",
  "clientId": "00001111-aaaa-2222-bbbb-3333cccc4444",
  "graphBaseUrl": "http://127.0.0.1:9/graph/v1.0",
  "organization": { "displayName": "Contoso Test", "accentColor": "#0f6cbd" },
  "defaultInviteRedirectUrl": "https://myapps.microsoft.com/"
}"##;

#[tokio::test]
async fn shell_renders_from_a_sub_path_with_deep_links_and_reload() {
    let f = Fixture::start("shell_deep_link", ConfigFile::Text(GOOD_CONFIG.into())).await.expect("fixture");
    f.check(async {
        let b = &f.browser;
        b.goto(&f.app_url("")).await?;
        b.by_role("heading", "Guest onboarding for Contoso Test").await?;
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
    f.browser.close().await;
}

#[tokio::test]
async fn broken_config_is_explained() {
    let f = Fixture::start("broken_config", ConfigFile::Text("{ \"authority\": ".into())).await.expect("fixture");
    f.check(async {
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

        // Missing file.
        f.server.set_config(ConfigFile::Missing);
        b.reload().await?;
        b.by_role("heading", "The app is not configured yet").await?;
        let alert = b.alert_containing("404").await?;
        assert!(alert.contains("config.json"));
        Ok(())
    })
    .await;
    f.browser.close().await;
}

#[tokio::test]
async fn the_shipped_placeholder_config_asks_to_be_filled_in() {
    let f = Fixture::start("placeholder_config", ConfigFile::FromDist).await.expect("fixture");
    f.check(async {
        f.browser.goto(&f.app_url("")).await?;
        let alert = f.browser.alert_containing("placeholder").await?;
        assert!(alert.contains("clientId"), "{alert}");
        Ok(())
    })
    .await;
    f.browser.close().await;
}

#[test]
fn release_build_uses_only_relative_asset_urls() {
    let html = std::fs::read_to_string(e2e::fixture::dist_dir().join("index.html")).expect("index.html in the build");
    for attr in ["src=\"", "href=\"", "from '", "module_or_path: '"] {
        for (i, _) in html.match_indices(attr) {
            let value = &html[i + attr.len()..];
            assert!(
                value.starts_with("./") || value.starts_with("data:"),
                "non-relative URL after {attr}: {}",
                &value[..value.len().min(60)]
            );
        }
    }
}

#[tokio::test]
async fn the_emulator_config_is_accepted_and_only_hosts_differ() {
    let f = Fixture::with_emulator("emulator_config", Default::default()).await.expect("fixture");
    f.check(async {
        f.browser.goto(&f.app_url("")).await?;
        f.browser.by_role("heading", "Guest onboarding for Contoso").await?;
        let emu = f.emulator()?;
        f.browser.wait_for_text(&format!("127.0.0.1:{}", emu.port)).await?;
        Ok(())
    })
    .await;
    f.browser.close().await;
}
