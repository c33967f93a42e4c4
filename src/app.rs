//! The root component: loads `config.json`, completes or restores the sign-in, then renders the shell and
//! the view named by the fragment.

use crate::auth::session::Session;
use crate::browser;
use crate::components::account_bar::AccountBar;
use crate::components::auth_gate::{AuthProblem, RequireSignIn};
use crate::components::error_panel::ErrorPanel;
use crate::config;
use crate::error_report::ErrorReport;
use crate::pages::{
    convert::ConvertPage, home::HomePage, invite::InvitePage, not_found::NotFoundPage,
    partner_welcome::PartnerWelcomePage,
};
use crate::routing::{Route, ADMIN_NAV};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let started = LocalResource::new(|| async {
        let cfg = config::load().await?;
        let session = Session::new(cfg);
        // Before any view renders: handle `?code=…&state=…` once, or restore this tab's session.
        session.start().await;
        Ok::<_, config::ConfigError>(session)
    });
    view! {
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
            {move || started.get().map(|loaded| match loaded {
                Ok(session) => view! { <Shell session=StoredValue::new_local(session)/> }.into_any(),
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
fn Shell(session: StoredValue<Session, LocalStorage>) -> impl IntoView {
    let (route, set_route) = signal(Route::from_fragment(&browser::current_fragment()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(Route::from_fragment(&browser::current_fragment()));
    });
    on_cleanup(move || handle.remove());

    let config = session.with_value(|s| s.config().clone());
    let org = config.organization.display_name.clone();
    Effect::new(move |_| {
        browser::set_document_title(&format!("{} · {} guest onboarding", route.get().title(), org));
    });

    let branding = config.organization.clone();
    let accent = branding.accent_color.clone().map(|c| format!("--accent: {c}"));
    let is_partner = move || matches!(route.get(), Route::PartnerWelcome { .. });
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
            {move || (!is_partner()).then(|| view! {
                <nav aria-label="Admin">
                    <ul>
                        {ADMIN_NAV.iter().map(|r| {
                            let target = r.clone();
                            let current = move || (route.get() == target).then_some("page");
                            view! { <li><a href=r.to_fragment() aria-current=current>{r.title()}</a></li> }
                        }).collect_view()}
                    </ul>
                </nav>
                <AccountBar session=session/>
            })}
        </header>
        <main id="main" class="container" tabindex="-1">
            {move || (!is_partner()).then(|| view! { <AuthProblem session=session/> })}
            {move || match route.get() {
                Route::Home => view! { <HomePage session=session/> }.into_any(),
                Route::NotFound { fragment } => view! { <NotFoundPage fragment=fragment/> }.into_any(),
                Route::PartnerWelcome { payload } => view! { <PartnerWelcomePage payload=payload config=config.clone()/> }.into_any(),
                Route::ConvertInternalUser => view! {
                    <RequireSignIn session=session title="Convert an internal user">
                        <ConvertPage session=session/>
                    </RequireSignIn>
                }.into_any(),
                Route::Invite => view! {
                    <RequireSignIn session=session title="Invite a partner">
                        <InvitePage session=session/>
                    </RequireSignIn>
                }.into_any(),
            }}
        </main>
    }
}
