//! The end-to-end harness, reused by every e2e test and by the programs `cargo xtask` runs after a
//! build (`src/bin/`: the demo and the benchmarks), so that building `dist/` compiles none of it.
//!
//! - [`static_server`]: the release build behind a plain static file server under a sub-path.
//! - [`browser`]: headless Chromium through chromedriver, with queries by role and accessible name.
//! - [`fixture`]: one test's world on free ports; everything it starts stops when it is dropped.
//! - [`process`]: child processes that are killed with their whole tree, also on panic.
//! - [`report`]: what the benchmark programs in `src/bin/` share.
//! - [`tenant`]: the tenant emulator behind the app, and the `config.json` that points at it.

pub mod browser;
pub mod demo;
pub mod fixture;
pub mod process;
pub mod report;
pub mod static_server;
pub mod tenant;

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The sub-path the app is served under in tests, as on an intranet host.
pub const SUB_PATH: &str = "/tools/b2b/";
