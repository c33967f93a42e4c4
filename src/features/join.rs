//! The partner's page for one access package (no sign-in). The link says only which package and what it is
//! called; the organisation comes from `config.json`, and "Continue to My Access" goes to the My Access
//! address this page builds for the configured cloud and tenant, never to an address from the link.

use crate::components::broken_link::BrokenLink;
use crate::rules::access_package_rules::my_access_url;
use crate::rules::join_link::JoinLink;
use crate::shell::context::use_config;
use crate::text::ui::join as t;
use crate::web::browser;
use leptos::prelude::*;

#[component]
pub fn JoinPage(payload: String) -> impl IntoView {
    let config = use_config();
    let org = config.organization.display_name.clone();
    let link = match JoinLink::decode(&payload) {
        Ok(link) => link,
        Err(e) => return view! { <BrokenLink error=e/> }.into_any(),
    };
    let target = my_access_url(&config.login_host(), &config.directory_hint(), &link.package);
    view! {
        <h1 id="page-title" tabindex="-1">{t::title(&org)}</h1>
        <figure class="partner-note">
            <figcaption>{t::from_link()}</figcaption>
            <blockquote class="note-text">
                <strong>{link.name}</strong>
                {link.description.map(|d| view! { <br/>{d} })}
            </blockquote>
        </figure>
        <h2>{t::steps_heading()}</h2>
        <ol>
            <li>{t::step_sign_in()}</li>
            <li>{t::step_request()}</li>
            <li>{t::step_wait()}</li>
            <li>{t::step_guest()}</li>
        </ol>
        {match target {
            Some(url) => view! { <button type="button" on:click=move |_| browser::navigate(&url)>{t::go()}</button> }.into_any(),
            None => view! { <p role="alert">{t::no_cloud()}</p> }.into_any(),
        }}
    }
    .into_any()
}
