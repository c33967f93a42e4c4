//! A run's state and its progress: what is sent, what came back, pause, resume and cancel.

use super::follow_ups::run_steps;
use super::keeper::Keeper;
use super::outcome::RowResult;
use super::round::Control;
use super::saved_run::{SavedRow, SavedRun};
use super::send::{self, LostAnswer, RunHooks};
use super::steps::{self, PlannedStep, SavedStep, StepWork};
use crate::graph::batch::QueueSummary;
use crate::graph::client::GraphClient;
use crate::graph::invitations::InvitationRequest;
use crate::graph::pacing::Pacer;
use crate::rules::bulk_preflight::Preflight;
use crate::rules::follow_up::{FollowUp, InvitePlan, StepOutcome};
use crate::text::ui::bulk as t;
use crate::web::cancel::Cancellation;
use leptos::prelude::*;

/// Puts each progress report in `summary`: called on every tick, so only a change re-renders.
fn shown_in(summary: RwSignal<Option<QueueSummary>>) -> impl Fn(QueueSummary) {
    move |s| {
        if summary.try_get_untracked() != Some(Some(s)) {
            summary.try_set(Some(s));
        }
    }
}

/// One dispatch: the run's rows to go (indices into the run), those to look up first, and the run to
/// start keeping when it is new or resumed.
#[derive(Clone)]
pub struct Job {
    rows: Vec<usize>,
    check_first: Vec<usize>,
    keep: Option<SavedRun>,
}

/// What a run sends, which decides how it is kept and how a lost answer is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// New invitations from a file: kept for resuming, lost answers looked up.
    Invitations,
    /// Resends to existing guests: not kept (sending one again is harmless), lost answers sent again.
    Resends,
}

/// Everything about the current run; rows keep their file lines for the results and the export.
#[derive(Clone, Copy)]
pub struct BulkRun {
    pub control: RwSignal<Control>,
    pub summary: RwSignal<Option<QueueSummary>>,
    pub started_ms: RwSignal<f64>,
    pub concurrency: RwSignal<usize>,
    pub lines: RwSignal<Vec<u64>>,
    pub requests: RwSignal<Vec<InvitationRequest>>,
    pub results: RwSignal<Vec<RowResult>>,
    /// Each row's groups and profile after its invitation, with their outcomes.
    pub steps: RwSignal<Vec<Vec<PlannedStep>>>,
    /// Where the steps after the invitations stand, once there are any.
    pub step_summary: RwSignal<Option<QueueSummary>>,
    /// Who runs it and from which file, for the kept copy.
    owner: StoredValue<(String, String)>,
    /// Why this browser cannot keep the run for resuming, when it cannot.
    pub not_kept: RwSignal<Option<String>>,
    kind: StoredValue<RunKind>,
    action: Action<Job, ()>,
}

impl BulkRun {
    pub fn new(graph: GraphClient) -> BulkRun {
        // Leaving the page stops the run before it touches a disposed signal.
        let cancel = Cancellation::for_this_view();
        let (control, summary) = (RwSignal::new(Control::Go), RwSignal::new(None));
        let (concurrency, requests, results) =
            (RwSignal::new(4usize), RwSignal::new(Vec::new()), RwSignal::new(Vec::new()));
        let keeper = StoredValue::new(Keeper::default());
        let not_kept = RwSignal::new(None::<String>);
        let kind = StoredValue::new(RunKind::Invitations);
        let (steps, step_summary) = (RwSignal::new(Vec::<Vec<PlannedStep>>::new()), RwSignal::new(None));
        let action = Action::new_local(move |job: &Job| {
            let (graph, mut job, cancel, keeper) = (graph.clone(), job.clone(), cancel.clone(), keeper.get_value());
            let kind = kind.get_value();
            let batch: Vec<InvitationRequest> = requests.with_untracked(|r: &Vec<InvitationRequest>| {
                job.rows.iter().filter_map(|&i| r.get(i).cloned()).collect()
            });
            let width = concurrency.get_untracked();
            async move {
                let wanted = move || match cancel.is_cancelled() {
                    true => Control::Cancel,
                    false => control.try_get_untracked().unwrap_or(Control::Cancel),
                };
                let report = shown_in(summary);
                let keeping = kind == RunKind::Invitations;
                if let Some(run) = job.keep.take().filter(|_| keeping) {
                    let kept = keeper.begin(run, &job.check_first).await;
                    not_kept.try_set(kept.err());
                }
                // Both lists are in row order.
                let first: Vec<usize> = job
                    .rows
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| job.check_first.binary_search(r).is_ok())
                    .map(|(p, _)| p)
                    .collect();
                let (hooks, lost) = match keeping {
                    true => (keeper.hooks(job.rows.clone()), LostAnswer::LookUp),
                    false => (RunHooks::none(), LostAnswer::SendAgain),
                };
                let mut pacer = Pacer::default();
                let out = match batch.is_empty() {
                    true => Vec::new(),
                    false => send::run(&graph, &batch, &first, lost, width, &wanted, report, &hooks, &mut pacer).await,
                };
                results.try_update(|all: &mut Vec<RowResult>| {
                    for (result, &i) in out.into_iter().zip(&job.rows) {
                        if let Some(slot) = all.get_mut(i) {
                            *slot = result;
                        }
                    }
                });
                // Then the groups and profiles of every invited row, the invitations having answered.
                let work: Vec<StepWork> = results
                    .with_untracked(|r| {
                        let users: Vec<Option<String>> =
                            r.iter().map(|r| r.user_id_to_follow().map(str::to_string)).collect();
                        steps.try_with_untracked(|s| steps::work(s, &users))
                    })
                    .unwrap_or_default();
                if !work.is_empty() {
                    // The invitations' outcomes are kept before the steps begin: a reload then resumes the steps.
                    if keeping {
                        keeper.save().await;
                    }
                    let settled = |w: &StepWork, o: &StepOutcome| {
                        steps.try_update(|s| {
                            if let Some(slot) = s.get_mut(w.row).and_then(|r| r.get_mut(w.step)) {
                                slot.outcome = Some(o.clone());
                                if keeping {
                                    keeper.step_settled(w.row, w.step, SavedStep::from(&*slot));
                                }
                            }
                        });
                    };
                    run_steps(&graph, &work, width, &mut pacer, &wanted, shown_in(step_summary), &settled).await;
                }
                if keeping {
                    keeper.finish().await;
                }
            }
        });
        BulkRun {
            control,
            summary,
            started_ms: RwSignal::new(0.0),
            concurrency,
            lines: RwSignal::new(Vec::new()),
            requests,
            results,
            steps,
            step_summary,
            owner: StoredValue::new((String::new(), String::new())),
            not_kept,
            kind,
            action,
        }
    }

    pub fn running(&self) -> Signal<bool> {
        self.action.pending().into()
    }

    fn dispatch(&self, job: Job) {
        self.control.set(Control::Go);
        // A retry of the steps alone keeps the invitations' last progress on show.
        if !job.rows.is_empty() {
            self.summary.set(None);
        }
        self.step_summary.set(None);
        self.started_ms.set(js_sys::Date::now());
        self.action.dispatch(job);
    }

    /// Sends the preflight's rows, keeping the run so that a reload can resume it.
    pub fn start(&self, preflight: &Preflight, account: String, file_name: String) {
        let (lines, plans): (Vec<u64>, Vec<&InvitePlan>) = preflight.to_send().unzip();
        let requests = plans.iter().map(|p| p.request.clone()).collect();
        let planned = plans.iter().map(|p| p.follow_ups.iter().cloned().map(PlannedStep::to_do).collect()).collect();
        self.kind.set_value(RunKind::Invitations);
        self.steps.set(planned);
        self.start_rows(lines, requests, account, file_name);
    }

    /// Sends invitations again to existing guests (`lines` number them for the results), each followed by
    /// `follow_ups` (the groups the admin chose for this resend, or none).
    pub fn start_resends(
        &self,
        lines: Vec<u64>,
        requests: Vec<InvitationRequest>,
        account: String,
        follow_ups: Vec<FollowUp>,
    ) {
        self.kind.set_value(RunKind::Resends);
        let planned: Vec<PlannedStep> = follow_ups.into_iter().map(PlannedStep::to_do).collect();
        self.steps.set(vec![planned; requests.len()]);
        self.start_rows(lines, requests, account, String::new());
    }

    fn start_rows(&self, lines: Vec<u64>, requests: Vec<InvitationRequest>, account: String, file_name: String) {
        let n = requests.len();
        self.owner.set_value((account, file_name));
        self.lines.set(lines);
        self.requests.set(requests);
        self.results.set(vec![RowResult::NotSent; n]);
        self.dispatch(Job { rows: (0..n).collect(), check_first: Vec::new(), keep: Some(self.saved_now()) });
    }

    /// Goes on with a run a reload interrupted: rows that may have gone out are looked up first.
    pub fn resume(&self, saved: SavedRun, launched: &[usize]) {
        self.kind.set_value(RunKind::Invitations);
        let plan = saved.resume_plan(launched);
        self.owner.set_value((saved.account.clone(), saved.file_name.clone()));
        let mut rows: Vec<usize> = plan.check_first.iter().chain(&plan.send).copied().collect();
        rows.sort_unstable();
        self.lines.set(saved.lines.clone());
        self.requests.set(saved.requests.clone());
        self.results.set(plan.results);
        self.steps.set(plan.steps);
        self.dispatch(Job { rows, check_first: plan.check_first, keep: Some(saved) });
    }

    /// Sends the failed and unsent rows of the last run again.
    pub fn retry_failed(&self) {
        let again: Vec<usize> = self
            .results
            .with_untracked(|r| r.iter().enumerate().filter(|(_, r)| r.retryable()).map(|(i, _)| i).collect());
        if !again.is_empty() {
            self.dispatch(Job { rows: again, check_first: Vec::new(), keep: Some(self.saved_now()) });
        }
    }

    /// Runs the failed steps after the invitations again (never an invitation).
    pub fn retry_failed_steps(&self) {
        let mut reopened = 0;
        self.steps.update(|s| reopened = steps::reopen_failed(s));
        if reopened > 0 {
            self.dispatch(Job { rows: Vec::new(), check_first: Vec::new(), keep: Some(self.saved_now()) });
        }
    }

    /// The run as it stands, to keep (when it starts, and again for a retry: a finished run was forgotten).
    fn saved_now(&self) -> SavedRun {
        let (account, file_name) = self.owner.get_value();
        SavedRun {
            account,
            file_name,
            lines: self.lines.get_untracked(),
            requests: self.requests.get_untracked(),
            rows: self.results.with_untracked(|r| r.iter().map(SavedRow::from).collect()),
            steps: self.steps.with_untracked(|s| s.iter().map(|r| r.iter().map(SavedStep::from).collect()).collect()),
        }
    }

    pub fn has_results(&self) -> bool {
        self.results.with(|r| !r.is_empty())
    }
}

/// The progress bar, the counts, the rate and the controls while a run goes.
#[component]
pub fn RunProgress(run: BulkRun) -> impl IntoView {
    let running = run.running();
    let summary = move || run.summary.get().unwrap_or_default();
    let rate = move || {
        let s = summary();
        let elapsed_ms = (js_sys::Date::now() - run.started_ms.get()).max(0.0) as u64;
        let done = s.finished() as u64;
        let left = s.total.saturating_sub(s.finished()) as u64;
        (elapsed_ms > 500 && done > 0).then(|| t::rate(done * 60_000 / elapsed_ms, left * elapsed_ms / done / 1000))
    };
    let paused = move || run.control.get() == Control::Pause;
    view! {
        <label id="bulk-progress-label" for="bulk-progress">{t::progress_label()}</label>
        <progress id="bulk-progress" max=move || summary().total.max(1) value=move || summary().finished()></progress>
        <p role="status" id="bulk-progress-text">{move || t::progress(&summary())}</p>
        {move || run.step_summary.get().map(|s| view! {
            <p role="status" id="bulk-steps-progress">{t::steps_progress(s.succeeded, s.total, s.failed)}</p>
        })}
        <p class="hint">{rate}</p>
        {move || run.not_kept.get().map(|why| view! { <p class="warning" role="alert">{t::not_kept(&why)}</p> })}
        {move || running.get().then(|| view! {
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| run.control.update(|c| *c = if *c == Control::Pause { Control::Go } else { Control::Pause })>
                    {move || if paused() { t::resume_sending() } else { t::pause() }}
                </button>
                <button type="button" class="secondary" on:click=move |_| run.control.set(Control::Cancel)>{t::cancel()}</button>
            </div>
            <p>
                {move || match run.control.get() {
                    Control::Pause => t::paused(),
                    Control::Cancel => t::cancelling(),
                    Control::Go => t::leave_warning(),
                }}
            </p>
        })}
    }
}
