//! What `cargo xtask demo` runs: the tenant emulator with the demo seed, and the release build on a
//! static server under the sub-path, its `config.json` pointing at the emulator.

use crate::static_server::{ConfigFile, StaticServer};
use crate::tenant::{config_json_with, seed_for, start_emulator_for_people, FOR_PEOPLE};
use entra_emulator::Running;
use std::path::Path;

pub struct Demo {
    pub server: StaticServer,
    pub emulator: Running,
}

impl Demo {
    /// `app_port` for the static server; the emulator takes 8400, or a free port when that is busy.
    pub async fn start(dist: &Path, app_port: u16) -> std::io::Result<Demo> {
        Demo::start_beside(dist, app_port, None).await
    }

    /// Like [`Demo::start`], with another built site served from the same server (`StaticServer::start_beside`).
    pub async fn start_beside(dist: &Path, app_port: u16, neighbour: Option<&Path>) -> std::io::Result<Demo> {
        let server = StaticServer::start_beside(dist, app_port, ConfigFile::Missing, neighbour).await?;
        let seed = seed_for(&server.app_url());
        let state = std::env::temp_dir().join("b2b-portal-demo-tenant.json");
        let emulator = start_emulator_for_people(seed, Some(state)).await?;
        server.set_config(ConfigFile::Text(config_json_with(&emulator, &FOR_PEOPLE)));
        Ok(Demo { server, emulator })
    }

    /// The lines printed for a person trying the demo: the URL and the accounts.
    pub fn banner(&self) -> String {
        let t = self.emulator.shared.lock();
        let mut out = format!("app: {}\n", self.server.app_url());
        out.push_str(&format!(
            "emulator: {} (tenant {}; its state: users, guests, outbox at {}/_emulator/)\n",
            self.emulator.base_url, t.seed.tenant.domain, self.emulator.base_url
        ));
        out.push_str("\ndemo accounts (sign in with these on the emulator's sign-in page):\n");
        for u in t.seed.users.iter().filter(|u| u.password.is_some()) {
            out.push_str(&format!(
                "  {:<34} {:<18} {}\n",
                u.user_principal_name,
                u.password.clone().unwrap_or_default(),
                u.note.clone().unwrap_or_default()
            ));
        }
        out.push_str("\nother seeded users (for conversion and the pending list):\n");
        for u in t.seed.users.iter().filter(|u| u.password.is_none()) {
            out.push_str(&format!("  {:<34} {}\n", u.display_name, u.note.clone().unwrap_or_default()));
        }
        out
    }
}
