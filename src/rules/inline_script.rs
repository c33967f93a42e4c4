//! What `index.html`'s inline scripts decide before the module arrives, written once, in Rust: which view the
//! address opens, whether it is a partner's page or a return from the sign-in page, and the reader's language.
//! The app decides with the functions here, and `cargo xtask dist` (which includes this file by path, so it
//! names nothing else of the crate) writes the scripts' JavaScript from the `js_*` functions. A native test
//! (`shell::inline_script_in_node`) runs that JavaScript under node on a table of addresses, stored choices and
//! browser languages, and holds it to the app's own decisions.

/// localStorage key of the reader's language choice: a preference, not a secret.
pub const LANGUAGE_KEY: &str = "b2b-portal.language";

/// The views a partner opens from a link; on such a page the partner module is fetched at once.
pub const PARTNER_VIEWS: [&str; 3] = ["welcome", "join", "request"];
/// The partner view that asks for access: its form has a module of its own, so a welcome or join link fetches
/// less.
pub const REQUEST_VIEW: &str = "request";
/// The partner view whose link may carry the language it opens in.
pub const WELCOME_VIEW: &str = "welcome";
/// The partner view for one access package, whose one step is a link to My Access.
pub const JOIN_VIEW: &str = "join";
/// The partner views whose one step the partner check offers before the main module is here.
pub const OFFER_VIEWS: [&str; 2] = [WELCOME_VIEW, JOIN_VIEW];
/// The welcome link's format: version 2 dropped the organisation's name from the link.
pub const WELCOME_LINK_VERSION: u8 = 2;
/// The welcome link's fields (`rules::partner_link::PartnerLink`); any other makes it damaged.
pub const WELCOME_LINK_FIELDS: [&str; 4] = ["v", "redeem", "note", "lang"];
/// The longest note a welcome link carries, in characters.
pub const WELCOME_NOTE_MAX: usize = 500;
/// A query with one of these is the sign-in page's answer (OAuth 2.0's authorization response).
pub const SIGN_IN_RETURN_KEYS: [&str; 3] = ["code", "state", "error"];

/// The modules of the release build: the main one, and those `wasm_split` cuts out, by the name each split
/// point gives (`src/shell/view_modules.rs`, `src/auth/sign_in_module.rs`, `src/auth/client.rs`). A language's
/// words are served in parts named the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    Main,
    SignIn,
    /// The invite form, which an admin most often opens first: apart from the other admin views, so it waits
    /// for its own code only.
    Invite,
    /// The other admin views.
    Admin,
    Partner,
    PartnerRequest,
    SignedInHome,
}

impl Module {
    pub const ALL: [Module; 7] = [
        Module::Main,
        Module::SignIn,
        Module::Invite,
        Module::Admin,
        Module::Partner,
        Module::PartnerRequest,
        Module::SignedInHome,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Module::Main => "main",
            Module::SignIn => "sign_in",
            Module::Invite => "invite",
            Module::Admin => "admin",
            Module::Partner => "partner",
            Module::PartnerRequest => "partner_request",
            Module::SignedInHome => "signed_in_home",
        }
    }
}

/// The view a fragment names and its payload: `#/welcome/abc?x=1` → `("welcome", "abc")`. One leading `#` and
/// one `/` go, so does a query after `?`, trailing slashes, and the slashes between view and payload.
pub fn view_and_payload(fragment: &str) -> (&str, &str) {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    let f = f.strip_prefix('/').unwrap_or(f);
    let path = f.split_once('?').map_or(f, |(p, _)| p).trim_end_matches('/');
    match path.split_once('/') {
        Some((view, payload)) => (view, payload.trim_start_matches('/')),
        None => (path, ""),
    }
}

/// Whether the fragment opens a partner's view.
pub fn is_partner_page(fragment: &str) -> bool {
    PARTNER_VIEWS.contains(&view_and_payload(fragment).0)
}

/// `view_and_payload` in JavaScript: a function of `location.hash` to `[view, payload]`.
pub fn js_view_and_payload() -> String {
    concat!(
        r#"h=>{const f=String(h).replace(/^#/,"").replace(/^\//,"").split("?")[0].replace(/\/+$/,""),"#,
        r#"i=f.indexOf("/");return i<0?[f,""]:[f.slice(0,i),f.slice(i+1).replace(/^\/+/,"")]}"#
    )
    .to_string()
}

/// A string as a JavaScript literal.
fn js_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A JavaScript array of strings.
fn js_strings(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| js_string(s)).collect();
    format!("[{}]", quoted.join(","))
}

/// The module a partner's page needs first: the request form's own, or the other partner views'.
pub fn partner_module(fragment: &str) -> Option<Module> {
    match view_and_payload(fragment).0 {
        REQUEST_VIEW => Some(Module::PartnerRequest),
        view if PARTNER_VIEWS.contains(&view) => Some(Module::Partner),
        _ => None,
    }
}

/// JavaScript: [`OFFER_VIEWS`] as an array.
pub fn js_offer_views() -> String {
    js_strings(&OFFER_VIEWS)
}

/// JavaScript: [`partner_module`] as a function of `location.hash` to the module's name, or `null`.
pub fn js_partner_module() -> String {
    format!(
        "h=>{{const v=({})(h)[0];return v==={}?{}:{}.includes(v)?{}:null}}",
        js_view_and_payload(),
        js_string(REQUEST_VIEW),
        js_string(Module::PartnerRequest.name()),
        js_strings(&PARTNER_VIEWS),
        js_string(Module::Partner.name())
    )
}

/// JavaScript: a function of `location.search` that says whether it is the sign-in page's answer, read as
/// `application/x-www-form-urlencoded` like the app reads it.
pub fn js_is_sign_in_return() -> String {
    format!("s=>{{const q=new URLSearchParams(s);return {}.some(k=>q.has(k))}}", js_strings(&SIGN_IN_RETURN_KEYS))
}

/// JavaScript: the reader's language as the app chooses it (`shell::ui_language::initial`), a function of
/// `(hash, stored, browser)` where `stored` and `browser` are functions (either may throw, as storage a browser
/// refuses does). `tags` pairs each lower-case tag a browser may send with the app's tag it names, in the app's
/// order. The answer is an app tag, or `null` for "none of these": the compiled-in default.
pub fn js_language(tags: &[(String, String)]) -> String {
    let table: Vec<String> =
        tags.iter().map(|(browser, app)| format!("[{},{}]", js_string(browser), js_string(app))).collect();
    // T: browser tag → app tag; X: exactly one of the app's tags; B: `Lang::from_tag` (a tag or one of its
    // subtags, trimmed, any case); G: a step that throws counts as no answer; L: the welcome link's language.
    format!(
        concat!(
            "(h,s,b)=>{{const T=[{table}],",
            "X=t=>T.some(e=>e[1]===t)?t:null,",
            r#"B=t=>{{t=String(t).trim().toLowerCase();const e=T.find(([p])=>t===p||t.startsWith(p+"-"));return e?e[1]:null}},"#,
            "G=f=>{{try{{return f()}}catch(e){{return null}}}},",
            "L=p=>{{",
            r#"if(/[^A-Za-z0-9_-]/.test(p.trim().replace(/=+$/,"")))return null;"#,
            r#"const o=JSON.parse(new TextDecoder("utf-8",{{fatal:true}}).decode(Uint8Array.from(atob(p.trim().replace(/=+$/,"").replace(/-/g,"+").replace(/_/g,"/")),c=>c.charCodeAt(0))));"#,
            "if(o===null||typeof o!==\"object\"||Array.isArray(o)||o.v!=={version}",
            "||!Object.keys(o).every(k=>{fields}.includes(k))",
            "||typeof o.redeem!==\"string\"||!o.redeem.trim()",
            "||(o.note!=null&&(typeof o.note!==\"string\"||[...o.note].length>{note_max})))return null;",
            "return X(o.lang)}},",
            "[v,p]=({view})(h);",
            "return(v===\"{welcome}\"&&G(()=>L(p)))||G(()=>X(s()))",
            "||G(()=>{{for(const t of b()){{const l=B(t);if(l)return l}}return null}})}}",
        ),
        table = table.join(","),
        version = WELCOME_LINK_VERSION,
        fields = js_strings(&WELCOME_LINK_FIELDS),
        note_max = WELCOME_NOTE_MAX,
        view = js_view_and_payload(),
        welcome = WELCOME_VIEW,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fragment_names_its_view_and_payload() {
        let cases = [
            ("", ("", "")),
            ("#", ("", "")),
            ("#/", ("", "")),
            ("#/welcome", ("welcome", "")),
            ("#welcome/abc", ("welcome", "abc")),
            ("#/welcome/abc/", ("welcome", "abc")),
            ("#/welcome//abc?x=1", ("welcome", "abc")),
            ("#//welcome/abc", ("", "welcome/abc")),
            ("#/invite?x=1", ("invite", "")),
        ];
        for (fragment, want) in cases {
            assert_eq!(view_and_payload(fragment), want, "{fragment}");
        }
    }

    #[test]
    fn partner_pages_are_the_three_partner_views() {
        assert!(is_partner_page("#/welcome"));
        assert!(is_partner_page("#/join/x"));
        assert!(is_partner_page("#request/"));
        assert!(!is_partner_page("#/requests/x"));
        assert!(!is_partner_page("#/review/x"));
        assert!(!is_partner_page("#//welcome/x"));
        assert_eq!(partner_module("#/request/abc"), Some(Module::PartnerRequest));
        assert_eq!(partner_module("#/welcome/abc"), Some(Module::Partner));
        assert_eq!(partner_module("#/join"), Some(Module::Partner));
        assert_eq!(partner_module("#/review/abc"), None);
    }
}
