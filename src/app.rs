//! The root component: loads `config.json`, then renders the shell and the view named by the fragment.

use crate::browser;
use crate::components::error_panel::ErrorPanel;
use crate::config::{self, Config};
use crate::error_report::ErrorReport;
use crate::pages::{home::HomePage, not_found::NotFoundPage};
use crate::routing::{Route, ADMIN_NAV};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let config = LocalResource::new(config::load);
    view! {
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading settings…"</p> }>
            {move || config.get().map(|loaded| match loaded {
                Ok(cfg) => view! { <Shell config=cfg/> }.into_any(),
                Err(e) => view! {
                    <main id="main" class="container">
                        <h1 id="page-title">"Guest onboarding portal"</h1>
                        <ErrorPanel report=ErrorReport::from(&e)/>
                    </main>
                }.into_any(),
            })}
        </Transition>
    }
}

/// Header, navigation and the current view.
#[component]
fn Shell(config: Config) -> impl IntoView {
    let (route, set_route) = signal(Route::from_fragment(&browser::current_fragment()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(Route::from_fragment(&browser::current_fragment()));
    });
    on_cleanup(move || handle.remove());

    let org = config.organization.display_name.clone();
    Effect::new(move |_| {
        browser::set_document_title(&format!(
            "{} · {} guest onboarding",
            route.get().title(),
            org
        ));
    });

    let branding = config.organization.clone();
    let accent = branding
        .accent_color
        .clone()
        .map(|c| format!("--accent: {c}"));
    let view_config = config.clone();
    view! {
        <a class="skip-link" href="#main" on:click=|ev| {
            // The fragment is the router's; move focus without navigating.
            ev.prevent_default();
            if let Some(main) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("main")) {
                use wasm_bindgen::JsCast;
                if let Ok(el) = main.dyn_into::<web_sys::HtmlElement>() { let _ = el.focus(); }
            }
        }>"Skip to content"</a>
        <header class="app-header" style=accent>
            {branding.logo_url.clone().map(|src| view! { <img class="logo" src=src alt=""/> })}
            <span class="org-name">{branding.display_name.clone()}</span>
            {move || (!matches!(route.get(), Route::PartnerWelcome { .. })).then(|| view! {
                <nav aria-label="Admin">
                    <ul>
                        {ADMIN_NAV.iter().map(|r| {
                            let target = r.clone();
                            let current = move || (route.get() == target).then_some("page");
                            view! { <li><a href=r.to_fragment() aria-current=current>{r.title()}</a></li> }
                        }).collect_view()}
                    </ul>
                </nav>
            })}
        </header>
        <main id="main" class="container" tabindex="-1">
            {move || match route.get() {
                Route::Home => view! { <HomePage config=view_config.clone()/> }.into_any(),
                Route::NotFound { fragment } => view! { <NotFoundPage fragment=fragment/> }.into_any(),
                other => view! {
                    <h1 id="page-title" tabindex="-1">{other.title()}</h1>
                    <p>"This view is not available in this version yet."</p>
                }.into_any(),
            }}
        </main>
    }
}
