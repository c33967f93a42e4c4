//! The partner's welcome view (no sign-in). The link is checked as the page renders: a link that would be
//! refused shows only why, never a welcome. The inviter is the organisation in `config.json`, the note is
//! plain text from whoever sent the link, and "Accept invitation" goes to the checked redeem URL only.

use crate::components::broken_link::BrokenLink;
use crate::rules::partner_link::{PartnerLink, PartnerLinkError};
use crate::rules::redeem_allowlist::{self, RedeemPolicy, RedeemRefusal};
use crate::shell::context::use_config;
use crate::text::{rules, ui::partner as t};
use crate::web::browser;
use leptos::prelude::*;

/// Why the page offers nothing to accept.
enum Refused {
    Link(PartnerLinkError),
    Redeem(RedeemRefusal),
}

fn checked(payload: &str) -> Result<(PartnerLink, String), Refused> {
    let config = use_config();
    let link = PartnerLink::decode(payload).map_err(Refused::Link)?;
    let login_host = config.login_host().to_ascii_lowercase();
    let policy =
        RedeemPolicy { login_host: &login_host, tenant_id: &config.tenant_id, extra_hosts: &config.extra_redeem_hosts };
    let url = redeem_allowlist::check(&link.redeem, &policy).map_err(Refused::Redeem)?;
    Ok((link, url.to_string()))
}

#[component]
pub fn PartnerWelcomePage(payload: String) -> impl IntoView {
    let org = use_config().organization.display_name;
    match checked(&payload) {
        Ok((link, url)) => view! { <Welcome org=org note=link.note url=url/> }.into_any(),
        Err(Refused::Link(e)) => view! { <BrokenLink error=e/> }.into_any(),
        Err(Refused::Redeem(r)) => view! {
            <h1 id="page-title" tabindex="-1">{t::unsafe_link()}</h1>
            <p role="alert">{rules::redeem_refusal(&r, &org)}</p>
            <p>{t::nothing_opened()}</p>
        }
        .into_any(),
    }
}

#[component]
fn Welcome(org: String, note: Option<String>, url: String) -> impl IntoView {
    view! {
        <h1 id="page-title" tabindex="-1">{t::title(&org)}</h1>
        <p>{t::intro(&org)}</p>
        {note.map(|note| view! {
            <figure class="partner-note">
                <figcaption>{t::note_from()}</figcaption>
                <blockquote class="note-text">{note}</blockquote>
            </figure>
        })}
        <h2>{t::next()}</h2>
        <ol>{t::steps(&org).into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
        <button type="button" on:click=move |_| browser::navigate(&url)>{t::accept()}</button>
    }
}
