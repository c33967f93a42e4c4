//! The admin's side of a request: the partner's words as untrusted text, beside the invite form filled in
//! from them (a Guest, never a Member). Nothing is sent until Invite, after the usual existence check.

use crate::components::error_panel::ErrorPanel;
use crate::components::invitation_fields::DraftForm;
use crate::components::invite_form::InviteForm;
use crate::components::result_panel::{ResultPanel, RESULT_TITLE_ID};
use crate::ops::invite::{self as ops, InvitePlan, Invited};
use crate::rules::access_request::{AccessRequest, RequestField};
use crate::rules::invitation_outcome::Sent;
use crate::shell::context::{use_config, use_graph};
use crate::text::{ui::access_request as t, Explain};
use leptos::prelude::*;

#[component]
pub fn ReviewPage(payload: String) -> impl IntoView {
    match AccessRequest::decode(&payload) {
        Ok(request) => view! { <Review request=request/> }.into_any(),
        Err(_) => view! {
            <h1 id="page-title" tabindex="-1">{t::review_title()}</h1>
            <p role="alert">{t::damaged()}</p>
        }
        .into_any(),
    }
}

#[component]
fn Review(request: AccessRequest) -> impl IntoView {
    let config = use_config();
    let form = DraftForm::new(request.draft(config.default_invite_redirect_url.as_str()), "review");
    form.clear_messages_when_corrected();
    let graph = use_graph();
    let send = Action::new_local(move |plan: &InvitePlan| {
        let (graph, plan) = (graph.clone(), plan.clone());
        async move { ops::invite_with(&graph, &plan).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = send.value().get() {
            crate::web::browser::focus(RESULT_TITLE_ID);
        }
    });
    let declined = RwSignal::new(false);
    let facts = [
        (RequestField::Name, request.name.clone()),
        (RequestField::Email, request.email.clone()),
        (RequestField::Company, request.company.clone()),
        (RequestField::Reason, request.reason.clone()),
    ];
    view! {
        <h1 id="page-title" tabindex="-1">{t::review_title()}</h1>
        <p class="warning">{t::untrusted()}</p>
        <dl class="facts note-text">
            {facts.into_iter().map(|(f, v)| view! { <dt>{t::label(f)}</dt><dd>{v}</dd> }).collect_view()}
        </dl>
        {move || send.value().get().map(|r| match r {
            Ok(Invited { sent: Sent { invitation, outcome }, follow_ups }) => {
                view! { <ResultPanel invitation=invitation outcome=outcome follow_ups=follow_ups/> }.into_any()
            }
            Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
        })}
        {move || match declined.get() {
            true => view! { <p role="status">{t::declined()}</p> }.into_any(),
            false => view! {
                <section aria-labelledby="review-invite-title">
                    <h2 id="review-invite-title">{t::invite_heading()}</h2>
                    <InviteForm form=form send=send/>
                    <button type="button" class="secondary" on:click=move |_| declined.set(true)>{t::decline()}</button>
                </section>
            }
            .into_any(),
        }}
    }
}
