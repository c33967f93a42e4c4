use crate::auth::session::{AuthStatus, Session};
use crate::components::error_panel::ErrorPanel;
use crate::error_report::ErrorReport;
use crate::graph::client::GraphClient;
use crate::graph::directory_roles::my_capabilities;
use leptos::prelude::*;

/// The landing view: what the app does, and, once signed in, what this admin may do.
#[component]
pub fn HomePage(session: StoredValue<Session, LocalStorage>) -> impl IntoView {
    let config = session.with_value(|s| s.config().clone());
    let status = session.with_value(|s| s.status());
    // Re-query the roles only when the signed-in state changes, not on every status update.
    let signed_in = Memo::new(move |_| matches!(status.get(), AuthStatus::SignedIn(_)));
    view! {
        <h1 id="page-title" tabindex="-1">{format!("Guest onboarding for {}", config.organization.display_name)}</h1>
        <p>"Invite partners to collaborate with your organisation, hand them their redeem link yourself, and convert existing internal accounts to B2B collaboration."</p>
        <dl class="facts">
            <dt>"Tenant"</dt><dd><code>{config.tenant()}</code></dd>
            <dt>"Sign-in service"</dt><dd><code>{config.login_host()}</code></dd>
        </dl>
        {move || signed_in.get().then(|| view! { <Capabilities session=session/> })}
    }
}

#[component]
fn Capabilities(session: StoredValue<Session, LocalStorage>) -> impl IntoView {
    let caps = LocalResource::new(move || {
        let graph = GraphClient::new(session.get_value());
        async move { my_capabilities(&graph).await }
    });
    view! {
        <section aria-labelledby="caps-title">
            <h2 id="caps-title">"What you can do"</h2>
            <Transition fallback=|| view! { <p role="status">"Checking your roles…"</p> }>
                {move || caps.get().map(|r| match r {
                    Ok(c) => view! { <ul class="capabilities">{c.summary().into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul> }.into_any(),
                    Err(e) => view! { <ErrorPanel report=ErrorReport::from(&e)/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
