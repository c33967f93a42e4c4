//! b2b-portal: a static, backend-free Microsoft Entra B2B guest onboarding app.
//!
//! `config`, `routing`, `onboarding` and most of `auth` and `graph` are pure and tested natively; `browser`
//! wraps the web APIs; `features` holds the views with their async steps, `components` the shared view
//! pieces, and `text` every word the user reads. The README's layout section describes how they fit.

pub mod app;
pub mod auth;
pub mod browser;
pub mod browser_db;
pub mod cancel;
pub mod components;
pub mod config;
pub mod context;
pub mod csv_export;
pub mod decimal;
pub mod features;
pub mod graph;
pub mod lang;
pub mod onboarding;
pub mod page_memory;
pub mod paged_list;
pub mod routing;
pub mod text;
pub mod ui_language;
pub mod view_modules;
pub mod web_url;

/// Mounts the app on `<body>`; called by the thin `main.rs`.
pub fn start() {
    // A panic is a bug; its message and place go to the console (the module stops: panic = "abort").
    std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&info.to_string().into())));
    // index.html paints its own "Loading…" before the module arrives; the app's takes its place.
    browser::remove_element("boot");
    // First of all, before config.json is even requested: no sign-in code stays in the address bar.
    let redirect = auth::session::take_redirect_response();
    // Inside another site's frame, show nothing to click: no clickjacking, whatever headers the host sends.
    if browser::is_framed() {
        leptos::mount::mount_to_body(app::Framed);
        return;
    }
    leptos::mount::mount_to_body(move || leptos::prelude::view! { <app::App redirect=redirect.clone()/> });
}
