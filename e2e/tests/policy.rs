//! The tenant's invitation policy end to end: the home view's sentences for three shapes of policy, what the
//! section says without its permission, and an invitation to a partner the cross-tenant settings block,
//! warned about before sending and explained after Graph's refusal.

use e2e::browser::Result;
use e2e::fixture::{until, Fixture, ADMIN};
use e2e::test_name;
use entra_emulator::seed::{PartnerEntry, Seed};
use entra_emulator::state::Lifetimes;
use std::time::{Duration, Instant};

const POLICY: [&str; 2] = ["Policy.Read.All", "CrossTenantInformation.ReadBasic.All"];

/// The policy section's sentences, in order.
async fn sentences(f: &Fixture) -> Result<Vec<String>> {
    let js = "return [...document.querySelectorAll('[aria-labelledby=policy-title] li')].map(li => li.innerText)";
    Ok(serde_json::from_value(f.browser.script(js).await?)?)
}

async fn sentences_once_read(f: &Fixture) -> Result<Vec<String>> {
    let deadline = Instant::now() + Duration::from_secs(20);
    until("the policy is read", deadline, || async { Ok(sentences(f).await?.len() >= 3) }).await?;
    sentences(f).await
}

fn partner(tenant: &str, inbound: &str) -> PartnerEntry {
    PartnerEntry { tenant_id: tenant.into(), b2b_collaboration_inbound: Some(inbound.into()) }
}

#[tokio::test]
async fn the_home_view_words_three_shapes_of_policy() {
    let f = Fixture::with_granted(&POLICY, |_| {}).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        // The demo tenant: admins and Guest Inviters, limited guests, one partner blocked.
        f.open_signed_in("#/", ADMIN).await?;
        assert_eq!(
            sentences_once_read(f).await?,
            [
                "Only admins and Guest Inviters may invite: you are an admin, so you can.",
                "Guests have limited access to directory objects (Microsoft's default).",
                "Inbound B2B collaboration is allowed for all organisations except 1 partner whose own settings differ.",
                "The domain allow and deny list of the external collaboration settings cannot be read through Microsoft Graph v1.0, so this page cannot check it: see External Identities > External collaboration settings in the Microsoft Entra admin center.",
            ]
        );
        // Locked down: nobody invites, guests see only themselves, everyone blocked but three partners.
        {
            let mut t = f.emulator()?.shared.lock();
            let tenant = &mut t.seed.tenant;
            tenant.allow_invites_from = "none".into();
            tenant.guest_user_role_id = "2af84b1e-32c8-42b7-82bc-daa82404023b".into();
            tenant.cross_tenant_access.b2b_collaboration_inbound = "blocked".into();
            tenant.cross_tenant_access.partners = (1..=3).map(|i| partner(&format!("f0000009-0000-4000-8000-00000000000{i}"), "allowed")).collect();
        }
        b.reload().await?;
        let locked = sentences_once_read(f).await?;
        assert_eq!(locked[0], "No one in your organisation may invite guests, admins included: Microsoft refuses every invitation until an admin changes this under External Identities > External collaboration settings.");
        assert_eq!(locked[1], "Guests see only their own directory objects (the most restrictive setting).");
        assert_eq!(locked[2], "Inbound B2B collaboration is blocked for all organisations except 3 partners.");
        // Open: every member invites, guests as members, every organisation allowed.
        {
            let mut t = f.emulator()?.shared.lock();
            let tenant = &mut t.seed.tenant;
            tenant.allow_invites_from = "adminsGuestInvitersAndAllMembers".into();
            tenant.guest_user_role_id = "a0b1b346-4d3e-4e8b-98f8-753987be4970".into();
            tenant.cross_tenant_access.b2b_collaboration_inbound = "allowed".into();
            tenant.cross_tenant_access.partners.clear();
        }
        b.reload().await?;
        let open = sentences_once_read(f).await?;
        assert_eq!(
            open[..3],
            [
                "Members and admins may invite; guests may not.",
                "Guests have the same access to the directory as members (the most inclusive setting).",
                "Inbound B2B collaboration is allowed for all organisations.",
            ]
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn without_the_permission_the_section_says_what_it_would_show() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        f.open_signed_in("#/", ADMIN).await?;
        f.browser.wait_for_text("This section would show who may invite guests").await?;
        f.browser.wait_for_text("It needs the delegated Microsoft Graph permission Policy.Read.All").await?;
        assert!(sentences(f).await?.is_empty());
        let t = f.emulator()?.shared.lock();
        assert!(!t.requests.iter().any(|r| r.path.contains("/policies/")), "nothing asked without the permission");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_invitation_to_a_blocked_partner_is_warned_about_and_then_explained() {
    let f = Fixture::with_granted(&POLICY, |_: &mut Seed| {}).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/invite", ADMIN).await?;
        f.fill("Email address", "kim@wideworldimporters.example").await?;
        b.wait_for_text("Invitations to wideworldimporters.example will be refused: your cross-tenant access settings block inbound B2B collaboration from Wide World Importers.").await?;
        // An allowed partner's address says nothing.
        f.fill("Email address", "kim@fabrikam.example").await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        until("the warning goes", deadline, || async { Ok(!b.page_text().await?.contains("will be refused")) }).await?;
        f.fill("Email address", "kim@wideworldimporters.example").await?;
        b.wait_for_text("will be refused").await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.alert_containing("Cross-tenant access settings block this invitation").await?;
        b.wait_for_text("Ask the administrators of both organisations to allow B2B collaboration").await?;
        assert_eq!(f.value_of("textbox", "Email address").await?, "kim@wideworldimporters.example", "nothing typed is lost");
        // The deny list cannot be read, so nothing warns; Graph's refusal is explained.
        f.fill("Email address", "kim@competitor.example").await?;
        b.by_role("button", "Send invitation").await?.click().await?;
        b.alert_containing("Your external collaboration settings do not allow this domain").await?;
        let t = f.emulator()?.shared.lock();
        assert!(!t.seed.users.iter().any(|u| u.mail.as_deref().is_some_and(|m| m.starts_with("kim@"))), "no guest created");
        let lookups = t.requests.iter().filter(|r| r.path.contains("findTenantInformationByDomainName")).count();
        assert!(lookups <= 3, "each domain looked up once a session: {lookups}");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_file_with_rows_to_a_blocked_partner_says_so_before_sending() {
    let f = Fixture::with_granted(&POLICY, |_: &mut Seed| {}).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/bulk", ADMIN).await?;
        let dir = std::env::temp_dir().join(format!("b2b-policy-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let file = dir.join("partners.csv");
        std::fs::write(
            &file,
            "email,displayName\nkim@wideworldimporters.example,Kim\nlee@wideworldimporters.example,Lee\nann@fabrikam.example,Ann\n",
        )?;
        b.by_role("button", "CSV file").await?.send_keys(&file.display().to_string()).await?;
        b.wait_for_text("2 rows go to Wide World Importers (wideworldimporters.example), whose inbound B2B collaboration your cross-tenant access settings block: Microsoft will refuse them.").await?;
        assert!(!b.page_text().await?.contains("Fabrikam (fabrikam.example)"), "an allowed partner is not named");
        Ok(())
    })
    .await;
}
