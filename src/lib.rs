//! b2b-portal: a static, backend-free Microsoft Entra B2B guest onboarding app.
//!
//! `config` and `routing` are pure and tested natively; `browser` wraps the web APIs;
//! `app`, `pages` and `components` are the Leptos views. The README describes how they fit together.

pub mod app;
pub mod auth;
pub mod browser;
pub mod components;
pub mod config;
pub mod error_report;
pub mod graph;
pub mod onboarding;
pub mod pages;
pub mod routing;

/// Mounts the app on `<body>`; called by the thin `main.rs`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
