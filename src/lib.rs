//! b2b-portal: a static, backend-free Microsoft Entra B2B guest onboarding app.
//!
//! The map, top down (a module imports only from those below it; `xtask/src/layering.rs` checks):
//! - `shell`: the app root, routing, the views' modules, the shared context, the reader's language;
//! - `features`: one folder per feature (views, components, ops);
//! - `batch_run`: the engine that sends many Graph writes through `$batch`, for any feature;
//! - `components`: view pieces and view-level services that several features share;
//! - `ops`: the async steps that several features take (invite after the existence check, convert);
//! - `text`: every word the user reads;
//! - `rules`, `graph`, `auth`, `config`, `lang`: pure rules, typed Graph, sign-in, settings, languages;
//! - `web`: thin layers over the browser's APIs.

pub mod auth;
pub mod batch_run;
pub mod components;
pub mod config;
pub mod features;
pub mod graph;
pub mod lang;
pub mod ops;
pub mod rules;
pub mod shell;
pub mod text;
pub mod web;

/// Mounts the app on `<body>`; called by the thin `main.rs`.
pub fn start() {
    // A panic is a bug; its message and place go to the console (the module stops: panic = "abort").
    std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&info.to_string().into())));
    // index.html paints its own "Loading…" before the module arrives; the app's takes its place.
    web::browser::remove_element("boot");
    // First of all, before config.json is even requested: no sign-in code stays in the address bar.
    let redirect = auth::session::take_redirect_response();
    // Inside another site's frame, show nothing to click: no clickjacking, whatever headers the host sends.
    if web::browser::is_framed() {
        leptos::mount::mount_to_body(shell::app::Framed);
        return;
    }
    leptos::mount::mount_to_body(move || leptos::prelude::view! { <shell::app::App redirect=redirect.clone()/> });
}
