//! Inviting a partner end to end: Microsoft's email, the hand-over of the redeem link to a second browser,
//! hostile partner links, Graph's refusals and outages, and HTML typed into every field.

use e2e::browser::Browser;
use e2e::fixture::{block_the_main_module, partner_check_outcome, until, Fixture, ADMIN, INVITER, MEMBER};
use e2e::test_name;
use entra_emulator::state::Lifetimes;
use serde_json::json;
use std::time::{Duration, Instant};

const HOSTILE: &str = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script>";

async fn pwned(b: &Browser) -> e2e::browser::Result<bool> {
    Ok(b.script("return window.__pwned === 1 || document.querySelector('img[src=\"x\"]') !== null")
        .await?
        .as_bool()
        .unwrap_or(true))
}

#[tokio::test]
async fn microsoft_sends_the_email_with_message_cc_and_language() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/invite", INVITER).await?;
        f.fill("Email address", "alex@fabrikam.example").await?;
        f.fill("Display name", "Alex (Fabrikam)").await?;
        b.by_role("combobox", "Message language").await?.select_by_value("de-DE").await?;
        f.fill("Cc recipient", "sam@contoso-partner.example").await?;
        f.fill("Personal message", "Welcome to the project workspace.").await?;
        b.wait_for_text("33 of 2000 characters").await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.by_role("heading", "Invitation created").await?;
        b.wait_for_text("Microsoft sent the invitation email to alex@fabrikam.example.").await?;
        b.wait_for_text("PendingAcceptance").await?;
        let outbox = f.emulator()?.shared.lock().outbox.clone();
        assert_eq!(outbox.len(), 1);
        assert_eq!(outbox[0].to, "alex@fabrikam.example");
        assert_eq!(outbox[0].cc, vec!["sam@contoso-partner.example"]);
        assert_eq!(outbox[0].language.as_deref(), Some("de-DE"));
        assert_eq!(outbox[0].custom_body.as_deref(), Some("Welcome to the project workspace."));
        // Who was invited is cleared; the settings stay for the next partner.
        assert_eq!(f.value_of("textbox", "Email address").await?, "");
        assert_eq!(f.value_of("textbox", "Personal message").await?, "Welcome to the project workspace.");
        // Two cc addresses are refused with the reason, rather than silently dropped.
        f.fill("Email address", "bea@fabrikam.example").await?;
        f.fill("Cc recipient", "one@x.example, two@x.example").await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.wait_for_text("only one cc recipient").await?;
        assert_eq!(f.emulator()?.shared.lock().invitations.len(), 1, "nothing was sent");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_partner_link_carries_the_invitation_to_a_signed_out_browser() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    let partner = Browser::start().await.expect("second browser");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/invite", ADMIN).await?;
        b.by_role("checkbox", "Send invitation email").await?.click().await?;
        f.fill("Email address", "rita@partner.example").await?;
        let landing = f.app_url("#/");
        f.fill("Redirect URL", &landing).await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.by_role("heading", "Invitation created").await?;
        b.wait_for_text("Not sent: hand the link over yourself").await?;
        b.wait_for_text("This link is a credential.").await?;
        b.by_role("img", "QR code of the redeem link").await?;
        let redeem = f.value_of("textbox", "Redeem link").await?;
        assert!(redeem.contains("/redeem?rd="), "{redeem}");
        f.fill("Note for the partner (optional)", "Hi Rita, see you on Monday! <b>not bold</b>").await?;
        let link = f.value_of("textbox", "Partner link").await?;
        assert!(link.starts_with(&f.app_url("#/welcome/")), "{link}");
        let mailto = b.by_role("link", "Email it yourself").await?.attr("href").await?.unwrap_or_default();
        assert!(mailto.starts_with("mailto:rita%40partner.example?subject="), "{mailto}");

        // The partner: another browser, never signed in.
        partner.goto(&link).await?;
        partner.by_role("heading", "Contoso invites you to collaborate").await?;
        partner.wait_for_text("Hi Rita, see you on Monday! <b>not bold</b>").await?;
        assert!(partner.names_of("button").await?.iter().all(|n| n != "Sign in"), "no sign-in on the partner view");
        partner.by_role("button", "Accept invitation").await?.click().await?;
        partner.by_role("heading", "Review permissions").await?;
        let account = partner.by_role("textbox", "Sign in as").await?.prop("value").await?;
        assert_eq!(account.as_deref(), Some("rita@partner.example"), "the partner signs in as the invited address");
        partner.by_role("button", "Accept").await?.click().await?;
        partner.by_role("heading", "Guest onboarding for Contoso").await?;
        assert_eq!(partner.url().await?, landing, "the partner ends on the redirect URL");
        let users = f.emulator()?.shared.lock().seed.users.clone();
        let rita = users.iter().find(|u| u.mail.as_deref() == Some("rita@partner.example")).expect("guest created");
        assert_eq!(rita.external_user_state.as_deref(), Some("Accepted"));
        Ok(())
    })
    .await;
    partner.close().await;
}

/// A `#/welcome/` payload: base64url of this JSON text.
fn welcome_payload(json: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

/// `{login}/redeem?rd=<inner>`, the inner URL percent-encoded (built as text: some hosts here are not valid).
fn redeem_link(login: &str, inner: &str) -> String {
    format!("{login}/redeem?rd={}", url::form_urlencoded::byte_serialize(inner.as_bytes()).collect::<String>())
}

/// The welcome links a partner may be sent, for the emulator on `port` and our `tenant`: the unsafe ones and the
/// broken ones by case, and the genuine redeem URL with its host.
struct WelcomeLinks {
    unsafe_links: Vec<(&'static str, String)>,
    broken_links: Vec<(&'static str, String)>,
    genuine: String,
    base: String,
}

fn welcome_links(port: u16, tenant: &str) -> WelcomeLinks {
    let tenant = tenant.to_string();
    let base = format!("http://127.0.0.1:{port}");
    let inner = format!("{base}/invitations/redeem/?tenant={tenant}&user=u1&ticket=t&ver=2.0");
    let genuine = redeem_link(&base, &inner);
    let v2 = |redeem: &str| welcome_payload(&json!({"v": 2, "redeem": redeem}).to_string());
    let other_tenant = inner.replace(&tenant, "11112222-3333-4444-5555-666677778888");
    let microsoft_inner = format!("https://invitations.microsoft.com/redeem/?tenant={tenant}&user=u1");
    let unsafe_links: Vec<(&'static str, String)> = vec![
        ("javascript", v2("javascript:window.__pwned=1")),
        ("javascript, mixed case", v2("JaVaScRiPt:window.__pwned=1")),
        ("javascript, escaped", v2("java\nscript:window.__pwned=1")),
        ("data", v2("data:text/html,<script>window.__pwned=1</script>")),
        ("userinfo", v2(&genuine.replace("http://", "http://login.microsoftonline.com@"))),
        ("backslash", v2(&format!("https://login.microsoftonline.com\\@evil.example/redeem?rd={inner}"))),
        ("lookalike suffix", v2(&genuine.replace("127.0.0.1", "127.0.0.1.evil.example"))),
        ("trailing dot", v2(&redeem_link("https://login.microsoftonline.com.", &microsoft_inner))),
        ("Cyrillic homograph", v2(&redeem_link("https://l\u{043e}gin.microsoftonline.com", &microsoft_inner))),
        ("%2F in the host", v2(&format!("https://login.microsoftonline.com%2Fevil.example/redeem?rd={inner}"))),
        ("another port", v2(&genuine.replace(&port.to_string(), &(port + 1).to_string()))),
        ("percent-encoded path", v2(&genuine.replace("/redeem?", "/%72edeem?"))),
        (
            "logout as open redirect",
            v2(&format!("{base}/common/oauth2/v2.0/logout?post_logout_redirect_uri=https://evil.example")),
        ),
        ("rd elsewhere", v2(&redeem_link(&base, &format!("https://evil.example/redeem/?tenant={tenant}")))),
        ("another tenant", v2(&redeem_link(&base, &other_tenant))),
        ("another cloud", v2(&redeem_link("https://login.microsoftonline.us", &microsoft_inner))),
    ];
    let broken_links: Vec<(&'static str, String)> = vec![
        ("empty", String::new()),
        ("not base64", "!!!not-base64".into()),
        (
            "standard base64",
            welcome_payload(&json!({"v": 2, "redeem": genuine}).to_string()).replace('-', "+").replace('_', "/") + "+/",
        ),
        (
            "duplicate key",
            welcome_payload(&format!(r#"{{"v":2,"redeem":"{genuine}","redeem":"javascript:window.__pwned=1"}}"#)),
        ),
        ("wrong type", welcome_payload(&json!({"v": "2", "redeem": genuine}).to_string())),
        (
            "old version naming an organisation",
            welcome_payload(&json!({"v": 1, "redeem": genuine, "org": "Evil Corp"}).to_string()),
        ),
        ("newer version", welcome_payload(&json!({"v": 9, "redeem": genuine}).to_string())),
        (
            "a name carried in the link",
            welcome_payload(&json!({"v": 2, "redeem": genuine, "org": "Evil Corp"}).to_string()),
        ),
        (
            "200,000-character note",
            welcome_payload(&json!({"v": 2, "redeem": genuine, "note": "x".repeat(200_000)}).to_string()),
        ),
    ];
    WelcomeLinks { unsafe_links, broken_links, genuine, base }
}

#[tokio::test]
async fn hostile_partner_links_are_refused() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        let (port, tenant) = (f.emulator()?.port, f.emulator()?.shared.lock().seed.tenant.id.clone());
        let WelcomeLinks { unsafe_links, broken_links, genuine, base } = welcome_links(port, &tenant);
        for (case, payload) in unsafe_links.iter().chain(broken_links.iter()) {
            let url = f.app_url(&format!("#/welcome/{payload}"));
            b.goto(&url).await?;
            let heading = b.names_of("heading").await?;
            let refused = if unsafe_links.iter().any(|(c, _)| c == case) {
                "This link cannot be opened safely"
            } else {
                "This invitation link doesn't work"
            };
            b.by_role("heading", refused).await.map_err(|e| format!("{case}: {e}; headings {heading:?}"))?;
            assert!(
                !b.names_of("button").await?.contains(&"Accept invitation".to_string()),
                "{case}: an Accept button"
            );
            assert!(!b.page_text().await?.contains("Evil Corp"), "{case}: the link's name was shown");
            assert_eq!(b.url().await?, url, "{case}: the page navigated");
            assert!(!pwned(b).await?, "{case}");
        }

        // The genuine link, with markup and direction tricks in its note and a query tail: the welcome names
        // the configured organisation, shows the note as plain text, and Accept goes to the redeem page.
        let note = "<img src=x onerror=\"window.__pwned=1\"> Pay \u{202E}gnp.exe\u{202C} now";
        let payload = welcome_payload(&json!({"v": 2, "redeem": genuine, "note": note}).to_string());
        b.goto(&f.app_url(&format!("#/welcome/{payload}?utm_source=mail"))).await?;
        b.by_role("heading", "Contoso invites you to collaborate").await?;
        b.wait_for_text("A note from the person who sent you this link:").await?;
        b.wait_for_text("<img src=x onerror=\"window.__pwned=1\"> Pay gnp.exe now").await?;
        assert!(!pwned(b).await?);
        b.by_role("button", "Accept invitation").await?.click().await?;
        let redeem_page = &format!("{base}/redeem");
        let opened = move || async move { Ok(b.url().await?.starts_with(redeem_page)) };
        until("Accept did not open the redeem page", Instant::now() + Duration::from_secs(10), opened).await?;
        Ok(())
    })
    .await;
}

/// Before the main module is here, a welcome link offers Accept invitation from the partner check (the app's
/// own checks without Leptos), in the link's language, only when the app itself would; the app's full welcome
/// takes its place once it starts.
#[tokio::test]
async fn a_genuine_welcome_link_offers_accept_before_the_main_module_and_a_hostile_one_nothing() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        let (port, tenant) = (f.emulator()?.port, f.emulator()?.shared.lock().seed.tenant.id.clone());
        let WelcomeLinks { unsafe_links, broken_links, genuine, base } = welcome_links(port, &tenant);
        block_the_main_module(b).await?;
        for (case, payload) in unsafe_links.iter().chain(broken_links.iter()) {
            b.goto("about:blank").await?;
            b.goto(&f.app_url(&format!("#/welcome/{payload}"))).await?;
            assert_eq!(partner_check_outcome(b).await?, "refused", "{case}");
            assert!(b.names_of("button").await?.is_empty(), "{case}: a button");
            assert!(!pwned(b).await?, "{case}");
        }

        // In the language the link asks for, the organisation's name from config.json, and a working button.
        let zh = welcome_payload(&json!({"v": 2, "redeem": genuine, "lang": "zh-TW"}).to_string());
        b.goto("about:blank").await?;
        b.goto(&f.app_url(&format!("#/welcome/{zh}"))).await?;
        assert_eq!(partner_check_outcome(b).await?, "offered");
        b.by_role("heading", "Contoso 邀請您協同合作").await?;
        b.by_role("button", "接受邀請").await?;
        let lang = "return document.documentElement.lang";
        assert_eq!(b.script(lang).await?.as_str(), Some("zh-TW"), "the page says the language its words are in");

        let note = "<img src=x onerror=\"window.__pwned=1\"> hello";
        let payload = welcome_payload(&json!({"v": 2, "redeem": genuine, "note": note}).to_string());
        let url = f.app_url(&format!("#/welcome/{payload}"));
        b.goto("about:blank").await?;
        b.goto(&url).await?;
        assert_eq!(partner_check_outcome(b).await?, "offered");
        assert_eq!(b.names_of("heading").await?, ["Contoso invites you to collaborate"]);
        b.by_role("button", "Accept invitation").await?.click().await?;
        let redeem_page = &format!("{base}/redeem");
        let opened = move || async move { Ok(b.url().await?.starts_with(redeem_page)) };
        until("Accept did not open the redeem page", Instant::now() + Duration::from_secs(10), opened).await?;

        // With the main module back, the app's welcome replaces the offer: one title, and the steps.
        b.cdp("Network.setBlockedURLs", json!({ "urls": [] })).await?;
        b.goto("about:blank").await?;
        b.goto(&url).await?;
        b.by_role("heading", "What happens next").await?;
        assert_eq!(b.names_of("heading").await?, ["Contoso invites you to collaborate", "What happens next"]);
        assert_eq!(b.names_of("button").await?.iter().filter(|n| *n == "Accept invitation").count(), 1);
        assert!(!pwned(b).await?);
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn refusals_throttling_and_outages_keep_the_form() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/invite", MEMBER).await?;
        f.fill("Email address", "kim@partner.example").await?;
        f.fill("Display name", "Kim Partner").await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.by_role("heading", "You don't have permission to do this").await?;
        let alert = b.alert_containing("Guest Inviter").await?;
        assert!(alert.contains("Request ID"), "{alert}");
        assert_eq!(f.value_of("textbox", "Email address").await?, "kim@partner.example");
        // A reload keeps every field too.
        b.reload().await?;
        b.by_role("heading", "Invite a partner").await?;
        assert_eq!(f.value_of("textbox", "Display name").await?, "Kim Partner");
        assert_eq!(f.value_of("textbox", "Email address").await?, "kim@partner.example");
        Ok(())
    })
    .await;

    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/invite", INVITER).await?;
        f.fill("Email address", "lee@partner.example").await?;
        f.faults(json!({"throttle_ratio": 1.0, "retry_after_s": 0.2, "path_contains": "invitations"}))?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.by_role("heading", "Microsoft Graph is busy").await?;
        let posts = f
            .emulator()?
            .shared
            .lock()
            .requests
            .iter()
            .filter(|r| r.method == "POST" && r.path.ends_with("/invitations"))
            .count();
        assert_eq!(posts, 5, "retried with backoff up to five tries");
        assert_eq!(f.value_of("textbox", "Email address").await?, "lee@partner.example");
        // Offline: the connection drops.
        f.faults(json!({"drop_ratio": 1.0, "path_contains": "invitations"}))?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.by_role("heading", &format!("Cannot reach 127.0.0.1:{}", f.emulator()?.port)).await?;
        assert_eq!(f.value_of("textbox", "Email address").await?, "lee@partner.example");
        // Back online. A rejected address is explained; once corrected, its message goes while typing, so the
        // button does not move under the next click (a tall window keeps the button where a blur shifted it).
        f.faults(json!({}))?;
        b.client.set_window_size(1100, 2200).await?;
        f.fill("Email address", "lee+news@partner.example").await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.wait_for_text("Microsoft does not support + aliases").await?;
        f.fill("Email address", "lee@partner.example").await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.by_role("heading", "Invitation created").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn html_and_script_typed_anywhere_never_run() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    let partner = Browser::start().await.expect("second browser");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/invite", ADMIN).await?;
        f.fill("Email address", HOSTILE).await?;
        f.fill("Display name", HOSTILE).await?;
        f.fill("Cc recipient", HOSTILE).await?;
        f.fill("Personal message", HOSTILE).await?;
        f.fill("Redirect URL", HOSTILE).await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.wait_for_text("An email address cannot contain spaces.").await?;
        b.wait_for_text("Enter a full web address, starting with https://").await?;
        assert!(!pwned(b).await?);
        assert!(f.emulator()?.shared.lock().invitations.is_empty());
        f.fill("Email address", "hx@partner.example").await?;
        f.fill("Cc recipient", "").await?;
        f.fill("Redirect URL", "https://myapps.microsoft.com/").await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.by_role("heading", "Invitation created").await?;
        f.fill("Note for the partner (optional)", HOSTILE).await?;
        let link = f.value_of("textbox", "Partner link").await?;
        assert!(!pwned(b).await?);
        partner.goto(&link).await?;
        partner.wait_for_text(HOSTILE).await?;
        assert!(!pwned(&partner).await?);
        let stored = f.emulator()?.shared.lock().outbox.clone();
        assert_eq!(stored[0].custom_body.as_deref(), Some(HOSTILE), "sent as text, unchanged");
        Ok(())
    })
    .await;
    partner.close().await;
}

/// Signs in as `who`, invites `address` without Microsoft's email, and waits for the result heading.
async fn invite_by_link(
    f: &Fixture,
    who: e2e::fixture::Account,
    address: &str,
    heading: &str,
) -> e2e::browser::Result<()> {
    let b = &f.browser;
    f.open_signed_in("#/invite", who).await?;
    b.by_role("checkbox", "Send invitation email").await?.click().await?;
    f.fill("Email address", address).await?;
    b.by_role("button", "Send invitation").await?.click().await?;
    b.by_role("heading", heading).await?;
    Ok(())
}

fn invitation_posts(f: &Fixture) -> Vec<u16> {
    f.emulator
        .as_ref()
        .map(|e| {
            let t = e.shared.lock();
            t.requests
                .iter()
                .filter(|r| r.method == "POST" && r.path.ends_with("/invitations"))
                .map(|r| r.status)
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn copy_puts_the_partner_link_on_the_clipboard() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        invite_by_link(f, ADMIN, "cora@partner.example", "Invitation created").await?;
        b.set_permission("clipboard-read", "granted").await?;
        b.set_permission("clipboard-write", "granted").await?;
        b.by_role("button", "Copy partner link").await?.click().await?;
        b.wait_for_text("Copied.").await?;
        let on_clipboard = b.client.execute_async("navigator.clipboard.readText().then(arguments[0])", vec![]).await?;
        assert_eq!(on_clipboard.as_str().unwrap_or_default(), f.value_of("textbox", "Partner link").await?);
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_refused_copy_selects_the_link_for_the_keyboard() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        invite_by_link(f, ADMIN, "dora@partner.example", "Invitation created").await?;
        b.set_permission("clipboard-write", "denied").await?;
        b.by_role("button", "Copy link").await?.click().await?;
        b.wait_for_text("Your browser did not allow copying: the link is selected, press Ctrl+C").await?;
        let selected = b
            .script("const e = document.activeElement; return [e.id, e.selectionStart, e.selectionEnd, e.value.length]")
            .await?;
        let len = f.value_of("textbox", "Redeem link").await?.len();
        assert_eq!(selected, json!(["redeem-url", 0, len, len]), "the whole redeem link is selected");
        assert!(!b.page_text().await?.contains("Copied."));
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn re_inviting_a_guest_keeps_the_account_and_gives_a_new_link() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        invite_by_link(f, INVITER, "paula@woodgrove.example", "Invitation sent again").await?;
        b.wait_for_text("This address had been invited before: the same guest account was kept").await?;
        b.wait_for_text("c0000003-0000-4000-8000-000000000001").await?;
        let redeem = f.value_of("textbox", "Redeem link").await?;
        assert!(redeem.contains("/redeem?rd="), "{redeem}");
        let t = f.emulator()?.shared.lock();
        let paulas = t.seed.users.iter().filter(|u| u.mail.as_deref() == Some("paula@woodgrove.example")).count();
        assert_eq!(paulas, 1, "no second account");
        assert_eq!(t.invitations.len(), 1);
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_internal_address_is_sent_to_conversion_without_inviting() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/invite", INVITER).await?;
        f.fill("Email address", "pat@fabrikam.example").await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.by_role("heading", "This person already has an internal account").await?;
        let alert = b.alert_containing("Pat Partner (Fabrikam)").await?;
        assert!(
            alert.contains("Convert an internal user") && alert.contains("b0000002-0000-4000-8000-000000000001"),
            "{alert}"
        );
        assert_eq!(invitation_posts(f), Vec::<u16>::new(), "nothing was sent to Graph");
        assert_eq!(f.value_of("textbox", "Email address").await?, "pat@fabrikam.example");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_administrator_invites_a_member() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/invite", ADMIN).await?;
        b.by_role("radio", "Member").await?.click().await?;
        b.by_role("checkbox", "Send invitation email").await?.click().await?;
        f.fill("Email address", "mo@partner.example").await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.by_role("heading", "Invitation created").await?;
        let t = f.emulator()?.shared.lock();
        assert_eq!(t.invitations.last().map(|i| i.request["invitedUserType"].clone()), Some(json!("Member")));
        let mo = t.seed.users.iter().find(|u| u.mail.as_deref() == Some("mo@partner.example")).expect("created");
        assert_eq!(mo.user_type, "Member");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_hidden_retry_after_still_backs_off_and_succeeds() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/invite", INVITER).await?;
        f.fill("Email address", "hana@partner.example").await?;
        // The browser cannot read Retry-After, so the app backs off on its own (2 s, then 4 s).
        f.faults(json!({"throttle_ratio": 1.0, "retry_after_s": 30, "hide_retry_after": true, "path_contains": "invitations"}))?;
        b.by_role("button", "Send invitation").await?.click().await?;
        let fx = &f;
        let retried = move || async move { Ok(invitation_posts(fx).len() >= 2) };
        until("no retry without a readable Retry-After", Instant::now() + Duration::from_secs(20), retried).await?;
        f.faults(json!({}))?;
        b.by_role("heading", "Invitation created").await?;
        assert_eq!(invitation_posts(f), vec![429, 429, 201], "two throttled tries, then success");
        Ok(())
    })
    .await;
}

/// Groups, sponsors and a profile with the invitation: the pickers refuse what Graph cannot do before anything is
/// sent, a new guest the directory does not know yet is waited for, a refusal is shown beside what succeeded,
/// and a retry repeats only the failed steps, never the invitation or a membership that was added.
#[tokio::test]
async fn an_invitation_brings_groups_sponsors_and_a_profile_and_a_retry_repeats_only_what_failed() {
    let f = Fixture::with_granted(&["GroupMember.ReadWrite.All", "User.ReadWrite.All"], |_| {}).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        // A new guest stays unknown to writes for 2 s, as a new object takes a moment to replicate.
        f.faults(json!({"replication_delay_s": 2}))?;
        f.open_signed_in("#/invite", INVITER).await?;
        f.fill("Email address", "kim@partner.example").await?;
        // The signed-in admin sponsors the guest at first; a colleague is added by name.
        b.by_role("button", "Remove Ian Inviter (inviter@contoso.onmicrosoft.com)").await?;
        f.search("Find a colleague", "adele").await?;
        b.by_role("button", "Add Adele Admin (admin@contoso.com)").await?.click().await?;
        b.by_role("button", "Remove Adele Admin (admin@contoso.com)").await?;
        // Groups Graph cannot add to are said so, with no button.
        f.search("Find a group", "partner").await?;
        b.wait_for_text("Cannot be chosen: its members follow a membership rule.").await?;
        b.wait_for_text("Cannot be chosen: Exchange manages its members, and Microsoft Graph can only read them.")
            .await?;
        b.wait_for_text("Cannot be chosen: only a Privileged Role Administrator adds members").await?;
        let offered: Vec<String> = b
            .script("return [...document.getElementById('invite-group-search').closest('fieldset').querySelectorAll('.picker-results button')].map(b => b.textContent)")
            .await?
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        assert_eq!(offered, ["Add Partner Projects"], "only what Graph may add to");
        b.by_role("button", "Add Partner Projects").await?.click().await?;
        f.search("Find a group", "finance").await?;
        b.by_role("button", "Add Finance Reviewers").await?.click().await?;
        f.fill("Job title", "Engineer <b>lead</b>").await?;
        f.fill("Company", "Partner Ltd").await?;
        f.fill("Usage location", "UK").await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.wait_for_text("That is not an ISO 3166 country code (the United Kingdom, for example, is GB).").await?;
        assert_eq!(f.emulator()?.shared.lock().invitations.len(), 0, "nothing is sent with a bad field");
        assert_eq!(f.value_of("textbox", "Job title").await?, "Engineer <b>lead</b>", "what was typed stays");
        f.fill("Usage location", "tw").await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.by_role("heading", "Invitation created").await?;
        // The Guest Inviter owns Partner Projects only, and may not write profiles.
        let deadline = Instant::now() + Duration::from_secs(30);
        until("the follow-ups settle", deadline, || async {
            Ok(b.script("return document.body.innerText.includes('2 of 3 steps failed')").await? == json!(true))
        })
        .await?;
        b.wait_for_text("Added to 1 of 2 groups.").await?;
        b.wait_for_text("The profile was not written.").await?;
        b.wait_for_text("Insufficient privileges").await?;
        // The hand-over is there whatever the follow-ups did.
        b.by_role("textbox", "Redeem link").await?;
        let kim = {
            let t = f.emulator()?.shared.lock();
            let kim = t.seed.users.iter().find(|u| u.mail.as_deref() == Some("kim@partner.example")).cloned();
            kim.ok_or("the guest was created")?
        };
        assert_eq!(kim.groups, ["Partner Projects"]);
        assert_eq!(kim.sponsors, ["a0000001-0000-4000-8000-000000000002", "a0000001-0000-4000-8000-000000000001"]);
        // Another admin fixes what was missing; the retry runs only the two failed steps.
        {
            let mut t = f.emulator()?.shared.lock();
            let finance = t.seed.groups.iter_mut().find(|g| g.display_name == "Finance Reviewers").ok_or("group")?;
            finance.owners.push("a0000001-0000-4000-8000-000000000002".into());
            let inviter = t.seed.users.iter_mut().find(|u| u.display_name == "Ian Inviter").ok_or("inviter")?;
            inviter.roles.push("User Administrator".into());
        }
        b.by_role("button", "Retry the failed steps").await?.click().await?;
        b.wait_for_text("Every step is done.").await?;
        b.wait_for_text("Added to 2 of 2 groups.").await?;
        let t = f.emulator()?.shared.lock();
        assert_eq!(t.invitations.len(), 1, "the invitation is never sent again");
        let kim = t.seed.users.iter().find(|u| u.id == kim.id).ok_or("guest")?;
        assert_eq!(kim.groups, ["Partner Projects", "Finance Reviewers"]);
        assert_eq!(kim.profile.get("jobTitle"), Some(&json!("Engineer <b>lead</b>")));
        assert_eq!(kim.profile.get("usageLocation"), Some(&json!("TW")));
        let adds = |group: &str| {
            t.requests.iter().filter(|r| r.method == "POST" && r.path.contains(group) && r.status == 204).count()
        };
        assert_eq!(adds("6a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e03"), 1, "Partner Projects was added once");
        let waited = t.requests.iter().filter(|r| r.path.contains("7e03/members") && r.status == 404).count();
        assert!(waited >= 1, "the new guest was not known at first, and was waited for");
        Ok(())
    })
    .await;
}

/// Without the permissions, the parts that need them are shown disabled, each with the sentence that says
/// which permission and role unlock it, and the invitation still goes out with its sponsor.
#[tokio::test]
async fn without_the_permissions_groups_and_profile_say_what_unlocks_them() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/invite", ADMIN).await?;
        b.wait_for_text("Adding guests to groups needs the permission GroupMember.ReadWrite.All").await?;
        b.wait_for_text("Writing the profile needs the permission User.ReadWrite.All").await?;
        let group_search = b.by_role("searchbox", "Find a group").await?;
        assert_eq!(group_search.attr("disabled").await?.as_deref(), Some("true"));
        b.by_role("textbox", "Job title").await?;
        let off = b.script("return document.getElementById('invite-job-title').matches(':disabled')").await?;
        assert_eq!(off, json!(true), "the profile fields are disabled");
        f.fill("Email address", "noor@partner.example").await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.by_role("heading", "Invitation created").await?;
        let t = f.emulator()?.shared.lock();
        let request = &t.invitations.first().ok_or("one invitation")?.request;
        assert_eq!(request["invitedUserSponsors"], json!([{"id": "a0000001-0000-4000-8000-000000000001"}]));
        assert!(t.requests.iter().all(|r| !r.path.contains("/members/$ref") && r.method != "PATCH"));
        Ok(())
    })
    .await;
}
