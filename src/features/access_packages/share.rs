//! Sharing one package partners can request: its My Access link (copy, QR code, email) and this app's join
//! page for it.

use crate::components::handover::{qr_svg, CopyField};
use crate::graph::access_packages::AccessPackage;
use crate::rules::access_package_rules::my_access_url;
use crate::rules::handover::mailto;
use crate::rules::join_link::JoinLink;
use crate::shell::context::use_config;
use crate::text::ui::access_packages as t;
use crate::web::browser;
use leptos::prelude::*;

#[component]
pub fn SharePanel(package: AccessPackage) -> impl IntoView {
    let config = use_config();
    let name = package.display_name.clone().unwrap_or_default();
    let my_access = my_access_url(&config.login_host(), &config.directory_hint(), &package.id);
    let join = JoinLink::new(&package.id, &name, package.description.as_deref()).url(&browser::app_base_url());
    let org = config.organization.display_name.clone();
    Effect::new(move |_| browser::focus("share-title"));
    let body = match my_access {
        None => view! { <p class="warning" role="alert">{t::no_my_access()}</p> }.into_any(),
        Some(link) => {
            let mail = mailto("", &t::mail_subject(&org, &name), &t::mail_body(&org, &name, &join));
            let qr = qr_svg(&link);
            view! {
                <CopyField id="my-access-link" label=t::my_access_link() value=Signal::stored(link) button=t::copy()/>
                {qr.map(|svg| view! { <div class="qr" role="img" aria-label=t::qr() inner_html=svg></div> })}
                <CopyField id="join-link" label=t::join_link() value=Signal::stored(join) button=t::copy()/>
                <p class="hint">{t::join_hint()}</p>
                <p>
                    <a href=mail>{t::email_it()}</a>
                </p>
            }
            .into_any()
        }
    };
    view! {
        <section class="handover" aria-labelledby="share-title">
            <h2 id="share-title" tabindex="-1">{t::share_heading(&name)}</h2>
            {body}
        </section>
    }
}
