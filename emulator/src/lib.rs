//! entra-emulator: a local Microsoft Entra ID (identity platform v2.0) and Microsoft Graph for the demo
//! and every end-to-end test. Paths mirror Microsoft's, so the app changes only hosts in its config:
//!
//! - identity: `http://127.0.0.1:PORT/{tenant}/oauth2/v2.0/…`, `/{tenant}/v2.0/.well-known/openid-configuration`
//! - Graph: `http://127.0.0.1:PORT/graph/v1.0/…`
//! - redeem links: `http://127.0.0.1:PORT/redeem?rd=…`
//! - control API: `http://127.0.0.1:PORT/_emulator/…`

// Handlers return `Result<_, Response>` so that an early error is the HTTP answer itself.
#![allow(clippy::result_large_err)]

pub mod control;
pub mod graph;
pub mod html;
pub mod identity;
pub mod seed;
pub mod state;
pub mod tokens;

use seed::Seed;
use state::{Lifetimes, Shared, Tenant};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Options {
    /// 0 picks a free port.
    pub port: u16,
    pub seed: Seed,
    pub state_file: Option<PathBuf>,
    pub lifetimes: Lifetimes,
}

impl Default for Options {
    fn default() -> Self {
        Options { port: 0, seed: Seed::demo(), state_file: None, lifetimes: Lifetimes::default() }
    }
}

/// A running emulator; dropping it stops the server.
pub struct Running {
    pub port: u16,
    pub base_url: String,
    pub shared: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    pub fn authority(&self) -> String {
        format!("{}/{}", self.base_url, self.shared.lock().seed.tenant.domain)
    }
    pub fn graph_base(&self) -> String {
        format!("{}/graph/v1.0", self.base_url)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub fn router(shared: Shared) -> axum::Router {
    axum::Router::new()
        .merge(identity::routes())
        .merge(graph::routes())
        .merge(graph::invitations::routes())
        .merge(control::routes())
        .with_state(shared)
}

/// Starts the emulator on 127.0.0.1 (never another interface).
pub async fn start(opts: Options) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", opts.port)).await?;
    let port = listener.local_addr()?.port();
    let base_url = format!("http://127.0.0.1:{port}");
    let shared = Shared::new(Tenant::new(opts.seed, opts.lifetimes, opts.state_file), &base_url);
    let app = router(shared.clone());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(Running { port, base_url, shared, task })
}
