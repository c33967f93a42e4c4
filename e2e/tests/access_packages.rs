//! Access packages end to end: which packages partners can request and why the others not, the share panel
//! (My Access link with the package id, QR code, email, join page), the join page in a browser that never
//! signed in (only ever to My Access for our tenant; a tampered link refused), and the requests in flight.

use base64::Engine;
use e2e::browser::{Browser, Result};
use e2e::fixture::{block_the_main_module, partner_check_outcome, until, Fixture, ADMIN};
use e2e::test_name;
use entra_emulator::state::Lifetimes;
use std::time::{Duration, Instant};

const SUPPLIER: &str = "d0000004-0000-4000-8000-000000000003";

#[tokio::test]
async fn requestable_packages_are_shared_and_the_others_explained() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    let partner = Browser::start().await.expect("second browser");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/access-packages", ADMIN).await?;
        b.by_role("heading", "Supplier portal").await?;
        let text = b.page_text().await?;
        for expected in [
            "Partners from outside can request this package, and get it without approval.",
            "Partners cannot request this package: its policies are for people in your directory only.",
            "Partners cannot request this package: its catalog is not enabled for external users.",
            "Partners cannot request this package: its policy for outside users lets only administrators assign it.",
            "Who may request: users of Fabrikam.",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
        }
        let mut shares: Vec<String> =
            b.names_of("button").await?.into_iter().filter(|n| n.starts_with("Share ")).collect();
        shares.sort();
        assert_eq!(shares, ["Share Event speakers", "Share Partner project workspace", "Share Supplier portal"]);

        b.by_role("button", "Share Supplier portal").await?.click().await?;
        b.by_role("heading", "Share Supplier portal with partners").await?;
        let my_access = f.value_of("textbox", "My Access link").await?;
        assert_eq!(
            my_access,
            format!("https://myaccess.microsoft.com/@contoso.onmicrosoft.com#/access-packages/{SUPPLIER}")
        );
        b.by_role("img", "QR code of the My Access link").await?;
        let mailto = b.by_role("link", "Email it yourself").await?.attr("href").await?.unwrap_or_default();
        assert!(mailto.starts_with("mailto:?subject=Contoso"), "{mailto}");
        let join = f.value_of("textbox", "Join page (this app)").await?;
        assert!(join.starts_with(&f.app_url("#/join/")), "{join}");

        // The partner, never signed in: the organisation from config, the package's words as text, then My Access.
        partner.goto(&join).await?;
        partner.by_role("heading", "Request access at Contoso").await?;
        partner.wait_for_text("Order and invoice tracking for suppliers").await?;
        partner.by_role("button", "Continue to My Access").await?.click().await?;
        until("the browser heads for My Access", Instant::now() + Duration::from_secs(20), || async {
            Ok(partner.url().await?.starts_with("https://myaccess.microsoft.com/"))
        })
        .await?;
        assert_eq!(partner.url().await?, my_access);

        // A link changed to carry an address of its own is refused, and offers nothing to follow.
        let tampered = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!(
            r#"{{"v":1,"package":"{SUPPLIER}","name":"Supplier portal","url":"https://evil.example"}}"#
        ));
        partner.goto(&f.app_url(&format!("#/join/{tampered}"))).await?;
        partner.alert_containing("damaged").await?;
        assert!(partner.absent("button", "Continue to My Access").await?);
        Ok(())
    })
    .await;
    partner.close().await;
}

#[tokio::test]
async fn a_packages_requests_show_who_asked_and_where_each_stands() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/access-packages", ADMIN).await?;
        b.by_role("button", "Requests for Partner project workspace").await?.click().await?;
        b.by_role("heading", "Requests for Partner project workspace").await?;
        b.wait_for_text("Kim Fabrikam (kim@fabrikam.example)").await?;
        let text = b.page_text().await?;
        let rows: Vec<&str> =
            text.lines().filter(|l| l.contains("fabrikam.example)") || l.contains("northwind.example)")).collect();
        assert_eq!(rows.len(), 3, "{text}");
        assert!(
            rows[0].contains("Pending approval") && rows[1].contains("Delivered") && rows[2].contains("Denied"),
            "{rows:?}"
        );
        assert!(!text.contains("Noor Tailspin"), "another package's request");
        let open = b.by_role("link", "Open My Access").await?.attr("href").await?.unwrap_or_default();
        assert_eq!(open, "https://myaccess.microsoft.com/@contoso.onmicrosoft.com");
        let log = f.emulator()?.shared.lock().requests.clone();
        assert!(log.iter().any(|r| r.path.ends_with("/assignmentRequests")
            && r.query
                .as_deref()
                .is_some_and(|q| q.contains("accessPackage%2Fid%20eq%20%27d0000004-0000-4000-8000-000000000001%27"))));
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_request_link_brings_the_partners_request_to_the_admins_invite_form() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    let partner = Browser::start().await.expect("second browser");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/access-packages", ADMIN).await?;
        assert_eq!(f.value_of("textbox", "Requests go to").await?, "it-help@contoso.com");
        f.fill("Note for partners (optional)", "Welcome <b>partners</b>").await?;
        b.by_role("combobox", "Suggested invitation language").await?.select_by_label("German").await?;
        let link = f.value_of("textbox", "Request-access link").await?;
        assert!(link.starts_with(&f.app_url("#/request/")), "{link}");

        // The partner, never signed in: every problem at once, nothing lost, then the request by their email.
        partner.goto(&link).await?;
        partner.by_role("heading", "Ask Contoso for access").await?;
        partner.wait_for_text("Welcome <b>partners</b>").await?;
        partner.by_role("textbox", "Your name").await?.send_keys("Ana Ruiz").await?;
        partner.by_role("textbox", "Your work email").await?.send_keys("ana+x@fabrikam.example").await?;
        partner.by_role("button", "Prepare my request").await?.click().await?;
        partner.alert_containing("Company is required.").await?;
        partner.alert_containing("Why you need access is required.").await?;
        partner.alert_containing("\"+\" is not allowed").await?;
        // The partner reads Chinese better: switching keeps what they typed, and the problems follow.
        partner.by_role("button", "繁體中文").await?.click().await?;
        partner.by_role("heading", "向 Contoso 請求存取").await?;
        assert_eq!(partner.by_role("textbox", "您的姓名").await?.prop("value").await?.as_deref(), Some("Ana Ruiz"));
        partner.alert_containing("必須填寫公司。").await?;
        partner.by_role("button", "English").await?.click().await?;
        partner.by_role("heading", "Ask Contoso for access").await?;
        let email = partner.by_role("textbox", "Your work email").await?;
        email.clear().await?;
        email.send_keys("ana@fabrikam.example").await?;
        partner.by_role("textbox", "Company").await?.send_keys("Fabrikam").await?;
        partner.by_role("textbox", "Why you need access").await?.send_keys("Project <script>alert(1)</script>").await?;
        assert_eq!(partner.by_role("textbox", "Your name").await?.prop("value").await?.as_deref(), Some("Ana Ruiz"));
        partner.by_role("button", "Prepare my request").await?.click().await?;
        partner.by_role("heading", "Your request is ready").await?;
        let mailto = partner.by_role("link", "Send request by email").await?.attr("href").await?.unwrap_or_default();
        assert!(mailto.starts_with("mailto:it-help%40contoso.com?subject=Access%20request"), "{mailto}");
        let text = partner.by_role("textbox", "Request to copy").await?.prop("value").await?.unwrap_or_default();
        let review =
            text.lines().find(|l| l.contains("#/review/")).ok_or(format!("no review link in {text}"))?.to_string();

        // The admin opens it: the words as text, the form filled in as a Guest, nothing sent until Invite.
        b.goto(&review).await?;
        b.by_role("heading", "Review an access request").await?;
        b.wait_for_text("Project <script>alert(1)</script>").await?;
        assert_eq!(b.script("return document.querySelectorAll('main script').length").await?, serde_json::json!(0));
        assert_eq!(f.value_of("textbox", "Email address").await?, "ana@fabrikam.example");
        assert_eq!(f.value_of("textbox", "Display name").await?, "Ana Ruiz");
        assert!(f.emulator()?.shared.lock().invitations.is_empty(), "nothing sent before Invite");
        b.by_role("button", "Send invitation").await?.click().await?;
        b.by_role("heading", "Invitation created").await?;
        let t = f.emulator()?.shared.lock();
        let sent = t
            .invitations
            .iter()
            .find(|i| i.invited_user_email_address == "ana@fabrikam.example")
            .ok_or("no invitation")?;
        assert_eq!(sent.request["invitedUserMessageInfo"]["messageLanguage"], "de-DE");
        assert_eq!(sent.request.get("invitedUserType").and_then(|v| v.as_str()).unwrap_or("Guest"), "Guest");
        Ok(())
    })
    .await;
    partner.close().await;
}

#[tokio::test]
async fn tampered_request_and_review_links_fill_in_nothing() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        // A request link that would send the partner's details elsewhere.
        b.goto(&f.app_url(&format!("#/request/{}", b64(r#"{"v":1,"contact":"harvest@evil.example"}"#)))).await?;
        b.alert_containing("outside the organisation").await?;
        assert!(b.absent("button", "Prepare my request").await?);
        // A review link asking for a Member, with an over-long reason.
        let member =
            b64(r#"{"v":1,"name":"Mallory","email":"m@evil.example","company":"X","reason":"x","userType":"Member"}"#);
        f.open_signed_in(&format!("#/review/{member}"), ADMIN).await?;
        b.alert_containing("damaged or was changed").await?;
        assert!(b.absent("button", "Send invitation").await?);
        let long = b64(&format!(
            r#"{{"v":1,"name":"M","email":"m@p.example","company":"X","reason":"{}"}}"#,
            "x".repeat(5000)
        ));
        b.goto(&f.app_url(&format!("#/review/{long}"))).await?;
        b.alert_containing("damaged or was changed").await?;
        assert!(b.absent("button", "Send invitation").await?);
        // A genuine request can be declined: nothing is sent, and the page says the partner was not told.
        let genuine =
            b64(r#"{"v":1,"name":"Ana","email":"ana@fabrikam.example","company":"Fabrikam","reason":"Project X"}"#);
        b.goto(&f.app_url(&format!("#/review/{genuine}"))).await?;
        b.by_role("button", "Decline").await?.click().await?;
        b.wait_for_text("the partner was not contacted").await?;
        assert!(b.absent("button", "Send invitation").await?);
        assert!(f.emulator()?.shared.lock().invitations.is_empty());
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_approver_approves_one_request_denies_another_and_learns_who_decided_first() {
    let f = Fixture::with_granted(&["EntitlementManagement.ReadWrite.All"], |_| {}).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/access-packages", ADMIN).await?;
        b.by_role("heading", "Requests waiting for you").await?;
        b.wait_for_text("Kim Fabrikam (kim@fabrikam.example) asked for Partner project workspace").await?;
        b.wait_for_text("Their justification: I run the Fabrikam side of the partner project.").await?;
        // The requestor's words are text, never markup.
        b.wait_for_text("Their justification: <b>Urgent</b>: the quarter closes Friday.").await?;
        assert_eq!(b.script("return document.querySelectorAll('main b').length").await?, serde_json::json!(0));
        let state = |id: &str| -> Result<String> {
            let t = f.emulator()?.shared.lock();
            let r = t.seed.assignment_requests.iter().find(|r| r["id"] == id).ok_or("the request")?;
            Ok(r["state"].as_str().unwrap_or_default().to_string())
        };
        // A decision needs a justification; then Approve.
        b.by_role("button", "Approve Kim Fabrikam (kim@fabrikam.example)").await?.click().await?;
        b.alert_containing("Write a justification first").await?;
        f.fill("Your justification for Kim Fabrikam (kim@fabrikam.example)", "Known partner, project lead.").await?;
        b.by_role("button", "Approve Kim Fabrikam (kim@fabrikam.example)").await?.click().await?;
        b.wait_for_text("You approved this request.").await?;
        assert_eq!(state("b0000008-0000-4000-8000-000000000001")?, "delivered");
        // Ravi: another approver decides while this admin's decision is on its way (409).
        f.fill("Your justification for Ravi Northwind (ravi@northwind.example)", "Not in this quarter.").await?;
        f.faults(serde_json::json!({"latency_ms": 1500}))?;
        b.by_role("button", "Deny Ravi Northwind (ravi@northwind.example)").await?.click().await?;
        let read = |f: &Fixture| -> Result<bool> {
            let t = f.emulator()?.shared.lock();
            Ok(t.requests.iter().any(|r| r.method == "GET" && r.path.ends_with("b0000008-0000-4000-8000-000000000005/stages")))
        };
        e2e::fixture::until("the stages are read", std::time::Instant::now() + std::time::Duration::from_secs(20), || async { read(f) }).await?;
        {
            let mut t = f.emulator()?.shared.lock();
            let r = t.seed.assignment_requests.iter_mut().find(|r| r["id"] == "b0000008-0000-4000-8000-000000000005").ok_or("ravi")?;
            r["state"] = serde_json::json!("delivered");
            r["approvalStage"] = serde_json::json!({"reviewResult": "Approved", "status": "Completed", "justification": "ok",
                "reviewedBy": {"id": "a0000001-0000-4000-8000-000000000002", "displayName": "Ian Inviter"}});
        }
        b.wait_for_text("Already decided by Ian Inviter: Approved.").await?;
        f.faults(serde_json::json!({}))?;
        let t = f.emulator()?.shared.lock();
        assert!(t.requests.iter().any(|r| r.method == "PATCH" && r.status == 409), "Graph's 409 was met");
        Ok(())
    })
    .await;
}

/// Before the main module is here, a join link offers Continue to My Access from the partner check, to the My
/// Access address built for the configured tenant; a link changed to carry an address of its own gets nothing.
#[tokio::test]
async fn a_join_link_offers_my_access_before_the_main_module_and_a_tampered_one_nothing() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        block_the_main_module(b).await?;
        let encode = |json: String| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
        let tampered = encode(format!(
            r#"{{"v":1,"package":"{SUPPLIER}","name":"Supplier portal","url":"https://evil.example"}}"#
        ));
        b.goto(&f.app_url(&format!("#/join/{tampered}"))).await?;
        assert_eq!(partner_check_outcome(b).await?, "refused");
        assert!(b.names_of("button").await?.is_empty(), "a button for a tampered link");

        let join = encode(format!(r#"{{"v":1,"package":"{SUPPLIER}","name":"Supplier portal"}}"#));
        b.goto("about:blank").await?;
        b.goto(&f.app_url(&format!("#/join/{join}"))).await?;
        assert_eq!(partner_check_outcome(b).await?, "offered");
        assert_eq!(b.names_of("heading").await?, ["Request access at Contoso"]);
        b.by_role("button", "Continue to My Access").await?.click().await?;
        let my_access = format!("https://myaccess.microsoft.com/@contoso.onmicrosoft.com#/access-packages/{SUPPLIER}");
        until("the browser heads for My Access", Instant::now() + Duration::from_secs(20), || async {
            Ok(b.url().await?.starts_with("https://myaccess.microsoft.com/"))
        })
        .await?;
        assert_eq!(b.url().await?, my_access);
        Ok(())
    })
    .await;
}
