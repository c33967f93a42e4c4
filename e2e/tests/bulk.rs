//! Bulk invitations end to end: a real file through the check, the send, the results and the export read
//! back; throttling and cut connections that never invite an address twice; cancel; per-row refusals.

use e2e::browser::Result;
use e2e::fixture::{downloaded, until, Fixture, ADMIN, INVITER};
use e2e::test_name;
use entra_emulator::state::Lifetimes;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("b2b-bulk-{}-{name}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp file");
    path
}

/// Chooses the file in the page's file input, as a person does through the dialog.
async fn choose(f: &Fixture, path: &std::path::Path) -> Result<()> {
    f.browser.by_role("button", "CSV file").await?.send_keys(&path.display().to_string()).await?;
    Ok(())
}

/// A file of `n` generated addresses (`prefix0@fabrikam.example` …), each row ending in `tail`.
fn generated(name: &str, header: &str, prefix: &str, n: usize, tail: &str) -> PathBuf {
    let rows: String = (0..n).map(|i| format!("{prefix}{i}@fabrikam.example{tail}\n")).collect();
    temp_file(name, &format!("{header}\n{rows}"))
}

/// One batch in flight at a time, so a slow emulator gives the test time to act mid-run.
async fn one_batch_at_a_time(f: &Fixture) -> Result<()> {
    let width = f.browser.by_role("spinbutton", "Batches in flight").await?;
    width.send_keys("\u{E009}a\u{E000}\u{E003}1\u{E004}").await?;
    Ok(())
}

/// What this origin's IndexedDB holds under the kept run's key: "kept" or "none".
async fn kept_run(f: &Fixture) -> Result<String> {
    let probe = "window.__kept = null; const r = indexedDB.open('b2b-portal'); r.onsuccess = () => { const db = r.result; \
                 if (!db.objectStoreNames.contains('kv')) { window.__kept = 'none'; db.close(); return; } \
                 const g = db.transaction('kv').objectStore('kv').get('bulk-run'); \
                 g.onsuccess = () => { window.__kept = g.result === undefined ? 'none' : 'kept'; db.close(); }; }; return true;";
    f.browser.script(probe).await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    until("IndexedDB answers", deadline, || async { Ok(!f.browser.script("return window.__kept;").await?.is_null()) })
        .await?;
    Ok(f.browser.script("return window.__kept;").await?.as_str().unwrap_or_default().to_string())
}

/// Signs in, chooses `rows` generated addresses and starts a slow run (one batch at a time, 300 ms each),
/// returning once at least `at_least` invitations exist.
async fn slow_run(f: &Fixture, prefix: &str, rows: usize, email: Email, at_least: usize) -> Result<()> {
    f.open_signed_in("#/bulk", ADMIN).await?;
    let (header, tail, button) = match email {
        Email::Sent => ("email", "", format!("Send {rows} invitations and email each partner")),
        Email::NotSent => ("email,sendEmail", ",false", format!("Send {rows} invitations without email")),
    };
    choose(f, &generated(&format!("{prefix}.csv"), header, prefix, rows, tail)).await?;
    one_batch_at_a_time(f).await?;
    f.faults(json!({"latency_ms": 300}))?;
    f.browser.by_role("button", &button).await?.click().await?;
    let deadline = Instant::now() + Duration::from_secs(60);
    until(&format!("{at_least} invitations went out"), deadline, || async {
        Ok(f.emulator()?.shared.lock().invitations.len() >= at_least)
    })
    .await
}

/// Whether the rows ask Microsoft to email the partner.
#[derive(Clone, Copy)]
enum Email {
    Sent,
    NotSent,
}

/// Clicks the resume offer and returns how many rows it said were left.
async fn resume(f: &Fixture) -> Result<usize> {
    let b = &f.browser;
    b.wait_for_text("An unfinished run").await?;
    let names = b.names_of("button").await?;
    let label = names.iter().find(|n| n.starts_with("Resume the unfinished run (")).ok_or(format!("{names:?}"))?;
    let left: usize =
        label.trim_start_matches("Resume the unfinished run (").split(' ').next().unwrap_or("").parse()?;
    b.by_role("button", label).await?.click().await?;
    Ok(left)
}

/// Waits for the run to end with each of the `rows` addresses invited, and checks that none was invited twice.
async fn each_address_once(f: &Fixture, rows: usize, deadline: Instant) -> Result<()> {
    until("every address has its invitation", deadline, || async {
        Ok(per_address(f)?.len() == rows && f.browser.absent("button", "Pause").await?)
    })
    .await?;
    let counts = per_address(f)?;
    assert!(counts.values().all(|n| *n == 1), "none twice: {counts:?}");
    Ok(())
}

fn per_address(f: &Fixture) -> Result<BTreeMap<String, u32>> {
    let mut counts = BTreeMap::new();
    for i in &f.emulator()?.shared.lock().invitations {
        *counts.entry(i.invited_user_email_address.to_lowercase()).or_insert(0) += 1;
    }
    Ok(counts)
}

async fn run_finished(f: &Fixture, total: usize) -> Result<String> {
    let b = &f.browser;
    let done = format!("{total} of {total} done");
    let deadline = Instant::now() + Duration::from_secs(90);
    until(&format!("the run reports {done}"), deadline, || async {
        Ok(b.page_text().await?.contains(&done) && b.absent("button", "Pause").await?)
    })
    .await?;
    b.page_text().await
}

#[tokio::test]
async fn a_file_with_good_bad_duplicate_and_internal_rows_is_checked_sent_and_exported() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        let downloads = f.downloads().await?;
        f.open_signed_in("#/bulk", ADMIN).await?;
        // The admin center's format, with a quoted message holding a comma, and a formula in a name.
        let file = temp_file(
            "partners.csv",
            "\u{feff}version:v1.0,,,,\r\n\
             Email address to invite [inviteeEmail] Required,Name of invitee [inviteeName],Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody]\r\n\
             kim@fabrikam.example,Kim,https://myapps.microsoft.com,true,\"Welcome, Kim\"\r\n\
             lee@fabrikam.example,=HYPERLINK(\"x\"),https://myapps.microsoft.com,false,\r\n\
             not an address,Nobody,https://myapps.microsoft.com,true,\r\n\
             KIM@fabrikam.example,Kim again,https://myapps.microsoft.com,true,\r\n\
             pat@contoso.onmicrosoft.com,Pat,https://myapps.microsoft.com,true,\r\n\
             ann@fabrikam.example,<b>Ann</b>,,,\r\n",
        );
        choose(f, &file).await?;
        b.wait_for_text("partners.csv: 6 rows read.").await?;
        b.wait_for_text("3 will be sent · 1 invalid · 1 duplicate · 1 internal").await?;
        b.by_role("checkbox", "Show problems only").await?.click().await?;
        b.wait_for_text("Duplicate of line 3; sent once.").await?;
        // Typing a default re-checks the rows but keeps the table as the admin set it.
        f.fill("Personal message", "Welcome to the project.").await?;
        assert!(b.by_role("checkbox", "Show problems only").await?.is_selected().await?);
        assert!(!b.page_text().await?.contains("lee@fabrikam.example"), "only problems are listed");
        assert!(f.emulator()?.shared.lock().invitations.is_empty(), "nothing goes out before the button");
        b.by_role("button", "Send 3 invitations (2 with Microsoft's email)").await?.click().await?;
        run_finished(f, 3).await?;
        let bar = b.by_role("progressbar", "Invitations processed").await?;
        assert_eq!((bar.attr("max").await?, bar.attr("value").await?), (Some("3".into()), Some("3".into())));
        let counts = per_address(f)?;
        assert_eq!(counts.values().copied().collect::<Vec<_>>(), vec![1, 1, 1], "{counts:?}");
        assert!(counts.contains_key("ann@fabrikam.example"), "the form's redirect filled the empty cell");
        // The markup in a name stays text.
        assert_eq!(b.script("return document.querySelectorAll('main b').length").await?, json!(0));

        b.by_role("button", "Export results (CSV)").await?.click().await?;
        let export = downloads.join("bulk-invitation-results.csv");
        until("the export is downloaded", Instant::now() + Duration::from_secs(20), || async { Ok(downloaded(&export)) })
            .await?;
        let text = std::fs::read_to_string(&export)?;
        assert!(text.starts_with('\u{feff}'), "UTF-8 with BOM");
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let header: Vec<String> = reader.headers()?.iter().map(String::from).collect();
        assert_eq!(header[..3], ["line", "email", "displayName"]);
        let rows: Vec<Vec<String>> = reader.records().map(|r| r.map(|r| r.iter().map(String::from).collect())).collect::<std::result::Result<_, _>>()?;
        assert_eq!(rows.len(), 3);
        let lee = rows.iter().find(|r| r[1] == "lee@fabrikam.example").ok_or("lee exported")?;
        assert_eq!(lee[2], "'=HYPERLINK(\"x\")", "a formula is exported as text");
        assert_eq!((lee[8].as_str(), lee[9].as_str()), ("Guest", "Sent"));
        assert!(lee[11].contains("/redeem?rd="), "the redeem link: {lee:?}");
        let kim = rows.iter().find(|r| r[1] == "kim@fabrikam.example").ok_or("kim exported")?;
        assert_eq!(kim[5], "Welcome, Kim");
        // The template starts as the admin center's does, and this page reads it back.
        b.by_role("button", "Download template").await?.click().await?;
        let template = downloads.join("bulk-invite-template.csv");
        until("the template is downloaded", Instant::now() + Duration::from_secs(20), || async { Ok(downloaded(&template)) })
            .await?;
        let text = std::fs::read_to_string(&template)?;
        assert_eq!(text.lines().next(), Some("version:v1.0"));
        // The admin center's four columns first, as it writes them; this app's extra columns after them.
        let header = text.lines().nth(1).unwrap_or_default();
        assert!(
            header.starts_with("Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody],"),
            "{header}"
        );
        for extra in ["[groups]", "[sponsors]", "[givenName]", "[surname]", "[jobTitle]", "[companyName]", "[department]", "[usageLocation]"] {
            assert!(header.contains(&format!("(extra column) {extra}")), "{extra} in {header}");
        }
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn throttling_and_cut_connections_never_invite_an_address_twice() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/bulk", ADMIN).await?;
        choose(f, &generated("faults.csv", "email,sendEmail", "p", 60, ",false")).await?;
        b.wait_for_text("60 will be sent").await?;
        f.faults(json!({"throttle_ratio": 0.1, "retry_after_s": 1.0, "drop_ratio": 0.1, "drop_after_ratio": 0.3}))?;
        b.by_role("button", "Send 60 invitations without email").await?.click().await?;
        let page = run_finished(f, 60).await?;
        f.faults(json!({}))?;
        let counts = per_address(f)?;
        assert_eq!(counts.len(), 60, "every address invited: {page}");
        assert!(counts.values().all(|n| *n == 1), "none twice: {counts:?}");
        assert!(page.contains("60 of 60 done: 60 sent"), "{page}");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn cancel_stops_sending() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        slow_run(f, "c", 200, Email::Sent, 1).await?;
        let deadline = Instant::now() + Duration::from_secs(30);
        b.by_role("button", "Cancel the run").await?.click().await?;
        until("the run ends", deadline, || b.absent("button", "Pause")).await?;
        let sent = f.emulator()?.shared.lock().invitations.len();
        assert!(sent < 200, "cancel stopped the run after {sent}");
        let page = b.page_text().await?;
        // The counts, not the results table: its first page may hold only sent rows.
        let counts = page.lines().find(|l| l.contains(" done: ")).unwrap_or_default();
        let expected = format!(
            "200 of 200 done: {sent} sent, 0 failed, 0 waiting, 0 throttled or retrying, {} not sent",
            200 - sent
        );
        assert_eq!(counts, expected, "the page counts what went out and what did not");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_guest_inviter_sees_the_refused_rows_explained_and_can_retry_them() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/bulk", INVITER).await?;
        let file = "email,userType\nguest@fabrikam.example,Guest\nmember@fabrikam.example,Member\n";
        choose(f, &temp_file("refusals.csv", file)).await?;
        b.by_role("button", "Send 2 invitations and email each partner").await?.click().await?;
        let page = run_finished(f, 2).await?;
        assert!(page.contains("1 sent, 1 failed"), "{page}");
        assert!(page.contains("Authorization_RequestDenied"), "Graph's code is shown: {page}");
        assert!(page.contains("request ID"), "{page}");
        assert_eq!(per_address(f)?.len(), 1);
        // Retrying sends only the refused row (and it is refused again).
        b.by_role("button", "Retry failed rows").await?.click().await?;
        let deadline = Instant::now() + Duration::from_secs(30);
        until("the retry ends", deadline, || async {
            let posts = f.emulator()?.shared.lock().requests.iter().filter(|r| r.via_batch).count();
            Ok(posts == 3 && b.absent("button", "Pause").await?)
        })
        .await?;
        assert_eq!(per_address(f)?.len(), 1);
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_workbook_and_a_file_without_an_email_column_are_explained() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/bulk", ADMIN).await?;
        let workbook = std::env::temp_dir().join(format!("b2b-bulk-{}-book.xlsx", std::process::id()));
        std::fs::write(&workbook, b"PK\x03\x04\x14\x00\x06\x00rest")?;
        choose(f, &workbook).await?;
        b.alert_containing("This is an Excel workbook, not a CSV file").await?;
        choose(f, &temp_file("names.csv", "name;company\nKim;Fabrikam\n")).await?;
        let alert = b.alert_containing("No email column was found").await?;
        assert!(alert.contains("\"name\", \"company\""), "{alert}");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_reload_mid_run_offers_to_resume_and_no_address_is_invited_twice() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        slow_run(f, "r", 200, Email::NotSent, 40).await?;
        let deadline = Instant::now() + Duration::from_secs(60);
        b.reload().await?;
        let sent_before = f.emulator()?.shared.lock().invitations.len();
        assert!(sent_before < 200, "the reload interrupted the run");
        // Rows out when the page went away, or settled after the last save, still count as left.
        let left = resume(f).await?;
        assert!((200 - sent_before..=200).contains(&left), "{left} left after {sent_before} sent");
        each_address_once(f, 200, deadline).await?;
        // A finished run is forgotten: nothing is kept, so the next visit offers nothing to resume.
        b.reload().await?;
        b.by_role("button", "CSV file").await?;
        assert_eq!(kept_run(f).await?, "none");
        assert!(!b.page_text().await?.contains("An unfinished run"));
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_sign_in_needed_mid_run_keeps_the_run_and_resumes_after_signing_in() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        slow_run(f, "s", 60, Email::NotSent, 1).await?;
        let deadline = Instant::now() + Duration::from_secs(60);
        // A day later: the access token has expired and the SPA refresh token may not be renewed.
        f.advance_emulator_clock(25 * 3600)?;
        b.by_role("heading", "Please sign in again").await?;
        let sent_before = per_address(f)?.len();
        assert!(sent_before < 60, "the run stopped when the token could not be renewed");
        b.by_role("button", "Sign in again").await?.click().await?;
        resume(f).await?;
        each_address_once(f, 60, deadline).await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_kept_run_does_not_outlive_the_session() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        slow_run(f, "k", 100, Email::NotSent, 1).await?;
        b.reload().await?;
        b.wait_for_text("An unfinished run").await?;
        assert_eq!(kept_run(f).await?, "kept");
        // Signing out removes the kept run with the other drafts: the next sign-in finds nothing to resume.
        b.by_role("button", "Sign out").await?.click().await?;
        f.sign_in("Sign in", ADMIN).await?;
        b.by_role("button", "Sign out").await?;
        b.goto(&f.app_url("#/bulk")).await?;
        b.by_role("button", "CSV file").await?;
        assert_eq!(kept_run(f).await?, "none");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn without_indexeddb_the_run_goes_on_and_says_it_cannot_be_resumed() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        // As in a private window that keeps no IndexedDB.
        let hide = "Object.defineProperty(window, 'indexedDB', { get: () => undefined });";
        b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": hide })).await?;
        f.open_signed_in("#/bulk", ADMIN).await?;
        choose(f, &generated("private.csv", "email,sendEmail", "n", 5, ",false")).await?;
        b.by_role("button", "Send 5 invitations without email").await?.click().await?;
        let alert = b.alert_containing("This browser cannot keep the run").await?;
        assert!(alert.contains("Keep this page open"), "{alert}");
        run_finished(f, 5).await?;
        assert_eq!(per_address(f)?.len(), 5);
        Ok(())
    })
    .await;
}

/// Every admin view shows words, not view code (`Browser::leaked_code`), and a 300-row file's check table and
/// results table both page to their last page with the buttons a person clicks.
#[tokio::test]
async fn every_view_shows_no_code_and_both_bulk_tables_page_to_their_last_rows() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/", ADMIN).await?;
        for (fragment, heading) in [
            ("#/", "Guest onboarding for Contoso"),
            ("#/invite", "Invite a partner"),
            ("#/convert", "Convert an internal user"),
            ("#/guests", "Guests"),
            ("#/access-packages", "Access packages"),
            ("#/bulk", "Invite from a file"),
        ] {
            b.goto(&f.app_url(fragment)).await?;
            b.by_role("heading", heading).await?;
            let leaked = b.leaked_code().await?;
            assert!(leaked.is_empty(), "{fragment} shows code: {leaked:?}");
        }
        choose(f, &generated("rows300.csv", "email,sendEmail", "page", 300, ",false")).await?;
        b.wait_for_text("Rows 1–100 of 300").await?;
        assert!(!b.page_text().await?.contains("page299@fabrikam.example"), "the last row is not on the first page");
        for _ in 0..2 {
            b.by_role("button", "Next rows").await?.click().await?;
        }
        b.wait_for_text("Rows 201–300 of 300").await?;
        b.wait_for_text("page299@fabrikam.example").await?;
        let next = b.by_role("button", "Next rows").await?;
        assert_eq!(next.attr("disabled").await?.as_deref(), Some("true"), "no page after the last");
        let leaked = b.leaked_code().await?;
        assert!(leaked.is_empty(), "the check table shows code: {leaked:?}");
        for _ in 0..2 {
            b.by_role("button", "Previous rows").await?.click().await?;
        }
        b.wait_for_text("Rows 1–100 of 300").await?;

        b.by_role("button", "Send 300 invitations without email").await?.click().await?;
        run_finished(f, 300).await?;
        // The check table's pager comes first in the page, the results' second.
        for _ in 0..2 {
            let nexts = b.all_by_role("button", "Next rows").await?;
            assert_eq!(nexts.len(), 2, "a pager for the check and one for the results");
            nexts[1].click().await?;
        }
        b.wait_for_text("Rows 201–300 of 300").await?;
        let text = b.page_text().await?;
        assert_eq!(text.matches("Rows 1–100 of 300").count(), 1, "the check table stayed on its first page");
        assert_eq!(text.matches("Rows 201–300 of 300").count(), 1, "the results are on their last page");
        let nexts = b.all_by_role("button", "Next rows").await?;
        assert_eq!(nexts[1].attr("disabled").await?.as_deref(), Some("true"));
        let leaked = b.leaked_code().await?;
        assert!(leaked.is_empty(), "the results show code: {leaked:?}");
        Ok(())
    })
    .await;
}

/// Each invited user of this run: their address, groups (by name), sponsors (ids) and job title.
type Access = (Vec<String>, Vec<String>, Option<String>);

fn access_of(f: &Fixture, prefix: &str) -> Result<BTreeMap<String, Access>> {
    let t = f.emulator()?.shared.lock();
    let mut out = BTreeMap::new();
    for i in t.invitations.iter().filter(|i| i.invited_user_email_address.starts_with(prefix)) {
        let u = t.user(&i.user_id).ok_or("the invited user exists")?;
        let job = u.profile.get("jobTitle").and_then(|v| v.as_str()).map(str::to_string);
        // Retried steps land in any order.
        let mut groups = u.groups.clone();
        groups.sort();
        out.insert(i.invited_user_email_address.clone(), (groups, u.sponsors.clone(), job));
    }
    Ok(out)
}

/// Memberships Graph carried out: the `members/$ref` requests it answered 204 (a second add is a 400).
fn memberships_made(f: &Fixture) -> Result<usize> {
    let t = f.emulator()?.shared.lock();
    Ok(t.requests.iter().filter(|r| r.path.ends_with("/members/$ref") && r.status == 204).count())
}

const EXTRANET_ID: &str = "6a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e04";

#[tokio::test]
async fn groups_sponsors_and_profiles_under_throttling_and_cut_connections_are_each_made_once() {
    let f = Fixture::with_granted(&e2e::tenant::FOR_PEOPLE, |_| {}).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        let megan = f.emulator()?.shared.lock().user_by_upn("member@contoso.onmicrosoft.com").ok_or("megan")?.id.clone();
        f.open_signed_in("#/bulk", ADMIN).await?;
        // 60 rows with two groups (one by name, one by id), a sponsor and a job title; then one row naming a
        // group nobody has and one naming a dynamic group.
        let mut text = String::from("email,sendEmail,groups,sponsors,jobTitle\n");
        for i in 0..60 {
            text.push_str(&format!(
                "a{i}@fabrikam.example,false,Partner Projects;{EXTRANET_ID},member@contoso.onmicrosoft.com,Buyer\n"
            ));
        }
        text.push_str("bad1@fabrikam.example,false,No Such Group,,\nbad2@fabrikam.example,false,Partner Guests (dynamic),,\n");
        choose(f, &temp_file("access.csv", &text)).await?;
        b.wait_for_text("60 will be sent").await?;
        let page = b.page_text().await?;
        assert!(page.contains("No group has the id or exact name \"No Such Group\"."), "{page}");
        assert!(page.contains("Group \"Partner Guests (dynamic)\": Cannot be chosen: its members follow a membership rule."), "{page}");
        assert!(page.contains("Will be invited without email; you hand over the link. Then added to 2 groups. Then the profile is written."), "{page}");
        f.faults(json!({"throttle_ratio": 0.1, "retry_after_s": 1.0, "drop_ratio": 0.1, "drop_after_ratio": 0.3}))?;
        b.by_role("button", "Send 60 invitations without email").await?.click().await?;
        let deadline = Instant::now() + Duration::from_secs(120);
        until("the steps after the invitations end", deadline, || async {
            Ok(b.page_text().await?.contains("After the invitations: 180 of 180 steps done, 0 failed.")
                && b.absent("button", "Pause").await?)
        })
        .await?;
        f.faults(json!({}))?;
        let counts = per_address(f)?;
        assert!(counts.len() == 60 && counts.values().all(|n| *n == 1), "each address once: {counts:?}");
        let access = access_of(f, "a")?;
        assert_eq!(access.len(), 60);
        for (address, (groups, sponsors, job)) in &access {
            assert_eq!(groups, &vec!["Fabrikam Extranet".to_string(), "Partner Projects".to_string()], "{address}");
            assert_eq!((sponsors, job.as_deref()), (&vec![megan.clone()], Some("Buyer")), "{address}");
        }
        assert_eq!(memberships_made(f)?, 120, "each membership made once");
        let page = b.page_text().await?;
        assert!(page.contains("Added to 2 of 2 groups. Profile written."), "{page}");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_reload_while_the_groups_wait_for_the_directory_resumes_them_without_inviting_again() {
    let f = Fixture::with_granted(&e2e::tenant::FOR_PEOPLE, |_| {}).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/bulk", ADMIN).await?;
        choose(f, &generated("lag.csv", "email,sendEmail,groups", "l", 20, ",false,Partner Projects")).await?;
        b.wait_for_text("20 will be sent").await?;
        // New users stay unknown to the groups endpoint for 12 s: the steps wait, and the page is reloaded then.
        f.faults(json!({"replication_delay_s": 12}))?;
        b.by_role("button", "Send 20 invitations without email").await?.click().await?;
        let deadline = Instant::now() + Duration::from_secs(60);
        until("every invitation went out", deadline, || async { Ok(per_address(f)?.len() == 20) }).await?;
        b.wait_for_text("After the invitations: 0 of 20 steps done").await?;
        b.reload().await?;
        assert_eq!(memberships_made(f)?, 0, "the reload came while the steps waited");
        let left = resume(f).await?;
        assert_eq!(left, 20, "every row's group is still to do");
        until("the resumed steps end", deadline, || async {
            Ok(b.page_text().await?.contains("After the invitations: 20 of 20 steps done, 0 failed.")
                && b.absent("button", "Pause").await?)
        })
        .await?;
        let counts = per_address(f)?;
        assert!(counts.len() == 20 && counts.values().all(|n| *n == 1), "no invitation again: {counts:?}");
        assert_eq!(memberships_made(f)?, 20);
        for (address, (groups, _, _)) in access_of(f, "l")? {
            assert_eq!(groups, vec!["Partner Projects".to_string()], "{address}");
        }
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn without_the_permissions_a_row_with_groups_or_a_profile_is_explained_and_not_sent() {
    let f = Fixture::with_emulator(Lifetimes::default()).await.expect("fixture");
    f.run(test_name!(), async |f| {
        let b = &f.browser;
        f.open_signed_in("#/bulk", ADMIN).await?;
        let text = "email,groups,department\ng@fabrikam.example,Partner Projects,\np@fabrikam.example,,Sales\nn@fabrikam.example,,\n";
        choose(f, &temp_file("perm.csv", text)).await?;
        b.wait_for_text("1 will be sent").await?;
        let page = b.page_text().await?;
        assert!(page.contains("The groups column needs the permission GroupMember.ReadWrite.All"), "{page}");
        assert!(page.contains("The profile columns need the permission User.ReadWrite.All"), "{page}");
        Ok(())
    })
    .await;
}
