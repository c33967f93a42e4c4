//! `cargo xtask <command>`: the only place that knows how to install tools and start things.
//!
//! - `demo`: bootstrap, release build, emulator + static server on 127.0.0.1, prints the URL and accounts.
//! - `test`: bootstrap, fmt, clippy (native and wasm32), native tests, wasm tests in Chromium, release build, e2e.
//! - `e2e`: the release build and the end-to-end tier alone (cargo test's arguments pick the tests).
//! - `dist`: release build into `dist/` and a size report (raw, gzip, brotli).

mod bench_bulk;
mod bench_paint;
mod bootstrap;
mod csp;
mod dist;
mod run;
mod served_languages;
mod size_budget;
mod size_why;
mod test;
mod wasm_build;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo(&args[1..]),
        Some("test") => test::run_all(),
        Some("e2e") => test::e2e_only(&args[1..]),
        Some("dist") => dist::build_and_report().and_then(|_| match args.get(1).map(String::as_str) {
            Some("--why") => size_why::report(),
            _ => Ok(()),
        }),
        Some("bench-paint") => bootstrap::ensure_tools().and_then(|tools| {
            std::env::set_var("CHROMEDRIVER", &tools.chromedriver);
            std::env::set_var("CHROMIUM", &tools.chromium);
            bench_paint::run()
        }),
        Some("bench-bulk") => bootstrap::ensure_tools().and_then(|tools| {
            std::env::set_var("CHROMEDRIVER", &tools.chromedriver);
            std::env::set_var("CHROMIUM", &tools.chromium);
            bench_bulk::run()
        }),
        Some("bootstrap") => bootstrap::ensure_tools().map(|_| ()),
        Some("bench") => run::status(run::cmd("cargo", &["bench", "-p", "entra-emulator", "--bench", "invitations"])),
        _ => {
            eprintln!("usage: cargo xtask <demo|test|e2e|dist|bench|bootstrap>\n  demo       build and serve the app against the local tenant emulator\n  test       run every check and test tier\n  e2e        the release build and the end-to-end tier alone (e.g. `e2e --test view_modules`)\n  dist       write the deployable site to dist/, print its size against size-budget.txt
             (--why: the largest items and the totals by crate, by twiggy)\n  bench      invitations per second through the emulator (/invitations and $batch)\n  bench-paint first paint and Sign in usable under Lighthouse's mobile throttling (median of 10)\n  bench-bulk  bulk invitations through the page vs a sequential loop (1,000 rows), and the check of 50,000 rows\n  bootstrap  install the build and test tools");
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

fn demo(args: &[String]) -> Result<(), String> {
    let mut port: u16 = 8080;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--port" {
            port = it.next().and_then(|p| p.parse().ok()).ok_or("--port needs a number")?;
        }
    }
    let tools = bootstrap::ensure_tools()?;
    let dist = dist::build_and_report_with(&tools, csp::Audience::Development)?;
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let demo = e2e::demo::Demo::start(&dist, port).await.map_err(|e| e.to_string())?;
        println!("\n{}", demo.banner());
        println!("Press Ctrl-C to stop.");
        tokio::signal::ctrl_c().await.map_err(|e| e.to_string())?;
        println!("\nstopping…");
        drop(demo);
        Ok(())
    })
}
