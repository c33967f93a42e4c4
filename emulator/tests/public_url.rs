//! `--public-url` and `--tls`: what a client behind a proxy, or one that insists on https, sees.

mod common;

use common::*;
use entra_emulator::{start, Options, PublicUrl, TlsSource};
use reqwest::Method;
use serde_json::json;

const PUBLIC: &str = "https://login.emulator.test:8443";

async fn emu_public() -> Emu {
    let opts = Options { public_url: Some(PublicUrl::parse(PUBLIC).unwrap()), ..Options::default() };
    let running = start(opts).await.expect("emulator starts");
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    Emu { running, http }
}

fn tenant_id(e: &Emu) -> String {
    e.running.shared.lock().seed.tenant.id.clone()
}

#[tokio::test]
async fn discovery_and_tokens_name_the_public_url() {
    let e = emu_public().await;
    assert_ne!(e.base(), PUBLIC, "requests go to the listening address");
    let tid = tenant_id(&e);
    let d = e.get_json(&format!("{}/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration", e.base())).await;
    assert_eq!(d["issuer"], format!("{PUBLIC}/{tid}/v2.0"));
    assert_eq!(d["authorization_endpoint"], format!("{PUBLIC}/contoso.onmicrosoft.com/oauth2/v2.0/authorize"));
    assert_eq!(d["token_endpoint"], format!("{PUBLIC}/contoso.onmicrosoft.com/oauth2/v2.0/token"));
    assert_eq!(d["end_session_endpoint"], format!("{PUBLIC}/contoso.onmicrosoft.com/oauth2/v2.0/logout"));
    assert_eq!(d["jwks_uri"], format!("{PUBLIC}/contoso.onmicrosoft.com/discovery/v2.0/keys"));
    assert_eq!(d["msgraph_host"], "login.emulator.test:8443/graph");

    let tokens = e.sign_in(ADMIN).await;
    let id = jwt_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(id["iss"], format!("{PUBLIC}/{tid}/v2.0"));
    // Graph's v1 access tokens come from sts.windows.net on the real service too; only the id token moves.
    let access = jwt_claims(tokens["access_token"].as_str().unwrap());
    assert_eq!(access["iss"], format!("https://sts.windows.net/{tid}/"));
}

#[tokio::test]
async fn graph_links_and_redeem_urls_name_the_public_url() {
    let e = emu_public().await;
    let t = e.access_token(ADMIN).await;
    let (_, page, _) = e.graph(Method::GET, "/users?$top=2&$select=id", &t, None, &[]).await;
    assert_eq!(page["@odata.context"], format!("{PUBLIC}/graph/v1.0/$metadata#users(id)"));
    let next = page["@odata.nextLink"].as_str().unwrap();
    assert!(next.starts_with(&format!("{PUBLIC}/graph/v1.0/users?")), "{next}");

    let body = json!({ "invitedUserEmailAddress": "kim@fabrikam.example", "inviteRedirectUrl": "https://myapps.microsoft.com/", "sendInvitationMessage": false });
    let (s, inv, _) = e.graph(Method::POST, "/invitations", &t, Some(body), &[]).await;
    assert_eq!(s, 201, "{inv}");
    assert_eq!(inv["@odata.context"], format!("{PUBLIC}/graph/v1.0/$metadata#invitations/$entity"));
    let redeem = inv["inviteRedeemUrl"].as_str().unwrap();
    assert!(redeem.starts_with(&format!("{PUBLIC}/redeem?rd=")), "{redeem}");
    let rd = param(redeem, "rd").unwrap();
    assert!(rd.starts_with(&format!("{PUBLIC}/invitations/redeem/?tenant={}", tenant_id(&e))), "{rd}");
}

#[tokio::test]
async fn the_authorize_response_carries_client_info_when_asked() {
    let e = emu_public().await;
    let tid = tenant_id(&e);
    let r = e.submit_login(&e.authorize_url(&[]), ADMIN).await;
    let loc = r.headers()[reqwest::header::LOCATION].to_str().unwrap().to_string();
    let info = param(&loc, "client_info").expect("client_info in the redirect");
    use base64::Engine;
    let decoded: serde_json::Value =
        serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(info).unwrap()).unwrap();
    let admin = e.running.shared.lock().user_by_upn(ADMIN.0).unwrap().id.clone();
    assert_eq!(decoded, json!({ "uid": admin, "utid": tid }));
    // On https, the session cookie is the cross-site kind Entra sets, so prompt=none works in an iframe.
    let cookie = r.headers()[reqwest::header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.contains("SameSite=None; Secure"), "{cookie}");

    let plain = e.submit_login(&e.authorize_url(&[("client_info", "")]), ADMIN).await;
    let loc = plain.headers()[reqwest::header::LOCATION].to_str().unwrap().to_string();
    assert_eq!(param(&loc, "client_info"), None, "{loc}");
}

/// Reads the binary's banner up to the end of the printed certificate.
fn banner(stdout: impl std::io::Read) -> (String, String, String) {
    use std::io::BufRead;
    let (mut ready, mut fingerprint, mut pem) = (String::new(), String::new(), String::new());
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("entra-emulator ready at ") {
            ready = rest.split(' ').next().unwrap().to_string();
        } else if let Some(rest) = line.strip_prefix("TLS certificate SHA-256 fingerprint: ") {
            fingerprint = rest.to_string();
        } else if line.starts_with("-----BEGIN") || !pem.is_empty() {
            pem.push_str(&line);
            pem.push('\n');
            if line.starts_with("-----END") {
                break;
            }
        }
    }
    (ready, fingerprint, pem)
}

#[tokio::test]
async fn https_with_a_client_that_trusts_only_the_printed_certificate() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_entra-emulator"))
        .args(["--port", "0", "--tls"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (ready, fingerprint, pem) = banner(child.stdout.take().unwrap());
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
        }
    }
    let _child = Kill(child);
    assert!(ready.starts_with("https://127.0.0.1:"), "{ready}");

    // The printed fingerprint is the SHA-256 of the printed certificate.
    use base64::Engine;
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
    assert_eq!(fingerprint, entra_emulator::tls::fingerprint(&der));

    let trusting = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(pem.as_bytes()).unwrap())
        .build()
        .unwrap();
    let url = format!("{ready}/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration");
    let d: serde_json::Value = trusting.get(&url).send().await.unwrap().json().await.unwrap();
    assert!(d["issuer"].as_str().unwrap().starts_with(&format!("{ready}/")), "{d}");

    // A client that trusts nothing in particular is refused: the server really speaks TLS with that certificate.
    let stranger = reqwest::Client::builder().tls_built_in_root_certs(false).build().unwrap();
    assert!(stranger.get(&url).send().await.is_err());
    let other = entra_emulator::TlsIdentity::load(&TlsSource::SelfSigned, None).unwrap();
    let wrong = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(other.cert_pem.as_bytes()).unwrap())
        .build()
        .unwrap();
    assert!(wrong.get(&url).send().await.is_err());
}
