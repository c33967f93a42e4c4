//! The landing view: what the app does, and, once signed in, what this admin may do.

use crate::auth::session::AuthStatus;
use crate::components::error_panel::ErrorPanel;
use crate::graph::directory_roles::my_capabilities;
use crate::shell::context::{use_config, use_graph, use_session};
use crate::text::{rules, ui::home as t, Explain};
use leptos::prelude::*;

/// `children` is what a signed-in admin sees below: the shell loads it from a module of its own.
#[component]
pub fn HomePage(children: ChildrenFn) -> impl IntoView {
    let config = use_config();
    let status = use_session().status();
    // Re-query the roles only when the signed-in state changes, not on every status update.
    let is_signed_in = Memo::new(move |_| matches!(status.get(), AuthStatus::SignedIn(_)));
    view! {
        <h1 id="page-title" tabindex="-1">{t::title(&config.organization.display_name)}</h1>
        <p>{t::intro()}</p>
        <dl class="facts">
            <dt>{t::tenant()}</dt>
            <dd>
                <code>{config.tenant()}</code>
            </dd>
            <dt>{t::sign_in_service()}</dt>
            <dd>
                <code>{config.login_host()}</code>
            </dd>
        </dl>
        {move || is_signed_in.get().then(|| children())}
    }
}

/// The admin's roles and what they allow, from Graph.
#[component]
pub fn Capabilities() -> impl IntoView {
    let graph = use_graph();
    let caps = LocalResource::new(move || {
        let graph = graph.clone();
        async move { my_capabilities(&graph).await }
    });
    view! {
        <section aria-labelledby="caps-title">
            <h2 id="caps-title">{t::what_you_can_do()}</h2>
            <Transition fallback=|| view! { <p role="status">{t::checking_roles()}</p> }>
                {move || caps.get().map(|r| match r {
                    Ok(c) => view! {
                        <ul class="capabilities">
                            {rules::capabilities(&c).into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
