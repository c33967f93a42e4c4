//! The views' code arrives in modules of their own: the first visit fetches none of them before its Sign in
//! button works (then the sign-in module, in the background), a partner's page only the partner views', a
//! signed-in admin's views arrive in the background, and a module that cannot be fetched (a view's, or the
//! sign-in module on the way to the sign-in page or back) is explained and fetched again.

use e2e::fixture::{until, Fixture, ADMIN};
use e2e::test_name;
use entra_emulator::state::Lifetimes;
use serde_json::json;
use std::time::{Duration, Instant};

/// The names of the view modules this page has fetched so far.
async fn fetched_views(f: &Fixture) -> e2e::browser::Result<Vec<String>> {
    let names = f
        .browser
        .script(
            "return performance.getEntriesByType('resource').map(r => new URL(r.name).pathname)\
             .filter(p => p.includes('/views/')).map(p => p.split('/').pop());",
        )
        .await?;
    Ok(serde_json::from_value(names)?)
}

fn any_named(files: &[String], module: &str) -> bool {
    files.iter().any(|f| f.starts_with(&format!("{module}-")))
}

/// Makes every request for the modules matching these patterns fail, as a dropped connection would; none lets
/// them all through again.
async fn block(f: &Fixture, patterns: &[&str]) -> e2e::browser::Result<()> {
    f.browser.cdp("Network.enable", json!({})).await?;
    f.browser.cdp("Network.setBlockedURLs", json!({ "urls": patterns })).await?;
    Ok(())
}

/// How this page requested a view module, once it is here: `link` for a preload `index.html` adds, `fetch` for
/// the app's own request.
async fn requested_by(f: &Fixture, module: &str) -> e2e::browser::Result<Option<String>> {
    let script = format!(
        "const r = performance.getEntriesByType('resource').find(r => r.name.includes('/views/{module}-'));\
         return r ? r.initiatorType : null;"
    );
    Ok(f.browser.script(&script).await?.as_str().map(str::to_string))
}

/// When a view module's request started and when it had arrived (ms since the page began), once it is here.
async fn module_timing(f: &Fixture, module: &str) -> e2e::browser::Result<Option<(f64, f64)>> {
    let script = format!(
        "const r = performance.getEntriesByType('resource').find(r => r.name.includes('/views/{module}-'));\
         return r ? [r.startTime, r.responseEnd] : null;"
    );
    Ok(serde_json::from_value(f.browser.script(&script).await?)?)
}

/// When the sign-in module's request started, and when the main module had arrived (ms since the page began),
/// once the sign-in module is here.
async fn sign_in_module_timing(f: &Fixture) -> e2e::browser::Result<Option<(f64, f64)>> {
    let timing = f
        .browser
        .script(
            "const all = performance.getEntriesByType('resource');\
             const m = all.find(r => r.name.includes('/views/split_sign_in-'));\
             const main = all.find(r => r.name.endsWith('_bg.wasm'));\
             return m && main ? [m.startTime, main.responseEnd] : null;",
        )
        .await?;
    Ok(serde_json::from_value(timing)?)
}

/// Waits until both admin modules are here; then when each was requested and had arrived: (invite, others).
async fn admin_modules_timing(f: &Fixture) -> e2e::browser::Result<((f64, f64), (f64, f64))> {
    until("both admin modules fetched in the background", Instant::now() + Duration::from_secs(30), || async {
        Ok(module_timing(f, "split_invite").await?.is_some() && module_timing(f, "split_admin").await?.is_some())
    })
    .await?;
    Ok((
        module_timing(f, "split_invite").await?.unwrap_or_default(),
        module_timing(f, "split_admin").await?.unwrap_or_default(),
    ))
}

#[tokio::test]
async fn the_first_visit_fetches_no_view_and_a_partner_page_only_the_partners() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        // A partner's link: the partner views' module, never the admin views' nor the sign-in module (a
        // partner does not sign in here; it would be fetched as the page's header renders, before this view).
        // A request link: the request form's own module, not the other partner views'.
        b.goto(&f.app_url("#/request/not-a-link")).await?;
        until("the request form's module fetched", Instant::now() + Duration::from_secs(20), || async {
            Ok(any_named(&fetched_views(f).await?, "split_partner_request"))
        })
        .await?;
        assert_eq!(requested_by(f, "split_partner_request").await?.as_deref(), Some("link"), "the request module");
        let request = fetched_views(f).await?;
        assert!(!any_named(&request, "split_partner"), "{request:?}");
        assert!(!any_named(&request, "split_admin"), "{request:?}");
        assert!(!any_named(&request, "split_invite"), "{request:?}");
        b.goto("about:blank").await?;
        b.goto(&f.app_url("#/welcome/not-a-link")).await?;
        b.by_role("heading", "This invitation link doesn't work").await?;
        let partner = fetched_views(f).await?;
        assert!(any_named(&partner, "split_partner"), "{partner:?}");
        assert!(!any_named(&partner, "split_partner_request"), "{partner:?}");
        // A welcome link asks first for the partner check alone (it can offer Accept before the main module is
        // here); the partner module comes once the app asks for it.
        let check = "const r = performance.getEntriesByType('resource')\
                     .find(r => r.name.includes('/views/partner-check-') && r.name.endsWith('_bg.wasm'));\
                     return r ? r.initiatorType : null;";
        assert_eq!(b.script(check).await?.as_str(), Some("link"), "the partner check");
        assert_eq!(requested_by(f, "split_partner").await?.as_deref(), Some("fetch"), "the partner module");
        assert!(!any_named(&partner, "split_admin"), "{partner:?}");
        assert!(!any_named(&partner, "split_invite"), "{partner:?}");
        assert!(!any_named(&partner, "split_sign_in"), "{partner:?}");
        // A join link too; the other partner module, the request form's, is never fetched.
        b.goto("about:blank").await?;
        b.goto(&f.app_url("#/join/not-a-link")).await?;
        b.by_role("heading", "This invitation link doesn't work").await?;
        assert_eq!(b.script(check).await?.as_str(), Some("link"), "the partner check");
        assert_eq!(requested_by(f, "split_partner").await?.as_deref(), Some("fetch"), "the partner module");
        assert!(!any_named(&fetched_views(f).await?, "split_partner_request"));

        // The start page needs no view module; once Sign in is offered, the sign-in module follows in the
        // background, requested only after the main module arrived, so it never slowed the page down.
        b.goto(&f.app_url("")).await?;
        b.by_role("button", "Sign in").await?;
        let deadline = Instant::now() + Duration::from_secs(20);
        until("the sign-in module fetched", deadline, || async { Ok(sign_in_module_timing(f).await?.is_some()) })
            .await?;
        let (started, main_arrived) = sign_in_module_timing(f).await?.unwrap_or_default();
        assert!(started >= main_arrived, "requested at {started} ms, the main module arrived at {main_arrived} ms");
        let start_page = fetched_views(f).await?;
        assert!(!any_named(&start_page, "split_admin"), "{start_page:?}");
        assert!(!any_named(&start_page, "split_invite"), "{start_page:?}");

        // Signed in, the admin views arrive without a click: Invite then opens with the network cut.
        f.sign_in("Sign in", ADMIN).await?;
        b.by_role("button", "Sign out").await?;
        // The page that came back with the code asked for the sign-in module beside the main one, by a preload.
        assert_eq!(requested_by(f, "split_sign_in").await?.as_deref(), Some("link"), "the sign-in module");
        // The invite form's module first, the other admin views' only once it is here: one at a time, so the
        // background never slows the form an admin most often opens next.
        let ((_, invite_arrived), (others_started, _)) = admin_modules_timing(f).await?;
        assert!(
            others_started >= invite_arrived,
            "the other admin views requested at {others_started} ms, the invite form's arrived at {invite_arrived} ms"
        );
        block(f, &["*/views/*"]).await?;
        b.by_role("link", "Invite a partner").await?.click().await?;
        b.by_role("heading", "Invite a partner").await?;
        b.by_role("textbox", "Email address").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_signed_in_admin_gets_the_view_on_screen_before_the_background_modules() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        // Back from signing in on the guests page: its module (the other admin views') comes first, and the
        // invite form's only once it is here.
        f.open_signed_in("#/guests", ADMIN).await?;
        f.browser.by_role("heading", "Guests").await?;
        let ((invite_started, _), (_, others_arrived)) = admin_modules_timing(f).await?;
        assert!(
            invite_started >= others_arrived,
            "the invite form requested at {invite_started} ms, the guests page's module arrived at {others_arrived} ms"
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_view_whose_module_cannot_be_fetched_says_so_and_tries_again() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        b.goto(&f.app_url("")).await?;
        b.by_role("button", "Sign in").await?;
        // The invite form's module only: signing in itself still works.
        block(f, &["*/views/split_invite-*"]).await?;
        f.open_signed_in("#/invite", ADMIN).await?;
        let alert = b.alert_containing("This page could not be loaded").await?;
        assert!(alert.contains("Check your connection, then try again."), "{alert}");
        assert!(b.absent("textbox", "Email address").await?, "no form without its module");

        // The connection is back: one click fetches the module again and shows the form.
        block(f, &[]).await?;
        b.by_role("button", "Try again").await?.click().await?;
        b.by_role("heading", "Invite a partner").await?;
        b.by_role("textbox", "Email address").await?;
        b.gone("button", "Try again").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_sign_in_whose_module_cannot_be_fetched_on_the_way_back_is_explained_and_can_be_repeated() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        b.goto(&f.app_url("")).await?;
        b.by_role("button", "Sign in").await?;
        // This page has the module (fetched in the background); the page that comes back cannot fetch it.
        let deadline = Instant::now() + Duration::from_secs(20);
        until("the sign-in module fetched", deadline, || async { Ok(sign_in_module_timing(f).await?.is_some()) })
            .await?;
        block(f, &["*/views/split_sign_in-*"]).await?;
        f.sign_in("Sign in", ADMIN).await?;
        let alert = b.alert_containing("Signing in could not finish").await?;
        assert!(alert.contains("Check your connection, then sign in again."), "{alert}");
        assert!(b.absent("button", "Sign out").await?, "nobody is signed in");

        // The sign-in service remembers the account from the first attempt, so no form is shown again.
        block(f, &[]).await?;
        b.by_role("button", "Sign in").await?.click().await?;
        b.by_role("button", "Sign out").await?;
        b.gone("alert", "Signing in could not finish").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_sign_in_whose_module_cannot_be_fetched_before_leaving_sends_nothing_and_can_be_repeated() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        block(f, &["*/views/split_sign_in-*"]).await?;
        let start = f.app_url("");
        b.goto(&start).await?;
        b.by_role("button", "Sign in").await?.click().await?;
        let alert = b.alert_containing("Signing in could not start").await?;
        assert!(alert.contains("Nothing was sent."), "{alert}");
        assert!(alert.contains("Check your connection, then try again."), "{alert}");
        // Still on this page, with no sign-in pending.
        let state = f.browser_state().await?;
        assert_eq!(state["url"].as_str(), Some(start.as_str()), "{state}");
        assert!(!state["session"].as_str().unwrap_or_default().contains("b2b.auth.pending"), "{state}");

        block(f, &[]).await?;
        f.sign_in("Sign in", ADMIN).await?;
        b.by_role("button", "Sign out").await?;
        b.gone("alert", "Signing in could not start").await?;
        Ok(())
    })
    .await;
}
