//! "Set up partner self-service": a short form (the package, its groups, who may request, approval,
//! justification, expiry), then the five steps shown as they run. A failed step says why and offers
//! "Continue" from there; the steps find what exists, so nothing is made twice.

use crate::components::directory_pickers::{GroupPicker, SponsorPicker};
use crate::components::error_panel::ErrorPanel;
use crate::graph::access_packages::{ConnectedOrganization, WRITE_PERMISSION};
use crate::graph::directory_roles::my_capabilities;
use crate::graph::directory_roles::Capabilities;
use crate::ops::self_service::{run_step, Names, SetupIds};
use crate::rules::follow_up::{role_groups, ChosenGroup};
use crate::rules::invitation_draft::ChosenPerson;
use crate::rules::permission::{permission, Permission};
use crate::rules::self_service::{
    days, problems, resume_at, Approval, Audience, Expiry, Justification, PlanProblem, SelfServicePlan, SetupFailure,
    StepState, STEPS,
};
use crate::shell::context::{use_graph, use_me, use_session};
use crate::text::{ui::setup as t, Explain};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AudienceChoice {
    AnyExternal,
    AllConnected,
    Specific,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ApprovalChoice {
    None,
    Approvers,
    Sponsors,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExpiryChoice {
    AfterDays,
    Never,
}

/// What the admin typed and picked; it stays while the steps run and after they fail.
#[derive(Clone, Copy)]
struct SetupForm {
    catalog: RwSignal<String>,
    name: RwSignal<String>,
    description: RwSignal<String>,
    groups: RwSignal<Vec<ChosenGroup>>,
    audience: RwSignal<AudienceChoice>,
    orgs: RwSignal<Vec<ConnectedOrganization>>,
    approval: RwSignal<ApprovalChoice>,
    approvers: RwSignal<Vec<ChosenPerson>>,
    justification: RwSignal<bool>,
    expiry: RwSignal<ExpiryChoice>,
    days: RwSignal<String>,
}

impl SetupForm {
    fn new() -> SetupForm {
        SetupForm {
            catalog: RwSignal::new(t::default_catalog().to_string()),
            name: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            groups: RwSignal::new(Vec::new()),
            audience: RwSignal::new(AudienceChoice::AnyExternal),
            orgs: RwSignal::new(Vec::new()),
            approval: RwSignal::new(ApprovalChoice::Approvers),
            approvers: RwSignal::new(Vec::new()),
            justification: RwSignal::new(true),
            expiry: RwSignal::new(ExpiryChoice::AfterDays),
            days: RwSignal::new("90".into()),
        }
    }

    /// The plan, or every problem with it; `me` decides for sponsors when a requestor has none.
    fn plan(self, me: Option<ChosenPerson>) -> Result<SelfServicePlan, Vec<PlanProblem>> {
        let expiry = match self.expiry.get_untracked() {
            ExpiryChoice::Never => Ok(Expiry::Never),
            ExpiryChoice::AfterDays => days(&self.days.get_untracked()).map(Expiry::AfterDays),
        };
        let approval = match (self.approval.get_untracked(), me) {
            (ApprovalChoice::None, _) => Approval::None,
            (ApprovalChoice::Sponsors, Some(fallback)) => Approval::Sponsors { fallback },
            (_, _) => Approval::Approvers(self.approvers.get_untracked()),
        };
        let plan = SelfServicePlan {
            catalog_name: self.catalog.get_untracked(),
            package_name: self.name.get_untracked(),
            description: self.description.get_untracked(),
            groups: self.groups.get_untracked(),
            audience: match self.audience.get_untracked() {
                AudienceChoice::AnyExternal => Audience::AnyExternal,
                AudienceChoice::AllConnected => Audience::AllConnected,
                AudienceChoice::Specific => Audience::Specific(self.orgs.get_untracked()),
            },
            approval,
            justification: if self.justification.get_untracked() {
                Justification::Required
            } else {
                Justification::Optional
            },
            expiry: expiry.unwrap_or(Expiry::Never),
        };
        let mut all = problems(&plan);
        if let Err(p) = expiry {
            all.push(p);
        }
        match all.is_empty() {
            true => Ok(plan),
            false => Err(all),
        }
    }
}

/// Why the form cannot be used, if it cannot.
fn blocked_reason(caps: LocalResource<Option<Capabilities>>) -> Signal<Option<String>> {
    let granted = use_session().granted_scopes();
    Signal::derive(move || {
        if granted.with(|g| permission(g, WRITE_PERMISSION)) == Permission::Missing {
            return Some(t::permission_missing(WRITE_PERMISSION));
        }
        match caps.get().flatten() {
            Some(c) if !c.can_govern() => Some(t::role_missing().to_string()),
            _ => None,
        }
    })
}

#[component]
pub fn SelfServiceSetup(
    /// The tenant's connected organisations, to pick from.
    orgs: Signal<Vec<ConnectedOrganization>>,
    /// Called with the new package's id once every step is done.
    on_ready: Callback<String>,
) -> impl IntoView {
    let form = SetupForm::new();
    let me = use_me();
    let graph = use_graph();
    let caps = {
        let graph = graph.clone();
        LocalResource::new(move || {
            let graph = graph.clone();
            async move { my_capabilities(&graph).await.ok() }
        })
    };
    let blocked = blocked_reason(caps);
    let role_groups_signal =
        Signal::derive(move || caps.get().flatten().map(|c| role_groups(&c.roles)).unwrap_or_default());
    let states = RwSignal::new(vec![StepState::Waiting; STEPS.len()]);
    let started = RwSignal::new(false);
    let shown_problems = RwSignal::new(Vec::<PlanProblem>::new());
    let ids = StoredValue::new(SetupIds::default());
    let plan_store = StoredValue::new(None::<SelfServicePlan>);
    let names = Names { catalog_description: t::catalog_description().into(), policy: t::policy_name().into() };
    let run = Action::new_local(move |from: &usize| {
        let (graph, names, from) = (graph.clone(), names.clone(), *from);
        let plan = plan_store.get_value();
        async move {
            let Some(plan) = plan else { return };
            let mut found = ids.get_value();
            for (i, step) in STEPS.iter().enumerate().skip(from) {
                // The view went away: stop before the next write.
                if states.try_update(|s| s[i] = StepState::Running).is_none() {
                    return;
                }
                let state = run_step(&graph, &plan, &names, *step, &mut found).await;
                ids.try_set_value(found.clone());
                let done = state.is_done();
                states.try_update(|s| s[i] = state);
                if !done {
                    return;
                }
            }
            if let Some(id) = found.package {
                on_ready.run(id);
            }
        }
    });
    let running = run.pending();
    let locked = Signal::derive(move || blocked.get().is_some() || started.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match form.plan(me.get_untracked()) {
            Err(p) => shown_problems.set(p),
            Ok(plan) => {
                shown_problems.set(Vec::new());
                plan_store.set_value(Some(plan));
                ids.set_value(SetupIds::default());
                states.set(vec![StepState::Waiting; STEPS.len()]);
                started.set(true);
                run.dispatch(0);
            }
        }
    };
    let resume = move |_| {
        let from = states.with_untracked(|s| resume_at(s));
        run.dispatch(from);
    };
    let change = move |_| {
        started.set(false);
        states.set(vec![StepState::Waiting; STEPS.len()]);
    };
    let failed_step = move || states.with(|s| s.iter().position(|x| matches!(x, StepState::Failed(_))));
    view! {
        <section aria-labelledby="setup-title">
            <h2 id="setup-title">{t::heading()}</h2>
            <p>{t::intro()}</p>
            <p class="hint">{t::licence()}</p>
            {move || blocked.get().map(|r| view! { <p class="warning" role="status">{r}</p> })}
            <form novalidate on:submit=submit>
                <fieldset disabled=move || locked.get()>
                    <label for="setup-name">{t::package_name()}</label>
                    <input id="setup-name" type="text" prop:value=move || form.name.get() on:input=move |ev| form.name.set(event_target_value(&ev))/>
                    <label for="setup-description">{t::description()}</label>
                    <textarea id="setup-description" prop:value=move || form.description.get() on:input=move |ev| form.description.set(event_target_value(&ev))></textarea>
                    <label for="setup-catalog">{t::catalog_name()}</label>
                    <input id="setup-catalog" type="text" aria-describedby="setup-catalog-hint" prop:value=move || form.catalog.get() on:input=move |ev| form.catalog.set(event_target_value(&ev))/>
                    <p class="hint" id="setup-catalog-hint">{t::catalog_hint()}</p>
                </fieldset>
                <h3>{t::groups_heading()}</h3>
                <p class="hint">{t::groups_hint()}</p>
                <GroupPicker
                    chosen=form.groups.into()
                    on_change=Callback::new(move |g| form.groups.set(g))
                    role_groups=role_groups_signal
                    disabled=locked
                    id="setup-group-search".to_string()
                />
                <fieldset disabled=move || locked.get()>
                    <legend>{t::who()}</legend>
                    <Radio name="setup-who" id="setup-who-any" value=AudienceChoice::AnyExternal chosen=form.audience label=t::any_external()/>
                    <p class="hint">{t::any_external_hint()}</p>
                    <Radio name="setup-who" id="setup-who-connected" value=AudienceChoice::AllConnected chosen=form.audience label=t::all_connected()/>
                    <Radio name="setup-who" id="setup-who-specific" value=AudienceChoice::Specific chosen=form.audience label=t::specific()/>
                    {move || (form.audience.get() == AudienceChoice::Specific).then(|| view! { <div class="nested"><OrgChoices orgs=orgs chosen=form.orgs/></div> })}
                    <div class="check">
                        <input
                            id="setup-justification"
                            type="checkbox"
                            prop:checked=move || form.justification.get()
                            on:change=move |ev| form.justification.set(event_target_checked(&ev))
                        />
                        <label for="setup-justification">{t::justification()}</label>
                    </div>
                </fieldset>
                <fieldset disabled=move || locked.get()>
                    <legend>{t::approval()}</legend>
                    <Radio name="setup-approval" id="setup-approval-none" value=ApprovalChoice::None chosen=form.approval label=t::no_approval()/>
                    <Radio name="setup-approval" id="setup-approval-named" value=ApprovalChoice::Approvers chosen=form.approval label=t::named()/>
                    <Radio name="setup-approval" id="setup-approval-sponsors" value=ApprovalChoice::Sponsors chosen=form.approval label=t::sponsors()/>
                    {move || (form.approval.get() == ApprovalChoice::Sponsors).then(|| {
                        let name = me.get().map(|m| m.name).unwrap_or_default();
                        view! { <p class="hint">{t::sponsors_hint(&name)}</p> }
                    })}
                </fieldset>
                <div prop:hidden=move || form.approval.get() != ApprovalChoice::Approvers>
                    <SponsorPicker
                        chosen=form.approvers.into()
                        on_change=Callback::new(move |p| form.approvers.set(p))
                        disabled=locked
                        id="setup-approver-search".to_string()
                        chosen_label=t::chosen_approvers()
                    />
                </div>
                <fieldset disabled=move || locked.get()>
                    <legend>{t::expiry()}</legend>
                    <Radio name="setup-expiry" id="setup-expiry-days" value=ExpiryChoice::AfterDays chosen=form.expiry label=t::after_days()/>
                    <label for="setup-days">{t::days()}</label>
                    <input
                        id="setup-days"
                        type="text"
                        inputmode="numeric"
                        disabled=move || form.expiry.get() == ExpiryChoice::Never
                        prop:value=move || form.days.get()
                        on:input=move |ev| form.days.set(event_target_value(&ev))
                    />
                    <Radio name="setup-expiry" id="setup-expiry-never" value=ExpiryChoice::Never chosen=form.expiry label=t::never()/>
                </fieldset>
                {move || {
                    let p = shown_problems.get();
                    (!p.is_empty()).then(|| view! {
                        <ul class="field-error" role="alert">{p.into_iter().map(|x| view! { <li>{t::problem(x)}</li> }).collect_view()}</ul>
                    })
                }}
                <button type="submit" disabled=move || locked.get()>{t::create()}</button>
            </form>
            {move || started.get().then(|| view! {
                <h3>{t::steps()}</h3>
                <ul class="setup-steps">
                    {STEPS.iter().enumerate().map(|(i, step)| view! {
                        <li>
                            {t::step(*step)}
                            ": "
                            <strong>{move || states.with(|s| t::state(&s[i]))}</strong>
                        </li>
                    }).collect_view()}
                </ul>
                {move || failed_step().map(|i| {
                    let failure = states.with(|s| match &s[i] { StepState::Failed(f) => Some(f.clone()), _ => None });
                    view! {
                        <div class="warning" role="alert">
                            <p>{t::failed_at(i + 1)}</p>
                            {failure.map(|f| match f {
                                SetupFailure::Graph(e) => view! { <ErrorPanel report=e.report()/> }.into_any(),
                                other => view! { <p>{t::failure(&other)}</p> }.into_any(),
                            })}
                        </div>
                        <div class="actions">
                            <button type="button" disabled=move || running.get() on:click=resume>{t::resume(i + 1)}</button>
                            <button type="button" class="secondary" disabled=move || running.get() on:click=change>{t::change()}</button>
                        </div>
                    }
                })}
                {move || states.with(|s| s.iter().all(StepState::is_done)).then(|| view! {
                    <p class="success" role="status">{t::ready(form.name.get_untracked())}</p>
                })}
            })}
        </section>
    }
}

#[component]
fn Radio<T: Copy + PartialEq + Send + Sync + 'static>(
    name: &'static str,
    id: &'static str,
    value: T,
    chosen: RwSignal<T>,
    label: &'static str,
) -> impl IntoView {
    view! {
        <div class="check">
            <input type="radio" id=id name=name prop:checked=move || chosen.get() == value on:change=move |_| chosen.set(value)/>
            <label for=id>{label}</label>
        </div>
    }
}

/// The tenant's connected organisations, each a checkbox.
#[component]
fn OrgChoices(orgs: Signal<Vec<ConnectedOrganization>>, chosen: RwSignal<Vec<ConnectedOrganization>>) -> impl IntoView {
    move || {
        let all = orgs.get();
        if all.is_empty() {
            return view! { <p class="hint">{t::no_orgs()}</p> }.into_any();
        }
        all.into_iter()
            .map(|o| {
                let id = format!("setup-org-{}", o.id);
                let name = o.display_name.clone().unwrap_or_else(|| o.id.clone());
                let (key, entry) = (o.id.clone(), o.clone());
                let checked = move || chosen.with(|c| c.iter().any(|x| x.id == key));
                let toggle = move |ev| {
                    let on = event_target_checked(&ev);
                    chosen.update(|c| {
                        c.retain(|x| x.id != entry.id);
                        if on {
                            c.push(entry.clone());
                        }
                    });
                };
                view! {
                    <div class="check">
                        <input type="checkbox" id=id.clone() prop:checked=checked on:change=toggle/>
                        <label for=id>{name}</label>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    }
}
