//! `cargo xtask dev` runs this beside `trunk serve`: the tenant emulator with the demo seed, the dev server's
//! URL registered, and the `config.json` that points the app at it written where trunk's hook finds it.

use e2e::tenant::{config_json_with, seed_for, start_emulator_for_people, FOR_PEOPLE};

fn main() -> std::process::ExitCode {
    e2e::report::exit(run())
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (Some(app_url), Some(config)) = (args.next(), args.next()) else {
        return Err("usage: dev_tenant <app URL> <config.json to write>".into());
    };
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let emulator = start_emulator_for_people(seed_for(&app_url), None).await.map_err(|e| e.to_string())?;
        std::fs::write(&config, config_json_with(&emulator, &FOR_PEOPLE)).map_err(|e| format!("{config}: {e}"))?;
        println!(
            "emulator: {} (demo accounts as in `cargo xtask demo`, e.g. admin@contoso.onmicrosoft.com / Demo-Admin-1!)",
            emulator.base_url
        );
        println!("app: {app_url} (rebuilt and reloaded on every change under src/, style/ and i18n/)");
        tokio::signal::ctrl_c().await.map_err(|e| e.to_string())?;
        Ok(())
    })
}
