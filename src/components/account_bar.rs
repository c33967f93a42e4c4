//! The header's account area: who is signed in (name, UPN, tenant), and Sign in / Switch account / Sign out.

use crate::auth::session::{AuthStatus, Prompt};
use crate::auth::sign_in_module;
use crate::shell::context::SessionHandle;
use crate::text::ui::{account as t, signing_in};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Starts an interactive sign-in (a full-page redirect).
pub fn sign_in(session: SessionHandle, prompt: Prompt) {
    if let Some(s) = session.try_get_value() {
        spawn_local(async move { s.sign_in(prompt).await });
    }
}

#[component]
pub fn AccountBar() -> impl IntoView {
    let session = expect_context::<SessionHandle>();
    let status = session.with_value(|s| s.status());
    // Once Sign in is offered, its code is fetched in the background (once), so a click does not wait for it.
    Effect::new(move |fetched: Option<bool>| {
        let offered = matches!(status.get(), AuthStatus::SignedOut | AuthStatus::Problem(_));
        if offered && fetched != Some(true) {
            spawn_local(sign_in_module::preload());
        }
        offered || fetched == Some(true)
    });
    view! {
        <div class="account" aria-live="polite">
            {move || match status.get() {
                AuthStatus::Starting => view! { <span role="status">{signing_in()}</span> }.into_any(),
                AuthStatus::SignedOut => view! {
                    <button type="button" on:click=move |_| sign_in(session, Prompt::Default)>{t::sign_in()}</button>
                }
                .into_any(),
                AuthStatus::Problem(e) => {
                    let label = if e.needs_sign_in() { t::sign_in_again() } else { t::sign_in() };
                    view! { <button type="button" on:click=move |_| sign_in(session, Prompt::Default)>{label}</button> }
                        .into_any()
                }
                AuthStatus::SignedIn(a) => view! {
                    <span class="who">
                        <strong>{a.display_name.clone()}</strong>
                        " "
                        <span class="upn">{a.username.clone()}</span>
                        " "
                        <span class="tenant" title=t::tenant_id()>{t::tenant(&a.tenant_id)}</span>
                    </span>
                    <button type="button" class="secondary" on:click=move |_| sign_in(session, Prompt::SelectAccount)>
                        {t::switch()}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| session.with_value(|s| s.sign_out())>
                        {t::sign_out()}
                    </button>
                }
                .into_any(),
            }}
        </div>
    }
}
