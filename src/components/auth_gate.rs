//! Shows sign-in problems, and keeps admin views behind a sign-in.

use super::account_bar::sign_in;
use crate::auth::error::AuthError;
use crate::auth::session::{AuthStatus, Prompt};
use crate::components::error_panel::ErrorPanel;
use crate::shell::context::SessionHandle;
use crate::text::{ui::account as t, ui::signing_in, Explain};
use leptos::prelude::*;

/// The current sign-in problem, if any, with the admin-consent link when consent is missing.
#[component]
pub fn AuthProblem() -> impl IntoView {
    let status = expect_context::<SessionHandle>().with_value(|s| s.status());
    move || match status.get() {
        AuthStatus::Problem(e) => {
            let consent = match &e {
                AuthError::ConsentRequired { admin_consent_url: Some(u), .. } => Some(u.clone()),
                _ => None,
            };
            Some(view! {
                <ErrorPanel report=e.report()/>
                {consent.map(|u| view! {
                    <p>
                        <a href=u rel="noopener noreferrer">{t::open_admin_consent()}</a>
                    </p>
                })}
            })
        }
        _ => None,
    }
}

/// Renders `children` only for a signed-in admin; otherwise asks to sign in.
#[component]
pub fn RequireSignIn(title: &'static str, children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<SessionHandle>();
    let status = session.with_value(|s| s.status());
    // Only a change between signed in and not re-renders the view, so the form is never rebuilt under the admin.
    let gate = Memo::new(move |_| match status.get() {
        AuthStatus::SignedIn(_) => Some(true),
        AuthStatus::Starting => None,
        _ => Some(false),
    });
    move || {
        match gate.get() {
        Some(true) => children().into_any(),
        None => view! { <p role="status">{signing_in()}</p> }.into_any(),
        Some(false) => view! {
            <h1 id="page-title" tabindex="-1">{title}</h1>
            <p>{t::sign_in_needed()}</p>
            <button type="button" on:click=move |_| sign_in(session, Prompt::Default)>{t::sign_in_to_continue()}</button>
        }
        .into_any(),
    }
    }
}
