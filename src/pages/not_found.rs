use leptos::prelude::*;

/// Shown for a fragment that names no view.
#[component]
pub fn NotFoundPage(fragment: String) -> impl IntoView {
    view! {
        <h1 id="page-title" tabindex="-1">"Page not found"</h1>
        <p>"There is no page at "<code>{fragment}</code>". The link may be mistyped or out of date."</p>
        <p><a href="#/">"Go to the start page"</a></p>
    }
}
