//! Admin sign-in end to end: the emulator's HTML sign-in page, reloads, renewal, the 24-hour limit,
//! hostile redirects, consent, missing rights, sign-out, and where tokens may (not) be kept.

use e2e::fixture::{until, Fixture, ADMIN, INVITER, MEMBER};
use e2e::test_name;
use entra_emulator::state::Lifetimes;
use std::time::{Duration, Instant};

/// Signs the Global Administrator in from the home view and waits for the roles read from Graph.
async fn home_as_admin(f: &Fixture) -> e2e::browser::Result<()> {
    f.open_signed_in("", ADMIN).await?;
    f.browser.wait_for_text("Your directory roles: Global Administrator.").await
}

/// Leaves the home view and comes back, which reads the roles from Graph again.
async fn revisit_home(b: &e2e::browser::Browser) -> e2e::browser::Result<()> {
    b.by_role("link", "Invite a partner").await?.click().await?;
    b.by_role("link", "Home").await?.click().await?;
    Ok(())
}

fn no_jwt(v: &serde_json::Value) -> bool {
    !v.to_string().contains("eyJ")
}

#[tokio::test]
async fn sign_in_reload_and_sign_out_keep_tokens_where_they_belong() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        b.goto(&f.app_url("#/invite")).await?;
        b.by_role("heading", "Invite a partner").await?;
        f.sign_in("Sign in to continue", ADMIN).await?;
        // Back on the view the admin started from, signed in, with a clean address bar.
        b.by_role("button", "Sign out").await?;
        b.wait_for_text("Adele Admin").await?;
        b.wait_for_text("admin@contoso.onmicrosoft.com").await?;
        b.wait_for_text("tenant 6d3f1c2a-4b5e-4f60-8a71-9b2c3d4e5f60").await?;
        let url = b.url().await?;
        assert!(url.ends_with("/tools/b2b/#/invite"), "{url}");
        let state = f.browser_state().await?;
        assert!(no_jwt(&state), "no access or id token in storage, cookies or URL: {state}");
        assert_eq!(state["local"], "{}", "nothing in localStorage");
        assert_eq!(state["cookies"], "", "no cookies set by the app");
        assert!(
            state["session"].as_str().unwrap_or_default().contains("b2b.auth.session"),
            "the refresh token record is in sessionStorage"
        );

        // A half-typed invitation is kept while signed in.
        f.fill("Email address", "ada@fabrikam.example").await?;
        assert!(f.browser_state().await?["session"].as_str().unwrap_or_default().contains("ada@fabrikam.example"));

        // A reload stays signed in; the roles come from Graph with a renewed token.
        b.goto(&f.app_url("#/")).await?;
        b.reload().await?;
        b.by_role("button", "Sign out").await?;
        b.wait_for_text("Your directory roles: Global Administrator.").await?;

        // Sign-out clears every local trace, then returns from the end-session endpoint.
        b.by_role("button", "Sign out").await?.click().await?;
        b.by_role("button", "Sign in").await?;
        let state = f.browser_state().await?;
        assert!(!state["session"].as_str().unwrap_or_default().contains("b2b.auth"), "{state}");
        assert!(!state["session"].as_str().unwrap_or_default().contains("ada@fabrikam.example"), "the draft: {state}");
        assert_eq!(state["local"], "{}");
        // The emulator's session ended too: signing in asks for the password again.
        b.by_role("button", "Sign in").await?.click().await?;
        b.by_role("heading", "Sign in").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn renewal_before_expiry_and_on_a_401() {
    let f = Fixture::with_emulator(Lifetimes { access_token_s: 3, refresh_token_s: 24 * 3600, code_s: 600 })
        .await
        .expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        home_as_admin(f).await?;
        let grants = || f.emulator().map(|e| e.shared.lock().refresh_tokens.len());
        let before = grants()?;
        // The 3-second token runs out; the next Graph call renews it silently first.
        tokio::time::sleep(std::time::Duration::from_secs(4)).await;
        revisit_home(b).await?;
        b.wait_for_text("Your directory roles: Global Administrator.").await?;
        assert!(grants()? > before, "a refresh took place");
        // Renewed before the call, not after a rejection: the 401 path would also refresh.
        let statuses: Vec<u16> = f
            .emulator()?
            .shared
            .lock()
            .requests
            .iter()
            .filter(|r| r.path.contains("memberOf"))
            .map(|r| r.status)
            .collect();
        // The roles are read on the home view, on the invite form (who may add to role-assignable groups) on the
        // way, and on the home view again.
        assert_eq!(statuses, vec![200, 200, 200], "no Graph call was answered 401");
        Ok(())
    })
    .await;

    // A token the app still thinks fresh, but Graph rejects (401): renewed once, then the call succeeds.
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        home_as_admin(f).await?;
        f.advance_emulator_clock(3700)?;
        revisit_home(b).await?;
        b.wait_for_text("Your directory roles: Global Administrator.").await?;
        let log = f.emulator()?.shared.lock().requests.clone();
        let statuses: Vec<u16> = log.iter().filter(|r| r.path.contains("memberOf")).map(|r| r.status).collect();
        // Home; the invite form on the way (401, renewed once, 200); home again with the renewed token.
        assert_eq!(statuses, vec![200, 401, 200, 200], "one 401, one retry after renewal");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_24_hour_refresh_limit_leads_to_a_clean_sign_in_again() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        home_as_admin(f).await?;
        f.advance_emulator_clock(25 * 3600)?;
        revisit_home(b).await?;
        b.by_role("heading", "Please sign in again").await?;
        let alert = b.alert_containing("24-hour").await?;
        assert!(alert.contains("AADSTS700084"), "{alert}");
        // One click: the emulator still knows the browser, so no password is needed.
        b.by_role("button", "Sign in again").await?.click().await?;
        b.by_role("button", "Sign out").await?;
        b.gone("heading", "Please sign in again").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn hostile_redirects_sign_nobody_in() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        // A code with no sign-in pending.
        b.goto(&f.app_url("?code=stolen&state=whatever#/invite")).await?;
        b.by_role("heading", "No sign-in was in progress").await?;
        b.by_role("button", "Sign in").await?;
        assert!(!b.url().await?.contains("code="), "the code is stripped from the address bar");
        // An error response with no sign-in pending.
        b.goto(&f.app_url("?error=access_denied&error_description=AADSTS65004%3A+declined&state=x")).await?;
        b.by_role("heading", "No sign-in was in progress").await?;
        // A forged state while a real sign-in is pending.
        b.goto(&f.app_url("")).await?;
        b.by_role("button", "Sign in").await?.click().await?;
        b.by_role("heading", "Sign in").await?;
        b.goto(&f.app_url("?code=forged&state=forged")).await?;
        b.by_role("heading", "This sign-in response was not expected").await?;
        b.by_role("button", "Sign in").await?;
        let state = f.browser_state().await?;
        assert!(!state["session"].as_str().unwrap_or_default().contains("b2b.auth.session"), "{state}");
        // No token request was made for any of them.
        assert!(f.emulator()?.shared.lock().refresh_tokens.is_empty());
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn consent_denied_and_admin_approval_are_explained() {
    let f =
        Fixture::with_seed(Lifetimes::default(), |seed| seed.apps[0].consented_scopes.clear()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        // Consent is asked before the app gets a token, so this sign-in does not complete.
        b.goto(&f.app_url("")).await?;
        f.sign_in("Sign in", ADMIN).await?;
        b.by_role("heading", "Permissions requested").await?;
        b.by_role("button", "Cancel").await?.click().await?;
        b.by_role("heading", "Sign-in was cancelled").await?;
        let alert = b.alert_containing("AADSTS65004").await?;
        assert!(alert.contains("Trace ID"), "{alert}");
        Ok(())
    })
    .await;

    let f =
        Fixture::with_seed(Lifetimes::default(), |seed| seed.apps[0].consented_scopes.clear()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        b.goto(&f.app_url("")).await?;
        f.sign_in("Sign in", MEMBER).await?;
        b.by_role("heading", "Need admin approval").await?;
        b.by_role("button", "Back to the app").await?.click().await?;
        b.by_role("heading", "This app needs an administrator's consent").await?;
        let alert = b.alert_containing("Permissions the app asks for").await?;
        assert!(alert.contains("User.Invite.All") && alert.contains("AADSTS90094"), "{alert}");
        let link = b.by_role("link", "Open the admin consent page").await?.attr("href").await?.unwrap_or_default();
        assert!(link.contains("/v2.0/adminconsent?client_id=b2b00000-0000-4000-8000-0000000000a1"), "{link}");
        // The link works: an administrator grants consent for the whole tenant there.
        b.goto(&link).await?;
        b.by_role("heading", "Grant admin consent").await?;
        f.fill("Administrator account", ADMIN.username).await?;
        f.fill("Password", ADMIN.password).await?;
        b.by_role("button", "Grant consent").await?.click().await?;
        b.wait_for_text("The permissions were granted for the whole organisation.").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_user_without_rights_sees_why() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("", MEMBER).await?;
        b.wait_for_text("You hold no directory role.").await?;
        b.wait_for_text("inviting needs the Guest Inviter, User Administrator or Global Administrator role").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_unreachable_sign_in_service_is_told_apart_from_protocol_errors() {
    let mut f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    let port = f.emulator.as_ref().map(|e| e.port).expect("emulator");
    // The tenant goes away: the browser can no longer reach the sign-in service.
    drop(f.emulator.take());
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        b.goto(&f.app_url("")).await?;
        b.by_role("button", "Sign in").await?.click().await?;
        b.by_role("heading", &format!("Cannot reach 127.0.0.1:{port}")).await?;
        let alert = b.alert_containing("Single-page application").await?;
        assert!(alert.contains("offline"), "{alert}");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn switch_account_shows_the_account_picker_and_changes_the_account() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        home_as_admin(f).await?;
        // A half-typed invitation of the first account must not be left for the second.
        b.by_role("link", "Invite a partner").await?.click().await?;
        f.fill("Email address", "ada@fabrikam.example").await?;
        assert!(f.browser_state().await?["session"].as_str().unwrap_or_default().contains("ada@fabrikam.example"));
        b.by_role("link", "Home").await?.click().await?;
        b.wait_for_text("Your directory roles: Global Administrator.").await?;
        // prompt=select_account: the sign-in page again, although the emulator knows this browser.
        f.sign_in("Switch account", INVITER).await?;
        b.wait_for_text("Ian Inviter").await?;
        b.wait_for_text("Your directory roles: Guest Inviter.").await?;
        assert!(!b.page_text().await?.contains("Adele Admin"));
        let records = b
            .script("return Object.keys(sessionStorage).filter(k => k.startsWith('b2b.auth.session.')).length")
            .await?;
        assert_eq!(records.as_u64(), Some(1), "one account record, the new one");
        let state = f.browser_state().await?;
        assert!(!state["session"].as_str().unwrap_or_default().contains("ada@fabrikam.example"), "the draft: {state}");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_sign_out_during_a_slow_renewal_stays_signed_out() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/", ADMIN).await?;
        b.wait_for_text("Your directory roles: Global Administrator.").await?;
        // Without an end-session endpoint, Sign out does not unload the page, so the renewal's answer arrives
        // after it (with one, a slow answer can still land between the clearing and the unload).
        b.script(
            "for (const k of Object.keys(sessionStorage).filter(k => k.startsWith('b2b.auth.session'))) {\
               const v = JSON.parse(sessionStorage.getItem(k)); v.end_session_endpoint = null;\
               sessionStorage.setItem(k, JSON.stringify(v)); }",
        )
        .await?;
        f.faults(serde_json::json!({"token_latency_ms": 2000}))?;
        let grants = f.emulator()?.shared.lock().refresh_tokens.len();
        // The reload restores the session from storage and renews its access token, slowly.
        b.reload().await?;
        b.by_role("button", "Sign out").await?.click().await?;
        b.by_role("button", "Sign in").await?;
        let deadline = Instant::now() + Duration::from_secs(20);
        let fx = &f;
        let renewed = move || async move { Ok(fx.emulator()?.shared.lock().refresh_tokens.len() != grants) };
        until("the renewal never reached the emulator", deadline, renewed).await?;
        // Wait until the browser has the answer, then look: nothing may have come back.
        let answered = "return performance.getEntriesByType('resource')\
                        .some(r => r.name.includes('/oauth2/v2.0/token') && r.responseEnd > 0)";
        let arrived = move || async move { Ok(b.script(answered).await?.as_bool() == Some(true)) };
        until("the browser never got the answer", deadline, arrived).await?;
        b.script("return 1").await?;
        let state = f.browser_state().await?;
        assert!(!state["session"].as_str().unwrap_or_default().contains("b2b.auth"), "{state}");
        f.faults(serde_json::json!({}))?;
        b.reload().await?;
        b.by_role("button", "Sign in").await?;
        assert!(b.all_by_role("button", "Sign out").await?.is_empty());
        Ok(())
    })
    .await;
}
