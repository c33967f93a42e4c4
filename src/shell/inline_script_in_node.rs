//! The JavaScript `index.html` runs before the module, generated from `inline_script`, run under node on a
//! table of addresses, stored choices and browser languages, and held to the app's own decisions: the route's
//! audience, the sign-in return, and the language the page opens in (`shell::ui_language::initial`).

use crate::auth::transaction::RedirectResponse;
use crate::lang::Lang;
use crate::rules::inline_script::{js_is_sign_in_return, js_language, js_partner_module, partner_module};
use crate::rules::partner_link::{encode_payload, PartnerLink};
use crate::shell::routing::{Audience, Route};
use crate::shell::ui_language;
use std::io::Write;
use std::process::{Command, Stdio};

/// The app's tags as the build writes them for the script: each browser tag with the app tag it names.
fn tags() -> Vec<(String, String)> {
    Lang::ALL.iter().flat_map(|l| l.tags().iter().map(move |t| (t.to_string(), l.tag().to_string()))).collect()
}

fn hashes() -> Vec<String> {
    let other = *Lang::ALL.last().expect("a language");
    let link = |lang| PartnerLink::new("https://login.example/redeem", None).in_language(lang).encode();
    let json = |v: serde_json::Value| encode_payload(&v);
    let with_other = link(Some(other));
    vec![
        String::new(),
        "#/".into(),
        "#/invite".into(),
        "#/invite/x".into(),
        "#/review/abc".into(),
        "#/join/abc".into(),
        "#/request".into(),
        "#/requests/x".into(),
        "#/welcome".into(),
        "#/welcome/".into(),
        "#/welcomex".into(),
        format!("#/welcome/{with_other}"),
        format!("#welcome/{with_other}"),
        format!("#/welcome//{with_other}/"),
        format!("#/welcome/{with_other}?utm=1"),
        format!("#//welcome/{with_other}"),
        format!("#/join/{with_other}"),
        format!("#/welcome/{}", link(None)),
        format!("#/welcome/{}", json(serde_json::json!({"v": 2, "redeem": "https://r", "lang": "fr"}))),
        format!("#/welcome/{}", json(serde_json::json!({"v": 1, "redeem": "https://r", "lang": other.tag()}))),
        format!("#/welcome/{}", json(serde_json::json!({"v": 2, "redeem": " ", "lang": other.tag()}))),
        format!("#/welcome/{}", json(serde_json::json!({"v": 2, "redeem": "r", "lang": other.tag(), "x": 1}))),
        format!(
            "#/welcome/{}",
            json(serde_json::json!({"v": 2, "redeem": "r", "lang": other.tag(), "note": "n".repeat(501)}))
        ),
        format!("#/welcome/{}", json(serde_json::json!({"v": 2, "redeem": "r", "lang": other.tag(), "note": 5}))),
        format!("#/welcome/{}", json(serde_json::json!({"v": 2, "redeem": "r", "lang": 7}))),
        format!("#/welcome/{}", json(serde_json::json!([2]))),
        "#/welcome/!!!".into(),
        "#/welcome/eyJ2Ijoy+".into(),
        "#/welcome/e".into(),
    ]
}

const SEARCHES: [&str; 8] =
    ["", "?code=abc&state=x", "?error=access_denied", "?state=1", "?%63ode=1", "?codex=1", "?x=1&code", "?a=code"];

fn stored() -> Vec<Option<String>> {
    let other = Lang::ALL.last().expect("a language").tag();
    vec![None, Some(other.to_string()), Some(other.to_lowercase()), Some("xx".into())]
}

fn browsers() -> Vec<Vec<String>> {
    let other = Lang::ALL.last().expect("a language").tag();
    let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![v(&[]), v(&[&format!(" {} ", other.to_uppercase())]), v(&["de", "zh", "zh-Hant-HK"]), v(&["en-GB", other])]
}

/// What the app decides for one case: the language's tag, a partner's page, a sign-in return.
fn app_decides(hash: &str, search: &str, stored: Option<&str>, browser: &[String]) -> (String, Option<String>, bool) {
    let route = Route::from_fragment(hash);
    let link = match &route {
        Route::PartnerWelcome { payload } => ui_language::link_language(payload),
        _ => None,
    };
    let lang = ui_language::initial(link, stored, browser);
    let partner = partner_module(hash).map(|m| m.name().to_string());
    assert_eq!(partner.is_some(), route.audience() == Audience::Partner, "{hash}");
    (lang.tag().to_string(), partner, RedirectResponse::from_query(search).is_some())
}

#[test]
fn the_page_scripts_decide_as_the_app_does() {
    let mut cases = Vec::new();
    for h in hashes() {
        for s in stored() {
            for b in browsers() {
                cases.push(serde_json::json!([h, SEARCHES[cases.len() % SEARCHES.len()], s, b]));
            }
        }
    }
    let program = format!(
        concat!(
            "const L={lang},P={partner},R={ret},D={default};",
            "const cases=JSON.parse(require('fs').readFileSync(0,'utf8'));",
            "console.log(JSON.stringify(cases.map(([h,q,s,b])=>[L(h,()=>s,()=>b)||D,P(h),R(q)])))"
        ),
        lang = js_language(&tags()),
        partner = js_partner_module(),
        ret = js_is_sign_in_return(),
        default = serde_json::json!(Lang::DEFAULT.tag()),
    );
    let mut node = Command::new("node")
        .args(["-e", &program])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs (the build's npm tools need it too)");
    node.stdin
        .take()
        .expect("stdin")
        .write_all(serde_json::to_string(&cases).expect("json").as_bytes())
        .expect("write");
    let out = node.wait_with_output().expect("node's answer");
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stdout));
    let script: Vec<(String, Option<String>, bool)> =
        serde_json::from_slice(&out.stdout).expect("node's answer is JSON");
    assert_eq!(script.len(), cases.len());
    let mut differ = Vec::new();
    for (case, js) in cases.iter().zip(&script) {
        let (h, q) = (case[0].as_str().unwrap_or(""), case[1].as_str().unwrap_or(""));
        let s = case[2].as_str();
        let b: Vec<String> = serde_json::from_value(case[3].clone()).unwrap_or_default();
        let app = app_decides(h, q, s, &b);
        if &app != js {
            differ.push(format!("{case}: app {app:?}, script {js:?}"));
        }
    }
    assert!(differ.is_empty(), "{} of {} cases differ:\n{}", differ.len(), cases.len(), differ.join("\n"));
    // The table reaches every answer: each language, partner pages and not, returns and not.
    for l in Lang::ALL {
        assert!(script.iter().any(|d| d.0 == l.tag()), "no case opens in {}", l.tag());
    }
    for module in [Some("partner"), Some("partner_request"), None] {
        assert!(script.iter().any(|d| d.1.as_deref() == module), "no case opens {module:?}");
    }
    assert!(script.iter().any(|d| d.2) && script.iter().any(|d| !d.2));
}
