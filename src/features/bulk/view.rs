//! The bulk view: the file, the settings for rows that leave them out, the check of every row, the run,
//! and its results.

use super::input::{FileInput, Source};
use super::ops::look_up_names;
use super::preflight_view::PreflightView;
use super::send_panel::SendPanel;
use crate::batch_run::keeper::Keeper;
use crate::batch_run::results::RunResults;
use crate::batch_run::run::{BulkRun, RunProgress};
use crate::batch_run::saved_run::SavedRun;
use crate::components::domain_policy_note::DomainPolicyWarnings;
use crate::components::invitation_fields::{DraftForm, InvitationSettingsFields};
use crate::graph::directory_roles::my_capabilities;
use crate::graph::error::GraphError;
use crate::rules::bulk_file::{self, BulkFile, FileProblem};
use crate::rules::bulk_preflight::{self, BulkDefaults, DirectoryFacts, Preflight};
use crate::rules::directory_names::{self, NameLookups};
use crate::rules::follow_up::{role_groups, RoleAssignableGroups};
use crate::rules::internal_user_rules::own_domains;
use crate::rules::invitation_draft::InvitationDraft;
use crate::shell::context::{use_config, use_graph, use_session};
use crate::shell::page_memory::remembered;
use crate::shell::routing::Route;
use crate::text::Explain;
use crate::text::{rules, ui, ui::bulk as t};
use crate::web::browser;
use leptos::prelude::*;

/// The settings block's draft, kept like the invite form's.
const DEFAULTS_KEY: &str = "b2b.draft.bulk-defaults";

fn defaults_of(d: &InvitationDraft) -> BulkDefaults {
    BulkDefaults {
        redirect_url: d.redirect_url.clone(),
        send_email: d.send_email,
        language: d.language.clone(),
        message: d.message.clone(),
        cc: d.cc.clone(),
    }
}

/// The check, recomputed when the file, a default or what is known of the directory changes; none while the
/// file's names are being looked up.
fn preflight_of(
    file: Memo<Option<Result<BulkFile, FileProblem>>>,
    form: DraftForm,
    facts: Memo<Option<DirectoryFacts>>,
) -> Memo<Option<Preflight>> {
    let config = use_config();
    let status = use_session().status();
    let tenant = config.tenant();
    Memo::new(move |_| {
        let own = status.with(|s| own_domains(None, s.username(), &tenant));
        let defaults = form.draft.with(defaults_of);
        facts.with(|facts| {
            let facts = facts.as_ref()?;
            file.with(|f| match f {
                Some(Ok(f)) => Some(bulk_preflight::run(f, &defaults, &own, facts)),
                _ => None,
            })
        })
    })
}

/// The group and sponsor names in the file: looked up once each, when the file changes.
struct NameCheck {
    names: Memo<(Vec<String>, Vec<String>)>,
    looked_up: LocalResource<(NameLookups, Option<GraphError>)>,
    facts: Memo<Option<DirectoryFacts>>,
}

fn name_check(file: Memo<Option<Result<BulkFile, FileProblem>>>) -> NameCheck {
    let names = Memo::new(move |_| {
        file.with(|f| match f {
            Some(Ok(f)) => directory_names::wanted(f),
            _ => (Vec::new(), Vec::new()),
        })
    });
    let graph = use_graph();
    let looked_up = LocalResource::new(move || {
        let (graph, (groups, sponsors)) = (graph.clone(), names.get());
        async move {
            match groups.is_empty() && sponsors.is_empty() {
                true => (NameLookups::default(), None),
                false => look_up_names(&graph, &groups, &sponsors).await,
            }
        }
    });
    let graph = use_graph();
    // Role-assignable groups are refused unless the admin's roles allow them; read only when groups are named.
    let roles = LocalResource::new(move || {
        let (graph, needed) = (graph.clone(), names.with(|n| !n.0.is_empty()));
        async move {
            match needed {
                true => my_capabilities(&graph).await.map(|c| role_groups(&c.roles)).unwrap_or_default(),
                false => RoleAssignableGroups::default(),
            }
        }
    });
    let granted = use_session().granted_scopes();
    let facts = Memo::new(move |_| {
        let (lookups, _) = looked_up.get()?;
        Some(DirectoryFacts { lookups, role_groups: roles.get()?, granted: granted.get() })
    });
    NameCheck { names, looked_up, facts }
}

#[component]
pub fn BulkPage() -> impl IntoView {
    let config = use_config();
    let form = DraftForm::kept(DEFAULTS_KEY, "bulk");
    let source = remembered("bulk.source", || None::<Source>);
    let file = Memo::new(move |_| source.with(|s| s.as_ref().map(|s| bulk_file::read(&s.bytes))));
    let names = name_check(file);
    let preflight = preflight_of(file, form, names.facts);
    let run = BulkRun::new(use_graph());
    title_follows_progress(run, config.organization.display_name.clone());
    let file_name = Signal::derive(move || source.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default()));
    // Sections are rebuilt only when they appear or go, never under the admin's cursor while a run goes
    // or while a default is typed.
    let checked = Memo::new(move |_| preflight.with(Option::is_some));
    let domains =
        Memo::new(move |_| preflight.with(|p| p.as_ref().map(Preflight::domains_to_send).unwrap_or_default()));
    let running = run.running();
    let has_run = Memo::new(move |_| running.get() || run.has_results());
    view! {
        <h1 id="page-title" tabindex="-1" class="wide-page">{t::title()}</h1>
        <p>{t::intro()}</p>
        <ResumeOffer run=run/>
        <section aria-labelledby="bulk-file-title">
            <h2 id="bulk-file-title">{t::file_heading()}</h2>
            <FileInput source=source/>
            <FileSummary source=source file=file/>
            <NameCheckStatus check=names/>
        </section>
        <section aria-labelledby="bulk-defaults-title">
            <h2 id="bulk-defaults-title">{t::defaults_heading()}</h2>
            <p class="hint">{t::defaults_hint()}</p>
            <InvitationSettingsFields form=form/>
        </section>
        {move || checked.get().then(|| view! {
            <section aria-labelledby="bulk-check-title">
                <h2 id="bulk-check-title">{t::check_heading()}</h2>
                <DomainPolicyWarnings domains=domains/>
                <PreflightView preflight=preflight/>
                <SendPanel run=run preflight=preflight file_name=file_name/>
            </section>
        })}
        {move || has_run.get().then(|| view! {
            <section aria-labelledby="bulk-run-title">
                <h2 id="bulk-run-title">{t::run_heading()}</h2>
                <RunProgress run=run/>
                <RunResults run=run/>
            </section>
        })}
    }
}

/// What was read, or why the file cannot be used.
#[component]
fn FileSummary(source: RwSignal<Option<Source>>, file: Memo<Option<Result<BulkFile, FileProblem>>>) -> impl IntoView {
    move || {
        let name = source.with(|s| s.as_ref().map(|s| s.name.clone())).unwrap_or_default();
        file.with(|f| match f {
            None => ().into_any(),
            Some(Err(p)) => view! { <p class="field-error" role="alert" id="bulk-file-problem">{format!("{name}: {}", rules::file_problem(p))}</p> }.into_any(),
            Some(Ok(f)) => {
                let ignored = (!f.ignored_columns.is_empty()).then(|| t::ignored_columns(f.ignored_columns.join(ui::list_separator())));
                view! {
                    <p role="status">{t::loaded(&name, f.rows.len())}</p>
                    {ignored.map(|i| view! { <p class="hint">{i}</p> })}
                }
                .into_any()
            }
        })
    }
}

/// While the file's names are looked up, and why they could not be, with a way to try again.
#[component]
fn NameCheckStatus(check: NameCheck) -> impl IntoView {
    let NameCheck { names, looked_up, facts } = check;
    move || {
        let (groups, sponsors) = names.with(|(g, s)| (g.len(), s.len()));
        if groups + sponsors == 0 {
            return None;
        }
        if facts.with(Option::is_none) {
            return Some(view! { <p role="status">{t::looking_up(groups, sponsors)}</p> }.into_any());
        }
        let problem = looked_up.get().and_then(|(_, p)| p)?;
        let why = problem.report().what_happened;
        Some(view! {
            <p class="field-error" role="alert">{t::lookup_failed(why)}</p>
            <button type="button" class="secondary" on:click=move |_| looked_up.refetch()>{t::lookup_again()}</button>
        }.into_any())
    }
}

/// While a run goes, the tab's title shows the percentage, for an admin working in another tab.
fn title_follows_progress(run: BulkRun, org: String) {
    Effect::new(move |_| {
        let base = ui::document_title(&Route::BulkInvite, &org);
        match (run.running().get(), run.summary.get()) {
            (true, Some(s)) if s.total > 0 => {
                let pct = (s.finished() * 100 / s.total) as u32;
                browser::set_document_title(&format!("{}{base}", t::title_progress(pct)));
            }
            _ => browser::set_document_title(&base),
        }
    });
}

/// A run that a reload or a crash interrupted: resume it (rows that may have gone out are looked up first)
/// or discard it.
#[component]
fn ResumeOffer(run: BulkRun) -> impl IntoView {
    let status = use_session().status();
    let offered = RwSignal::new(None::<(SavedRun, Vec<usize>)>);
    Effect::new(move |_| {
        if let Some(account) = status.with(|s| s.username().map(str::to_string)) {
            leptos::task::spawn_local(async move {
                let found = Keeper::load(&account).await;
                offered.try_set(found);
            });
        }
    });
    move || {
        let (saved, launched) = offered.get()?;
        let label = t::resume(saved.left(), saved.rows.len());
        let note = t::resume_note(&saved.file_name);
        let (resume_saved, resume_launched) = (saved.clone(), launched.clone());
        Some(view! {
            <div class="warning" role="region" aria-labelledby="bulk-resume-title">
                <h2 id="bulk-resume-title">{t::resume_title()}</h2>
                <p>{note}</p>
                <div class="actions">
                    <button type="button" on:click=move |_| {
                        offered.set(None);
                        run.resume(resume_saved.clone(), &resume_launched);
                    }>{label}</button>
                    <button type="button" class="secondary" on:click=move |_| {
                        offered.set(None);
                        leptos::task::spawn_local(Keeper::discard());
                    }>{t::discard()}</button>
                </div>
            </div>
        })
    }
}
