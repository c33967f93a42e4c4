//! The facts about the chosen user that decide a conversion.

use crate::graph::users::InternalUser;
use crate::text::ui::{self, convert as t};
use leptos::prelude::*;

pub const FACTS_TITLE_ID: &str = "facts-title";

#[component]
pub fn UserFacts(user: InternalUser) -> impl IntoView {
    let or_none = |v: Option<String>| v.unwrap_or_else(|| ui::none().to_string());
    let synced = if user.is_synced() {
        t::synced_from(user.on_premises_user_principal_name.as_deref().unwrap_or_default())
    } else {
        t::cloud_only().to_string()
    };
    let other_mails =
        if user.other_mails.is_empty() { ui::none().to_string() } else { user.other_mails.join(ui::list_separator()) };
    let exchange = if user.has_exchange_licence() { t::assigned() } else { t::no_licence() };
    view! {
        <section aria-labelledby=FACTS_TITLE_ID>
            <h2 id=FACTS_TITLE_ID tabindex="-1">
                {t::facts_title(user.display_name.as_deref().unwrap_or_default())}
            </h2>
            <dl class="facts">
                <dt>{t::upn()}</dt>
                <dd>{user.user_principal_name.clone().unwrap_or_default()}</dd>
                <dt>{t::object_id()}</dt>
                <dd>
                    <code>{user.id.clone()}</code>
                </dd>
                <dt>{t::user_type()}</dt>
                <dd>{or_none(user.user_type.as_ref().map(|u| u.as_graph_str().to_string()))}</dd>
                <dt>{t::creation_type()}</dt>
                <dd>{user.creation_type.clone().unwrap_or_else(|| t::no_creation_type().to_string())}</dd>
                <dt>{t::mail()}</dt>
                <dd>{or_none(user.mail.clone())}</dd>
                <dt>{t::other_mails()}</dt>
                <dd>{other_mails}</dd>
                <dt>{t::synced()}</dt>
                <dd>{synced}</dd>
                <dt>{t::exchange()}</dt>
                <dd>{exchange}</dd>
            </dl>
        </section>
    }
}
