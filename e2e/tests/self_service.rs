//! "Set up partner self-service" end to end: the five steps against the emulator's entitlement management,
//! a failure at step 4 continued without duplicates, the form disabled without the permission or the role,
//! and the whole loop: set up → a partner requests in My Access (the emulator's stand-in) → the admin
//! approves in the portal → the partner is a guest in the package's group.

use e2e::browser::Result;
use e2e::fixture::{Fixture, ADMIN, INVITER};
use e2e::test_name;
use serde_json::{json, Value};

const FINANCE: &str = "6a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e02";
/// Building packages and deciding requests, and reading groups for the picker.
const GRANTED: [&str; 2] = ["EntitlementManagement.ReadWrite.All", "GroupMember.ReadWrite.All"];
const IAN: &str = "a0000001-0000-4000-8000-000000000002";

/// Fills the form's name and group; the rest keeps its defaults unless the test changes it.
async fn name_and_group(f: &Fixture, name: &str) -> Result<()> {
    let b = &f.browser;
    f.fill("Package name", name).await?;
    f.fill("Description (partners see it in My Access)", "Invoices with <b>partners</b>").await?;
    f.search("Find a group", "finance").await?;
    b.by_role("button", "Add Finance Reviewers").await?.click().await?;
    Ok(())
}

/// The packages of this name in the emulator.
fn packages(f: &Fixture, name: &str) -> Result<Vec<Value>> {
    let t = f.emulator()?.shared.lock();
    Ok(t.seed.access_packages.iter().filter(|p| p["displayName"] == name).cloned().collect())
}

fn posts_to(f: &Fixture, path_end: &str) -> Result<usize> {
    let t = f.emulator()?.shared.lock();
    Ok(t.requests.iter().filter(|r| r.method == "POST" && r.status < 300 && r.path.ends_with(path_end)).count())
}

#[tokio::test]
async fn a_package_for_any_external_user_with_a_named_approver_and_ninety_days() {
    let f = Fixture::with_granted(&GRANTED, |_| {}).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/access-packages", ADMIN).await?;
        b.by_role("heading", "Set up partner self-service").await?;
        b.wait_for_text(
            "Licence: entitlement management needs Microsoft Entra ID P2 or Microsoft Entra ID Governance.",
        )
        .await?;
        // What is missing is said, and nothing is sent.
        b.by_role("button", "Create the package").await?.click().await?;
        let said = b.alert_containing("Give the package a name.").await?;
        assert!(said.contains("Pick at least one group.") && said.contains("Name at least one approver."), "{said}");
        assert_eq!(posts_to(f, "/catalogs")?, 0);
        name_and_group(f, "Finance partners").await?;
        b.by_role("radio", "Any external user").await?;
        b.wait_for_text("Needs email one-time passcode turned on for guests").await?;
        f.search("Find a colleague", "ian").await?;
        b.by_role("button", "Add Ian Inviter (inviter@contoso.com)").await?.click().await?;
        assert_eq!(f.value_of("textbox", "Days").await?, "90");
        b.by_role("button", "Create the package").await?.click().await?;
        b.wait_for_text("Finance partners is ready: partners can request it.").await?;
        for step in [
            "1. Find or create the catalog: done",
            "4. Give the package each group's Member role: done",
            "5. Create the request policy: done",
        ] {
            b.wait_for_text(step).await?;
        }
        // The share panel of the new package is open.
        let made = packages(f, "Finance partners")?;
        assert_eq!(made.len(), 1);
        let id = made[0]["id"].as_str().unwrap_or_default().to_string();
        b.by_role("heading", "Share Finance partners with partners").await?;
        assert_eq!(
            f.value_of("textbox", "My Access link").await?,
            format!("https://myaccess.microsoft.com/@contoso.onmicrosoft.com#/access-packages/{id}")
        );
        b.save_artifacts("self-service-ready").await;
        let p = &made[0];
        assert_eq!(
            (p["catalog"]["displayName"].as_str(), p["catalog"]["isExternallyVisible"].as_bool()),
            (Some("Partner self-service"), Some(true))
        );
        assert_eq!(p["description"], "Invoices with <b>partners</b>");
        let scopes = p["resourceRoleScopes"].as_array().ok_or("role scopes")?;
        assert_eq!(scopes.len(), 1);
        assert_eq!(scopes[0]["role"]["originId"].as_str(), Some(format!("Member_{FINANCE}").as_str()));
        let policy = &p["assignmentPolicies"][0];
        assert_eq!(policy["allowedTargetScope"], "allExternalUsers");
        assert_eq!(policy["expiration"], json!({"type": "afterDuration", "duration": "P90D"}));
        let approval = &policy["requestApprovalSettings"];
        assert_eq!(
            (approval["isApprovalRequiredForAdd"].as_bool(), approval["isRequestorJustificationRequired"].as_bool()),
            (Some(true), Some(true))
        );
        assert_eq!(
            approval["stages"][0]["primaryApprovers"],
            json!([{"@odata.type": "#microsoft.graph.singleUser", "userId": IAN, "description": "Ian Inviter"}])
        );
        let t = f.emulator()?.shared.lock();
        assert_eq!(t.seed.catalog_resources.iter().filter(|r| r["originId"] == FINANCE).count(), 1);
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_failure_at_step_four_is_continued_without_making_anything_twice() {
    let f = Fixture::with_granted(&GRANTED, |_| {}).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/access-packages", ADMIN).await?;
        name_and_group(f, "Audit partners").await?;
        b.by_role("radio", "By the requester's sponsors").await?.click().await?;
        b.wait_for_text("A partner asking for the first time has no sponsor yet: then Adele Admin decides.").await?;
        b.by_role("radio", "Never").await?.click().await?;
        f.faults(json!({"error_ratio": 1.0, "path_contains": "resourceRoleScopes"}))?;
        b.by_role("button", "Create the package").await?.click().await?;
        b.alert_containing("Step 4 failed; nothing after it was made.").await?;
        b.wait_for_text("3. Create the access package: done").await?;
        b.wait_for_text("4. Give the package each group's Member role: failed").await?;
        assert_eq!(packages(f, "Audit partners")?.len(), 1);
        assert!(
            packages(f, "Audit partners")?[0]["assignmentPolicies"].as_array().is_some_and(Vec::is_empty),
            "no policy yet"
        );
        // What the admin chose stays, locked while the run is open.
        assert_eq!(f.value_of("textbox", "Package name").await?, "Audit partners");
        f.faults(json!({}))?;
        b.by_role("button", "Continue from step 4").await?.click().await?;
        b.wait_for_text("Audit partners is ready: partners can request it.").await?;
        let made = packages(f, "Audit partners")?;
        assert_eq!(made.len(), 1, "one package");
        assert_eq!(made[0]["resourceRoleScopes"].as_array().map(Vec::len), Some(1));
        let policies = made[0]["assignmentPolicies"].as_array().ok_or("policies")?;
        assert_eq!(policies.len(), 1);
        assert_eq!(policies[0]["expiration"], json!({"type": "noExpiration"}));
        let stage = &policies[0]["requestApprovalSettings"]["stages"][0];
        assert_eq!(stage["primaryApprovers"], json!([{"@odata.type": "#microsoft.graph.targetUserSponsors"}]));
        assert_eq!(stage["fallbackPrimaryApprovers"][0]["userId"], "a0000001-0000-4000-8000-000000000001");
        assert_eq!(
            (posts_to(f, "/catalogs")?, posts_to(f, "/accessPackages")?, posts_to(f, "/resourceRequests")?),
            (1, 1, 1)
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn without_the_permission_or_the_role_the_form_is_disabled_with_the_reason() {
    let f = Fixture::with_emulator(Default::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/access-packages", ADMIN).await?;
        b.wait_for_text(
            "Setting up needs the delegated Microsoft Graph permission EntitlementManagement.ReadWrite.All",
        )
        .await?;
        let create = b.by_role("button", "Create the package").await?;
        assert_eq!(create.prop("disabled").await?.as_deref(), Some("true"));
        assert_eq!(b.script("return document.querySelector('#setup-name').matches(':disabled')").await?, json!(true));
        Ok(())
    })
    .await;
    let f = Fixture::with_granted(&GRANTED, |_| {}).await.expect("fixture");
    f.run(&format!("{}-role", test_name!()), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/access-packages", INVITER).await?;
        b.wait_for_text("Setting up needs the Identity Governance Administrator or Global Administrator role.").await?;
        assert_eq!(b.by_role("button", "Create the package").await?.prop("disabled").await?.as_deref(), Some("true"));
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_whole_loop_request_in_my_access_then_approve_then_a_guest_in_the_group() {
    let f = Fixture::with_granted(&GRANTED, |_| {}).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/access-packages", ADMIN).await?;
        name_and_group(f, "Loop partners").await?;
        f.search("Find a colleague", "adele").await?;
        b.by_role("button", "Add Adele Admin (admin@contoso.com)").await?.click().await?;
        b.by_role("button", "Create the package").await?.click().await?;
        b.wait_for_text("Loop partners is ready: partners can request it.").await?;
        let id = packages(f, "Loop partners")?[0]["id"].as_str().unwrap_or_default().to_string();
        // The partner, in My Access (the emulator's stand-in page).
        let base = f.emulator()?.base_url.clone();
        b.goto(&format!("{base}/myaccess/{id}")).await?;
        f.fill("Your name", "Kai Tailspin").await?;
        f.fill("Your work email", "kai@tailspin.example").await?;
        f.fill("Business justification", "Invoice reconciliation for Q1").await?;
        b.by_role("button", "Submit request").await?.click().await?;
        b.wait_for_text("Your request was sent.").await?;
        // The admin: the home page counts it with the two seeded requests, then the decision.
        b.goto(&f.app_url("#/")).await?;
        b.wait_for_text("3 access-package requests wait for your decision.").await?;
        b.by_role("link", "Decide on the Access packages page").await?.click().await?;
        b.wait_for_text("Kai Tailspin (kai@tailspin.example) asked for Loop partners").await?;
        f.fill("Your justification for Kai Tailspin (kai@tailspin.example)", "Known supplier").await?;
        b.by_role("button", "Approve Kai Tailspin (kai@tailspin.example)").await?.click().await?;
        b.wait_for_text("You approved this request.").await?;
        // This admin's own deny goes through too.
        f.fill("Your justification for Kim Fabrikam (kim@fabrikam.example)", "The project has ended.").await?;
        b.by_role("button", "Deny Kim Fabrikam (kim@fabrikam.example)").await?.click().await?;
        b.wait_for_text("You denied this request.").await?;
        let t = f.emulator()?.shared.lock();
        let kim = t
            .seed
            .assignment_requests
            .iter()
            .find(|r| r["id"] == "b0000008-0000-4000-8000-000000000001")
            .ok_or("kim")?;
        assert_eq!(
            (kim["state"].as_str(), kim["approvalStage"]["justification"].as_str()),
            (Some("denied"), Some("The project has ended."))
        );
        let kai =
            t.seed.users.iter().find(|u| u.mail.as_deref() == Some("kai@tailspin.example")).ok_or("Kai is a guest")?;
        assert_eq!((kai.user_type.as_str(), kai.groups.clone()), ("Guest", vec!["Finance Reviewers".to_string()]));
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_catalog_whose_answer_was_lost_is_found_again_not_made_twice() {
    let f = Fixture::with_granted(&GRANTED, |_| {}).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/access-packages", ADMIN).await?;
        name_and_group(f, "Lost answer partners").await?;
        b.by_role("radio", "None: requests are granted at once").await?.click().await?;
        // The catalog is made, but the answer never arrives.
        f.faults(json!({"drop_next_writes": 1}))?;
        b.by_role("button", "Create the package").await?.click().await?;
        b.alert_containing("Step 1 failed").await?;
        let named = |f: &Fixture| -> Result<usize> {
            let t = f.emulator()?.shared.lock();
            Ok(t.seed.catalogs.iter().filter(|c| c["displayName"] == "Partner self-service").count())
        };
        assert_eq!(named(f)?, 1, "made on the server");
        b.by_role("button", "Continue from step 1").await?.click().await?;
        b.wait_for_text("Lost answer partners is ready: partners can request it.").await?;
        b.wait_for_text("1. Find or create the catalog: already there, used").await?;
        assert_eq!(named(f)?, 1, "found, not made again");
        let policy = &packages(f, "Lost answer partners")?[0]["assignmentPolicies"][0];
        assert_eq!(policy["requestApprovalSettings"]["isApprovalRequiredForAdd"], false);
        Ok(())
    })
    .await;
}
