//! Browser-only code, run by wasm-bindgen-test in headless Chromium (`cargo xtask test`, tier 2).
#![cfg(target_arch = "wasm32")]

use b2b_portal::config::{self, ConfigError};
use b2b_portal::routing::Route;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn fragment_is_read_from_the_location() {
    let window = web_sys::window().expect("window");
    window.location().set_hash("#/invite").expect("set hash");
    assert_eq!(b2b_portal::browser::current_fragment(), "#/invite");
    assert_eq!(Route::from_fragment(&b2b_portal::browser::current_fragment()), Route::Invite);
    window.location().set_hash("").expect("clear hash");
}

#[wasm_bindgen_test]
fn document_title_is_set() {
    b2b_portal::browser::set_document_title("Invite a partner · Contoso");
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
        let rt = oauth2::RefreshToken::new("rt".into());
        let e = client::refresh("cid", "http://127.0.0.1:9/tenant/oauth2/v2.0/token", &rt, &[], "crid")
            .await
            .expect_err("nothing listens on port 9");
        match e {
            AuthError::NetworkOrCors { host, .. } => assert_eq!(host, "127.0.0.1:9"),
            other => panic!("expected NetworkOrCors, got {other:?}"),
        }
    }
}
