//! Converting internal users end to end against the emulator's seeded accounts.

use e2e::fixture::Fixture;
use entra_emulator::state::Lifetimes;

const ADMIN: (&str, &str) = ("admin@contoso.onmicrosoft.com", "Demo-Admin-1!");
const INVITER: (&str, &str) = ("inviter@contoso.onmicrosoft.com", "Demo-Inviter-1!");

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
    let f = Fixture::with_emulator("convert_cloud_only", Lifetimes::default()).await.expect("fixture");
    f.check(async {
        let b = &f.browser;
        b.goto(&f.app_url("#/convert")).await?;
        f.sign_in("Sign in to continue", ADMIN).await?;
        choose(&f, "pat", "Choose Pat Partner (Fabrikam) (pat.partner@contoso.onmicrosoft.com)").await?;
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
    f.browser.close().await;
}

#[tokio::test]
async fn a_synced_user_converts_with_mail_and_gets_the_advice() {
    let f = Fixture::with_emulator("convert_synced", Lifetimes::default()).await.expect("fixture");
    f.check(async {
        let b = &f.browser;
        b.goto(&f.app_url("#/convert")).await?;
        f.sign_in("Sign in to continue", ADMIN).await?;
        // Graph may answer with an empty page that still has a nextLink; the search keeps going.
        f.faults(serde_json::json!({"empty_first_page": true}))?;
        choose(&f, "sam", "Choose Sam Synced (Northwind) (sam.synced@contoso.com)").await?;
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
    f.browser.close().await;
}

#[tokio::test]
async fn blocked_users_are_stopped_before_any_write_and_cancel_sends_nothing() {
    let f = Fixture::with_emulator("convert_blocked", Lifetimes::default()).await.expect("fixture");
    f.check(async {
        let b = &f.browser;
        b.goto(&f.app_url("#/convert")).await?;
        f.sign_in("Sign in to continue", ADMIN).await?;
        choose(&f, "erin", "Choose Erin Exchange (Tailspin) (erin.exchange@contoso.com)").await?;
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
        assert_eq!(invitation_posts(&f), 0, "the emulator saw no POST /invitations");
        Ok(())
    })
    .await;
    f.browser.close().await;
}

#[tokio::test]
async fn a_guest_inviter_gets_the_403_explained() {
    let f = Fixture::with_emulator("convert_403", Lifetimes::default()).await.expect("fixture");
    f.check(async {
        let b = &f.browser;
        b.goto(&f.app_url("#/convert")).await?;
        f.sign_in("Sign in to continue", INVITER).await?;
        choose(&f, "pat", "Choose Pat Partner (Fabrikam) (pat.partner@contoso.onmicrosoft.com)").await?;
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
    f.browser.close().await;
}

#[tokio::test]
async fn an_existing_guest_is_offered_a_reset_of_its_redemption() {
    let f = Fixture::with_emulator("convert_guest_reset", Lifetimes::default()).await.expect("fixture");
    f.check(async {
        let b = &f.browser;
        b.goto(&f.app_url("#/convert")).await?;
        f.sign_in("Sign in to continue", ADMIN).await?;
        choose(&f, "paula", "Choose Paula Pending (Woodgrove) (paula_woodgrove.example#EXT#@contoso.onmicrosoft.com)")
            .await?;
        let alert = b.alert_containing("already an external user").await?;
        assert!(alert.contains("Reset redemption status"), "{alert}");
        assert!(b.all_by_role("button", "Convert to external user").await?.is_empty());
        b.by_role("button", "Reset redemption status").await?.click().await?;
        b.by_role("heading", "Redemption status reset").await?;
        let t = f.emulator()?.shared.lock();
        let inv = t.invitations.last().expect("an invitation");
        assert_eq!(inv.request["resetRedemption"], true);
        assert_eq!(inv.request["invitedUser"]["id"], "c0000003-0000-4000-8000-000000000001");
        Ok(())
    })
    .await;
    f.browser.close().await;
}
