//! Microsoft's own SPA library, msal-browser from npm (tools/package.json), unmodified, against the emulator
//! over https. This proves nothing about the app; it keeps the emulator honest against a real Entra client:
//! discovery and issuer, PKCE redirect sign-in with client_info, the code exchange over CORS, a refresh,
//! Graph, ssoSilent in a hidden iframe, logout, and ssoSilent after logout.

use e2e::browser::{Browser, Result, ThirdPartyCookies};
use e2e::fixture::{until, Fixture, ADMIN};
use e2e::static_server::{ConfigFile, StaticServer};
use e2e::test_name;
use entra_emulator::{start, Options, TlsSource};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The test page (e2e/msal) next to msal-browser's prebuilt bundles, in a fresh folder.
fn page_folder() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("b2b-msal-page-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let lib = repo().join("tools/node_modules/@azure/msal-browser/lib");
    let files: [(PathBuf, &str); 5] = [
        (repo().join("e2e/msal/index.html"), "index.html"),
        (repo().join("e2e/msal/redirect.html"), "redirect.html"),
        (repo().join("e2e/msal/check.js"), "check.js"),
        (lib.join("msal-browser.min.js"), "msal-browser.min.js"),
        (lib.join("redirect-bridge/msal-redirect-bridge.min.js"), "msal-redirect-bridge.min.js"),
    ];
    for (from, to) in files {
        std::fs::copy(&from, dir.join(to))
            .map_err(|e| format!("{}: {e} (run `cargo xtask bootstrap`, which installs tools/)", from.display()))?;
    }
    Ok(dir)
}

fn write_config(dir: &Path, config: &Value) -> Result<()> {
    Ok(std::fs::write(dir.join("config.js"), format!("window.MSAL_CHECK = {config};\n"))?)
}

/// Waits for `window.msalCheck.results[name]` to settle and returns it.
async fn outcome(b: &Browser, name: &str) -> Result<Value> {
    let read = format!("return (window.msalCheck && window.msalCheck.results['{name}']) || null;");
    let deadline = Instant::now() + Duration::from_secs(30);
    until(&format!("msal's {name} settles"), deadline, || async {
        let v = b.script(&read).await?;
        Ok(!v.is_null() && v.get("pending").is_none())
    })
    .await?;
    b.script(&read).await
}

/// Waits until the page has initialised msal and handled any redirect; returns what that redirect gave.
async fn page_ready(b: &Browser) -> Result<Value> {
    let deadline = Instant::now() + Duration::from_secs(30);
    until("msal initialises on the page", deadline, || async {
        Ok(b.script("return !!(window.msalCheck && window.msalCheck.ready);").await? == json!(true))
    })
    .await?;
    b.script("return window.msalCheck.redirect;").await
}

#[tokio::test]
async fn msal_browser_signs_in_refreshes_calls_graph_and_signs_out_against_the_emulator() {
    let dir = page_folder().expect("test page");
    let server = StaticServer::start(&dir, 0, ConfigFile::Missing).await.expect("static server");
    // Another site than the emulator's (and a secure context): like an app and login.microsoftonline.com.
    let page = server.app_url().replace("127.0.0.1", "localhost");
    let redirect = format!("{page}redirect.html");
    let mut seed = entra_emulator::seed::Seed::demo();
    let client_id = seed.apps[0].client_id.clone();
    seed.apps[0].spa_redirect_uris.extend([redirect.clone(), page.clone()]);
    let opts = Options { seed, tls: Some(TlsSource::SelfSigned), ..Options::default() };
    let emu = start(opts).await.expect("emulator over https");
    let (tenant_id, domain, admin_id) = {
        let t = emu.shared.lock();
        let admin = t.user_by_upn(ADMIN.username).map(|u| u.id.clone()).unwrap_or_default();
        (t.seed.tenant.id.clone(), t.seed.tenant.domain.clone(), admin)
    };
    let spki = emu.tls.as_ref().map(|t| t.spki_sha256.clone()).expect("a certificate");
    let host = emu.base_url.trim_start_matches("https://").to_string();
    write_config(
        &dir,
        &json!({
            "clientId": client_id,
            "authority": format!("{}/{domain}", emu.base_url),
            "knownAuthority": host,
            "redirectUri": redirect,
            "postLogoutRedirectUri": page,
            "scopes": ["https://graph.microsoft.com/User.Read"],
            "graph": emu.graph_base(),
            "loginHint": ADMIN.username,
        }),
    )
    .expect("config.js");
    // Trust exactly the emulator's certificate, and allow the cookies ssoSilent's iframe needs (as with Entra).
    let trust = [format!("--ignore-certificate-errors-spki-list={spki}")];
    let browser = Browser::start_with(&trust, ThirdPartyCookies::Allowed).await.expect("browser");
    let f = Fixture { name: String::new(), server, browser, emulator: Some(emu) };

    f.run(test_name!(), async |f| {
        let b = &f.browser;
        let emu = f.emulator()?;
        b.goto(&page).await?;
        assert_eq!(page_ready(b).await?, Value::Null, "nothing to handle before signing in");

        // loginRedirect: discovery, the emulator's sign-in page, the code through the redirect bridge.
        b.script("window.msalSteps.login(); return true;").await?;
        b.by_role("heading", "Sign in").await?;
        b.by_role("textbox", "Email or username").await?.send_keys(ADMIN.username).await?;
        b.by_role("textbox", "Password").await?.send_keys(ADMIN.password).await?;
        b.by_role("button", "Sign in").await?.click().await?;
        let signed_in = page_ready(b).await?;
        assert_eq!(signed_in["username"], ADMIN.username, "{signed_in}");
        // msal builds the home account id from client_info: uid.utid.
        assert_eq!(signed_in["homeAccountId"], format!("{admin_id}.{tenant_id}"), "{signed_in}");
        assert_eq!(signed_in["idTokenIss"], format!("{}/{tenant_id}/v2.0", emu.base_url));
        assert_eq!(signed_in["fromCache"], false);
        let first = signed_in["accessToken"].as_str().unwrap_or_default().to_string();
        assert!(!first.is_empty());
        assert!(
            emu.shared.lock().refresh_tokens.values().any(|g| g.user_id == admin_id && g.spa),
            "the emulator issued a SPA refresh token"
        );

        // forceRefresh: the refresh-token grant over CORS.
        b.script("window.msalSteps.refresh(); return true;").await?;
        let refreshed = outcome(b, "refresh").await?;
        assert_eq!(refreshed["ok"]["fromCache"], false, "{refreshed}");
        let second = refreshed["ok"]["accessToken"].as_str().unwrap_or_default().to_string();
        assert!(!second.is_empty() && second != first, "a new access token: {refreshed}");

        // Graph with msal's token.
        b.script(&format!("window.msalSteps.me({}); return true;", json!(second))).await?;
        let me = outcome(b, "me").await?;
        assert_eq!(me["ok"]["userPrincipalName"], ADMIN.username, "{me}");

        // ssoSilent: prompt=none in a hidden iframe, answered through the redirect bridge.
        b.script("window.msalSteps.sso('sso'); return true;").await?;
        let sso = outcome(b, "sso").await?;
        assert_eq!(sso["ok"]["username"], ADMIN.username, "{sso}");
        assert_eq!(sso["ok"]["fromCache"], false, "{sso}");

        // logoutRedirect ends the emulator's session and comes back to the page.
        b.script("window.msalSteps.logout(); return true;").await?;
        let deadline = Instant::now() + Duration::from_secs(30);
        until("the emulator ends the session", deadline, || async {
            Ok(!emu.shared.lock().sessions.values().any(|u| *u == admin_id))
        })
        .await?;
        until("logout returns to the page", deadline, || async {
            Ok(b.url().await?.split('?').next() == Some(page.as_str()))
        })
        .await?;
        page_ready(b).await?;
        assert_eq!(b.script("return window.msalSteps.accounts();").await?, json!([]));

        // ssoSilent after logout: no session, so login_required, as Entra answers.
        b.script("window.msalSteps.sso('sso_after_logout'); return true;").await?;
        let after = outcome(b, "sso_after_logout").await?;
        assert_eq!(after["error"], "login_required", "{after}");
        Ok(())
    })
    .await;
}
