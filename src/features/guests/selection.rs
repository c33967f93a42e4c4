//! What the admin can do with the selected guests: resend to all of them (the bulk run: `$batch`, progress,
//! retries, results and export), adding them to groups only when the admin picks some for that resend, or
//! delete those who never accepted, behind a typed count.

use super::deletion::DeleteRun;
use super::ops::resend_request;
use super::sponsors::SponsorBook;
use crate::batch_run::run::BulkRun;
use crate::batch_run::write_run::{WriteRun, WriteTarget};
use crate::components::access_fields::GroupsField;
use crate::components::directory_pickers::SponsorPicker;
use crate::components::error_panel::ErrorPanel;
use crate::components::invitation_fields::DraftForm;
use crate::graph::guests::Guest;
use crate::graph::guests::SignInAccess;
use crate::graph::invitations::InvitationRequest;
use crate::rules::follow_up::{ChosenGroup, FollowUp};
use crate::rules::guest_rules::{delete_eligibility, delete_permission, DeleteEligibility};
use crate::rules::inactivity::SignInColumn;
use crate::rules::invitation_draft::ChosenPerson;
use crate::rules::permission::Permission;
use crate::rules::user_change::UserChange;
use crate::shell::context::use_session;
use crate::text::{ui::guests as t, Explain};
use leptos::prelude::*;

/// The selected guests, in list order.
pub type Chosen = Signal<Vec<Guest>>;

#[component]
pub fn SelectionPanel(
    chosen: Chosen,
    form: DraftForm,
    resends: BulkRun,
    deletes: DeleteRun,
    writes: WriteRun,
    /// The inactivity rule's window and whether the list shows sign-ins, for what may be deleted.
    window: Signal<u32>,
    column: Signal<SignInColumn>,
    now_ms: f64,
    sponsors: SponsorBook,
    me: Memo<Option<ChosenPerson>>,
) -> impl IntoView {
    let count = move || chosen.with(Vec::len);
    // Blocking, sponsoring and deleting all write users: one permission, read once for the three.
    let permission = {
        let granted = use_session().granted_scopes();
        Memo::new(move |_| granted.with(|g| delete_permission(g)))
    };
    view! {
        <section aria-labelledby="guests-selection-title">
            <h2 id="guests-selection-title">{t::selection_heading()}</h2>
            <p role="status">{move || t::selected(count())}</p>
            <h3>{t::section_resend()}</h3>
            <ResendSelected chosen=chosen form=form run=resends/>
            <h3>{t::section_sign_in()}</h3>
            <BlockSelected chosen=chosen run=writes permission=permission/>
            <h3>{t::section_sponsors()}</h3>
            <SponsorSelected chosen=chosen run=writes sponsors=sponsors me=me permission=permission/>
            <h3>{t::section_delete()}</h3>
            <DeleteSelected chosen=chosen run=deletes window=window column=column now_ms=now_ms permission=permission/>
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

fn target(g: &Guest) -> WriteTarget {
    WriteTarget {
        id: g.id.clone(),
        name: g.display_name.clone().unwrap_or_default(),
        address: g.mail.clone().or_else(|| g.user_principal_name.clone()).unwrap_or_default(),
    }
}

/// Block sign-in for the selected guests who may sign in, or allow it again for those blocked.
#[component]
fn BlockSelected(chosen: Chosen, run: WriteRun, permission: Memo<Permission>) -> impl IntoView {
    let with = move |access: SignInAccess| {
        chosen.with(|c| {
            c.iter()
                .filter(|g| match access {
                    SignInAccess::Blocked => g.account_enabled != Some(false),
                    SignInAccess::Allowed => g.account_enabled == Some(false),
                })
                .map(target)
                .collect::<Vec<_>>()
        })
    };
    let running = run.running();
    let button = move |access: SignInAccess| {
        let n = move || with(access).len();
        view! {
            <button
                type="button"
                class="secondary"
                aria-describedby="guests-block-why"
                disabled=move || permission.get() != Permission::Granted || n() == 0 || running.get()
                on:click=move |_| run.start(UserChange::SignIn(access), with(access))
            >
                {move || match access {
                    SignInAccess::Blocked => t::block_selected(n()),
                    SignInAccess::Allowed => t::unblock_selected(n()),
                }}
            </button>
        }
    };
    view! {
        <p class="hint" id="guests-block-why">
            {move || t::block_permission(permission.get()).unwrap_or_else(|| t::block_hint().to_string())}
        </p>
        <div class="actions">{button(SignInAccess::Blocked)} {button(SignInAccess::Allowed)}</div>
    }
}

/// "Add me as sponsor" and "Set sponsor…" for the selected guests who do not have that sponsor yet.
#[component]
fn SponsorSelected(
    chosen: Chosen,
    run: WriteRun,
    sponsors: SponsorBook,
    me: Memo<Option<ChosenPerson>>,
    permission: Memo<Permission>,
) -> impl IntoView {
    let running = run.running();
    let without = move |p: &ChosenPerson| {
        chosen.with(|c| c.iter().filter(|g| !sponsors.has(&g.id, &p.id)).map(target).collect::<Vec<_>>())
    };
    let off = move || permission.get() != Permission::Granted || running.get();
    let mine = move || me.get().map(|p| without(&p).len()).unwrap_or(0);
    let add_me = move |_| {
        if let Some(p) = me.get_untracked() {
            let targets = without(&p);
            run.start(UserChange::AddSponsor(p), targets);
        }
    };
    let (open, picked) = (RwSignal::new(false), RwSignal::new(Vec::<ChosenPerson>::new()));
    let add_picked = move |_| {
        if let Some(p) = picked.get_untracked().into_iter().next() {
            let targets = without(&p);
            run.start(UserChange::AddSponsor(p), targets);
            picked.set(Vec::new());
            open.set(false);
        }
    };
    view! {
        <p class="hint" id="guests-sponsor-why">
            {move || t::sponsor_permission(permission.get()).unwrap_or_else(|| t::sponsor_hint().to_string())}
        </p>
        <div class="actions">
            <button
                type="button"
                class="secondary"
                aria-describedby="guests-sponsor-why"
                disabled=move || off() || mine() == 0
                on:click=add_me
            >
                {move || t::add_me_as_sponsor(mine())}
            </button>
            <button
                type="button"
                class="secondary"
                aria-expanded=move || open.get().to_string()
                aria-controls="guests-set-sponsor"
                disabled=off
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {t::set_sponsor()}
            </button>
        </div>
        <div id="guests-set-sponsor" prop:hidden=move || !open.get()>
            <SponsorPicker
                chosen=picked.into()
                on_change=Callback::new(move |p: Vec<ChosenPerson>| picked.set(p.into_iter().rev().take(1).collect()))
                disabled=Signal::derive(off)
                id="guests-sponsor-search".to_string()
            />
            {move || picked.get().into_iter().next().map(|p| {
                let n = without(&p).len();
                view! {
                    <button type="button" disabled=move || off() || n == 0 on:click=add_picked>
                        {t::add_sponsor(&p.name, n)}
                    </button>
                }
            })}
        </div>
    }
}

#[component]
fn DeleteSelected(
    chosen: Chosen,
    run: DeleteRun,
    window: Signal<u32>,
    column: Signal<SignInColumn>,
    now_ms: f64,
    permission: Memo<Permission>,
) -> impl IntoView {
    let ruled = Memo::new(move |_| {
        let window = window.get();
        chosen.with(|c| c.iter().map(|g| (g.clone(), delete_eligibility(g, now_ms, window))).collect::<Vec<_>>())
    });
    let eligible = Memo::new(move |_| {
        ruled.with(|r| r.iter().filter(|(_, e)| e.may_delete()).map(|(g, _)| g.clone()).collect::<Vec<_>>())
    });
    let inactive = move || ruled.with(|r| r.iter().filter(|(_, e)| *e == DeleteEligibility::Inactive).count());
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
        {move || (skipped() > 0).then(|| view! { <p class="hint">{t::skipped(skipped(), column.get())}</p> })}
        <button
            type="button"
            class="secondary"
            aria-describedby=move || (permission.get() != Permission::Granted).then_some("guests-delete-why")
            disabled=move || permission.get() != Permission::Granted || n() == 0 || running.get()
            on:click=move |_| confirming.set(true)
        >
            {move || t::delete_selected(n(), inactive())}
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
