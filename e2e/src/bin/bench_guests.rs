//! `cargo xtask bench-guests`: the guests page against 10,000 guests with `signInActivity`, at 100 ms latency.
//!
//! - From "Load every page" (500 a page, the most Graph gives with `signInActivity`) to the whole list shown:
//!   the wall time in the page, and how many list requests it took.
//! - The sponsors of every loaded guest, read in `$batch` as the pages arrive: the time until none is still
//!   loading, and the `$batch` calls it took.
//!
//! A benchmark prints figures; it asserts nothing (these machines are noisy).

use e2e::fixture::{Fixture, ADMIN};
use e2e::report::{site_arg, wait_for, Report};
use serde_json::json;
use std::time::{Duration, Instant};

type Result<T> = std::result::Result<T, String>;

const GUESTS: usize = 10_000;

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn main() -> std::process::ExitCode {
    e2e::report::exit(run())
}

fn run() -> Result<()> {
    let site = site_arg()?;
    std::env::set_var("B2B_DIST", &site);
    let rt = tokio::runtime::Runtime::new().map_err(err)?;
    rt.block_on(async move {
        let f = Fixture::with_granted(&["AuditLog.Read.All"], |seed| {
            let Some(model) = seed.users.iter().find(|u| u.display_name == "Omar (Northwind)").cloned() else { return };
            for i in 0..GUESTS {
                let mut g = model.clone();
                g.id = format!("c0000007-0000-4000-8000-{i:012}");
                g.display_name = format!("Bench {i:05} (Partner {})", i % 40);
                g.mail = Some(format!("bench{i}@partner{}.example", i % 40));
                g.user_principal_name = format!("bench{i}_partner{}.example#EXT#@contoso.onmicrosoft.com", i % 40);
                g.last_sign_in_days_ago = Some((i % 200) as i64);
                g.sign_in_activity = None;
                seed.users.push(g);
            }
        })
        .await
        .map_err(err)?;
        let result = async {
            let b = &f.browser;
            f.open_signed_in("#/guests", ADMIN).await.map_err(err)?;
            b.by_role("radio", "Accepted").await.map_err(err)?.click().await.map_err(err)?;
            let total = GUESTS + 4;
            let first = format!("{} guests, 100 loaded", format_count(total));
            wait_for(b, &format!("return document.body.innerText.includes('{first}');"), Duration::from_secs(60)).await?;
            // Let the first page's sponsor reads settle, then measure from the click.
            wait_for(b, "return !document.body.innerText.includes('Loading…');", Duration::from_secs(60)).await?;
            f.faults(json!({"latency_ms": 100})).map_err(err)?;
            let before = {
                let t = f.emulator().map_err(err)?.shared.lock();
                (t.requests.iter().filter(|r| r.path.ends_with("/users") && !r.via_batch).count(), t.requests.iter().filter(|r| r.path.ends_with("$batch")).count())
            };
            let marks = format!(
                "performance.setResourceTimingBufferSize(10000); window.__g = {{}}; \
                 document.addEventListener('click', e => {{ if (!window.__g.start && e.target.closest('button') && e.target.closest('button').textContent.trim() === 'Load every page') window.__g.start = performance.now(); }}, {{ capture: true }}); \
                 new MutationObserver((_, o) => {{ const c = document.getElementById('guests-count'); \
                 if (c && c.textContent.trim() === '{n} guests') {{ window.__g.list = performance.now(); o.disconnect(); }} }}) \
                 .observe(document.body, {{ subtree: true, childList: true, characterData: true }}); return true;",
                n = format_count(total)
            );
            b.script(&marks).await.map_err(err)?;
            let button = b.by_role("button", "Load every page").await.map_err(err)?;
            let clicked = Instant::now();
            button.click().await.map_err(err)?;
            let list = wait_for(b, "return window.__g.list && window.__g.start ? window.__g.list - window.__g.start : null;", Duration::from_secs(300)).await?;
            // Every loaded guest's sponsors, counted where they are answered.
            let sponsor_reads = || -> Result<usize> {
                let t = f.emulator().map_err(err)?.shared.lock();
                Ok(t.requests.iter().filter(|r| r.via_batch && r.path.ends_with("/sponsors")).count())
            };
            while sponsor_reads()? < total {
                if clicked.elapsed() > Duration::from_secs(600) {
                    return Err("the sponsors were not all read in 10 minutes".into());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let sponsors = json!(clicked.elapsed().as_secs_f64() * 1000.0);
            f.faults(json!({})).map_err(err)?;
            if std::env::var("BENCH_DIAG").is_ok() {
                let d = b.script("return performance.getEntriesByType('resource').filter(e => e.name.includes('/users?') || e.name.includes('$batch')).map(e => [e.name.includes('$batch') ? 'B' : 'L', Math.round(e.startTime - window.__g.start), Math.round(e.duration)]).filter(x => x[1] >= 0)").await.map_err(err)?;
                eprintln!("DIAG {d}");
            }
            let (pages, batches) = {
                let t = f.emulator().map_err(err)?.shared.lock();
                (
                    t.requests.iter().filter(|r| r.path.ends_with("/users") && !r.via_batch).count() - before.0,
                    t.requests.iter().filter(|r| r.path.ends_with("$batch")).count() - before.1,
                )
            };
            let (list_s, sponsors_s) = (list.as_f64().unwrap_or(f64::NAN) / 1000.0, sponsors.as_f64().unwrap_or(f64::NAN) / 1000.0);
            println!("\n{total} guests with signInActivity, latency_ms=100");
            println!("  'Load every page' to the whole list: {list_s:.1} s in {pages} list requests (goal: at most 5 s)");
            println!("  to every guest's sponsors read: {sponsors_s:.1} s in {batches} $batch calls");
            let mut report = Report::new("guests", &["measure", "figure"]);
            report.row(&[format!("{total} guests with signInActivity, 'Load every page' to the whole list"), format!("{list_s:.1} s")]);
            report.row(&["list requests (500 a page)".into(), pages.to_string()]);
            report.row(&["to every guest's sponsors read ($batch reads)".into(), format!("{sponsors_s:.1} s")]);
            report.row(&["$batch calls for the sponsors".into(), batches.to_string()]);
            report.save()
        }
        .await;
        f.browser.close().await;
        result
    })
}

/// A count as the English page writes it (10,004 → "10,004").
fn format_count(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
