//! The partner's welcome view (no sign-in): who invites them, the admin's note as plain text, what happens
//! next, and "Accept invitation", which only ever goes to an allowed redeem URL.

use crate::browser;
use crate::config::Config;
use crate::onboarding::partner_link::{PartnerLink, PartnerLinkError};
use crate::onboarding::redeem_allowlist;
use leptos::prelude::*;

#[component]
pub fn PartnerWelcomePage(payload: String, config: Config) -> impl IntoView {
    match PartnerLink::decode(&payload) {
        Ok(link) => view! { <Welcome link=link config=config/> }.into_any(),
        Err(e) => {
            let why = match e {
                PartnerLinkError::Missing => "The link you opened has no invitation in it. It may have been cut off when it was copied.",
                PartnerLinkError::Corrupt => "The link you opened is damaged or incomplete. It may have been cut off or changed when it was copied.",
                PartnerLinkError::UnsupportedVersion(_) => "The link was made by a newer version of this page than the one you reached.",
            };
            view! {
                <h1 id="page-title" tabindex="-1">"This invitation link doesn't work"</h1>
                <p role="alert">{why}</p>
                <p>"Ask the person who invited you to send the link again, complete and unchanged."</p>
            }
            .into_any()
        }
    }
}

#[component]
fn Welcome(link: PartnerLink, config: Config) -> impl IntoView {
    let (refusal, set_refusal) = signal(None::<String>);
    let redeem = link.redeem.clone();
    let accept = move |_| match redeem_allowlist::check(&redeem, &config.extra_redeem_hosts) {
        Ok(url) => browser::navigate(url.as_str()),
        Err(r) => set_refusal.set(Some(r.explain())),
    };
    let org = link.org.clone();
    view! {
        <h1 id="page-title" tabindex="-1">{format!("{org} invites you to collaborate")}</h1>
        <p>{format!("{org} has invited you as a guest, so that you can use the apps and files they share with you, signed in with your own account.")}</p>
        {link.note.clone().map(|note| view! {
            <figure class="partner-note">
                <figcaption>{format!("A note from {org}:")}</figcaption>
                <blockquote class="note-text">{note}</blockquote>
            </figure>
        })}
        <h2>"What happens next"</h2>
        <ol>
            <li>"Choose \"Accept invitation\". Microsoft's sign-in page opens."</li>
            <li>"Sign in with the account the invitation was sent to (your work account, a Microsoft account, or a one-time code by email)."</li>
            <li>{format!("Review the permissions {org} asks for, and accept.")}</li>
            <li>{format!("You land on the page {org} chose for you.")}</li>
        </ol>
        <button type="button" on:click=accept>"Accept invitation"</button>
        {move || refusal.get().map(|why| view! {
            <div class="warning" role="alert">
                <h2>"This link cannot be opened safely"</h2>
                <p>{why}</p>
                <p>"Nothing was opened. Ask the person who invited you for a new link."</p>
            </div>
        })}
    }
}
