//! The partner's side (no sign-in): who they are and why, checked with the invite form's email rules, then
//! the request as a review link that their own email carries to the contact.

use crate::components::broken_link::BrokenLink;
use crate::rules::access_request::{
    own_contact_domains, AccessRequest, RequestField, RequestLink, RequestLinkProblem, RequestProblem,
};
use crate::rules::handover::mailto;
use crate::shell::context::use_config;
use crate::shell::page_memory::remembered;
use crate::text::{ui::access_request as t, ui::partner as p};
use crate::web::browser;
use leptos::prelude::*;

const FIELDS: [(RequestField, &str); 4] = [
    (RequestField::Name, "req-name"),
    (RequestField::Email, "req-email"),
    (RequestField::Company, "req-company"),
    (RequestField::Reason, "req-reason"),
];

fn field_of(p: &RequestProblem) -> RequestField {
    match p {
        RequestProblem::Missing(f) | RequestProblem::TooLong { field: f, .. } => *f,
        RequestProblem::Email(_) => RequestField::Email,
    }
}

#[component]
pub fn RequestPage(payload: String) -> impl IntoView {
    let config = use_config();
    let org = config.organization.display_name.clone();
    let own = own_contact_domains(config.organization.support_contact.as_deref(), &config.tenant());
    match RequestLink::decode(&payload, &own) {
        Ok(link) => view! { <RequestForm org=org link=link/> }.into_any(),
        Err(RequestLinkProblem::Link(e)) => view! { <BrokenLink error=e/> }.into_any(),
        Err(RequestLinkProblem::ForeignContact(_)) => view! {
            <h1 id="page-title" tabindex="-1">{p::unsafe_link()}</h1>
            <p role="alert">{t::foreign_contact()}</p>
        }
        .into_any(),
    }
}

#[component]
pub fn RequestForm(org: String, link: RequestLink) -> impl IntoView {
    const KEYS: [&str; 4] = ["request.name", "request.email", "request.company", "request.reason"];
    let values: [RwSignal<String>; 4] = KEYS.map(|key| remembered(key, String::new));
    let problems = remembered("request.problems", Vec::<RequestProblem>::new);
    let ready = remembered("request.ready", || None::<AccessRequest>);
    let submit = {
        let link = link.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let [n, e, c, r] = values.map(|v| v.get_untracked());
            match AccessRequest::build(&n, &e, &c, &r, &link) {
                Ok(req) => {
                    problems.set(Vec::new());
                    ready.set(Some(req));
                    browser::focus("request-ready-title");
                }
                Err(p) => problems.set(p),
            }
        }
    };
    let contact = link.contact.clone();
    view! {
        <h1 id="page-title" tabindex="-1">{t::title(&org)}</h1>
        <p>{t::intro(&org, &link.contact)}</p>
        {link.note.clone().map(|note| view! {
            <figure class="partner-note">
                <figcaption>{t::note_from()}</figcaption>
                <blockquote class="note-text">{note}</blockquote>
            </figure>
        })}
        <form on:submit=submit novalidate>
            {FIELDS.iter().zip(values).map(|((field, id), value)| view! { <RequestInput field=*field id=id value=value problems=problems/> }).collect_view()}
            <button type="submit">{t::prepare()}</button>
        </form>
        {move || ready.get().map(|req| view! { <ReadyRequest request=req contact=contact.clone()/> })}
    }
}

#[component]
fn RequestInput(
    field: RequestField,
    id: &'static str,
    value: RwSignal<String>,
    problems: RwSignal<Vec<RequestProblem>>,
) -> impl IntoView {
    let problem = move || problems.with(|ps| ps.iter().find(|p| field_of(p) == field).map(t::problem));
    let error_id = format!("{id}-error");
    let invalid = move || problem().is_some().to_string();
    let set = move |ev| value.set(event_target_value(&ev));
    let input = match field {
        RequestField::Reason => view! {
            <textarea id=id rows="4" aria-invalid=invalid aria-describedby=error_id.clone() prop:value=move || value.get() on:input=set></textarea>
        }
        .into_any(),
        RequestField::Email | RequestField::Name | RequestField::Company => {
            let kind = if field == RequestField::Email { "email" } else { "text" };
            view! { <input id=id type=kind aria-invalid=invalid aria-describedby=error_id.clone() prop:value=move || value.get() on:input=set/> }
                .into_any()
        }
    };
    view! {
        <label for=id>{t::label(field)}</label>
        {input}
        <p class="field-error" id=error_id role="alert">{problem}</p>
    }
}

#[component]
fn ReadyRequest(request: AccessRequest, contact: String) -> impl IntoView {
    let review = request.url(&browser::app_base_url());
    let summary = t::summary(&request.name, &request.email, &request.company, &request.reason, &review);
    let mail = mailto(&contact, &t::mail_subject(&request.name, &request.company), &summary);
    view! {
        <section class="result success" aria-labelledby="request-ready-title">
            <h2 id="request-ready-title" tabindex="-1">{t::ready_heading()}</h2>
            <p>{t::ready()}</p>
            <p>
                <a class="button" href=mail>{t::send_by_email()}</a>
            </p>
            <CopyText summary=summary/>
        </section>
    }
}

/// The request as text with its line breaks, to copy into any message.
#[component]
fn CopyText(summary: String) -> impl IntoView {
    let copied = RwSignal::new("");
    let text = summary.clone();
    let copy = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            let ok = browser::copy_text(&text).await;
            if !ok {
                browser::select_input("request-text");
            }
            copied.try_set(if ok {
                crate::text::ui::result::copied()
            } else {
                crate::text::ui::result::copy_refused()
            });
        });
    };
    view! {
        <label for="request-text">{t::copy_request()}</label>
        <textarea id="request-text" rows="8" readonly prop:value=summary></textarea>
        <button type="button" on:click=copy>{t::copy()}</button>
        <p class="hint" role="status">{move || copied.get()}</p>
    }
}
