//! `cargo xtask <command>`: the only place that knows how to install tools and start things. The pipeline
//! behind `dist` is described step by step in `docs/build.md`.
//!
//! - `dev`: the emulator and `trunk serve` (debug, unsplit, live reload) with a development config.
//! - `dist`: release build into `dist/` and a size report (raw, gzip, brotli); build tools only, no browser.
//! - `demo`: the release build, emulator + static server on 127.0.0.1, prints the URL and accounts.
//! - `test`: bootstrap, fmt, clippy (native and wasm32), native tests, wasm tests in Chromium, release build, e2e.
//! - `e2e`: the release build and the end-to-end tier alone (cargo test's arguments pick the tests).
//!
//! What needs the emulator or a browser (the demo, the benchmarks, the e2e tier) is the `e2e` crate's, run as
//! a child process, so that this crate compiles no server and no WebDriver client.

mod bootstrap;
mod csp;
mod dev;
mod dist;
/// The rules the page's inline scripts apply, shared with the app.
#[path = "../../src/rules/inline_script.rs"]
#[allow(dead_code)]
mod inline_script;
mod journeys;
#[cfg(test)]
mod layering;
mod perf_doc;
mod run;
mod served_languages;
mod size_budget;
mod size_probes;
mod size_why;
mod test;
mod wasm_build;

use csp::Audience;
use run::{cmd, repo_root, status};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>
  dev         the app in debug with live reload (trunk serve) against the tenant emulator
  dist        write the deployable site to dist/, print its size against size-budget.txt
              (--why: the largest items and the totals by crate)
  size-probes what the least Leptos page weighs, built as the main module is
  demo        build and serve the app against the local tenant emulator (--port N)
  test        run every check and test tier
  e2e         the release build and the end-to-end tier alone (e.g. `e2e --test view_modules`)
  bench       invitations per second through the emulator (/invitations and $batch)
  bench-paint first paint, Sign in usable and a partner's Accept invitation usable under Lighthouse's mobile
              throttling (median of 10); --against DIR measures a built alternative beside ours
  bench-dev   how long the dev loop takes to rebuild after a one-line change
  bench-bulk  bulk invitations through the page vs a sequential loop (1,000 rows), and the check of 50,000 rows
  bench-guests  10,000 guests with their last sign-ins: every page loaded, and every sponsor read
  bootstrap   install the build and test tools
The benchmarks and `dev` write their figures into docs/performance.md.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev::run(&args[1..]),
        Some("dev-hook") => dev::hook(),
        Some("bench-dev") => dev::bench(),
        Some("demo") => demo(&args[1..]),
        Some("test") => test::run_all(),
        Some("e2e") => test::e2e_only(&args[1..]),
        Some("dist") => {
            dist::build_and_report(Audience::Production).and_then(|_| match args.get(1).map(String::as_str) {
                Some("--why") => size_why::report(),
                _ => Ok(()),
            })
        }
        Some("size-probes") => size_probes::run(),
        Some("bench-paint") => bench_paint(&args[1..]),
        Some("bench-bulk") => bench("bench_bulk", "bulk", |_| Ok(())),
        Some("bench-guests") => bench("bench_guests", "guests", |_| Ok(())),
        Some("bootstrap") => bootstrap::ensure_tools().map(|_| ()),
        Some("bench") => status(cmd("cargo", &["bench", "-p", "entra-emulator", "--bench", "invitations"])),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One of the `e2e` crate's programs (`e2e/src/bin/`), with the browser's paths, given `args`.
fn e2e_program(program: &str, tools: &bootstrap::Tools, args: &[&str]) -> std::process::Command {
    let mut all = vec!["run", "--quiet", "-p", "e2e", "--bin", program, "--"];
    all.extend_from_slice(args);
    let mut c = cmd("cargo", &all);
    c.env("CHROMEDRIVER", &tools.chromedriver).env("CHROMIUM", &tools.chromium);
    c
}

/// The number after `--port` in `args`, else `default`.
fn port_arg(args: &[String], default: u16) -> Result<u16, String> {
    match args.iter().position(|a| a == "--port") {
        Some(i) => args.get(i + 1).and_then(|p| p.parse().ok()).ok_or_else(|| "--port needs a number".into()),
        None => Ok(default),
    }
}

fn demo(args: &[String]) -> Result<(), String> {
    let port = port_arg(args, 8080)?;
    let tools = bootstrap::ensure_tools()?;
    let dist = dist::build_and_report(Audience::Development)?;
    let (site, port) = (dist.display().to_string(), port.to_string());
    status(e2e_program("demo", &tools, &[&site, &port]))
}

/// `bench-paint [--against DIR]`: with a built alternative (any static folder), it is copied under `target/`,
/// given compressed twins as our site is, and served beside ours from the same server.
fn bench_paint(args: &[String]) -> Result<(), String> {
    let against = match args.iter().position(|a| a == "--against") {
        Some(i) => Some(args.get(i + 1).ok_or("--against needs the folder of a built site")?),
        None => None,
    };
    let tools = bootstrap::ensure_tools()?;
    let site = repo_root().join("target/bench-dist");
    dist::build_release(&site, Audience::Development)?;
    dist::compress_twins(&site)?;
    let mut program_args = vec![site.display().to_string()];
    if let Some(dir) = against {
        let copy = repo_root().join("target/bench-alternative");
        let _ = std::fs::remove_dir_all(&copy);
        status(cmd("cp", &["-r", dir.as_str(), &copy.display().to_string()]))?;
        dist::compress_twins(&copy)?;
        program_args.extend(["--against".to_string(), copy.display().to_string()]);
    }
    let refs: Vec<&str> = program_args.iter().map(String::as_str).collect();
    status(e2e_program("bench_paint", &tools, &refs))?;
    perf_doc::take_bench_table("paint")
}

/// Builds the site the benchmark `program` measures (prepared by `prepare`), runs it, and puts the table it
/// leaves into `docs/performance.md` under `section`.
fn bench(program: &str, section: &str, prepare: fn(&std::path::Path) -> Result<(), String>) -> Result<(), String> {
    let tools = bootstrap::ensure_tools()?;
    let site = repo_root().join("target/bench-dist");
    dist::build_release(&site, Audience::Development)?;
    prepare(&site)?;
    status(e2e_program(program, &tools, &[&site.display().to_string()]))?;
    perf_doc::take_bench_table(section)
}
