//! `cargo xtask dev`: the edit-and-reload loop. The tenant emulator (the `e2e` crate's `dev_tenant` program)
//! and `trunk serve`, which builds the app unsplit in debug and reloads the page after each rebuild. Trunk's
//! post-build hook (Trunk.toml) calls this program back as `dev-hook`, which puts the development
//! `config.json`, the other languages' words and their list into each build.
//!
//! `cargo xtask bench-dev` times a rebuild after a one-line change, for `docs/performance.md`.

use crate::bootstrap::ensure_build_tools;
use crate::run::{cmd, repo_root, status};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// Where the dev loop keeps what the hook copies into each build.
fn dev_dir() -> PathBuf {
    repo_root().join("target/dev")
}

fn trunk(args: &[&str]) -> Result<Command, String> {
    let hook = std::env::current_exe().map_err(|e| format!("this program's path: {e}"))?;
    let mut c = cmd("trunk", args);
    c.env("NO_COLOR", "true").env("B2B_DEV_HOOK", hook).env("B2B_DEV_DIR", dev_dir());
    Ok(c)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let port = crate::port_arg(args, 8081)?;
    ensure_build_tools()?;
    let dir = dev_dir();
    let _ = std::fs::remove_file(dir.join("config.json"));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let app_url = format!("http://127.0.0.1:{port}/");
    let config = dir.join("config.json").display().to_string();
    let mut tenant = cmd("cargo", &["run", "--quiet", "-p", "e2e", "--bin", "dev_tenant", "--", &app_url, &config])
        .spawn()
        .map_err(|e| format!("could not start the emulator: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(900);
    while !dir.join("config.json").exists() {
        if Instant::now() > deadline || tenant.try_wait().map_err(|e| e.to_string())?.is_some() {
            let _ = tenant.kill();
            return Err("the emulator did not start".into());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let port = port.to_string();
    let served = status(trunk(&["serve", "--offline", "--address", "127.0.0.1", "--port", &port])?);
    let _ = tenant.kill();
    served
}

/// Trunk's post-build hook: into the build in `TRUNK_STAGING_DIR`, the development config and every other
/// language whole (the unsplit build has one module), listed where the app looks (`window.__b2bWords`).
pub fn hook() -> Result<(), String> {
    let staging = PathBuf::from(std::env::var_os("TRUNK_STAGING_DIR").ok_or("TRUNK_STAGING_DIR is not set")?);
    let dir = PathBuf::from(std::env::var_os("B2B_DEV_DIR").ok_or("B2B_DEV_DIR is not set")?);
    if let Ok(config) = std::fs::read(dir.join("config.json")) {
        std::fs::write(staging.join("config.json"), config).map_err(|e| e.to_string())?;
    }
    let languages = crate::served_languages::read()?;
    let manifest = crate::served_languages::write_whole(&staging, &languages)?;
    let index = staging.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let script = crate::served_languages::script(&languages, &manifest);
    let html = crate::wasm_build::after_config_script(&html, &script)?;
    std::fs::write(&index, html).map_err(|e| format!("{}: {e}", index.display()))
}

/// The dev loop's rebuild after a one-line change to the app: one `trunk build` to warm up, then a line added
/// to `src/lib.rs`, timed, three times; the file is put back as it was.
pub fn bench() -> Result<(), String> {
    ensure_build_tools()?;
    let out = repo_root().join("target/dev-bench").display().to_string();
    let build = || -> Result<Duration, String> {
        let started = Instant::now();
        status(trunk(&["build", "--offline", "--dist", &out])?)?;
        Ok(started.elapsed())
    };
    let first = build()?;
    let lib = repo_root().join("src/lib.rs");
    let original = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
    let mut times = Vec::new();
    for i in 0..3 {
        let changed = format!("{original}\n/// A one-line change for `cargo xtask bench-dev` ({i}).\npub const BENCH_DEV_{i}: u8 = {i};\n");
        std::fs::write(&lib, changed).map_err(|e| e.to_string())?;
        let t = build();
        std::fs::write(&lib, &original).map_err(|e| e.to_string())?;
        times.push(t?.as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!("dev build from cold: {:.1} s; after a one-line change: {times:.1?} s", first.as_secs_f64());
    let table = format!(
        "| measure | seconds |\n|---|---|\n| `trunk build` (debug, unsplit), first | {:.1} |\n| the same after a one-line change to `src/lib.rs`, median of 3 | {:.1} |\n",
        first.as_secs_f64(),
        times[1]
    );
    crate::perf_doc::update("dev", &table)
}
