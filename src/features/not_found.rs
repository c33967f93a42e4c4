//! Shown for a fragment that names no view.

use crate::text::ui::not_found as t;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage(fragment: String) -> impl IntoView {
    view! {
        <h1 id="page-title" tabindex="-1">{crate::text::ui::route_title(&crate::shell::routing::Route::NotFound { fragment: String::new() })}</h1>
        <p>{t::before()}<code>{fragment}</code>{t::after()}</p>
        <p>
            <a href="#/">{t::home_link()}</a>
        </p>
    }
}
