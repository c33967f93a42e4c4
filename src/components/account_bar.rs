//! The header's account area: who is signed in (name, UPN, tenant), and Sign in / Switch account / Sign out.

use crate::auth::session::{AuthStatus, Session};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AccountBar(session: StoredValue<Session, LocalStorage>) -> impl IntoView {
    let status = session.with_value(|s| s.status());
    let sign_in = move |prompt: Option<&'static str>| {
        let s = session.get_value();
        spawn_local(async move { s.sign_in(prompt).await });
    };
    view! {
        <div class="account" aria-live="polite">
            {move || match status.get() {
                AuthStatus::Starting => view! { <span role="status">"Signing in…"</span> }.into_any(),
                AuthStatus::SignedOut => view! {
                    <button type="button" on:click=move |_| sign_in(None)>"Sign in"</button>
                }.into_any(),
                AuthStatus::Problem(e) => {
                    let label = if e.needs_sign_in() { "Sign in again" } else { "Sign in" };
                    view! { <button type="button" on:click=move |_| sign_in(None)>{label}</button> }.into_any()
                }
                AuthStatus::SignedIn(a) => view! {
                    <span class="who">
                        <strong>{a.display_name.clone()}</strong>" "
                        <span class="upn">{a.username.clone()}</span>" "
                        <span class="tenant" title="Tenant ID">{format!("tenant {}", a.tenant_id)}</span>
                    </span>
                    <button type="button" class="secondary" on:click=move |_| sign_in(Some("select_account"))>"Switch account"</button>
                    <button type="button" class="secondary" on:click=move |_| session.with_value(|s| s.sign_out())>"Sign out"</button>
                }.into_any(),
            }}
        </div>
    }
}
