//! Browser-only code, run by wasm-bindgen-test in headless Chromium (`cargo xtask test`, tier 2).
#![cfg(target_arch = "wasm32")]

use b2b_portal::config::{self, ConfigError};
use b2b_portal::shell::routing::Route;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn fragment_is_read_from_the_location() {
    let window = web_sys::window().expect("window");
    window.location().set_hash("#/invite").expect("set hash");
    assert_eq!(b2b_portal::web::browser::current_fragment(), "#/invite");
    assert_eq!(Route::from_fragment(&b2b_portal::web::browser::current_fragment()), Route::Invite);
    window.location().set_hash("").expect("clear hash");
}

#[wasm_bindgen_test]
fn document_title_is_set() {
    b2b_portal::web::browser::set_document_title("Invite a partner · Contoso");
    let doc = web_sys::window().and_then(|w| w.document()).expect("document");
    assert_eq!(doc.title(), "Invite a partner · Contoso");
}

#[wasm_bindgen_test]
async fn a_missing_config_file_is_reported_with_its_status() {
    // The test runner's server has no config.json, exactly like a deployment that forgot it.
    match config::load().await {
        Err(ConfigError::Missing { status }) => assert_eq!(status, 404),
        other => panic!("expected Missing, got {other:?}"),
    }
}

mod storage {
    use b2b_portal::auth::storage;
    use wasm_bindgen_test::*;

    fn session() -> web_sys::Storage {
        web_sys::window().and_then(|w| w.session_storage().ok().flatten()).expect("sessionStorage")
    }

    #[wasm_bindgen_test]
    fn round_trips_and_takes_once() {
        storage::put("b2b.auth.test", &vec!["a".to_string(), "b".to_string()]).expect("put");
        assert_eq!(storage::get::<Vec<String>>("b2b.auth.test"), Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(storage::take::<Vec<String>>("b2b.auth.test").map(|v| v.len()), Some(2));
        assert_eq!(storage::get::<Vec<String>>("b2b.auth.test"), None, "take is single use");
    }

    #[wasm_bindgen_test]
    fn corrupt_entries_are_dropped_not_panicked_on() {
        session().set_item("b2b.auth.corrupt", "{not json").expect("set");
        assert_eq!(storage::get::<Vec<String>>("b2b.auth.corrupt"), None);
        assert_eq!(session().get_item("b2b.auth.corrupt").expect("get"), None);
    }

    #[wasm_bindgen_test]
    fn drafts_are_cleared_on_their_own() {
        session().set_item("b2b.draft.invite", "{\"email\":\"ada@fabrikam.example\"}").expect("set");
        session().set_item("b2b.auth.kept", "1").expect("set");
        storage::clear_drafts();
        assert_eq!(session().get_item("b2b.draft.invite").expect("get"), None);
        assert_eq!(session().get_item("b2b.auth.kept").expect("get").as_deref(), Some("1"));
        session().remove_item("b2b.auth.kept").expect("remove");
    }

    #[wasm_bindgen_test]
    fn clear_removes_only_sign_in_keys_and_never_touches_local_storage() {
        session().set_item("b2b.auth.one", "1").expect("set");
        session().set_item("b2b.auth.two", "2").expect("set");
        session().set_item("b2b.draft.invite", "kept").expect("set");
        storage::clear_auth();
        assert_eq!(session().get_item("b2b.auth.one").expect("get"), None);
        assert_eq!(session().get_item("b2b.auth.two").expect("get"), None);
        assert_eq!(session().get_item("b2b.draft.invite").expect("get").as_deref(), Some("kept"));
        let local = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("localStorage");
        assert_eq!(local.length().expect("length"), 0);
    }
}

/// The app reads URLs with the browser's parser (`web_url`); native tests read them with the `url` crate. Both
/// follow the WHATWG URL standard, and here they must agree, part by part, on what the app's checks meet.
mod web_url {
    use b2b_portal::web::whatwg_url::{by_url_crate, FormQuery, WebUrl};
    use wasm_bindgen_test::*;

    const HOSTILE: &[&str] = &[
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/",
        "HTTPS://LOGIN.microsoftonline.COM:443/Contoso?x=1#y",
        "http://127.0.0.1:8400/6d3f1c2a-4b5e-4f60-8a71-9b2c3d4e5f60",
        "http://localhost:8080/tools/b2b/?code=abc&state=x#/invite",
        "http://[::1]:8080/",
        "https://[0:0::1]/",
        "https://a.example/\\evil.example/",
        "https://a.example\\@evil.example/",
        "https://evil.example@a.example/",
        "https://user:pw@a.example/",
        "https://a.example/%2e%2e/x/./y/../z",
        "https://a.example:65536/",
        "https://a.example:0/",
        "https://a.example:/",
        "https://a.example./",
        "https://a..example/",
        "https://a_b.example/",
        "https://xn--bcher-kva.example/",
        "https://bücher.example/",
        "https://%61.example/",
        "http://0x7f.0.0.1/",
        "http://2130706433/",
        "https://a.example/?",
        "https://a.example/#",
        "https://a.example/p?q=1#f#g",
        "https://a.example/ä?ö=ü#é",
        " https://a.example/x ",
        "https://a.exa\tmple/\n",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<b>x</b>",
        "mailto:someone@partner.example",
        "file:///etc/passwd",
        "ftp://a.example/",
        "https://",
        "https:a.example",
        "//a.example/",
        "/relative",
        "x",
        "",
    ];

    /// Queries as a sign-in page's answer or a redeem link's `rd` may carry them, and worse.
    const HOSTILE_QUERIES: &[&str] = &[
        "code=abc&state=x",
        "?code=abc&state=x",
        "??code=abc",
        "code=a&code=b&state=",
        "code",
        "code=&error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent.",
        "error_description=a+b%20c%2Bd",
        "code=%zz%2&state=%",
        "code=%ff%fe&state=%C3%A9",
        "code=%E2%82&state=%F0%9F%98%80",
        "tenant=A&Tenant=b&tenant=",
        "rd=https%3a%2f%2finvitations.microsoft.com%2fredeem%2f%3ftenant%3dx%26ticket%3d%25252f",
        "code=a;state=b",
        "code=a#state=b",
        "&&=&code==x=y&",
        "c%6fde=escaped-name",
        "code=ä&state=<script>",
        "",
    ];

    #[wasm_bindgen_test]
    fn the_browsers_query_reader_and_the_url_crate_agree() {
        for query in HOSTILE_QUERIES {
            let (by_browser, by_url_crate) = (FormQuery::by_browser(query), FormQuery::by_url_crate(query));
            for name in ["code", "state", "error", "error_description", "tenant", "Tenant", "rd", ""] {
                let (browser, reference) = (by_browser.values(name), by_url_crate.values(name));
                assert_eq!(browser, reference, "{query:?} {name:?}");
            }
        }
    }

    #[wasm_bindgen_test]
    fn the_browsers_parser_and_the_url_crate_agree() {
        for text in HOSTILE {
            let (browser, reference) = (WebUrl::parse(text), by_url_crate(text));
            assert_eq!(browser, reference, "{text:?}");
            if let Ok(u) = browser {
                let parts = (u.scheme(), u.host_str(), u.port(), u.path(), u.query(), u.fragment(), u.origin());
                let r = reference.expect("both parsed it");
                let want = (r.scheme(), r.host_str(), r.port(), r.path(), r.query(), r.fragment(), r.origin());
                assert_eq!(parts, want, "{text:?}");
            }
        }
    }
}

mod fetch_client {
    use b2b_portal::auth::client;
    use b2b_portal::auth::error::AuthError;
    use b2b_portal::auth::http_client::FetchClient;
    use oauth2::AsyncHttpClient;
    use wasm_bindgen_test::*;

    fn origin() -> String {
        web_sys::window().and_then(|w| w.location().origin().ok()).expect("origin")
    }

    #[wasm_bindgen_test]
    async fn an_error_status_comes_back_as_a_response_for_oauth2_to_parse() {
        let req = http::Request::builder()
            .method("POST")
            .uri(format!("{}/no-such-token-endpoint", origin()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(b"grant_type=refresh_token".to_vec())
            .expect("request");
        let resp = FetchClient.call(req).await.expect("a response, not a transport error");
        assert_eq!(resp.status().as_u16(), 404);
    }

    #[wasm_bindgen_test]
    async fn an_unreachable_endpoint_is_a_network_error_naming_the_host() {
        let e = client::request_tokens(client::TokenRequest {
            client_id: "cid".into(),
            token_endpoint: "http://127.0.0.1:9/tenant/oauth2/v2.0/token".into(),
            grant: client::Grant::Refresh(oauth2::RefreshToken::new("rt".into())),
            scopes: Vec::new(),
            client_request_id: "crid".into(),
        })
        .await
        .expect_err("nothing listens on port 9");
        match e {
            AuthError::NetworkOrCors { host, .. } => assert_eq!(host, "127.0.0.1:9"),
            other => panic!("expected NetworkOrCors, got {other:?}"),
        }
    }
}

/// Components mounted on their own and driven as a person would, as Leptos' `counters/tests/web.rs` does.
mod components {
    use b2b_portal::auth::session::Session;
    use b2b_portal::components::invitation_fields::DraftForm;
    use b2b_portal::components::invite_form::InviteForm;
    use b2b_portal::components::result_panel::ResultPanel;
    use b2b_portal::config::Config;
    use b2b_portal::graph::invitations::Invitation;
    use b2b_portal::ops::invite::{InviteError, InvitePlan, Invited};
    use b2b_portal::rules::invitation_draft::InvitationDraft;
    use b2b_portal::rules::invitation_outcome::Outcome;
    use b2b_portal::rules::partner_link::PartnerLink;
    use b2b_portal::shell::context::provide_session;
    use leptos::mount::mount_to;
    use leptos::prelude::*;
    use leptos::task::tick;
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;
    use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};

    fn container() -> HtmlElement {
        let doc = web_sys::window().and_then(|w| w.document()).expect("document");
        let el = doc.create_element("div").expect("div");
        doc.body().expect("body").append_child(&el).expect("append");
        el.unchecked_into()
    }

    fn find<T: JsCast>(root: &HtmlElement, selector: &str) -> T {
        root.query_selector(selector)
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
            .unchecked_into()
    }

    fn text_of(root: &HtmlElement, selector: &str) -> Option<String> {
        root.query_selector(selector).ok().flatten().and_then(|e| e.text_content())
    }

    fn type_into(input: &HtmlElement, text: &str) {
        if let Some(i) = input.dyn_ref::<HtmlInputElement>() {
            i.set_value(text);
        } else if let Some(t) = input.dyn_ref::<HtmlTextAreaElement>() {
            t.set_value(text);
        }
        input.dispatch_event(&web_sys::Event::new("input").expect("event")).expect("dispatch");
    }

    fn mount_invite_form(root: &HtmlElement, sent: Rc<Cell<u32>>) -> impl Drop {
        mount_to(root.clone(), move || {
            provide_session(Session::new(config()));
            let form = DraftForm::new(InvitationDraft::with_default_redirect("https://myapps.microsoft.com"), "invite");
            form.clear_messages_when_corrected();
            let sent = sent.clone();
            let send = Action::new_local(move |_: &InvitePlan| {
                sent.set(sent.get() + 1);
                std::future::pending::<Result<Invited, InviteError>>()
            });
            view! { <InviteForm form=form send=send/> }
        })
    }

    #[wasm_bindgen_test]
    async fn the_invite_form_explains_a_bad_address_at_the_field_and_sends_nothing() {
        let root = container();
        let sent = Rc::new(Cell::new(0));
        let _form = mount_invite_form(&root, sent.clone());
        let email: HtmlElement = find(&root, "#invite-email");
        type_into(&email, "ada@fabrikam");
        find::<HtmlElement>(&root, "button[type=submit]").click();
        tick().await;
        assert_eq!(sent.get(), 0);
        assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert_eq!(email.get_attribute("aria-describedby").as_deref(), Some("invite-email-hint invite-email-error"));
        assert_eq!(
            text_of(&root, "#invite-email-error").as_deref(),
            Some("\"fabrikam\" is not a complete domain, as in partner.com.")
        );
        // What was typed stays, and the field has the focus to be corrected.
        assert_eq!(email.unchecked_ref::<HtmlInputElement>().value(), "ada@fabrikam");
        let focused = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element()).map(|e| e.id());
        assert_eq!(focused.as_deref(), Some("invite-email"));
    }

    #[wasm_bindgen_test]
    async fn a_corrected_address_clears_its_message_and_the_next_click_sends_once() {
        let root = container();
        let sent = Rc::new(Cell::new(0));
        let _form = mount_invite_form(&root, sent.clone());
        let email: HtmlElement = find(&root, "#invite-email");
        find::<HtmlElement>(&root, "button[type=submit]").click();
        tick().await;
        assert_eq!(text_of(&root, "#invite-email-error").as_deref(), Some("Enter the partner's email address."));
        type_into(&email, "ada@fabrikam.example");
        tick().await;
        assert_eq!(text_of(&root, "#invite-email-error"), None);
        assert_eq!(email.get_attribute("aria-invalid"), None);
        find::<HtmlElement>(&root, "button[type=submit]").click();
        tick().await;
        assert_eq!(sent.get(), 1);
        // While the request runs, the button says so and cannot be pressed twice.
        let button: web_sys::HtmlButtonElement = find(&root, "button[type=submit]");
        assert!(button.disabled());
        assert_eq!(
            text_of(&root, "[role=status]").as_deref(),
            Some("Sending the invitation… (if Microsoft Graph is busy, it is retried automatically)")
        );
    }

    fn invitation(send_invitation_message: bool) -> Invitation {
        serde_json::from_value(serde_json::json!({
            "id": "7b92124c-9fa9-406f-8b8e-225df8376ba9",
            "inviteRedeemUrl": "https://login.microsoftonline.com/redeem?rd=https%3a%2f%2finvitations.microsoft.com%2fredeem%2f%3ftenant%3d04dcc6ab",
            "invitedUserDisplayName": "Ada Lovelace",
            "invitedUserType": "Guest",
            "invitedUserEmailAddress": "ada@fabrikam.example",
            "sendInvitationMessage": send_invitation_message,
            "inviteRedirectUrl": "https://myapps.microsoft.com",
            "status": "PendingAcceptance",
            "invitedUser": { "id": "243b1de4-ad9f-421c-a933-d55305fb165d" }
        }))
        .expect("Graph's documented invitation shape")
    }

    fn config() -> Config {
        Config::from_json(
            r#"{"authority":"https://login.microsoftonline.com/contoso.onmicrosoft.com",
                "clientId":"00000000-0000-0000-0000-000000000001",
                "tenantId":"aaaabbbb-0000-cccc-1111-dddd2222eeee",
                "graphBaseUrl":"https://graph.microsoft.com/v1.0",
                "defaultInviteRedirectUrl":"https://myapps.microsoft.com",
                "organization":{"displayName":"Contoso"}}"#,
        )
        .expect("config")
    }

    #[wasm_bindgen_test]
    async fn the_result_panel_says_what_happened_and_the_note_travels_in_the_partner_link() {
        let root = container();
        let _panel = mount_to(root.clone(), || {
            provide_session(Session::new(config()));
            view! { <ResultPanel invitation=invitation(false) outcome=Outcome::Resent/> }
        });
        tick().await;
        assert_eq!(text_of(&root, "#result-title").as_deref(), Some("Invitation sent again"));
        let redeem: HtmlInputElement = find(&root, "#redeem-url");
        assert_eq!(redeem.value(), invitation(false).invite_redeem_url);
        let status = text_of(&root, "dl.facts").unwrap_or_default();
        assert!(status.contains("243b1de4-ad9f-421c-a933-d55305fb165d"), "{status}");
        assert!(status.contains("Not sent"), "{status}");

        type_into(&find(&root, "#partner-note"), "Use your Fabrikam account.");
        tick().await;
        let link: HtmlInputElement = find(&root, "#partner-link");
        let payload = link.value().split("#/welcome/").nth(1).map(String::from).unwrap_or_default();
        let decoded = PartnerLink::decode(&payload).expect("a partner link the welcome page can read");
        assert_eq!(decoded.note.as_deref(), Some("Use your Fabrikam account."));
        assert_eq!(decoded.redeem, invitation(false).invite_redeem_url);
    }

    #[wasm_bindgen_test]
    async fn the_partners_request_form_shows_every_problem_keeps_what_was_typed_then_builds_the_review_link() {
        use b2b_portal::features::access_request::request::RequestForm;
        use b2b_portal::rules::access_request::{AccessRequest, RequestLink};
        let root = container();
        let link = RequestLink::new("it-help@contoso.com", None, None, Some("de-DE"));
        let _form =
            mount_to(root.clone(), move || view! { <RequestForm org="Contoso".to_string() link=link.clone()/> });
        type_into(&find(&root, "#req-name"), "Ana Ruiz");
        find::<HtmlElement>(&root, "button[type=submit]").click();
        tick().await;
        assert_eq!(text_of(&root, "#req-email-error").as_deref(), Some("Your work email is required."));
        assert_eq!(text_of(&root, "#req-company-error").as_deref(), Some("Company is required."));
        assert_eq!(text_of(&root, "#req-name-error").as_deref(), Some(""));
        assert_eq!(find::<HtmlElement>(&root, "#req-reason").get_attribute("aria-invalid").as_deref(), Some("true"));
        assert!(root.query_selector("#request-text").ok().flatten().is_none(), "nothing prepared yet");
        assert_eq!(find::<HtmlInputElement>(&root, "#req-name").value(), "Ana Ruiz");

        type_into(&find(&root, "#req-email"), "ana@fabrikam.example");
        type_into(&find(&root, "#req-company"), "Fabrikam");
        type_into(&find(&root, "#req-reason"), "Project X");
        find::<HtmlElement>(&root, "button[type=submit]").click();
        tick().await;
        assert_eq!(text_of(&root, "#request-ready-title").as_deref(), Some("Your request is ready"));
        let text = find::<HtmlTextAreaElement>(&root, "#request-text").value();
        let review = text.lines().find_map(|l| l.split("#/review/").nth(1)).unwrap_or_default().to_string();
        let request = AccessRequest::decode(&review).expect("a review link the admin's page can read");
        assert_eq!(
            (request.name.as_str(), request.email.as_str(), request.language.as_deref()),
            ("Ana Ruiz", "ana@fabrikam.example", Some("de-DE"))
        );
    }

    /// Polls until `holds` (a failed load is reported after a real network round trip to the test server).
    async fn eventually(what: &str, holds: impl Fn() -> bool) {
        for _ in 0..100 {
            if holds() {
                return;
            }
            gloo_timers::future::TimeoutFuture::new(50).await;
        }
        panic!("{what} never happened");
    }

    #[wasm_bindgen_test]
    async fn a_language_that_cannot_be_fetched_is_explained_and_the_page_stays_as_it_was() {
        use b2b_portal::components::language_switch::LanguageSwitch;
        use b2b_portal::text::catalogue::{self, Lang};
        let root = container();
        let _switch = mount_to(root.clone(), || {
            b2b_portal::shell::ui_language::provide();
            view! { <LanguageSwitch/> }
        });
        let english: HtmlElement = find(&root, "#language-en");
        let chinese: HtmlElement = find(&root, "#language-zh-TW");
        assert_eq!(english.get_attribute("aria-pressed").as_deref(), Some("true"));
        assert_eq!(chinese.get_attribute("lang").as_deref(), Some("zh-TW"));
        assert_eq!(chinese.text_content().as_deref(), Some("繁體中文"));
        // The page names a file the test runner's server does not have: like a deployment that left translations/
        // out.
        let words = js_sys::JSON::parse(r#"{"zh-TW": {"main": "translations/zh-TW.main.0.txt"}}"#).expect("json");
        let window = web_sys::window().expect("window");
        js_sys::Reflect::set(&window, &"__b2bWords".into(), &words).expect("set");
        chinese.click();
        eventually("the failure explained", || text_of(&root, ".language-problem").is_some_and(|t| !t.is_empty()))
            .await;
        assert_eq!(
            text_of(&root, ".language-problem").as_deref(),
            Some("繁體中文 could not be loaded: the server answered HTTP 404. The page stays as it was; try again.")
        );
        assert_eq!(catalogue::lang(), Lang::DEFAULT);
        assert_eq!(english.get_attribute("aria-pressed").as_deref(), Some("true"));
        let html_lang = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .map(|e| e.get_attribute("lang"));
        assert_ne!(html_lang.flatten().as_deref(), Some("zh-TW"));
    }
}
