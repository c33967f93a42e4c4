//! The root component: loads `config.json`, completes or restores the sign-in, provides the session, then
//! renders the shell and the view named by the fragment, behind the gate its route declares.

use crate::auth::session::Session;
use crate::auth::transaction::RedirectResponse;
use crate::components::account_bar::AccountBar;
use crate::components::auth_gate::{AuthProblem, RequireSignIn};
use crate::components::error_panel::ErrorPanel;
use crate::components::language_switch::LanguageSwitch;
use crate::config::{self, Config};
use crate::features::not_found::NotFoundPage;
use crate::shell::context::{provide_session, use_config, SessionHandle};
use crate::shell::page_memory;
use crate::shell::routing::{Access, Audience, Route, ADMIN_NAV};
use crate::shell::ui_language::{self, use_ui_language};
use crate::shell::view_modules;
use crate::text::{ui, Explain};
use crate::web::browser;
use leptos::prelude::*;

/// `redirect` is the sign-in response that `start` took out of the address bar before mounting.
#[component]
pub fn App(redirect: Option<RedirectResponse>) -> impl IntoView {
    let started = LocalResource::new(move || {
        let redirect = redirect.clone();
        async move {
            let session = async {
                let cfg = config::load().await?;
                let session = Session::new(cfg);
                // Before any view renders: complete the sign-in once, or restore this tab's session.
                session.start(redirect).await;
                Ok::<_, config::ConfigError>(session)
            };
            // The reader's language is fetched alongside the settings, not after them.
            let route = Route::from_fragment(&browser::current_fragment());
            futures::join!(async { ui_language::start(view_modules::link_language(&route).await).await }, session).1
        }
    });
    view! {
        <Transition fallback=|| view! { <p class="loading" role="status">{ui::loading()}</p> }>
            {move || started.get().map(|loaded| match loaded {
                Ok(session) => {
                    ui_language::provide();
                    provide_session(session);
                    view! { <Shell/> }.into_any()
                }
                Err(e) => view! {
                    <main id="main" class="container">
                        <h1 id="page-title">{ui::app_name()}</h1>
                        <ErrorPanel report=e.report()/>
                    </main>
                }
                .into_any(),
            })}
        </Transition>
    }
}

/// What a framed page shows instead of the app: a sentence and nothing to click.
#[component]
pub fn Framed() -> impl IntoView {
    view! {
        <main id="main" class="container">
            <p role="alert">{ui::framed()}</p>
        </main>
    }
}

/// The view for a route, without its gate. Home and "not found" are in the main module; every other view's
/// code arrives with its own module (`view_modules`).
fn page(route: Route) -> AnyView {
    match route {
        Route::Home => view_modules::home(),
        Route::NotFound { fragment } => view! { <NotFoundPage fragment=fragment/> }.into_any(),
        route => view! { <SplitPage route=route/> }.into_any(),
    }
}

/// A view from a module of its own: "Loading…" while the module arrives, and a way to try again if it does not.
#[component]
fn SplitPage(route: Route) -> impl IntoView {
    let payload = route.payload();
    let attempt = RwSignal::new(0u32);
    let builder = LocalResource::new(move || {
        attempt.track();
        let route = route.clone();
        async move { view_modules::load(&route).await }
    });
    move || match builder.get() {
        None => view! { <p class="loading" role="status">{ui::loading()}</p> }.into_any(),
        Some(Ok(build)) => build(payload.clone()),
        Some(Err(e)) => view! {
            <ErrorPanel report=e.report()/>
            <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>{ui::try_again()}</button>
        }
        .into_any(),
    }
}

/// The route's view behind the gate it declares.
fn gated(route: Route) -> AnyView {
    match route.access() {
        Access::Anyone => page(route),
        Access::SignedInAdmin => {
            let title = ui::route_title(&route);
            view! { <RequireSignIn title=title>{page(route.clone())}</RequireSignIn> }.into_any()
        }
    }
}

/// Header, navigation and the current view.
#[component]
fn Shell() -> impl IntoView {
    let route = RwSignal::new(Route::from_fragment(&browser::current_fragment()));
    let memory = page_memory::provide();
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        // Another page starts afresh; the same page built again in another language keeps what was typed.
        memory.forget();
        route.set(Route::from_fragment(&browser::current_fragment()));
    });
    on_cleanup(move || handle.remove());
    view_modules::preload_when_signed_in(expect_context::<SessionHandle>().with_value(|s| s.status()), route);
    let config = use_config();
    let org = config.organization.display_name.clone();
    let language = use_ui_language().map(|l| l.changed);
    Effect::new(move |_| {
        if let Some(l) = language {
            l.track();
        }
        browser::set_document_title(&ui::document_title(&route.get(), &org))
    });
    // Every word is read when a view is built: a new language builds the page again. Its state that must
    // survive (drafts, files, searches) lives outside the page (`page_memory`).
    move || {
        if let Some(l) = language {
            l.track();
        }
        shell_view(config.clone(), route).into_any()
    }
}

fn shell_view(config: Config, route: RwSignal<Route>) -> impl IntoView {
    let for_admins = move || route.with(|r| r.audience() == Audience::Admin);
    let development = config.development;
    view! {
        <a class="skip-link" href="#main" on:click=|ev| {
            // The fragment is the router's; move focus without navigating.
            ev.prevent_default();
            browser::focus("main");
        }>{ui::skip_link()}</a>
        {development.then(|| view! { <p class="dev-banner" role="note">{ui::development_banner()}</p> })}
        <Header config=config.clone() route=route/>
        <main id="main" class="container" tabindex="-1">
            {move || for_admins().then(|| view! { <AuthProblem/> })}
            {move || gated(route.get())}
        </main>
        {config.organization.support_contact.map(|c| view! { <footer class="support">{ui::support_contact(&c)}</footer> })}
    }
}

#[component]
fn Header(config: Config, route: RwSignal<Route>) -> impl IntoView {
    let branding = config.organization;
    let header = NodeRef::<leptos::html::Header>::new();
    let accent = branding.accent_color.clone();
    Effect::new(move |_| {
        if let (Some(el), Some(colour)) = (header.get(), accent.as_deref()) {
            // A CSSOM write, not a style attribute: the page's CSP allows no inline styles.
            let _ = el.style().set_property("--accent", colour);
        }
    });
    let for_admins = move || route.with(|r| r.audience() == Audience::Admin);
    view! {
        <header class="app-header" node_ref=header>
            {branding.logo_url.map(|src| view! { <img class="logo" src=src alt=""/> })}
            <span class="org-name">{branding.display_name}</span>
            <LanguageSwitch/>
            {move || for_admins().then(|| view! {
                <nav aria-label=ui::admin_nav()>
                    <ul>
                        {ADMIN_NAV.iter().map(|r| {
                            let target = r.clone();
                            let current = move || (route.get() == target).then_some("page");
                            view! { <li><a href=r.to_fragment() aria-current=current>{ui::route_title(r)}</a></li> }
                        }).collect_view()}
                    </ul>
                </nav>
                <AccountBar/>
            })}
        </header>
    }
}
