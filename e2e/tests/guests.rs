//! The guests page end to end: the counted, filtered list with ages and the highlight, orders Graph cannot
//! apply, the export; a resend for one guest (hand-over) and for a selection (`$batch`); reset redemption;
//! deletion only with the permission and a typed count, into the emulator's recycle bin.

use e2e::browser::Result;
use e2e::fixture::{downloaded, until, Fixture, ADMIN, INVITER};
use e2e::test_name;
use entra_emulator::state::Lifetimes;
use serde_json::json;
use std::time::{Duration, Instant};

fn soon() -> Instant {
    Instant::now() + Duration::from_secs(20)
}

/// The guests in the order the table shows them, from their checkboxes' names.
async fn shown(f: &Fixture) -> Result<Vec<String>> {
    let names = f.browser.names_of("checkbox").await?;
    Ok(names
        .into_iter()
        .filter_map(|n| n.strip_prefix("Select ").map(String::from))
        .filter(|n| n != "all loaded guests")
        .collect())
}

async fn status_is(f: &Fixture, text: &str) -> Result<()> {
    until(&format!("the list says {text:?}"), soon(), || async {
        Ok(f.browser.names_of("status").await.is_ok() && f.browser.page_text().await?.contains(text))
    })
    .await
}

/// The last `/users` list query the app sent.
fn last_list_query(f: &Fixture) -> Result<String> {
    let t = f.emulator()?.shared.lock();
    let q =
        t.requests.iter().rev().find(|r| r.path.ends_with("/users") && r.method == "GET").and_then(|r| r.query.clone());
    Ok(q.unwrap_or_default())
}

#[tokio::test]
async fn pending_guests_are_counted_aged_highlighted_sorted_filtered_and_exported() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        let downloads = f.downloads().await?;
        f.open_signed_in("#/guests", ADMIN).await?;
        status_is(f, "6 guests").await?;
        // Graph sorts by name; the ages come from createdDateTime, past 30 days in words as well as colour.
        assert_eq!(
            shown(f).await?,
            [
                "Nadia (Northwind)",
                "Paula Pending (Woodgrove)",
                "Priya (Tailspin)",
                "Quentin (Tailspin)",
                "Rosa (Adatum)",
                "Uma (Lucerne)"
            ]
        );
        let text = b.page_text().await?;
        assert!(text.contains("45 days, over 30"), "{text}");
        let nadia = text.lines().find(|l| l.contains("Nadia (Northwind)\t")).ok_or("no row for Nadia")?;
        assert!(nadia.contains("\t3 days") && !nadia.contains("over"), "{nadia}");
        assert_eq!(b.script("return document.querySelectorAll('tr.overdue').length").await?, json!(4));
        let q = last_list_query(f)?;
        assert!(q.contains("$orderby=displayName") && q.contains("$count=true"), "{q}");

        // An order Graph cannot apply is applied to the loaded guests, and says so.
        let order = b.by_role("combobox", "Sort by").await?;
        order.select_by_label("Waiting longest").await?;
        b.wait_for_text("Microsoft Graph sorts guests by name only").await?;
        assert_eq!(shown(f).await?.first().map(String::as_str), Some("Rosa (Adatum)"));

        // Older than the threshold, on the server (createdDateTime le …); a lower threshold widens both.
        b.by_role("checkbox", "Only guests invited more than 30 days ago").await?.click().await?;
        status_is(f, "4 guests").await?;
        assert!(last_list_query(f)?.contains("createdDateTime%20le%20"), "{}", last_list_query(f)?);
        let threshold = b.by_role("spinbutton", "Highlight invitations pending longer than (days)").await?;
        threshold.send_keys("\u{E009}a\u{E000}\u{E003}60\u{E004}").await?;
        status_is(f, "2 guests").await?;
        assert_eq!(shown(f).await?, ["Rosa (Adatum)", "Quentin (Tailspin)"]);

        // Everyone, then a search.
        b.by_role("checkbox", "Only guests invited more than 60 days ago").await?.click().await?;
        b.by_role("radio", "All guests").await?.click().await?;
        status_is(f, "10 guests").await?;
        b.by_role("searchbox", "Search by name or email").await?.send_keys("tail").await?;
        status_is(f, "2 guests").await?;
        b.by_role("button", "Export the list (CSV)").await?.click().await?;
        let export = downloads.join("guests.csv");
        until("the export is downloaded", soon(), || async { Ok(downloaded(&export)) }).await?;
        let text = std::fs::read_to_string(&export)?;
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            lines[0],
            "Name,Email,Invitation state,Invited on,State changed on,Pending for (days),Last sign-in,Sign-in allowed,Sponsors"
        );
        assert_eq!(lines.len(), 3, "{text}");
        // In the order shown (waiting longest first).
        assert!(lines[1].starts_with("Quentin (Tailspin),quentin@tailspin.example,PendingAcceptance,"), "{text}");
        assert!(lines[1].ends_with(",64,,true,"), "no sponsor: {text}");
        assert!(lines[2].starts_with("Priya (Tailspin),priya@tailspin.example,PendingAcceptance,"), "{text}");

        // Without User.ReadWrite.All in the token, deleting explains itself and stays off.
        b.by_role("checkbox", "Select Priya (Tailspin)").await?.click().await?;
        let delete = b.by_role("button", "Delete 1 selected guest who never accepted").await?;
        assert_eq!(delete.attr("disabled").await?.as_deref(), Some("true"));
        b.wait_for_text("Deleting needs the delegated Microsoft Graph permission User.ReadWrite.All").await?;
        // Another query shows other guests, and the selection does not follow into it.
        b.by_role("radio", "Accepted").await?.click().await?;
        b.gone("button", "Delete 1 selected guest who never accepted").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn one_guest_gets_a_fresh_link_and_a_selection_is_resent_through_batch_with_settings_kept_over_a_reload() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/guests", ADMIN).await?;
        status_is(f, "6 guests").await?;
        // Microsoft's email off for these resends: the admin hands the link over.
        b.by_role("button", "Settings for resends").await?.click().await?;
        b.by_role("checkbox", "Send invitation email").await?.click().await?;
        b.by_role("button", "Resend to Paula Pending (Woodgrove)").await?.click().await?;
        b.by_role("heading", "Invitation sent again").await?;
        b.by_role("button", "Copy link").await?;
        {
            let t = f.emulator()?.shared.lock();
            let sent: Vec<_> =
                t.invitations.iter().filter(|i| i.invited_user_email_address == "paula@woodgrove.example").collect();
            assert_eq!(sent.len(), 1);
            assert_eq!(sent[0].request["sendInvitationMessage"], json!(false));
            assert!(t.outbox.is_empty(), "no email");
        }
        // The settings survive a reload: the selection below goes out without email too.
        b.reload().await?;
        status_is(f, "6 guests").await?;
        b.by_role("checkbox", "Select Nadia (Northwind)").await?.click().await?;
        b.by_role("checkbox", "Select Uma (Lucerne)").await?.click().await?;
        b.by_role("button", "Resend to 2 selected guests").await?.click().await?;
        b.wait_for_text("2 of 2 done").await?;
        let t = f.emulator()?.shared.lock();
        let mut to: Vec<&str> = t.invitations.iter().map(|i| i.invited_user_email_address.as_str()).collect();
        to.sort();
        assert_eq!(to, ["nadia@northwind.example", "paula@woodgrove.example", "uma@lucerne.example"]);
        let batched = t.requests.iter().filter(|r| r.via_batch && r.path.ends_with("/invitations")).count();
        assert_eq!(batched, 2, "the selection went through $batch");
        assert_eq!(t.seed.users.iter().filter(|u| u.mail.as_deref() == Some("nadia@northwind.example")).count(), 1);
        assert!(
            t.outbox.is_empty(),
            "the kept settings said no email: {:?}",
            t.outbox.iter().map(|m| &m.to).collect::<Vec<_>>()
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn reset_redemption_needs_the_typed_upn_and_reopens_the_invitation() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/guests", ADMIN).await?;
        b.by_role("radio", "Accepted").await?.click().await?;
        status_is(f, "4 guests").await?;
        b.by_role("button", "Reset redemption for Alan Accepted (Proseware)").await?.click().await?;
        let reset = b.by_role("button", "Reset redemption and create a new link").await?;
        assert_eq!(reset.attr("disabled").await?.as_deref(), Some("true"));
        f.fill("Type the user principal name to confirm", "alan_proseware.example#EXT#@contoso.onmicrosoft.com")
            .await?;
        b.by_role("button", "Reset redemption and create a new link").await?.click().await?;
        b.by_role("heading", "Redemption status reset").await?;
        // The list shows Graph's view again: Alan is pending now, so no longer among the accepted.
        status_is(f, "3 guests").await?;
        assert!(!shown(f).await?.iter().any(|n| n.starts_with("Alan")), "{:?}", shown(f).await?);
        let t = f.emulator()?.shared.lock();
        let alan = t.seed.users.iter().find(|u| u.mail.as_deref() == Some("alan@proseware.example")).ok_or("alan")?;
        assert_eq!(alan.external_user_state.as_deref(), Some("PendingAcceptance"));
        assert_eq!(t.invitations.last().map(|i| i.request["resetRedemption"].clone()), Some(json!(true)));
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn deleting_takes_the_permission_a_typed_count_and_spares_accepted_guests() {
    // The admin added the permission to the registration and to config.json's scopes.
    let f = Fixture::with_granted(&["User.ReadWrite.All"], |seed| {
        if let Some(rosa) = seed.users.iter_mut().find(|u| u.display_name == "Rosa (Adatum)") {
            rosa.display_name = "<b>Rosa</b> (Adatum)".into();
        }
    })
    .await
    .expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/guests", ADMIN).await?;
        b.by_role("radio", "All guests").await?.click().await?;
        status_is(f, "10 guests").await?;
        assert_eq!(b.script("return document.querySelectorAll('main b').length").await?, json!(0), "markup is text");
        b.by_role("checkbox", "Select <b>Rosa</b> (Adatum)").await?.click().await?;
        b.by_role("checkbox", "Select Alan Accepted (Proseware)").await?.click().await?;
        b.wait_for_text("1 selected guest has accepted and will not be deleted.").await?;
        b.by_role("button", "Delete 1 selected guest who never accepted").await?.click().await?;
        b.wait_for_text("recycle bin").await?;
        f.fill("Type 1 to confirm deleting 1 guest", "2").await?;
        assert_eq!(b.by_role("button", "Delete 1 guest now").await?.attr("disabled").await?.as_deref(), Some("true"));
        f.fill("Type 1 to confirm deleting 1 guest", "1").await?;
        // The deletion is carried out but its answer is lost: the page looks the user up instead of guessing.
        f.faults(json!({"drop_after_ratio": 1.0}))?;
        b.by_role("button", "Delete 1 guest now").await?.click().await?;
        b.wait_for_text("1 of 1 done").await?;
        until("the lost answer is settled", soon(), || async {
            Ok(b.page_text().await?.contains("Deleted\t") && b.absent("button", "Delete 1 guest now").await?)
        })
        .await?;
        f.faults(json!({}))?;
        status_is(f, "9 guests").await?;
        let names = shown(f).await?;
        assert!(!names.iter().any(|n| n.contains("Rosa")) && names.iter().any(|n| n.starts_with("Alan")), "{names:?}");
        let t = f.emulator()?.shared.lock();
        assert_eq!(t.deleted_users.len(), 1);
        assert_eq!(t.deleted_users[0].0.mail.as_deref(), Some("rosa@adatum.example"));
        assert!(t.requests.iter().any(|r| r.via_batch && r.method == "DELETE"), "deleted through $batch");
        let rosa = &t.deleted_users[0].0.id;
        assert!(
            t.requests.iter().any(|r| r.method == "GET" && r.path.ends_with(&format!("/users/{rosa}"))),
            "looked up after the lost answer"
        );
        assert_eq!(t.requests.iter().filter(|r| r.method == "DELETE").count(), 1, "not sent again");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn more_than_a_page_loads_on_request_after_an_empty_first_page() {
    let f = Fixture::with_seed(Lifetimes::default(), |seed| {
        let Some(model) = seed.users.iter().find(|u| u.display_name == "Uma (Lucerne)").cloned() else { return };
        for i in 0..105 {
            let mut g = model.clone();
            g.id = format!("c0000004-0000-4000-8000-{i:012}");
            g.display_name = format!("Zed {i:03} (Contoso Partner)");
            g.mail = Some(format!("zed{i}@litware.example"));
            g.user_principal_name = format!("zed{i}_litware.example#EXT#@contoso.onmicrosoft.com");
            seed.users.push(g);
        }
    })
    .await
    .expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        // Graph may answer a page empty with a nextLink: the app follows it instead of saying "no guests".
        f.faults(json!({"empty_first_page": true}))?;
        f.open_signed_in("#/guests", INVITER).await?;
        status_is(f, "111 guests, 100 loaded").await?;
        assert_eq!(shown(f).await?.len(), 100);
        b.by_role("button", "Load more guests").await?.click().await?;
        status_is(f, "111 guests").await?;
        b.gone("button", "Load more guests").await?;
        // The table shows a hundred rows at a time, whatever is loaded.
        assert_eq!(shown(f).await?.len(), 100);
        b.wait_for_text("Rows 1–100 of 111").await?;
        b.by_role("button", "Next rows").await?.click().await?;
        b.wait_for_text("Rows 101–111 of 111").await?;
        let names = shown(f).await?;
        assert_eq!(names.len(), 11);
        assert_eq!(names.last().map(String::as_str), Some("Zed 104 (Contoso Partner)"));
        // Another order starts at its first rows, not on the second page of a different list.
        b.by_role("combobox", "Sort by").await?.select_by_label("Newest invitation").await?;
        b.wait_for_text("Rows 1–100 of 111").await?;
        assert_eq!(shown(f).await?.len(), 100);
        b.by_role("combobox", "Sort by").await?.select_by_label("Name").await?;
        // A Guest Inviter is told before trying that Microsoft will refuse a reset.
        b.by_role("button", "Previous rows").await?.click().await?;
        b.by_role("button", "Reset redemption for Uma (Lucerne)").await?.click().await?;
        b.alert_containing("do not include Helpdesk Administrator").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_selection_resend_adds_groups_only_when_the_admin_picks_them_for_it() {
    let f = Fixture::with_granted(&e2e::tenant::FOR_PEOPLE, |_| {}).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/guests", ADMIN).await?;
        status_is(f, "6 guests").await?;
        let groups_of = |address: &str| -> Result<Vec<String>> {
            let t = f.emulator()?.shared.lock();
            let u = t.seed.users.iter().find(|u| u.mail.as_deref() == Some(address)).ok_or("the guest")?;
            Ok(u.groups.clone())
        };
        // A resend by default adds nothing.
        b.by_role("checkbox", "Select Nadia (Northwind)").await?.click().await?;
        b.by_role("button", "Resend to 1 selected guest").await?.click().await?;
        b.wait_for_text("1 of 1 done").await?;
        assert!(groups_of("nadia@northwind.example")?.is_empty(), "nothing added without a choice");
        // With a group picked for this resend, both selected guests join it, and the choice is then cleared.
        b.by_role("checkbox", "Select Uma (Lucerne)").await?.click().await?;
        f.search("Find a group", "partner").await?;
        b.by_role("button", "Add Partner Projects").await?.click().await?;
        b.by_role("button", "Resend to 2 selected guests").await?.click().await?;
        let deadline = Instant::now() + Duration::from_secs(30);
        until("the groups after the resends", deadline, || async {
            Ok(b.page_text().await?.contains("After the invitations: 2 of 2 steps done, 0 failed."))
        })
        .await?;
        for address in ["nadia@northwind.example", "uma@lucerne.example"] {
            assert_eq!(groups_of(address)?, vec!["Partner Projects".to_string()], "{address}");
        }
        assert!(b.page_text().await?.contains("Added to 1 of 1 groups."));
        assert!(b.absent("button", "Remove Partner Projects").await?, "the choice is cleared after the resend");
        Ok(())
    })
    .await;
}

/// The text of the table row of this guest (found by its checkbox's name), cells separated by tabs.
async fn row_of(f: &Fixture, name: &str) -> Result<String> {
    let js = format!(
        "const c = [...document.querySelectorAll('input[type=checkbox]')].find(e => e.getAttribute('aria-label') === {}); \
         return c ? c.closest('tr').innerText.replace(/\\n/g, ' ') : ''",
        serde_json::to_string(&format!("Select {name}"))?
    );
    Ok(f.browser.script(&js).await?.as_str().unwrap_or_default().to_string())
}

/// The demo's guests plus one who accepted 120 days ago and never signed in.
fn with_a_silent_guest(seed: &mut entra_emulator::seed::Seed) {
    let Some(model) = seed.users.iter().find(|u| u.display_name == "Tomoko (Lucerne)").cloned() else { return };
    let mut g = model;
    g.id = "c0000005-0000-4000-8000-000000000001".into();
    g.display_name = "Viktor (Contoso Partner)".into();
    g.mail = Some("viktor@litware.example".into());
    g.user_principal_name = "viktor_litware.example#EXT#@contoso.onmicrosoft.com".into();
    g.created_days_ago = Some(120);
    g.created_date_time = None;
    seed.users.push(g);
}

#[tokio::test]
async fn inactive_guests_are_listed_by_the_stated_rule_and_deleted_behind_a_typed_count() {
    let f = Fixture::with_granted(&["AuditLog.Read.All", "User.ReadWrite.All"], with_a_silent_guest)
        .await
        .expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/guests", ADMIN).await?;
        b.by_role("radio", "All guests").await?.click().await?;
        status_is(f, "11 guests").await?;
        assert!(last_list_query(f)?.contains("signInActivity"), "{}", last_list_query(f)?);
        // Each edge in words: signed in yesterday, only a non-interactive sign-in, accepted and never signed in
        // (recent, and long ago), an old interactive sign-in, an invitation never accepted.
        assert!(row_of(f, "Omar (Northwind)").await?.contains("1 day ago"), "{}", row_of(f, "Omar (Northwind)").await?);
        let alan = row_of(f, "Alan Accepted (Proseware)").await?;
        assert!(alan.contains("\t2 days ago") && !alan.contains("inactive"), "{alan}");
        assert!(row_of(f, "Tomoko (Lucerne)").await?.contains("Never signed in (invited 21 days ago)\t"));
        assert!(row_of(f, "Viktor (Contoso Partner)")
            .await?
            .contains("Never signed in (invited 120 days ago), inactive"));
        assert!(row_of(f, "Sven (Adatum)").await?.contains("93 days ago, inactive"));
        assert!(row_of(f, "Rosa (Adatum)").await?.contains("Never accepted"));

        b.by_role("checkbox", "Only guests inactive for more than 90 days").await?.click().await?;
        b.wait_for_text("3 of the 11 loaded guests are listed by this rule.").await?;
        b.wait_for_text("Inactive means no interactive and no non-interactive sign-in for more than 90 days.").await?;
        assert_eq!(shown(f).await?, ["Rosa (Adatum)", "Sven (Adatum)", "Viktor (Contoso Partner)"]);
        // A shorter window widens the list: Quentin's invitation is 64 days old; Alan still counts as active.
        let days = b.by_role("spinbutton", "Inactive after (days)").await?;
        days.send_keys("\u{E009}a\u{E000}\u{E003}60\u{E004}").await?;
        b.wait_for_text("4 of the 11 loaded guests are listed by this rule.").await?;
        assert_eq!(
            shown(f).await?,
            ["Quentin (Tailspin)", "Rosa (Adatum)", "Sven (Adatum)", "Viktor (Contoso Partner)"]
        );
        days.send_keys("\u{E009}a\u{E000}\u{E003}90\u{E004}").await?;
        b.wait_for_text("3 of the 11 loaded guests are listed by this rule.").await?;

        // Select the listed guests and delete them behind the typed count.
        b.by_role("checkbox", "Select all loaded guests").await?.click().await?;
        b.wait_for_text("3 selected").await?;
        b.by_role("button", "Delete 3 selected guests who never accepted or are inactive").await?.click().await?;
        b.wait_for_text("recycle bin").await?;
        f.fill("Type 3 to confirm deleting 3 guests", "3").await?;
        b.by_role("button", "Delete 3 guests now").await?.click().await?;
        b.wait_for_text("3 of 3 done").await?;
        status_is(f, "8 guests").await?;
        let t = f.emulator()?.shared.lock();
        let mut gone: Vec<&str> = t.deleted_users.iter().map(|(u, _)| u.display_name.as_str()).collect();
        gone.sort();
        assert_eq!(gone, ["Rosa (Adatum)", "Sven (Adatum)", "Viktor (Contoso Partner)"]);
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn three_guests_are_blocked_and_one_allowed_again_through_batch() {
    let f = Fixture::with_granted(&["AuditLog.Read.All", "User.ReadWrite.All"], |_| {}).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/guests", ADMIN).await?;
        b.by_role("radio", "Accepted").await?.click().await?;
        status_is(f, "4 guests").await?;
        for name in ["Alan Accepted (Proseware)", "Sven (Adatum)", "Tomoko (Lucerne)"] {
            b.by_role("checkbox", &format!("Select {name}")).await?.click().await?;
        }
        // The first $batch is carried out and its answer lost: it is sent again (setting accountEnabled twice
        // is harmless), so every row ends known.
        f.faults(json!({"drop_next_writes": 1}))?;
        b.by_role("button", "Block sign-in for 3 selected guests").await?.click().await?;
        b.wait_for_text("3 of 3 done, 0 failed").await?;
        let results = b.page_text().await?;
        assert_eq!(results.matches("\tSign-in blocked\t").count(), 3, "{results}");
        assert!(!results.contains("Unknown"), "{results}");
        assert!(row_of(f, "Sven (Adatum)").await?.contains("Sign-in blocked"), "{}", row_of(f, "Sven (Adatum)").await?);
        let enabled = |name: &str| -> Result<bool> {
            let t = f.emulator()?.shared.lock();
            Ok(t.seed.users.iter().find(|u| u.display_name == name).ok_or("the guest")?.account_enabled)
        };
        for name in ["Alan Accepted (Proseware)", "Sven (Adatum)", "Tomoko (Lucerne)"] {
            assert!(!enabled(name)?, "{name} blocked");
        }
        assert!(enabled("Omar (Northwind)")?, "not selected, not touched");
        // Allow one again: only the blocked guests of the selection count.
        for name in ["Alan Accepted (Proseware)", "Tomoko (Lucerne)"] {
            b.by_role("checkbox", &format!("Select {name}")).await?.click().await?;
        }
        b.by_role("button", "Allow sign-in again for 1 selected guest").await?.click().await?;
        b.wait_for_text("1 of 1 done, 0 failed").await?;
        assert!(enabled("Sven (Adatum)")?);
        assert!(!enabled("Alan Accepted (Proseware)")? && !enabled("Tomoko (Lucerne)")?);
        let t = f.emulator()?.shared.lock();
        let patches = t.requests.iter().filter(|r| r.method == "PATCH" && r.via_batch).count();
        assert_eq!(patches, 3 + 3 + 1, "three, the same three again after the lost answer, then one");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_tenant_without_p1_says_so_in_one_sentence_and_lists_guests_without_the_column() {
    let f = Fixture::with_granted(&["AuditLog.Read.All"], |seed| seed.tenant.premium = false).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/guests", ADMIN).await?;
        status_is(f, "6 guests").await?;
        b.wait_for_text("Last sign-ins are not shown: Microsoft Graph answered that this tenant has no Microsoft Entra ID P1 or P2 licence").await?;
        assert!(b.absent("columnheader", "Last sign-in").await?, "no column");
        assert!(b.names_of("alert").await?.is_empty(), "no error panel");
        let filter = b.by_role("checkbox", "Only guests inactive for more than 90 days").await?;
        assert_eq!(filter.attr("disabled").await?.as_deref(), Some("true"));
        assert!(!last_list_query(f)?.contains("signInActivity"), "asked again without it");
        let t = f.emulator()?.shared.lock();
        let refused = t.requests.iter().filter(|r| r.status == 403 && r.query.as_deref().unwrap_or_default().contains("signInActivity")).count();
        assert_eq!(refused, 1, "asked once with signInActivity");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn sponsors_show_filter_and_are_added_for_a_selection() {
    let f = Fixture::with_granted(&["User.ReadWrite.All"], |_| {}).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/guests", ADMIN).await?;
        b.by_role("radio", "Accepted").await?.click().await?;
        status_is(f, "4 guests").await?;
        until("the sponsors are read", soon(), || async { Ok(!b.page_text().await?.contains("Loading…")) }).await?;
        assert!(row_of(f, "Alan Accepted (Proseware)").await?.contains("\tAdele Admin\t"));
        assert!(row_of(f, "Omar (Northwind)").await?.contains("\tIan Inviter\t"));
        assert!(row_of(f, "Sven (Adatum)").await?.contains("\tNone\t"));
        let sponsor = b.by_role("combobox", "Sponsor").await?;
        sponsor.select_by_label("Sponsored by me").await?;
        b.wait_for_text("1 of the 4 loaded guests is listed by this rule.").await?;
        assert_eq!(shown(f).await?, ["Alan Accepted (Proseware)"]);
        sponsor.select_by_label("No sponsor").await?;
        b.wait_for_text("2 of the 4 loaded guests are listed by this rule.").await?;
        assert_eq!(shown(f).await?, ["Sven (Adatum)", "Tomoko (Lucerne)"]);

        // "Add me as sponsor" for the two, through $batch; the list shows it at once.
        b.by_role("checkbox", "Select all loaded guests").await?.click().await?;
        b.by_role("button", "Add me as sponsor of 2 selected guests").await?.click().await?;
        b.wait_for_text("2 of 2 done, 0 failed").await?;
        b.wait_for_text("0 of the 4 loaded guests are listed by this rule.").await?;
        let sponsors_of = |name: &str| -> Result<Vec<String>> {
            let t = f.emulator()?.shared.lock();
            Ok(t.seed.users.iter().find(|u| u.display_name == name).ok_or("the guest")?.sponsors.clone())
        };
        let adele = "a0000001-0000-4000-8000-000000000001".to_string();
        assert_eq!(sponsors_of("Sven (Adatum)")?, vec![adele.clone()]);
        assert_eq!(sponsors_of("Tomoko (Lucerne)")?, vec![adele.clone()]);

        // "Set sponsor…": a colleague picked by name joins the same two as a second sponsor.
        sponsor.select_by_label("Any or none").await?;
        b.by_role("button", "Set sponsor…").await?.click().await?;
        f.search("Find a colleague", "megan").await?;
        b.by_role("button", "Add Megan Member (megan@contoso.com)").await?.click().await?;
        b.by_role("button", "Add Megan Member as sponsor of 2 selected guests").await?.click().await?;
        b.wait_for_text("2 of 2 done, 0 failed").await?;
        let megan = "a0000001-0000-4000-8000-000000000003".to_string();
        assert_eq!(sponsors_of("Sven (Adatum)")?, [adele.clone(), megan.clone()]);
        assert!(row_of(f, "Tomoko (Lucerne)").await?.contains("Adele Admin, Megan Member"));
        let t = f.emulator()?.shared.lock();
        let refs = t
            .requests
            .iter()
            .filter(|r| r.method == "POST" && r.path.ends_with("/sponsors/$ref") && r.via_batch)
            .count();
        assert_eq!(refs, 4, "two for me, two for Megan, each once");
        Ok(())
    })
    .await;
}

/// The partner organisations table's rows: domain, guests, accepted, active, newest invitation.
async fn organisations(f: &Fixture) -> Result<Vec<Vec<String>>> {
    let js = "const t = document.querySelector('[aria-labelledby=guests-orgs-title] table'); \
              return t ? [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText)) : []";
    Ok(serde_json::from_value(f.browser.script(js).await?)?)
}

#[tokio::test]
async fn partner_organisations_are_summed_up_from_the_loaded_guests_and_then_from_every_page() {
    let f = Fixture::with_granted(&["AuditLog.Read.All"], |seed| {
        let Some(model) = seed.users.iter().find(|u| u.display_name == "Omar (Northwind)").cloned() else { return };
        for i in 0..120 {
            let mut g = model.clone();
            g.id = format!("c0000006-0000-4000-8000-{i:012}");
            g.display_name = format!("Zoe {i:03} (Litware)");
            g.mail = Some(format!("zoe{i}@litware.example"));
            g.user_principal_name = format!("zoe{i}_litware.example#EXT#@contoso.onmicrosoft.com");
            // Every third one has not signed in for 200 days.
            g.last_sign_in_days_ago = Some(if i % 3 == 0 { 200 } else { 1 });
            g.sign_in_activity = None;
            seed.users.push(g);
        }
    })
    .await
    .expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/guests", ADMIN).await?;
        b.by_role("radio", "Accepted").await?.click().await?;
        status_is(f, "124 guests, 100 loaded").await?;
        b.wait_for_text("A view of the 100 loaded guests by email domain, not of the whole directory.").await?;
        b.by_role("button", "Count every guest (load every page)").await?.click().await?;
        status_is(f, "124 guests").await?;
        b.wait_for_text("All 124 guests of this list, by email domain.").await?;
        let rows = organisations(f).await?;
        let litware = rows.first().ok_or("no rows")?;
        assert_eq!(litware[..4], ["litware.example", "120", "120", "80"], "{rows:?}");
        let northwind = rows.iter().find(|r| r[0] == "northwind.example").ok_or("no northwind")?;
        assert_eq!(northwind[1..4], ["1", "1", "1"], "Omar signed in yesterday");
        let adatum = rows.iter().find(|r| r[0] == "adatum.example").ok_or("no adatum")?;
        assert_eq!(adatum[1..4], ["1", "1", "0"], "Sven has not signed in for 93 days");
        // Asked for 500 a page, the most Graph gives with signInActivity.
        assert!(last_list_query(f)?.contains("$top=500"), "{}", last_list_query(f)?);
        Ok(())
    })
    .await;
}
