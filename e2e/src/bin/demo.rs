//! `cargo xtask demo` runs this after building the site: the tenant emulator with the demo seed, and the site
//! on a static server under the sub-path, until Ctrl-C.

use e2e::demo::Demo;
use e2e::report::site_arg;

fn main() -> std::process::ExitCode {
    e2e::report::exit(run())
}

fn run() -> Result<(), String> {
    let site = site_arg()?;
    let port = match std::env::args().nth(2) {
        Some(p) => p.parse().map_err(|_| format!("not a port: {p}"))?,
        None => 8080,
    };
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let demo = Demo::start(&site, port).await.map_err(|e| e.to_string())?;
        println!("\n{}", demo.banner());
        println!("Press Ctrl-C to stop.");
        tokio::signal::ctrl_c().await.map_err(|e| e.to_string())?;
        println!("\nstopping…");
        drop(demo);
        Ok(())
    })
}
