//! entra-emulator: a local Microsoft Entra ID (identity platform v2.0) and Microsoft Graph for the demo
//! and every end-to-end test. Paths mirror Microsoft's, so the app changes only hosts in its config:
//!
//! - identity: `http://127.0.0.1:PORT/{tenant}/oauth2/v2.0/…`, `/{tenant}/v2.0/.well-known/openid-configuration`
//! - Graph: `http://127.0.0.1:PORT/graph/v1.0/…`
//! - redeem links: `http://127.0.0.1:PORT/redeem?rd=…`
//! - control API: `http://127.0.0.1:PORT/_emulator/…`
//!
//! With `public_url`, every absolute URL starts with it instead; with `tls`, it serves https.

// Handlers return `Result<_, Response>` so that an early error is the HTTP answer itself.
#![allow(clippy::result_large_err)]

pub mod control;
pub mod graph;
pub mod html;
pub mod identity;
pub mod my_access;
pub mod public_url;
pub mod seed;
pub mod state;
pub mod tls;
pub mod tokens;

pub use public_url::PublicUrl;
use seed::Seed;
use state::{Lifetimes, Shared, Tenant};
use std::path::PathBuf;
pub use tls::{TlsIdentity, TlsSource};

#[derive(Debug, Clone)]
pub struct Options {
    /// 0 picks a free port.
    pub port: u16,
    pub seed: Seed,
    pub state_file: Option<PathBuf>,
    pub lifetimes: Lifetimes,
    /// The URL clients reach the emulator at (behind a proxy, or with a name in the certificate);
    /// every absolute URL it emits starts with it. Without it, the listening address.
    pub public_url: Option<PublicUrl>,
    /// Serve https instead of http.
    pub tls: Option<TlsSource>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            port: 0,
            seed: Seed::demo(),
            state_file: None,
            lifetimes: Lifetimes::default(),
            public_url: None,
            tls: None,
        }
    }
}

/// A running emulator; dropping it stops the server.
pub struct Running {
    pub port: u16,
    /// What clients use: the public URL when one was given, else the listening address.
    pub base_url: String,
    /// Where the server listens, e.g. `https://127.0.0.1:8400`.
    pub listen_url: String,
    /// The certificate, when serving https.
    pub tls: Option<TlsIdentity>,
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
        .merge(my_access::routes())
        .merge(control::routes())
        .with_state(shared)
}

/// Starts the emulator on 127.0.0.1 (never another interface).
pub async fn start(opts: Options) -> std::io::Result<Running> {
    let invalid = |e: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, e);
    let tls = match &opts.tls {
        Some(source) => {
            Some(TlsIdentity::load(source, opts.public_url.as_ref().map(PublicUrl::host)).map_err(invalid)?)
        }
        None => None,
    };
    let listener = std::net::TcpListener::bind(("127.0.0.1", opts.port))?;
    listener.set_nonblocking(true)?;
    let port = listener.local_addr()?.port();
    let scheme = if tls.is_some() { "https" } else { "http" };
    let listen_url = format!("{scheme}://127.0.0.1:{port}");
    let base_url = opts.public_url.as_ref().map_or_else(|| listen_url.clone(), |p| p.as_str().to_string());
    let shared = Shared::new(Tenant::new(opts.seed, opts.lifetimes, opts.state_file), &base_url);
    let app = router(shared.clone()).into_make_service();
    let task = match &tls {
        Some(id) => {
            let server = axum_server::tls_rustls::from_tcp_rustls(
                listener,
                axum_server::tls_rustls::RustlsConfig::from_config(id.config.clone()),
            )?;
            tokio::spawn(async move {
                let _ = server.serve(app).await;
            })
        }
        None => {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            tokio::spawn(async move {
                let _ = axum::serve(listener, app).await;
            })
        }
    };
    Ok(Running { port, base_url, listen_url, tls, shared, task })
}
