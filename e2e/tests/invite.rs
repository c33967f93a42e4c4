//! Inviting a partner end to end: Microsoft's email, the hand-over of the redeem link to a second browser,
//! hostile partner links, Graph's refusals and outages, and HTML typed into every field.

use e2e::browser::Browser;
use e2e::fixture::Fixture;
use entra_emulator::state::Lifetimes;
use serde_json::json;

const ADMIN: (&str, &str) = ("admin@contoso.onmicrosoft.com", "Demo-Admin-1!");
const INVITER: (&str, &str) = ("inviter@contoso.onmicrosoft.com", "Demo-Inviter-1!");
const MEMBER: (&str, &str) = ("member@contoso.onmicrosoft.com", "Demo-Member-1!");
const HOSTILE: &str = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script>";

async fn pwned(b: &Browser) -> e2e::browser::Result<bool> {
    Ok(b.script("return window.__pwned === 1 || document.querySelector('img[src=\"x\"]') !== null")
        .await?
        .as_bool()
        .unwrap_or(true))
}

#[tokio::test]
async fn microsoft_sends_the_email_with_message_cc_and_language() {
    let f = Fixture::with_emulator("invite_email_on", Lifetimes::default()).await.expect("fixture");
    f.check(async {
        let b = &f.browser;
        b.goto(&f.app_url("#/invite")).await?;
        f.sign_in("Sign in to continue", INVITER).await?;
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
    f.browser.close().await;
}

#[tokio::test]
async fn the_partner_link_carries_the_invitation_to_a_signed_out_browser() {
    let f = Fixture::with_emulator("invite_partner_link", Lifetimes::default()).await.expect("fixture");
    let partner = Browser::start().await.expect("second browser");
    f.check(async {
        let b = &f.browser;
        b.goto(&f.app_url("#/invite")).await?;
        f.sign_in("Sign in to continue", ADMIN).await?;
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
        b.by_role("button", "Copy partner link").await?.click().await?;
        let copied = b.alert_or_status_text().await?;
        assert!(copied.contains("Copied.") || copied.contains("press Ctrl+C"), "{copied}");
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
    f.browser.close().await;
}

#[tokio::test]
async fn hostile_partner_links_are_refused() {
    let f = Fixture::with_emulator("hostile_partner_links", Lifetimes::default()).await.expect("fixture");
    f.check(async {
        let b = &f.browser;
        let emu_port = f.emulator()?.port;
        let payload = |redeem: &str| {
            use base64::Engine;
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(json!({"v": 1, "redeem": redeem, "org": "Contoso"}).to_string())
        };
        let other_port = format!("http://127.0.0.1:{}/redeem?rd=x", emu_port + 1);
        for hostile in [
            "javascript:window.__pwned=1",
            "https://login.microsoftonline.com@evil.example/redeem",
            "https://login.microsoftonline.com.evil.example/redeem",
            "https://evil.example/redeem?rd=https://login.microsoftonline.com/redeem",
            "data:text/html,<script>alert(1)</script>",
            other_port.as_str(),
        ] {
            let url = f.app_url(&format!("#/welcome/{}", payload(hostile)));
            b.goto(&url).await?;
            b.by_role("button", "Accept invitation").await?.click().await?;
            b.by_role("heading", "This link cannot be opened safely").await?;
            assert_eq!(b.url().await?, url, "{hostile} did not navigate");
            assert!(!pwned(b).await?);
        }
        for broken in ["", "!!!not-base64", "eyJ2IjoxfQ"] {
            b.goto(&f.app_url(&format!("#/welcome/{broken}"))).await?;
            b.by_role("heading", "This invitation link doesn't work").await?;
        }
        Ok(())
    })
    .await;
    f.browser.close().await;
}

#[tokio::test]
async fn refusals_throttling_and_outages_keep_the_form() {
    let f = Fixture::with_emulator("invite_failures", Lifetimes::default()).await.expect("fixture");
    f.check(async {
        let b = &f.browser;
        b.goto(&f.app_url("#/invite")).await?;
        f.sign_in("Sign in to continue", MEMBER).await?;
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
    f.browser.close().await;

    let f = Fixture::with_emulator("invite_throttled_offline", Lifetimes::default()).await.expect("fixture");
    f.check(async {
        let b = &f.browser;
        b.goto(&f.app_url("#/invite")).await?;
        f.sign_in("Sign in to continue", INVITER).await?;
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
    f.browser.close().await;
}

#[tokio::test]
async fn html_and_script_typed_anywhere_never_run() {
    let f = Fixture::with_emulator("invite_html", Lifetimes::default()).await.expect("fixture");
    let partner = Browser::start().await.expect("second browser");
    f.check(async {
        let b = &f.browser;
        b.goto(&f.app_url("#/invite")).await?;
        f.sign_in("Sign in to continue", ADMIN).await?;
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
    f.browser.close().await;
}
