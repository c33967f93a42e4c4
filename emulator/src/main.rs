//! `entra-emulator --port 8400 [--seed demo|FILE.json] [--state FILE.json] [--access-token-lifetime S]
//! [--refresh-token-lifetime S] [--public-url URL] [--tls | --tls-cert FILE --tls-key FILE]`

use entra_emulator::seed::Seed;
use entra_emulator::{start, Options, PublicUrl, Running, TlsSource};

const USAGE: &str = "usage: entra-emulator [--port N] [--seed demo|FILE.json] [--state FILE.json] \
[--access-token-lifetime S] [--refresh-token-lifetime S] [--public-url https://HOST:PORT] \
[--tls | --tls-cert CERT.pem --tls-key KEY.pem]";

fn parse(args: &[String]) -> Result<Options, String> {
    let mut opts = Options { port: 8400, ..Options::default() };
    let (mut self_signed, mut cert, mut key) = (false, None, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--port" => opts.port = value(a)?.parse().map_err(|e| format!("--port: {e}"))?,
            "--seed" => {
                let v = value(a)?;
                opts.seed = if v == "demo" { Seed::demo() } else { Seed::from_file(std::path::Path::new(&v))? };
            }
            "--state" => opts.state_file = Some(value(a)?.into()),
            "--access-token-lifetime" => {
                opts.lifetimes.access_token_s = value(a)?.parse().map_err(|e| format!("{a}: {e}"))?
            }
            "--refresh-token-lifetime" => {
                opts.lifetimes.refresh_token_s = value(a)?.parse().map_err(|e| format!("{a}: {e}"))?
            }
            "--public-url" => opts.public_url = Some(PublicUrl::parse(&value(a)?)?),
            "--tls" => self_signed = true,
            "--tls-cert" => cert = Some(value(a)?.into()),
            "--tls-key" => key = Some(value(a)?.into()),
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    opts.tls = match (self_signed, cert, key) {
        (false, None, None) => None,
        (true, None, None) => Some(TlsSource::SelfSigned),
        (false, Some(cert), Some(key)) => Some(TlsSource::Files { cert, key }),
        (true, _, _) => return Err("--tls generates a certificate; leave out --tls-cert/--tls-key, or --tls".into()),
        _ => return Err("--tls-cert and --tls-key go together".into()),
    };
    Ok(opts)
}

fn announce(running: &Running, domain: &str) {
    println!(
        "entra-emulator ready at {} (tenant {domain}; authority {}; Graph {})",
        running.base_url,
        running.authority(),
        running.graph_base()
    );
    if running.listen_url != running.base_url {
        println!("listening on {}", running.listen_url);
    }
    if let Some(tls) = &running.tls {
        println!("TLS certificate SHA-256 fingerprint: {}", tls.sha256_fingerprint);
        println!("Chromium trusts it with: --ignore-certificate-errors-spki-list={}", tls.spki_sha256);
        print!("certificate (PEM), for clients that take a CA file:\n{}", tls.cert_pem);
    }
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match parse(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
    };
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
                announce(&running, &domain);
                let _ = tokio::signal::ctrl_c().await;
                std::process::ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("entra-emulator: cannot start: {e}");
                std::process::ExitCode::FAILURE
            }
        }
    })
}
