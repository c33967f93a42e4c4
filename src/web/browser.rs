//! Thin wrappers over the browser APIs the app uses; none of them panics when an API is missing.

use wasm_bindgen::JsCast;

/// The current `location.hash`, or an empty string.
pub fn current_fragment() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Sets `document.title`.
pub fn set_document_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}

/// The app's base URL: the page without query or fragment (where partner links point).
pub fn app_base_url() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    match crate::web::whatwg_url::WebUrl::parse(&href) {
        Ok(u) => u.without_query().to_string(),
        Err(_) => href,
    }
}

/// Navigates the whole page to `url`.
pub fn navigate(url: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(url);
    }
}

/// Copies text with the Clipboard API; `false` when the browser refuses (no permission, insecure context).
pub async fn copy_text(text: &str) -> bool {
    let Some(w) = web_sys::window() else { return false };
    let clipboard = w.navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

/// The element with this id in the document, if there is one.
fn element(id: &str) -> Option<web_sys::Element> {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id))
}

/// Selects the text of an input so the person can copy it by hand (the fallback when copying fails).
pub fn select_input(id: &str) {
    let Some(e) = element(id) else { return };
    match e.dyn_into::<web_sys::HtmlInputElement>() {
        Ok(i) => {
            let _ = i.focus();
            i.select();
        }
        Err(e) => {
            if let Ok(t) = e.dyn_into::<web_sys::HtmlTextAreaElement>() {
                let _ = t.focus();
                t.select();
            }
        }
    }
}

/// Moves keyboard focus to an element, e.g. the first invalid field.
pub fn focus(id: &str) {
    if let Some(e) = element(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = e.focus();
    }
}

/// Removes an element, e.g. the plain-HTML loading line that `index.html` paints before the app starts.
pub fn remove_element(id: &str) {
    if let Some(e) = element(id) {
        e.remove();
    }
}

/// Takes a promise that `index.html` started under `window[name]` (single use: the property is removed).
pub fn take_early_promise(name: &str) -> Option<js_sys::Promise> {
    let w = web_sys::window()?;
    let value = js_sys::Reflect::get(&w, &name.into()).ok()?;
    let _ = js_sys::Reflect::delete_property(&w, &name.into());
    value.dyn_into::<js_sys::Promise>().ok()
}

/// The message of a JS exception or rejection, for error reports.
pub fn js_error_text(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_default()
}

/// Whether the page runs inside a frame (`window.top` is another window); unknown counts as framed.
pub fn is_framed() -> bool {
    let Some(w) = web_sys::window() else { return true };
    match w.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &w),
        _ => true,
    }
}

/// The bytes of a file the person chose or dropped.
pub async fn file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(|e| js_error_text(&e))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Saves text as a file through a temporary `blob:` link (nothing leaves the browser).
pub fn download_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |e: wasm_bindgen::JsValue| js_error_text(&e);
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").map_err(fail)?.dyn_into().map_err(|_| "no anchor")?;
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    // The download starts after this returns; free the blob a little later.
    gloo_timers::callback::Timeout::new(30_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
