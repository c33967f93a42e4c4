//! What the admin can do with the selected guests: resend to all of them (the bulk run: `$batch`, progress,
//! retries, results and export), adding them to groups only when the admin picks some for that resend, or
//! delete those who never accepted, behind a typed count.

use super::deletion::DeleteRun;
use super::ops::resend_request;
use crate::batch_run::run::BulkRun;
use crate::components::access_fields::GroupsField;
use crate::components::error_panel::ErrorPanel;
use crate::components::invitation_fields::DraftForm;
use crate::graph::guests::Guest;
use crate::graph::invitations::InvitationRequest;
use crate::rules::follow_up::{ChosenGroup, FollowUp};
use crate::rules::guest_rules::{delete_eligibility, delete_permission, DeleteEligibility};
use crate::rules::permission::Permission;
use crate::shell::context::use_session;
use crate::text::{ui::guests as t, Explain};
use leptos::prelude::*;

/// The selected guests, in list order.
pub type Chosen = Signal<Vec<Guest>>;

#[component]
pub fn SelectionPanel(chosen: Chosen, form: DraftForm, resends: BulkRun, deletes: DeleteRun) -> impl IntoView {
    let count = move || chosen.with(Vec::len);
    view! {
        <section aria-labelledby="guests-selection-title">
            <h2 id="guests-selection-title">{t::selection_heading()}</h2>
            <p role="status">{move || t::selected(count())}</p>
            <ResendSelected chosen=chosen form=form run=resends/>
            <DeleteSelected chosen=chosen run=deletes/>
        </section>
    }
}

#[component]
fn ResendSelected(chosen: Chosen, form: DraftForm, run: BulkRun) -> impl IntoView {
    let status = use_session().status();
    let problem = RwSignal::new(None::<crate::ops::convert::ConvertError>);
    // Empty at first and after each resend: a resend adds nothing unless the admin asks for it then.
    let groups = RwSignal::new(Vec::<ChosenGroup>::new());
    let start = move |_| {
        let settings = form.draft.get_untracked();
        let mut requests: Vec<InvitationRequest> = Vec::new();
        // Guests without an address are left out; bad settings stop the whole selection.
        for made in chosen.with_untracked(|c| c.iter().filter_map(|g| resend_request(g, &settings)).collect::<Vec<_>>())
        {
            match made {
                Ok(r) => requests.push(r),
                Err(e) => return problem.set(Some(e)),
            }
        }
        problem.set(None);
        let lines = (1..=requests.len() as u64).collect();
        let account = status.with_untracked(|s| s.username().unwrap_or_default().to_string());
        let steps = groups.get_untracked().into_iter().map(FollowUp::AddToGroup).collect();
        run.start_resends(lines, requests, account, steps);
        groups.set(Vec::new());
    };
    let running = run.running();
    view! {
        <p class="hint">{t::resend_groups_hint()}</p>
        <GroupsField chosen=groups.into() on_change=Callback::new(move |g| groups.set(g)) id="guests-resend-groups".to_string()/>
        <button type="button" disabled=move || running.get() || chosen.with(Vec::is_empty) on:click=start>
            {move || t::resend_selected(chosen.with(Vec::len))}
        </button>
        {move || problem.get().map(|e| view! { <ErrorPanel report=e.report()/> })}
    }
}

#[component]
fn DeleteSelected(chosen: Chosen, run: DeleteRun) -> impl IntoView {
    let permission = {
        let granted = use_session().granted_scopes();
        Memo::new(move |_| granted.with(|g| delete_permission(g)))
    };
    let eligible = Memo::new(move |_| {
        chosen.with(|c| {
            c.iter().filter(|g| delete_eligibility(g) == DeleteEligibility::Eligible).cloned().collect::<Vec<_>>()
        })
    });
    let skipped = move || chosen.with(Vec::len) - eligible.with(Vec::len);
    let (confirming, typed) = (RwSignal::new(false), RwSignal::new(String::new()));
    let n = move || eligible.with(Vec::len);
    let confirmed = move || typed.get().trim() == n().to_string();
    let running = run.running();
    let go = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if confirmed() && permission.get_untracked() == Permission::Granted {
            confirming.set(false);
            typed.set(String::new());
            run.start(eligible.get_untracked());
        }
    };
    view! {
        {move || t::permission(permission.get()).map(|why| view! { <p class="hint" id="guests-delete-why">{why}</p> })}
        {move || (skipped() > 0).then(|| view! { <p class="hint">{t::accepted_skipped(skipped())}</p> })}
        <button
            type="button"
            class="secondary"
            aria-describedby=move || (permission.get() != Permission::Granted).then_some("guests-delete-why")
            disabled=move || permission.get() != Permission::Granted || n() == 0 || running.get()
            on:click=move |_| confirming.set(true)
        >
            {move || t::delete_selected(n())}
        </button>
        {move || confirming.get().then(|| view! {
            <form class="warning" on:submit=go>
                <p>{t::recycle_bin()}</p>
                <label for="guests-delete-count">{t::type_count(n())}</label>
                <input
                    id="guests-delete-count"
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
                <div class="actions">
                    <button type="submit" disabled=move || !confirmed()>{t::confirm_delete(n())}</button>
                    <button type="button" class="secondary" on:click=move |_| confirming.set(false)>{t::cancel()}</button>
                </div>
            </form>
        })}
    }
}
