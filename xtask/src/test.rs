//! `cargo xtask test`: every check and test tier, then one summary of all cargo test results.

use crate::bootstrap::{ensure_tools, Tools};
use crate::csp::Audience;
use crate::dist::{build_release, print_sizes};
use crate::run::{cmd, describe, repo_root, status};
use crate::size_budget;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[derive(Default)]
struct Totals {
    passed: u64,
    failed: u64,
    ignored: u64,
    failures: Vec<String>,
}

impl Totals {
    /// Reads a `test result: ok. 3 passed; 0 failed; 0 ignored; …` line.
    fn add_line(&mut self, line: &str) {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            return;
        };
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(label), Some(n)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(n) = n.parse::<u64>() else { continue };
            match label {
                "passed" => self.passed += n,
                "failed" => self.failed += n,
                "ignored" => self.ignored += n,
                _ => {}
            }
        }
    }
}

/// Runs a `cargo test`-like command, echoing its output and counting its results.
fn counted(mut c: Command, what: &str, totals: &mut Totals) -> Result<(), String> {
    println!("\n==> [{what}] {}", describe(&c));
    let mut child = c.stdout(Stdio::piped()).spawn().map_err(|e| format!("could not start {what}: {e}"))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            totals.add_line(&line);
        }
    }
    let st = child.wait().map_err(|e| e.to_string())?;
    if !st.success() {
        totals.failures.push(format!("{what}: `{}` exited with {st}", describe(&c)));
    }
    Ok(())
}

fn wasm_test_env(c: &mut Command, tools: &Tools) {
    c.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
        .env("CHROMEDRIVER", &tools.chromedriver)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
}

/// The size ratchet counts as one test: deterministic, so a budget is a fair assertion.
fn check_size(dist: &std::path::Path, totals: &mut Totals) -> Result<(), String> {
    let sizes = print_sizes(dist)?.sizes;
    let budget = size_budget::read()?;
    for (verdict, line) in size_budget::checks(sizes, budget) {
        println!("{line}");
        match verdict {
            size_budget::Verdict::Within { .. } => totals.passed += 1,
            _ => {
                totals.failed += 1;
                totals.failures.push(line);
            }
        }
    }
    Ok(())
}

/// The release build the end-to-end tests drive (allowed to reach the emulator on loopback).
fn e2e_build() -> Result<std::path::PathBuf, String> {
    let dist = repo_root().join("target/e2e-dist");
    build_release(&dist, Audience::Development)?;
    Ok(dist)
}

/// `cargo test -p e2e` against `dist`; `filter` picks tests or test files, as cargo test's arguments do.
fn e2e_command(tools: &Tools, dist: &std::path::Path, filter: &[String]) -> Command {
    let mut args = vec!["test", "-p", "e2e", "--no-fail-fast"];
    args.extend(filter.iter().map(String::as_str));
    args.extend(["--", "--test-threads", "2"]);
    let mut e2e = cmd("cargo", &args);
    e2e.env("B2B_DIST", dist).env("CHROMEDRIVER", &tools.chromedriver).env("CHROMIUM", &tools.chromium);
    e2e
}

/// `cargo xtask e2e [cargo test arguments]`: the release build and the end-to-end tier alone, e.g.
/// `cargo xtask e2e --test view_modules`.
pub fn e2e_only(filter: &[String]) -> Result<(), String> {
    let tools = ensure_tools()?;
    let dist = e2e_build()?;
    status(e2e_command(&tools, &dist, filter))
}

pub fn run_all() -> Result<(), String> {
    let started = std::time::Instant::now();
    let tools = ensure_tools()?;
    let mut totals = Totals::default();

    status(cmd("cargo", &["fmt", "--all", "--", "--check"]))?;
    status(cmd("cargo", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    let mut wasm_clippy = cmd(
        "cargo",
        // With `split`, as the release build compiles it: the split points are linted too.
        &[
            "clippy",
            "-p",
            "b2b-portal",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--features",
            "split",
            "--",
            "-D",
            "warnings",
        ],
    );
    wasm_test_env(&mut wasm_clippy, &tools);
    status(wasm_clippy)?;
    // Supply chain: permissive licences, crates.io only (deny.toml). deny reads the metadata of every
    // target's dependencies, so first fetch those no build here downloads (web-time, for wasm's rustls types).
    status(cmd("cargo", &["fetch", "--locked"]))?;
    status(cmd("cargo", &["deny", "--workspace", "--offline", "check", "bans", "licenses", "sources"]))?;

    // Tier 1: native unit and integration tests (the app's pure logic, the emulator, the tools).
    counted(cmd("cargo", &["test", "--workspace", "--exclude", "e2e"]), "native tests", &mut totals)?;

    // Tier 2: wasm-bindgen-test in headless Chromium (browser-only code).
    let mut wasm = cmd("cargo", &["test", "-p", "b2b-portal", "--target", "wasm32-unknown-unknown"]);
    wasm_test_env(&mut wasm, &tools);
    counted(wasm, "wasm tests in Chromium", &mut totals)?;

    // Tier 3: the release build behind a static server under a sub-path, driven through chromedriver.
    let dist = e2e_build()?;
    check_size(&dist, &mut totals)?;
    counted(e2e_command(&tools, &dist, &[]), "end-to-end in Chromium", &mut totals)?;

    println!("\n==> summary after {:.0?}", started.elapsed());
    for f in &totals.failures {
        println!("FAILED: {f}");
    }
    let ok = totals.failures.is_empty() && totals.failed == 0;
    println!(
        "test result: {}. {} passed; {} failed; {} ignored; 0 measured; 0 filtered out",
        if ok { "ok" } else { "FAILED" },
        totals.passed,
        totals.failed,
        totals.ignored
    );
    println!("{} passed, {} failed", totals.passed, totals.failed);
    if ok {
        Ok(())
    } else {
        Err("some tests failed".into())
    }
}
