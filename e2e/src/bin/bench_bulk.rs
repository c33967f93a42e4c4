//! `cargo xtask bench-bulk`: bulk invitations through the real page in headless Chromium, against the tenant
//! emulator, and the sequential loop of single `POST /invitations` that a PowerShell script does.
//!
//! - P3: 1,000 valid rows with `latency_ms=100` and `throttle_ratio=0.1` (`retry_after_s=1`): the wall time of
//!   the page's run and of the loop (same faults, same browser), the speed-up, and invitations per address.
//! - P3+: the same 1,000 rows with two groups each: the page's invitations and 2,000 memberships against a loop
//!   that invites and then adds each membership, one request after another.
//! - P4: 50,000 rows (about 2% bad, some duplicates) from the file being chosen to the checked table: wall
//!   time in the page, and the main thread's script time from the DevTools Protocol.
//!
//! A benchmark prints figures; it asserts nothing (these machines are noisy).

use e2e::browser::Browser;
use e2e::fixture::{Fixture, ADMIN};
use e2e::report::{site_arg, wait_for, Report};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

type Result<T> = std::result::Result<T, String>;

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn write_file(name: &str, text: &str) -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("b2b-bench-bulk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(err)?;
    let path = dir.join(name);
    std::fs::write(&path, text).map_err(err)?;
    Ok(path)
}

/// The memberships each of this prefix's users holds.
fn memberships(f: &Fixture, prefix: &str) -> Result<Vec<usize>> {
    let t = f.emulator().map_err(err)?.shared.lock();
    Ok(t.invitations
        .iter()
        .filter(|i| i.invited_user_email_address.starts_with(prefix))
        .filter_map(|i| t.user(&i.user_id).map(|u| u.groups.len()))
        .collect())
}

fn per_address(f: &Fixture) -> Result<BTreeMap<String, u32>> {
    let mut counts = BTreeMap::new();
    for i in &f.emulator().map_err(err)?.shared.lock().invitations {
        *counts.entry(i.invited_user_email_address.to_lowercase()).or_insert(0) += 1;
    }
    Ok(counts)
}

/// The two groups each P3+ row joins (the admin may add to both).
const GROUPS: [&str; 2] = ["6a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e03", "6a1f0c52-1d0e-4f1b-9a3e-0c5b2f1d7e04"];

/// `rows` rows through the page (`prefix0@…`), each joining `GROUPS` when `with_groups`: seconds from the
/// click to the last row and step settled. The page is reloaded first, so each run starts from a fresh page.
async fn page_run(f: &Fixture, prefix: &str, rows: usize, with_groups: bool) -> Result<f64> {
    let b = &f.browser;
    b.reload().await.map_err(err)?;
    let mut text = String::from(if with_groups { "email,sendEmail,groups\n" } else { "email,sendEmail\n" });
    for i in 0..rows {
        match with_groups {
            true => text.push_str(&format!("{prefix}{i}@fabrikam.example,false,{}\n", GROUPS.join(";"))),
            false => text.push_str(&format!("{prefix}{i}@fabrikam.example,false\n")),
        }
    }
    let file = write_file(&format!("{prefix}.csv"), &text)?;
    b.by_role("button", "CSV file").await.map_err(err)?.send_keys(&file.display().to_string()).await.map_err(err)?;
    b.wait_for_text(&format!("{rows} will be sent")).await.map_err(err)?;
    // The button's count is a plural count, written with the reader's digit grouping.
    let grouped = rows
        .to_string()
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect::<Vec<_>>()
        .join(",");
    let button = b.by_role("button", &format!("Send {grouped} invitations without email")).await.map_err(err)?;
    let started = Instant::now();
    button.click().await.map_err(err)?;
    let done = format!("{rows} of {rows} done");
    let steps = match with_groups {
        true => format!("const s = document.getElementById('bulk-steps-progress'); if (!s || !s.textContent.includes('{n} of {n} steps done')) return false;", n = rows * 2),
        false => String::new(),
    };
    let probe = format!(
        "{steps} const p = document.getElementById('bulk-progress-text'); return !!p && p.textContent.startsWith('{done}') \
         && ![...document.querySelectorAll('button')].some(x => x.textContent.trim() === 'Pause');"
    );
    wait_for(b, &probe, Duration::from_secs(900)).await?;
    Ok(started.elapsed().as_secs_f64())
}

/// The PowerShell-style loop, in the same page: one `POST /invitations` after another (each followed, with
/// `with_groups`, by its two `members/$ref`), waiting `Retry-After` on a 429. The token is minted by the
/// in-process emulator for the admin.
async fn sequential_loop(f: &Fixture, prefix: &str, rows: usize, with_groups: bool) -> Result<f64> {
    let emu = f.emulator().map_err(err)?;
    let token = {
        let t = emu.shared.lock();
        let admin = t.user_by_upn(ADMIN.username).ok_or("no admin in the seed")?.id.clone();
        let now = t.now();
        emu.shared.keys.sign(&json!({
            "aud": "https://graph.microsoft.com", "iss": format!("https://sts.windows.net/{}/", t.seed.tenant.id),
            "tid": t.seed.tenant.id, "oid": admin, "scp": "User.Invite.All User.Read.All GroupMember.ReadWrite.All", "iat": now, "exp": now + 7200,
        }))
    };
    let groups = match with_groups {
        true => format!("{:?}", GROUPS),
        false => "[]".to_string(),
    };
    let script = format!(
        "window.__loop = null; (async () => {{ const t0 = performance.now(); \
           const send = async (path, body) => {{ for (;;) {{ const r = await fetch('{graph}' + path, {{ method: 'POST', headers: {{ 'Authorization': 'Bearer {token}', 'Content-Type': 'application/json' }}, body: JSON.stringify(body) }}); \
               if (r.status !== 429) return r; \
               await new Promise(ok => setTimeout(ok, 1000 * (parseFloat(r.headers.get('Retry-After')) || 1))); }} }}; \
           for (let i = 0; i < {rows}; i++) {{ \
             const r = await send('/invitations', {{ invitedUserEmailAddress: '{prefix}' + i + '@fabrikam.example', inviteRedirectUrl: 'https://myapps.microsoft.com/', sendInvitationMessage: false }}); \
             const user = (await r.json()).invitedUser.id; \
             for (const g of {groups}) await send('/groups/' + g + '/members/$ref', {{ '@odata.id': '{graph}/directoryObjects/' + user }}); }} \
           window.__loop = (performance.now() - t0) / 1000; }})(); return true;",
        graph = emu.graph_base()
    );
    f.browser.script(&script).await.map_err(err)?;
    let v = wait_for(&f.browser, "return window.__loop;", Duration::from_secs(3600)).await?;
    v.as_f64().ok_or_else(|| "the loop reported no time".to_string())
}

fn p4_file(rows: usize) -> String {
    let mut text = String::from("email,displayName,sendEmail\n");
    for i in 0..rows {
        match i % 50 {
            0 => text.push_str(&format!("broken address {i},Bad,true\n")),
            7 => text.push_str(&format!("BIG{}@Fabrikam.example,Again,false\n", i - 1)),
            _ => text.push_str(&format!("big{i}@fabrikam.example,Partner {i},false\n")),
        }
    }
    text
}

async fn script_seconds(b: &Browser) -> Result<f64> {
    let m = b.cdp("Performance.getMetrics", json!({})).await.map_err(err)?;
    let metrics = m["metrics"].as_array().cloned().unwrap_or_default();
    Ok(metrics.iter().find(|x| x["name"] == "ScriptDuration").and_then(|x| x["value"].as_f64()).unwrap_or(0.0))
}

/// 50,000 rows from the chosen file to the checked table: (page wall ms, script ms).
async fn preflight_50k(f: &Fixture) -> Result<(f64, f64)> {
    let b = &f.browser;
    // A fresh page (the session survives a reload; the last file does not).
    b.reload().await.map_err(err)?;
    b.by_role("button", "CSV file").await.map_err(err)?;
    let file = write_file("p4.csv", &p4_file(50_000))?;
    // Times inside the page: the input's change event, then the counts line appearing.
    let marks = "window.__p4 = {}; document.getElementById('bulk-file').addEventListener('change', () => { window.__p4.start = performance.now(); }, { capture: true }); \
                 new MutationObserver((_, o) => { const c = document.getElementById('bulk-counts'); \
                 if (c && c.textContent.includes('will be sent')) { window.__p4.end = performance.now(); o.disconnect(); } }) \
                 .observe(document.body, { subtree: true, childList: true, characterData: true }); return true;";
    b.script(marks).await.map_err(err)?;
    b.cdp("Performance.enable", json!({})).await.map_err(err)?;
    let before = script_seconds(b).await?;
    b.by_role("button", "CSV file").await.map_err(err)?.send_keys(&file.display().to_string()).await.map_err(err)?;
    let wall =
        wait_for(b, "return window.__p4.end ? window.__p4.end - window.__p4.start : null;", Duration::from_secs(120))
            .await?;
    let after = script_seconds(b).await?;
    Ok((wall.as_f64().unwrap_or(f64::NAN), (after - before) * 1000.0))
}

fn main() -> std::process::ExitCode {
    e2e::report::exit(run())
}

/// The site in the first argument, built by `cargo xtask bench-bulk`.
fn run() -> Result<()> {
    let site = site_arg()?;
    std::env::set_var("B2B_DIST", &site);
    let rt = tokio::runtime::Runtime::new().map_err(err)?;
    rt.block_on(async move {
        let granted = ["GroupMember.ReadWrite.All", "User.ReadWrite.All"];
        let f = Fixture::with_granted(&granted, |_| {}).await.map_err(err)?;
        let result = async {
            f.open_signed_in("#/bulk", ADMIN).await.map_err(err)?;
            let faults = json!({"latency_ms": 100, "throttle_ratio": 0.1, "retry_after_s": 1.0});
            let rows = 1_000;
            f.faults(faults.clone()).map_err(err)?;
            let page = page_run(&f, "page", rows, false).await?;
            let sequential = sequential_loop(&f, "loop", rows, false).await?;
            f.faults(json!({})).map_err(err)?;
            let counts = per_address(&f)?;
            let page_counts: Vec<u32> =
                counts.iter().filter(|(a, _)| a.starts_with("page")).map(|(_, n)| *n).collect();
            let lost = rows - page_counts.len();
            let duplicated = page_counts.iter().filter(|n| **n > 1).count();
            println!("\nP3: {rows} invitations, latency_ms=100, throttle_ratio=0.1 (retry_after_s=1)");
            println!("  the page ($batch, 4 in flight): {page:.1} s");
            println!("  a sequential loop of POST /invitations: {sequential:.1} s");
            println!("  speed-up: {:.1}x", sequential / page);
            println!(
                "  invitations per address (page run): exactly 1 for {} of {rows}; {lost} lost, {duplicated} duplicated",
                page_counts.iter().filter(|n| **n == 1).count()
            );
            // P3+: the same, with two groups per row (the groups are looked up before the click).
            f.faults(faults).map_err(err)?;
            let page_groups = page_run(&f, "grp", rows, true).await?;
            let sequential_groups = sequential_loop(&f, "lgrp", rows, true).await?;
            f.faults(json!({})).map_err(err)?;
            let held = memberships(&f, "grp")?;
            let whole = held.iter().filter(|n| **n == 2).count();
            println!("\nP3+: {rows} invitations with 2 groups each (2,000 memberships), the same faults");
            println!("  the page: {page_groups:.1} s; a sequential loop: {sequential_groups:.1} s");
            println!("  speed-up: {:.1}x; users holding both groups: {whole} of {rows}", sequential_groups / page_groups);
            let (wall, script) = preflight_50k(&f).await?;
            println!("\nP4: 50,000 rows (2% bad, 2% duplicates) from choosing the file to the checked table");
            println!("  in the page: {wall:.0} ms; main-thread script time: {script:.0} ms");
            let mut report = Report::new("bulk", &["measure", "figure"]);
            report.row(&[format!("{rows} invitations through the page ($batch, 4 in flight)"), format!("{page:.1} s")]);
            report.row(&[format!("{rows} invitations, a sequential loop of POST /invitations"), format!("{sequential:.1} s")]);
            report.row(&["speed-up".into(), format!("{:.1}×", sequential / page)]);
            report.row(&["addresses invited more than once or never".into(), format!("{duplicated} / {lost}")]);
            report.row(&[format!("{rows} invitations with 2 groups each through the page"), format!("{page_groups:.1} s")]);
            report.row(&[format!("{rows} invitations with 2 groups each, a sequential loop"), format!("{sequential_groups:.1} s")]);
            report.row(&["speed-up with groups".into(), format!("{:.1}×", sequential_groups / page_groups)]);
            report.row(&["users holding both groups after the page's run".into(), format!("{whole} of {rows}")]);
            report.row(&["50,000-row check, file chosen to table (wall)".into(), format!("{wall:.0} ms")]);
            report.row(&["50,000-row check, main-thread script time".into(), format!("{script:.0} ms")]);
            report.save()
        }
        .await;
        f.browser.close().await;
        result
    })
}
