//! The invite view: the form, and above it the result or the error of the last submit.

use super::ops;
use crate::browser;
use crate::components::error_panel::ErrorPanel;
use crate::components::invitation_fields::{DraftField, DraftForm, InvitationSettingsFields};
use crate::components::result_panel::{ResultPanel, RESULT_TITLE_ID};
use crate::context::{use_config, use_graph};
use crate::graph::invitations::InvitationRequest;
use crate::onboarding::invitation_draft::{Field, DRAFT_KEY};
use crate::onboarding::invitation_outcome::Sent;
use crate::text::{ui::invite as t, Explain};
use leptos::prelude::*;

#[component]
pub fn InvitePage() -> impl IntoView {
    let config = use_config();
    let form = DraftForm::kept(DRAFT_KEY, "invite");
    form.clear_messages_when_corrected();
    let graph = use_graph();
    let send = Action::new_local(move |request: &InvitationRequest| {
        let (graph, request) = (graph.clone(), request.clone());
        async move { ops::invite(&graph, &request).await }
    });
    // After a success, clear who was invited but keep the settings for the next partner.
    Effect::new(move |_| {
        if let Some(Ok(_)) = send.value().get() {
            form.draft.update(|d| {
                d.email.clear();
                d.display_name.clear();
            });
            browser::focus(RESULT_TITLE_ID);
        }
    });
    view! {
        <h1 id="page-title" tabindex="-1">{t::title()}</h1>
        <p>{t::intro(&config.organization.display_name)}</p>
        {move || {
            send.value()
                .get()
                .map(|r| match r {
                    Ok(Sent { invitation, outcome }) => view! { <ResultPanel invitation=invitation outcome=outcome/> }.into_any(),
                    Err(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
                })
        }}
        <InviteForm form=form send=send/>
    }
}

/// The form alone: validates on submit and hands a valid request to `send`.
#[component]
pub fn InviteForm(form: DraftForm, send: Action<InvitationRequest, Result<Sent, ops::InviteError>>) -> impl IntoView {
    let pending = send.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(request) = form.submit() {
            send.dispatch(request);
        }
    };
    view! {
        <form class="invite-form" on:submit=on_submit novalidate>
            <DraftField form=form field=Field::Email/>
            <DraftField form=form field=Field::DisplayName/>
            <InvitationSettingsFields form=form/>
            <UserTypeChoice form=form/>
            <button type="submit" disabled=move || pending.get()>
                {move || if pending.get() { t::sending() } else { t::send() }}
            </button>
            {move || pending.get().then(|| view! { <p role="status">{t::sending_status()}</p> })}
        </form>
    }
}

#[component]
fn UserTypeChoice(form: DraftForm) -> impl IntoView {
    let member = move || form.draft.with(|d| d.member);
    view! {
        <fieldset>
            <legend>{t::user_type()}</legend>
            <div class="check">
                <input
                    id="type-guest"
                    type="radio"
                    name="user-type"
                    prop:checked=move || !member()
                    on:change=move |_| form.draft.update(|d| d.member = false)
                />
                <label for="type-guest">{t::guest()}</label>
            </div>
            <div class="check">
                <input
                    id="type-member"
                    type="radio"
                    name="user-type"
                    aria-describedby="type-member-hint"
                    prop:checked=member
                    on:change=move |_| form.draft.update(|d| d.member = true)
                />
                <label for="type-member">{t::member()}</label>
            </div>
            <p class="hint" id="type-member-hint">{t::member_hint()}</p>
        </fieldset>
    }
}
