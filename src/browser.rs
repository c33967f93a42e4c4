//! Thin wrappers over the browser APIs the app uses; none of them panics when an API is missing.

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
