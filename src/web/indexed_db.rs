//! A small key-value store over IndexedDB (one database, one object store of strings), for what is too large
//! for sessionStorage's few megabytes: a bulk run of 50,000 rows and each row's outcome.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "b2b-portal";
const STORE: &str = "kv";
const VERSION: u32 = 1;

fn text(e: JsValue) -> String {
    crate::web::browser::js_error_text(&e)
}

/// Resolves when the request succeeds, rejects when it fails.
async fn finished(request: &IdbRequest) -> Result<JsValue, String> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise)
        .await
        .map_err(|_| request.error().ok().flatten().map_or("IndexedDB failed".into(), |e| e.message()))?;
    request.result().map_err(text)
}

async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or("this browser keeps no IndexedDB here (a private window may not)")?;
    let request = factory.open_with_u32(DATABASE, VERSION).map_err(text)?;
    // The first open creates the store.
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let db = e.target().and_then(|t| t.dyn_into::<IdbRequest>().ok()).and_then(|r| r.result().ok());
        if let Some(db) = db.and_then(|d| d.dyn_into::<IdbDatabase>().ok()) {
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = finished(&request).await?;
    request.set_onupgradeneeded(None);
    db.dyn_into::<IdbDatabase>().map_err(|_| "IndexedDB returned no database".to_string())
}

async fn with_store<F>(mode: IdbTransactionMode, op: F) -> Result<JsValue, String>
where
    F: FnOnce(&web_sys::IdbObjectStore) -> Result<IdbRequest, JsValue>,
{
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(STORE, mode).map_err(text)?;
    let store = tx.object_store(STORE).map_err(text)?;
    let request = op(&store).map_err(text)?;
    let out = finished(&request).await;
    db.close();
    out
}

pub async fn put(key: &str, value: &str) -> Result<(), String> {
    with_store(IdbTransactionMode::Readwrite, |s| s.put_with_key(&JsValue::from_str(value), &JsValue::from_str(key)))
        .await
        .map(|_| ())
}

pub async fn get(key: &str) -> Result<Option<String>, String> {
    Ok(with_store(IdbTransactionMode::Readonly, |s| s.get(&JsValue::from_str(key))).await?.as_string())
}

pub async fn delete(key: &str) -> Result<(), String> {
    with_store(IdbTransactionMode::Readwrite, |s| s.delete(&JsValue::from_str(key))).await.map(|_| ())
}

/// Removes everything kept here (at sign-out: guest data does not outlive the admin's session).
pub async fn clear() -> Result<(), String> {
    with_store(IdbTransactionMode::Readwrite, |s| s.clear()).await.map(|_| ())
}
