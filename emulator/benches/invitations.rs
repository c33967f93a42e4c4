//! Invitations per second through `/invitations` and through `$batch`, with the emulator on one core
//! (a current-thread runtime) and the client on another. Run: `cargo xtask bench` (or `cargo bench -p entra-emulator`).

use entra_emulator::{start, Options};
use serde_json::{json, Value};
use std::time::Instant;

const CLIENT: &str = "b2b00000-0000-4000-8000-0000000000a1";
const REDIRECT: &str = "http://127.0.0.1:8080/tools/b2b/";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const N: usize = 4000;
const CONCURRENCY: usize = 16;

fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).map(|s| s + marker.len()).unwrap_or(0);
    html[start..].split('"').next().unwrap_or_default().to_string()
}

async fn token(http: &reqwest::Client, base: &str) -> String {
    let authorize = format!("{base}/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id={CLIENT}&response_type=code&redirect_uri={}&scope=openid%20offline_access%20User.Invite.All&state=s&code_challenge={CHALLENGE}&code_challenge_method=S256", url::form_urlencoded::byte_serialize(REDIRECT.as_bytes()).collect::<String>());
    let page = http.get(&authorize).send().await.unwrap().text().await.unwrap();
    let r = http
        .post(format!("{base}/contoso.onmicrosoft.com/login"))
        .form(&[
            ("ctx", hidden(&page, "ctx").as_str()),
            ("loginfmt", "admin@contoso.onmicrosoft.com"),
            ("passwd", "Demo-Admin-1!"),
        ])
        .send()
        .await
        .unwrap();
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let code = url::Url::parse(&loc).unwrap().query_pairs().find(|(k, _)| k == "code").unwrap().1.into_owned();
    let t: Value = http
        .post(format!("{base}/contoso.onmicrosoft.com/oauth2/v2.0/token"))
        .header("Origin", "http://127.0.0.1:8080")
        .form(&[
            ("client_id", CLIENT),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    t["access_token"].as_str().unwrap().to_string()
}

fn body(i: usize, tag: &str) -> Value {
    json!({ "invitedUserEmailAddress": format!("bench{tag}{i}@partner.example"), "inviteRedirectUrl": "https://myapps.microsoft.com/", "sendInvitationMessage": false })
}

fn main() {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let running = start(Options::default()).await.unwrap();
            tx.send(running.base_url.clone()).unwrap();
            std::future::pending::<()>().await;
            drop(running);
        });
    });
    let base = rx.recv().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    rt.block_on(async move {
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).pool_max_idle_per_host(CONCURRENCY).build().unwrap();
        let token = token(&http, &base).await;

        let started = Instant::now();
        let mut tasks = Vec::new();
        for w in 0..CONCURRENCY {
            let (http, base, token) = (http.clone(), base.clone(), token.clone());
            tasks.push(tokio::spawn(async move {
                for i in (w..N).step_by(CONCURRENCY) {
                    let r = http.post(format!("{base}/graph/v1.0/invitations")).bearer_auth(&token).json(&body(i, "s")).send().await.unwrap();
                    assert_eq!(r.status(), 201);
                    let _ = r.bytes().await;
                }
            }));
        }
        for t in tasks { t.await.unwrap(); }
        let single = N as f64 / started.elapsed().as_secs_f64();
        println!("POST /invitations: {N} invitations in {:.2?} = {single:.0} invitations/s ({CONCURRENCY} concurrent clients, emulator on one core)", started.elapsed());

        let started = Instant::now();
        let mut tasks = Vec::new();
        let batches: Vec<Vec<usize>> = (0..N).collect::<Vec<_>>().chunks(20).map(|c| c.to_vec()).collect();
        let batches = std::sync::Arc::new(batches);
        for w in 0..CONCURRENCY {
            let (http, base, token, batches) = (http.clone(), base.clone(), token.clone(), batches.clone());
            tasks.push(tokio::spawn(async move {
                for b in batches.iter().skip(w).step_by(CONCURRENCY) {
                    let requests: Vec<Value> = b.iter().map(|i| json!({"id": i.to_string(), "method": "POST", "url": "/invitations", "headers": {"Content-Type": "application/json"}, "body": body(*i, "b")})).collect();
                    let r: Value = http.post(format!("{base}/graph/v1.0/$batch")).bearer_auth(&token).json(&json!({"requests": requests})).send().await.unwrap().json().await.unwrap();
                    assert!(r["responses"].as_array().unwrap().iter().all(|x| x["status"] == 201));
                }
            }));
        }
        for t in tasks { t.await.unwrap(); }
        let batched = N as f64 / started.elapsed().as_secs_f64();
        println!("POST /$batch (20 per batch): {N} invitations in {:.2?} = {batched:.0} invitations/s", started.elapsed());
    });
}
