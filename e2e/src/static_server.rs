//! A plain static file server for the release build, mounted under a sub-path.
//!
//! `config.json` can be replaced per test (as an admin would edit the file on the server);
//! every other file comes from the build output unchanged.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tower_http::services::ServeDir;

/// What the server answers for `config.json`.
#[derive(Clone, Debug)]
pub enum ConfigFile {
    /// The file from the build output.
    FromDist,
    /// This text, as if the file had been edited on the server.
    Text(String),
    /// A 404, as if the file had not been deployed.
    Missing,
}

/// Where [`StaticServer::start_beside`] serves the other site.
pub const NEIGHBOUR_PATH: &str = "/alternative/";

pub struct StaticServer {
    pub port: u16,
    config: Arc<Mutex<ConfigFile>>,
    task: tokio::task::JoinHandle<()>,
}

impl StaticServer {
    pub async fn start(dist: &Path, port: u16, config: ConfigFile) -> std::io::Result<StaticServer> {
        StaticServer::start_beside(dist, port, config, None).await
    }

    /// Like [`StaticServer::start`], with another built site (`neighbour`) served from the same server at
    /// [`NEIGHBOUR_PATH`], so that two sites are measured over the same connection rules.
    pub async fn start_beside(
        dist: &Path,
        port: u16,
        config: ConfigFile,
        neighbour: Option<&Path>,
    ) -> std::io::Result<StaticServer> {
        let config = Arc::new(Mutex::new(config));
        let dist_config = dist.join("config.json");
        let shared = config.clone();
        let sub = crate::SUB_PATH.trim_end_matches('/');
        let app = Router::new()
            .route(
                &format!("{sub}/config.json"),
                get(move || {
                    let current = shared.lock().map(|c| c.clone()).unwrap_or(ConfigFile::Missing);
                    let dist_config = dist_config.clone();
                    async move { config_response(current, &dist_config).await }
                }),
            )
            .nest_service(
                sub,
                ServeDir::new(dist)
                    .append_index_html_on_directories(true)
                    // Where a build has `.br`/`.gz` twins (the paint benchmark writes them), serve those.
                    .precompressed_br()
                    .precompressed_gzip(),
            );
        let app = match neighbour {
            Some(dir) => app.nest_service(
                NEIGHBOUR_PATH.trim_end_matches('/'),
                ServeDir::new(dir).append_index_html_on_directories(true).precompressed_br().precompressed_gzip(),
            ),
            None => app,
        };
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let port = listener.local_addr()?.port();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(StaticServer { port, config, task })
    }

    /// The app's URL, e.g. `http://127.0.0.1:PORT/tools/b2b/`.
    pub fn app_url(&self) -> String {
        format!("http://127.0.0.1:{}{}", self.port, crate::SUB_PATH)
    }

    /// The other site's URL, when one is served beside the app.
    pub fn neighbour_url(&self) -> String {
        format!("http://127.0.0.1:{}{NEIGHBOUR_PATH}", self.port)
    }

    pub fn set_config(&self, config: ConfigFile) {
        if let Ok(mut c) = self.config.lock() {
            *c = config;
        }
    }
}

async fn config_response(config: ConfigFile, dist_config: &Path) -> Response {
    let json = [(header::CONTENT_TYPE, "application/json")];
    match config {
        ConfigFile::Missing => StatusCode::NOT_FOUND.into_response(),
        ConfigFile::Text(t) => (json, t).into_response(),
        ConfigFile::FromDist => match tokio::fs::read_to_string(dist_config).await {
            Ok(t) => (json, t).into_response(),
            Err(_) => StatusCode::NOT_FOUND.into_response(),
        },
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
