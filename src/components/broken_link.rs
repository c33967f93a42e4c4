//! A link a partner opened that cannot be read: why, and what to do. The welcome, join and request pages use it.

use crate::rules::partner_link::PartnerLinkError;
use crate::text::{rules, ui::partner as t};
use leptos::prelude::*;

#[component]
pub fn BrokenLink(error: PartnerLinkError) -> impl IntoView {
    view! {
        <h1 id="page-title" tabindex="-1">{t::broken_title()}</h1>
        <p role="alert">{rules::partner_link_error(&error)}</p>
        <p>{t::ask_again()}</p>
    }
}
