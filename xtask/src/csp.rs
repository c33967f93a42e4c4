//! The page's Content-Security-Policy, written into the built `index.html` as the first element of its head:
//! scripts only from the site itself plus the exact inline scripts of this build (by their sha256),
//! wasm compilation, styles only from the site, and connections only to the site and Microsoft's sign-in and
//! Graph hosts of every cloud (one release serves any tenant, so the policy names all of them). A development
//! build (the demo, the tests) also lets the page reach the emulator on loopback.

use base64::Engine;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Production,
    /// The emulator on loopback, as `cargo xtask demo` and the tests run it.
    Development,
}

/// Microsoft's login and Graph origins (https://learn.microsoft.com/graph/deployments).
const MICROSOFT_ORIGINS: &[&str] = &[
    "https://login.microsoftonline.com",
    "https://graph.microsoft.com",
    "https://login.microsoftonline.us",
    "https://graph.microsoft.us",
    "https://dod-graph.microsoft.us",
    "https://login.partner.microsoftonline.cn",
    "https://microsoftgraph.chinacloudapi.cn",
];

/// The text of every `<script>` without a `src`, exactly as the browser hashes it.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else { break };
        if !tag.contains(" src=") {
            found.push(&body[..close]);
        }
        rest = &body[close..];
    }
    found
}

fn sha256(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

pub fn policy(html: &str, audience: Audience) -> String {
    let hashes: Vec<String> = inline_scripts(html).iter().map(|s| format!("'sha256-{}'", sha256(s))).collect();
    let mut connect = vec!["'self'".to_string()];
    connect.extend(MICROSOFT_ORIGINS.iter().map(|o| o.to_string()));
    if audience == Audience::Development {
        connect.extend(["http://127.0.0.1:*".to_string(), "http://localhost:*".to_string()]);
    }
    [
        "default-src 'none'".to_string(),
        format!("script-src 'self' 'wasm-unsafe-eval' {}", hashes.join(" ")),
        "style-src 'self'".to_string(),
        // The organisation's logo may live on any https host; the QR code is inline SVG.
        "img-src 'self' data: https:".to_string(),
        format!("connect-src {}", connect.join(" ")),
        "base-uri 'none'".to_string(),
        "form-action 'none'".to_string(),
        "object-src 'none'".to_string(),
    ]
    .join("; ")
}

/// `html` with the policy as the first element of `<head>` (implied after `<html>` once minified), so it governs
/// every script that follows. The charset declaration must stay within the first 1024 bytes.
pub fn insert(html: &str, policy: &str) -> Result<String, String> {
    let at = match html.find("<head>") {
        Some(head) => head + "<head>".len(),
        None => {
            let open = html.find("<html").ok_or("index.html has no <html>")?;
            open + html[open..].find('>').ok_or("unclosed <html>")? + 1
        }
    };
    let meta = format!(r#"<meta http-equiv="Content-Security-Policy" content="{policy}">"#);
    let out = format!("{}{meta}{}", &html[..at], &html[at..]);
    match out.find("<meta charset") {
        Some(charset) if charset < 1024 => Ok(out),
        _ => Err("with the CSP first, index.html's <meta charset> is no longer within its first 1024 bytes".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILT: &str = r#"<!doctype html><html lang=en><meta charset=utf-8><title>x</title><script>window.a=1</script><script type=module>import init from './app.js';
await init();</script><script src=./other.js></script></head><body></body></html>"#;

    #[test]
    fn only_inline_scripts_are_hashed_and_the_policy_comes_first() {
        assert_eq!(inline_scripts(BUILT), vec!["window.a=1", "import init from './app.js';\nawait init();"]);
        let p = policy(BUILT, Audience::Production);
        // echo -n 'window.a=1' | openssl dgst -sha256 -binary | base64
        assert!(p.contains("'sha256-WpNQcWxgTJamkluTtRGYllok20MyGquJpWh9YXWGA4E='"), "{p}");
        assert!(!p.contains("127.0.0.1"), "{p}");
        assert!(policy(BUILT, Audience::Development).contains("connect-src 'self' https://login.microsoftonline.com"));
        let html = insert(BUILT, &p).unwrap();
        assert!(html.starts_with(r#"<!doctype html><html lang=en><meta http-equiv="Content-Security-Policy" content="default-src 'none'; "#), "{html}");
        let long = policy(BUILT, Audience::Development).repeat(3);
        assert!(insert(BUILT, &long).is_err(), "the charset would be pushed past 1024 bytes");
    }
}
