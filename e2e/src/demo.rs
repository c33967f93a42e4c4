//! What `cargo xtask demo` runs: the release build on a static server under the sub-path.

use crate::static_server::{ConfigFile, StaticServer};
use std::path::Path;

pub struct Demo {
    pub server: StaticServer,
}

impl Demo {
    pub async fn start(dist: &Path, port: u16) -> std::io::Result<Demo> {
        let server = StaticServer::start(dist, port, ConfigFile::FromDist).await?;
        Ok(Demo { server })
    }

    /// The lines printed for a person trying the demo.
    pub fn banner(&self) -> String {
        format!(
            "app: {}\n\nThe app is served from a sub-path, as on an intranet host. Its config.json is the placeholder\nfrom public/; edit dist/config.json and reload to point it at a tenant.",
            self.server.app_url()
        )
    }
}
