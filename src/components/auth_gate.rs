//! Shows sign-in problems, and keeps admin views behind a sign-in.

use crate::auth::error::AuthError;
use crate::auth::session::{AuthStatus, Session};
use crate::components::error_panel::ErrorPanel;
use crate::error_report::ErrorReport;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The current sign-in problem, if any, with the admin-consent link when consent is missing.
#[component]
pub fn AuthProblem(session: StoredValue<Session, LocalStorage>) -> impl IntoView {
    let status = session.with_value(|s| s.status());
    move || match status.get() {
        AuthStatus::Problem(e) => {
            let consent = match &e {
                AuthError::ConsentRequired { admin_consent_url: Some(u), .. } => Some(u.clone()),
                _ => None,
            };
            Some(view! {
                <ErrorPanel report=ErrorReport::from(&e)/>
                {consent.map(|u| view! { <p><a href=u rel="noopener noreferrer">"Open the admin consent page"</a></p> })}
            })
        }
        _ => None,
    }
}

/// Renders `children` only for a signed-in admin; otherwise asks to sign in.
#[component]
pub fn RequireSignIn(
    session: StoredValue<Session, LocalStorage>,
    title: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
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
        None => view! { <p role="status">"Signing in…"</p> }.into_any(),
        Some(false) => view! {
            <h1 id="page-title" tabindex="-1">{title}</h1>
            <p>"Sign in with your work account to continue. You need a role that may invite guests, such as Guest Inviter."</p>
            <button type="button" on:click=move |_| {
                let s = session.get_value();
                spawn_local(async move { s.sign_in(None).await });
            }>"Sign in to continue"</button>
        }
        .into_any(),
    }
    }
}
