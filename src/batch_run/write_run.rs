//! A run of one write per user as a page shows it: what is sent, pause, resume and cancel, each user's
//! outcome, the export, and "Retry the failed ones", which sends only those again.

use super::round::Control;
use super::user_writes::{write_all, WriteOutcome};
use crate::graph::batch::{BatchItem, ItemOutcome, QueueSummary};
use crate::graph::error::GraphError;
use crate::graph::groups::MemberRef;
use crate::graph::guests::{sign_in_access_item, sponsors_ref_path};
use crate::rules::user_change::UserChange;
use crate::text::{ui::writes as t, Explain};
use crate::web::cancel::Cancellation;
use crate::web::csv_export;
use leptos::prelude::*;

/// The request that carries the change for one user.
fn item(change: &UserChange, graph_root: &str, id: &str) -> Result<BatchItem, GraphError> {
    match change {
        UserChange::SignIn(access) => sign_in_access_item(id, *access),
        UserChange::AddSponsor(p) => BatchItem::post(&sponsors_ref_path(id), &MemberRef::new(graph_root, &p.id)),
    }
}

/// What an answer means: a sponsor already there (400 "…already exist…") is what was asked for.
fn outcome(change: &UserChange, o: &ItemOutcome) -> WriteOutcome {
    match (change, o) {
        (UserChange::AddSponsor(_), ItemOutcome::Failed(GraphError::Http { status: 400, message, .. }))
            if message.to_ascii_lowercase().contains("already exist") =>
        {
            WriteOutcome::Done
        }
        _ => WriteOutcome::of(o),
    }
}

/// A user the run writes to, as the results name them.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteTarget {
    pub id: String,
    pub name: String,
    pub address: String,
}

#[derive(Clone, Copy)]
pub struct WriteRun {
    pub control: RwSignal<Control>,
    pub summary: RwSignal<Option<QueueSummary>>,
    pub change: RwSignal<Option<UserChange>>,
    /// Each user with their outcome once it is known.
    pub rows: RwSignal<Vec<(WriteTarget, Option<WriteOutcome>)>>,
    action: Action<Vec<usize>, ()>,
}

impl WriteRun {
    /// `done` hears the change and the users it was carried out for, after each dispatch.
    pub fn new(done: Callback<(UserChange, Vec<String>)>) -> WriteRun {
        let cancel = Cancellation::for_this_view();
        let graph = crate::shell::context::use_graph();
        let (control, summary) = (RwSignal::new(Control::Go), RwSignal::new(None));
        let change = RwSignal::new(None::<UserChange>);
        let rows = RwSignal::new(Vec::<(WriteTarget, Option<WriteOutcome>)>::new());
        let action = Action::new_local(move |picked: &Vec<usize>| {
            let (graph, picked, cancel) = (graph.clone(), picked.clone(), cancel.clone());
            let what = change.get_untracked();
            let targets: Vec<WriteTarget> =
                rows.with_untracked(|r| picked.iter().filter_map(|&i| r.get(i).map(|(t, _)| t.clone())).collect());
            async move {
                let Some(what) = what else { return };
                let root = graph.base_url();
                let (mut items, mut sent, mut outcomes) = (Vec::new(), Vec::new(), Vec::new());
                for (&i, target) in picked.iter().zip(&targets) {
                    match item(&what, &root, &target.id) {
                        Ok(item) => {
                            items.push(item);
                            sent.push(i);
                        }
                        Err(e) => outcomes.push((i, WriteOutcome::Failed(e))),
                    }
                }
                let wanted = move || match cancel.is_cancelled() {
                    true => Control::Cancel,
                    false => control.try_get_untracked().unwrap_or(Control::Cancel),
                };
                let report = move |s: QueueSummary| {
                    if summary.try_get_untracked() != Some(Some(s)) {
                        summary.try_set(Some(s));
                    }
                };
                let answers = write_all(&graph, &items, &|o| outcome(&what, o), &wanted, &report).await;
                outcomes.extend(sent.into_iter().zip(answers));
                let ids: Vec<String> = outcomes
                    .iter()
                    .filter(|(_, o)| o.is_done())
                    .filter_map(|(i, _)| rows.try_with_untracked(|r| r.get(*i).map(|(t, _)| t.id.clone())).flatten())
                    .collect();
                rows.try_update(|r| {
                    for (i, o) in outcomes {
                        if let Some(slot) = r.get_mut(i) {
                            slot.1 = Some(o);
                        }
                    }
                });
                done.run((what, ids));
            }
        });
        WriteRun { control, summary, change, rows, action }
    }

    pub fn start(&self, what: UserChange, targets: Vec<WriteTarget>) {
        let n = targets.len();
        self.control.set(Control::Go);
        self.summary.set(None);
        self.change.set(Some(what));
        self.rows.set(targets.into_iter().map(|t| (t, None)).collect());
        self.action.dispatch((0..n).collect());
    }

    /// Sends again only the users whose write did not go through.
    pub fn retry_failed(&self) {
        let failed: Vec<usize> = self
            .rows
            .with_untracked(|r| (0..r.len()).filter(|&i| r[i].1.as_ref().is_some_and(|o| !o.is_done())).collect());
        if !failed.is_empty() {
            self.control.set(Control::Go);
            self.summary.set(None);
            self.action.dispatch(failed);
        }
    }

    pub fn running(&self) -> Signal<bool> {
        self.action.pending().into()
    }

    fn failed(&self) -> usize {
        self.rows.with(|r| r.iter().filter(|(_, o)| o.as_ref().is_some_and(|o| !o.is_done())).count())
    }
}

/// The outcome and the reason, in words.
fn words(what: Option<&UserChange>, o: Option<&WriteOutcome>) -> (String, String) {
    match o {
        None => (t::waiting().into(), String::new()),
        Some(WriteOutcome::Done) => (t::done(what), String::new()),
        Some(WriteOutcome::NotSent) => (t::not_sent().into(), String::new()),
        Some(WriteOutcome::Unknown) => (t::unknown().into(), String::new()),
        Some(WriteOutcome::Failed(e)) => {
            let r = e.report();
            (t::failed().into(), format!("{}: {}", r.title, r.what_happened))
        }
    }
}

fn export(what: Option<&UserChange>, rows: &[(WriteTarget, Option<WriteOutcome>)]) -> Result<(), String> {
    let lines = rows.iter().map(|(target, o)| {
        let (status, detail) = words(what, o.as_ref());
        vec![target.name.clone(), target.address.clone(), target.id.clone(), status, detail]
    });
    let header = [t::col_name(), t::col_email(), t::col_user_id(), t::col_result(), t::col_details()];
    csv_export::download(t::export_file_name(), &header, lines)
}

/// The run's heading, progress, controls, each user's outcome, the export and the retry.
#[component]
pub fn WriteRunPanel(run: WriteRun) -> impl IntoView {
    let running = run.running();
    let problem = RwSignal::new(None::<String>);
    let summary = move || run.summary.get().unwrap_or_default();
    let paused = move || run.control.get() == Control::Pause;
    let rows = move || {
        let what = run.change.get();
        run.rows.with(|r| {
            r.iter()
                .map(|(target, o)| {
                    let (status, detail) = words(what.as_ref(), o.as_ref());
                    view! {
                        <tr>
                            <td>{target.name.clone()}</td>
                            <td>{target.address.clone()}</td>
                            <td>{status}</td>
                            <td>{detail}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section aria-labelledby="writes-title">
            <h2 id="writes-title">{move || run.change.with(|c| t::heading(c.as_ref()))}</h2>
            <progress aria-labelledby="writes-title" max=move || summary().total.max(1) value=move || summary().finished()></progress>
            <p role="status" id="writes-progress">{move || { let s = summary(); t::progress(s.finished(), s.total, s.failed) }}</p>
            {move || running.get().then(|| view! {
                <div class="actions">
                    <button type="button" class="secondary" on:click=move |_| run.control.update(|c| *c = if *c == Control::Pause { Control::Go } else { Control::Pause })>
                        {move || if paused() { t::resume() } else { t::pause() }}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| run.control.set(Control::Cancel)>{t::cancel()}</button>
                </div>
                {move || paused().then(|| view! { <p>{t::paused()}</p> })}
            })}
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="writes-title">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t::col_name()}</th>
                            <th scope="col">{t::col_email()}</th>
                            <th scope="col">{t::col_result()}</th>
                            <th scope="col">{t::col_details()}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <div class="actions">
                {move || (!running.get() && run.failed() > 0).then(|| view! {
                    <button type="button" on:click=move |_| run.retry_failed()>{t::retry_failed(run.failed())}</button>
                })}
                <button type="button" class="secondary" on:click=move |_| problem.set(run.rows.with_untracked(|r| export(run.change.get_untracked().as_ref(), r)).err())>
                    {t::export()}
                </button>
            </div>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
        </section>
    }
}
