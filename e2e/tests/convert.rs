//! Converting internal users end to end against the emulator's seeded accounts.

use e2e::fixture::{until, Fixture, ADMIN, INVITER};
use e2e::test_name;
use entra_emulator::state::Lifetimes;
use std::time::{Duration, Instant};

async fn choose(f: &Fixture, search: &str, button: &str) -> e2e::browser::Result<()> {
    let b = &f.browser;
    let field = b.by_role("searchbox", "Find a user").await?;
    field.send_keys(search).await?;
    b.by_role("button", button).await?.click().await?;
    Ok(())
}

fn invitation_posts(f: &Fixture) -> usize {
    f.emulator
        .as_ref()
        .map(|e| {
            e.shared.lock().requests.iter().filter(|r| r.method == "POST" && r.path.ends_with("/invitations")).count()
        })
        .unwrap_or(usize::MAX)
}

#[tokio::test]
async fn a_cloud_only_user_converts_with_other_mails_keeping_id_upn_and_groups() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/convert", ADMIN).await?;
        choose(f, "pat", "Choose Pat Partner (Fabrikam) (pat.partner@contoso.onmicrosoft.com)").await?;
        b.by_role("heading", "2. Pat Partner (Fabrikam)").await?;
        b.wait_for_text("Cloud-only account: Microsoft's guidance is to invite with an address from otherMails")
            .await?;
        let radio = b.by_role("radio", "pat@fabrikam.example (other emails, recommended)").await?;
        assert_eq!(radio.prop("checked").await?.as_deref(), Some("true"), "the recommended address is preselected");
        b.wait_for_text("No blocker found").await?;
        let convert = b.by_role("button", "Convert to external user").await?;
        assert_eq!(convert.prop("disabled").await?.as_deref(), Some("true"), "disabled until the UPN is typed");
        b.by_role("checkbox", "Send invitation email").await?.click().await?;
        f.fill("Type the user principal name to confirm", "pat.partner@contoso.onmicrosoft.com").await?;
        b.by_role("button", "Convert to external user").await?.click().await?;
        b.by_role("heading", "Converted to B2B collaboration").await?;
        b.wait_for_text("The object ID stayed the same: b0000002-0000-4000-8000-000000000001").await?;
        assert!(f.value_of("textbox", "Redeem link").await?.contains("/redeem?rd="));
        let emu = f.emulator()?;
        let t = emu.shared.lock();
        let pat = t.user("b0000002-0000-4000-8000-000000000001").expect("same object");
        assert_eq!(pat.user_principal_name, "pat.partner@contoso.onmicrosoft.com");
        assert_eq!(pat.groups, vec!["Partner Projects", "Fabrikam Extranet"]);
        assert_eq!(pat.app_assignments, vec!["Partner Portal"]);
        assert_eq!(pat.external_user_state.as_deref(), Some("PendingAcceptance"));
        let inv = t.invitations.last().expect("an invitation");
        assert_eq!(inv.request["invitedUser"]["id"], "b0000002-0000-4000-8000-000000000001");
        assert_eq!(inv.request["invitedUserEmailAddress"], "pat@fabrikam.example");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_synced_user_converts_with_mail_and_gets_the_advice() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/convert", ADMIN).await?;
        // Graph may answer with an empty page that still has a nextLink; the search keeps going.
        f.faults(serde_json::json!({"empty_first_page": true}))?;
        choose(f, "sam", "Choose Sam Synced (Northwind) (sam.synced@contoso.com)").await?;
        b.by_role("radio", "sam@northwind.example (mail, recommended)").await?;
        b.wait_for_text(
            "Synced from on-premises Active Directory: Microsoft's guidance is to invite with the user's mail address.",
        )
        .await?;
        b.wait_for_text("stays the source of authority").await?;
        b.wait_for_text("on-premises password to a random value").await?;
        b.by_role("combobox", "Message language").await?.select_by_value("fr-FR").await?;
        f.fill("Cc recipient", "owner@northwind.example").await?;
        f.fill("Type the user principal name to confirm", "sam.synced@contoso.com").await?;
        b.by_role("button", "Convert to external user").await?.click().await?;
        b.by_role("heading", "Converted to B2B collaboration").await?;
        b.wait_for_text("Microsoft sent the invitation email to sam@northwind.example.").await?;
        let t = f.emulator()?.shared.lock();
        assert_eq!(
            t.invitations.last().map(|i| i.invited_user_email_address.clone()).as_deref(),
            Some("sam@northwind.example")
        );
        let mail = t.outbox.last().expect("email sent");
        assert_eq!(
            (mail.language.as_deref(), mail.cc.clone()),
            (Some("fr-FR"), vec!["owner@northwind.example".to_string()])
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn blocked_users_are_stopped_before_any_write_and_cancel_sends_nothing() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/convert", ADMIN).await?;
        choose(f, "erin", "Choose Erin Exchange (Tailspin) (erin.exchange@contoso.com)").await?;
        let alert = b.alert_containing("cannot be converted").await?;
        assert!(
            alert.contains("An Exchange licence is assigned") && alert.contains("delete the internal account"),
            "{alert}"
        );
        assert!(b.all_by_role("button", "Convert to external user").await?.is_empty());

        let search = b.by_role("searchbox", "Find a user").await?;
        search.send_keys("\u{E009}a\u{E000}\u{E003}dan").await?;
        b.by_role("button", "Choose Dan Federated (Litware) (dan.federated@contoso.onmicrosoft.com)")
            .await?
            .click()
            .await?;
        let alert = b.alert_containing("direct federation").await?;
        assert!(alert.contains("litware.example"), "{alert}");

        // Cancelling at the confirmation step sends nothing.
        let search = b.by_role("searchbox", "Find a user").await?;
        search.send_keys("\u{E009}a\u{E000}\u{E003}pat").await?;
        b.by_role("button", "Choose Pat Partner (Fabrikam) (pat.partner@contoso.onmicrosoft.com)")
            .await?
            .click()
            .await?;
        f.fill("Type the user principal name to confirm", "pat.partner@contoso.onmicrosoft.com").await?;
        b.by_role("button", "Cancel").await?.click().await?;
        b.gone("heading", "2. Pat Partner (Fabrikam)").await?;
        assert_eq!(invitation_posts(f), 0, "the emulator saw no POST /invitations");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_guest_inviter_gets_the_403_explained() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/convert", INVITER).await?;
        choose(f, "pat", "Choose Pat Partner (Fabrikam) (pat.partner@contoso.onmicrosoft.com)").await?;
        f.fill("Type the user principal name to confirm", "pat.partner@contoso.onmicrosoft.com").await?;
        b.by_role("button", "Convert to external user").await?.click().await?;
        b.by_role("heading", "You don't have permission to do this").await?;
        let alert = b.alert_containing("User Administrator").await?;
        assert!(
            alert.contains("Converting internal users needs User Administrator or Global Administrator"),
            "{alert}"
        );
        let pat = f.emulator()?.shared.lock().user("b0000002-0000-4000-8000-000000000001").cloned().expect("pat");
        assert_eq!(pat.external_user_state, None, "nothing changed");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_existing_guest_is_offered_a_reset_of_its_redemption() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/convert", ADMIN).await?;
        choose(f, "paula", "Choose Paula Pending (Woodgrove) (paula_woodgrove.example#EXT#@contoso.onmicrosoft.com)")
            .await?;
        let alert = b.alert_containing("already an external user").await?;
        assert!(alert.contains("Reset redemption status"), "{alert}");
        assert!(b.all_by_role("button", "Convert to external user").await?.is_empty());
        // The reset re-opens the account to whoever redeems: it waits for the typed UPN.
        let reset = b.by_role("button", "Reset redemption status").await?;
        assert_eq!(reset.attr("disabled").await?.as_deref(), Some("true"));
        f.fill("Type the user principal name to confirm", "paula_woodgrove.example#EXT#@contoso.onmicrosoft.com")
            .await?;
        b.by_role("button", "Reset redemption status").await?.click().await?;
        b.by_role("heading", "Redemption status reset").await?;
        let t = f.emulator()?.shared.lock();
        let inv = t.invitations.last().expect("an invitation");
        assert_eq!(inv.request["resetRedemption"], true);
        assert_eq!(inv.request["invitedUser"]["id"], "c0000003-0000-4000-8000-000000000001");
        Ok(())
    })
    .await;
}

/// The emulator's log of Graph calls whose path contains `needle`: (method, status) each.
fn calls(f: &Fixture, needle: &str) -> Vec<(String, u16)> {
    f.emulator
        .as_ref()
        .map(|e| {
            e.shared
                .lock()
                .requests
                .iter()
                .filter(|r| r.path.contains(needle))
                .map(|r| (r.method.clone(), r.status))
                .collect()
        })
        .unwrap_or_default()
}

/// Waits until the emulator has answered `count` calls matching `needle` with `status`.
async fn until_answered(f: &Fixture, needle: &str, status: u16, count: usize) -> e2e::browser::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(40);
    let answered = move || async move { Ok(calls(f, needle).iter().filter(|(_, s)| *s == status).count() >= count) };
    until("the emulator never answered", deadline, answered).await.map_err(|_| {
        format!("the emulator never answered {count} × {status} for {needle}: {:?}", calls(f, needle)).into()
    })
}

#[tokio::test]
async fn leaving_the_view_mid_search_leaves_a_working_page_and_no_panic() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/convert", ADMIN).await?;
        // Graph throttles the search, so it is still backing off when the admin leaves.
        f.faults(serde_json::json!({"throttle_ratio": 1.0, "retry_after_s": 1.5, "path_contains": "/users"}))?;
        b.by_role("searchbox", "Find a user").await?.send_keys("pat").await?;
        until_answered(f, "/users", 429, 1).await?;
        b.by_role("link", "Home").await?.click().await?;
        b.by_role("heading", "Guest onboarding for Contoso").await?;
        // The search finishes its five tries in the background, after its view is gone.
        until_answered(f, "/users", 429, 5).await?;
        f.faults(serde_json::json!({}))?;
        // The page still works: a dead wasm module would not react to this navigation.
        b.by_role("link", "Invite a partner").await?.click().await?;
        f.fill("Email address", "still@alive.example").await?;
        assert_eq!(f.value_of("textbox", "Email address").await?, "still@alive.example");
        let errors = b.console_errors().await?;
        assert!(
            !errors.iter().any(|e| e.contains("panicked") || e.contains("unreachable") || e.contains("disposed")),
            "{errors:#?}"
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn show_more_users_loads_the_next_page() {
    let f = Fixture::with_seed(Lifetimes::default(), |seed| {
        let template = seed.users.iter().find(|u| u.display_name.starts_with("Pat Partner")).cloned().expect("pat");
        for i in 1..=12 {
            let mut u = template.clone();
            u.id = format!("d0000004-0000-4000-8000-{i:012}");
            u.display_name = format!("Partner Person {i:02}");
            u.user_principal_name = format!("partner.person{i:02}@contoso.onmicrosoft.com");
            u.other_mails = vec![format!("person{i:02}@fabrikam.example")];
            seed.users.push(u);
        }
    })
    .await
    .expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/convert", ADMIN).await?;
        b.by_role("searchbox", "Find a user").await?.send_keys("partner").await?;
        b.by_role("button", "Show more users").await?;
        let choices = |names: Vec<String>| names.into_iter().filter(|n| n.starts_with("Choose ")).count();
        assert_eq!(choices(b.names_of("button").await?), 10, "the first page holds ten");
        b.by_role("button", "Show more users").await?.click().await?;
        b.gone("button", "Show more users").await?;
        assert_eq!(choices(b.names_of("button").await?), 13, "twelve new partners and Pat, each once");
        // A user from the second page can be chosen.
        b.by_role("button", "Choose Partner Person 12 (partner.person12@contoso.onmicrosoft.com)")
            .await?
            .click()
            .await?;
        b.by_role("heading", "2. Partner Person 12").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn another_address_than_the_recommended_one_is_warned_about_and_used() {
    let f = Fixture::with_seed(Lifetimes::default(), |seed| {
        if let Some(sam) = seed.users.iter_mut().find(|u| u.user_principal_name == "sam.synced@contoso.com") {
            sam.other_mails.push("sam.private@mail.example".into());
        }
    })
    .await
    .expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/convert", ADMIN).await?;
        choose(f, "sam", "Choose Sam Synced (Northwind) (sam.synced@contoso.com)").await?;
        b.by_role("radio", "sam@northwind.example (mail, recommended)").await?;
        assert!(!b.page_text().await?.contains("but the invitation goes to"), "no warning for the recommended one");
        b.by_role("radio", "sam.private@mail.example (other emails)").await?.click().await?;
        b.wait_for_text("The user's mail is on northwind.example, but the invitation goes to mail.example.").await?;
        f.fill("Type the user principal name to confirm", "sam.synced@contoso.com").await?;
        b.by_role("button", "Convert to external user").await?.click().await?;
        b.by_role("heading", "Converted to B2B collaboration").await?;
        let t = f.emulator()?.shared.lock();
        let inv = t.invitations.last().expect("an invitation");
        assert_eq!(inv.request["invitedUserEmailAddress"], "sam.private@mail.example");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_primary_identity_outside_entra_blocks_before_any_write() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/convert", ADMIN).await?;
        choose(f, "gina", "Choose Gina Social (Adatum) (gina.social@contoso.onmicrosoft.com)").await?;
        let alert = b.alert_containing("cannot be converted").await?;
        assert!(alert.contains("The account's primary identity is not in Microsoft Entra ID"), "{alert}");
        assert!(alert.contains("signs in through google.com"), "{alert}");
        assert!(b.all_by_role("button", "Convert to external user").await?.is_empty());
        assert!(b.all_by_role("button", "Reset redemption status").await?.is_empty());
        assert_eq!(invitation_posts(f), 0);
        Ok(())
    })
    .await;
}
