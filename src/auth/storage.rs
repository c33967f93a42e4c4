//! sessionStorage for the pending sign-in and the refresh-token record. Tokens never go to localStorage,
//! cookies or the URL; sessionStorage is per tab and gone when the tab closes, as msal's default cache.

use super::error::{AuthError, StorageProblem};
use serde::de::DeserializeOwned;
use serde::Serialize;

fn session_storage() -> Result<web_sys::Storage, AuthError> {
    web_sys::window()
        .ok_or(AuthError::Storage(StorageProblem::NoWindow))?
        .session_storage()
        .map_err(|e| AuthError::Storage(StorageProblem::Refused(crate::web::browser::js_error_text(&e))))?
        .ok_or(AuthError::Storage(StorageProblem::Disabled))
}

/// A time in milliseconds since the epoch, stored as a whole number (`Date.now()` has no fraction): no
/// stored record writes a float, so serde_json's float writer and its tables stay out of the download.
/// Records written as `1764470000000.0` by earlier versions still read, into the same `f64`.
pub fn whole_ms<S: serde::Serializer>(ms: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(ms.max(0.0) as u64)
}

pub fn put<T: Serialize>(key: &str, value: &T) -> Result<(), AuthError> {
    let refused = |detail: String| AuthError::Storage(StorageProblem::Refused(detail));
    let text = serde_json::to_string(value).map_err(|e| refused(e.to_string()))?;
    session_storage()?.set_item(key, &text).map_err(|e| refused(crate::web::browser::js_error_text(&e)))
}

/// Reads a value; a missing or unreadable entry is `None` (and an unreadable one is removed).
pub fn get<T: DeserializeOwned>(key: &str) -> Option<T> {
    let storage = session_storage().ok()?;
    let text = storage.get_item(key).ok()??;
    match serde_json::from_str(&text) {
        Ok(v) => Some(v),
        Err(_) => {
            let _ = storage.remove_item(key);
            None
        }
    }
}

/// Reads and removes a value in one step: single-use records such as the pending sign-in.
pub fn take<T: DeserializeOwned>(key: &str) -> Option<T> {
    let v = get(key);
    remove(key);
    v
}

pub fn remove(key: &str) {
    if let Ok(s) = session_storage() {
        let _ = s.remove_item(key);
    }
}

/// Removes every key of this app's sign-in (prefix `b2b.auth.`).
pub fn clear_auth() {
    clear_prefix("b2b.auth.");
}

/// Removes every form draft (`b2b.draft.*`) and a kept bulk run: guest data typed by one account is not left
/// for the next.
pub fn clear_drafts() {
    clear_prefix("b2b.draft.");
    // A kept bulk run holds guest data too (IndexedDB, for its size).
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(async {
        let _ = crate::web::indexed_db::clear().await;
    });
}

fn clear_prefix(prefix: &str) {
    let Ok(s) = session_storage() else { return };
    let keys: Vec<String> = (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect();
    for k in keys {
        let _ = s.remove_item(&k);
    }
}
