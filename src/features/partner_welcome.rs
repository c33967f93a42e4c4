//! The partner's welcome view (no sign-in): who invites them, the admin's note as plain text, what happens
//! next, and "Accept invitation", which only ever goes to an allowed redeem URL.

use crate::browser;
use crate::context::use_config;
use crate::onboarding::partner_link::PartnerLink;
use crate::onboarding::redeem_allowlist;
use crate::text::{rules, ui::partner as t};
use leptos::prelude::*;

#[component]
pub fn PartnerWelcomePage(payload: String) -> impl IntoView {
    match PartnerLink::decode(&payload) {
        Ok(link) => view! { <Welcome link=link/> }.into_any(),
        Err(e) => view! {
            <h1 id="page-title" tabindex="-1">{t::BROKEN_TITLE}</h1>
            <p role="alert">{rules::partner_link_error(&e)}</p>
            <p>{t::ASK_AGAIN}</p>
        }
        .into_any(),
    }
}

#[component]
fn Welcome(link: PartnerLink) -> impl IntoView {
    let extra_hosts = use_config().extra_redeem_hosts;
    let refusal = RwSignal::new(None::<String>);
    let redeem = link.redeem.clone();
    let accept = move |_| match redeem_allowlist::check(&redeem, &extra_hosts) {
        Ok(url) => browser::navigate(url.as_str()),
        Err(r) => refusal.set(Some(rules::redeem_refusal(&r))),
    };
    let org = link.org.clone();
    view! {
        <h1 id="page-title" tabindex="-1">{t::title(&org)}</h1>
        <p>{t::intro(&org)}</p>
        {link.note.clone().map(|note| view! {
            <figure class="partner-note">
                <figcaption>{t::note_from(&org)}</figcaption>
                <blockquote class="note-text">{note}</blockquote>
            </figure>
        })}
        <h2>{t::NEXT}</h2>
        <ol>{t::steps(&org).into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
        <button type="button" on:click=accept>{t::ACCEPT}</button>
        {move || refusal.get().map(|why| view! {
            <div class="warning" role="alert">
                <h2>{t::UNSAFE}</h2>
                <p>{why}</p>
                <p>{t::NOTHING_OPENED}</p>
            </div>
        })}
    }
}
