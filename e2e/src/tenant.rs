//! The emulated tenant behind the app: started on loopback with the app's URL registered as a SPA
//! redirect URI, and the `config.json` that points the app at it.

use entra_emulator::seed::Seed;
use entra_emulator::state::Lifetimes;
use entra_emulator::{start, Options, Running};

/// The demo seed with `app_url` (and its localhost twin) registered as SPA redirect URIs.
pub fn seed_for(app_url: &str) -> Seed {
    let mut seed = Seed::demo();
    let twin = app_url.replace("127.0.0.1", "localhost");
    for app in &mut seed.apps {
        for uri in [app_url.to_string(), twin.clone()] {
            if !app.spa_redirect_uris.contains(&uri) {
                app.spa_redirect_uris.push(uri);
            }
        }
    }
    seed
}

pub async fn start_emulator(
    port: u16,
    seed: Seed,
    lifetimes: Lifetimes,
    state_file: Option<std::path::PathBuf>,
) -> std::io::Result<Running> {
    start(Options { port, seed, state_file, lifetimes, ..Options::default() }).await
}

/// The emulator for a person at the keyboard (`cargo xtask demo` and `dev`): on port 8400, the one they may have
/// bookmarked, or a free port when that one is busy.
pub async fn start_emulator_for_people(
    mut seed: Seed,
    state_file: Option<std::path::PathBuf>,
) -> std::io::Result<Running> {
    if let Some(app) = seed.apps.first_mut() {
        app.consented_scopes.extend(FOR_PEOPLE.iter().map(|s| s.to_string()));
    }
    match start_emulator(8400, seed.clone(), Lifetimes::default(), state_file.clone()).await {
        Ok(e) => Ok(e),
        Err(_) => start_emulator(0, seed, Lifetimes::default(), state_file).await,
    }
}

/// The delegated permissions a person trying the app (`cargo xtask demo`, `cargo xtask dev`) has on top of the
/// tests' three: groups and the profile in the invite form; deleting, blocking and sponsors on the guests page;
/// the last sign-ins; the tenant's invitation policy with the partner-domain check; and setting up and
/// approving access packages.
pub const FOR_PEOPLE: [&str; 6] = [
    "GroupMember.ReadWrite.All",
    "User.ReadWrite.All",
    "AuditLog.Read.All",
    "Policy.Read.All",
    "CrossTenantInformation.ReadBasic.All",
    "EntitlementManagement.ReadWrite.All",
];

/// `config.json` for the app against this emulator: only hosts differ from a real tenant's.
pub fn config_json(emu: &Running) -> String {
    config_json_with(emu, &[])
}

/// [`config_json`] with more delegated permissions (short names) in `scopes`.
pub fn config_json_with(emu: &Running, more_scopes: &[&str]) -> String {
    let (authority, graph_base) = (emu.authority(), emu.graph_base());
    let scopes: Vec<String> = ["User.Invite.All", "User.Read.All", "EntitlementManagement.Read.All"]
        .iter()
        .chain(more_scopes)
        .map(|s| format!("https://graph.microsoft.com/{s}"))
        .collect();
    let t = emu.shared.lock();
    let seed = &t.seed;
    serde_json::json!({
        "authority": authority,
        "clientId": seed.apps.first().map(|a| a.client_id.clone()).unwrap_or_default(),
        "tenantId": seed.tenant.id,
        "graphBaseUrl": graph_base,
        "scopes": scopes,
        "organization": { "displayName": seed.tenant.display_name, "accentColor": "#0f6cbd", "supportContact": "it-help@contoso.com" },
        "defaultInviteRedirectUrl": format!("https://myapps.microsoft.com/?tenantid={}", seed.tenant.id),
        "extraRedeemHosts": [format!("127.0.0.1:{}", emu.port)],
        "directFederationDomains": seed.tenant.direct_federation_domains,
        "development": true,
    })
    .to_string()
}
