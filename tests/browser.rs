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
