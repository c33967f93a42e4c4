//! The admin's side: a request-access link with the contact, a note and suggested settings.

use crate::components::handover::CopyField;
use crate::rules::access_request::{contact_allowed, own_contact_domains, RequestLink};
use crate::rules::languages::LANGUAGES;
use crate::shell::context::use_config;
use crate::shell::page_memory::remembered;
use crate::text::ui::{access_request as t, language_name};
use crate::web::browser;
use leptos::prelude::*;

#[component]
pub fn RequestLinkMaker() -> impl IntoView {
    let config = use_config();
    let own = own_contact_domains(config.organization.support_contact.as_deref(), &config.tenant());
    let default_contact = config.organization.support_contact.clone().unwrap_or_default();
    let contact = remembered("maker.contact", || default_contact);
    let (note, redirect, language) = (
        remembered("maker.note", String::new),
        remembered("maker.redirect", String::new),
        remembered("maker.language", String::new),
    );
    let app_base = browser::app_base_url();
    let link = Signal::derive(move || {
        let (r, l) = (redirect.get(), language.get());
        RequestLink::new(&contact.get(), Some(&note.get()), Some(&r), Some(&l)).url(&app_base)
    });
    let domains = own.join(", ");
    let refused = move || (!contact_allowed(&contact.get(), &own)).then(|| t::contact_refused(&domains));
    let text_input = |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <label for=id>{label}</label>
            <input id=id type="text" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        }
    };
    view! {
        <section aria-labelledby="request-maker-title">
            <h2 id="request-maker-title">{t::maker_heading()}</h2>
            <p>{t::maker_intro()}</p>
            <label for="request-contact">{t::contact()}</label>
            <p class="hint" id="request-contact-hint">{t::contact_hint()}</p>
            <input
                id="request-contact"
                type="email"
                aria-describedby="request-contact-hint"
                prop:value=move || contact.get()
                on:input=move |ev| contact.set(event_target_value(&ev))
            />
            {move || refused().map(|r| view! { <p class="field-error" role="alert">{r}</p> })}
            {text_input("request-note", t::note(), note)}
            {text_input("request-redirect", t::redirect(), redirect)}
            <label for="request-language">{t::language()}</label>
            <select
                id="request-language"
                prop:value=move || language.get()
                on:change=move |ev| language.set(event_target_value(&ev))
            >
                {LANGUAGES.iter().map(|code| view! { <option value=*code>{language_name(code)}</option> }).collect_view()}
            </select>
            <CopyField id="request-link" label=t::link() value=link button=t::copy()/>
        </section>
    }
}
