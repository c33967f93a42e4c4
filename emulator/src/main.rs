//! `entra-emulator --port 8400 [--seed demo|FILE.json] [--state FILE.json] [--access-token-lifetime S] [--refresh-token-lifetime S]`

use entra_emulator::seed::Seed;
use entra_emulator::{start, Options};

fn main() -> std::process::ExitCode {
    let mut opts = Options { port: 8400, ..Options::default() };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value"));
        let r: Result<(), String> = (|| {
            match a.as_str() {
                "--port" => opts.port = value("--port")?.parse().map_err(|e| format!("--port: {e}"))?,
                "--seed" => {
                    let v = value("--seed")?;
                    opts.seed = if v == "demo" { Seed::demo() } else { Seed::from_file(std::path::Path::new(&v))? };
                }
                "--state" => opts.state_file = Some(value("--state")?.into()),
                "--access-token-lifetime" => opts.lifetimes.access_token_s = value(a)?.parse().map_err(|e| format!("{a}: {e}"))?,
                "--refresh-token-lifetime" => opts.lifetimes.refresh_token_s = value(a)?.parse().map_err(|e| format!("{a}: {e}"))?,
                "-h" | "--help" => return Err("usage: entra-emulator [--port N] [--seed demo|FILE.json] [--state FILE.json] [--access-token-lifetime S] [--refresh-token-lifetime S]".into()),
                other => return Err(format!("unknown argument {other}")),
            }
            Ok(())
        })();
        if let Err(e) = r {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
    }
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    rt.block_on(async move {
        let domain = opts.seed.tenant.domain.clone();
        match start(opts).await {
            Ok(running) => {
                println!(
                    "entra-emulator ready at {} (tenant {domain}; authority {}; Graph {})",
                    running.base_url,
                    running.authority(),
                    running.graph_base()
                );
                let _ = tokio::signal::ctrl_c().await;
                std::process::ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("entra-emulator: cannot listen: {e}");
                std::process::ExitCode::FAILURE
            }
        }
    })
}
