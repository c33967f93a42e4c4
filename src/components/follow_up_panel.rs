//! What followed an invitation: each group joined and the profile written, one row each with its result, the
//! tally above them, and "Retry the failed steps", which runs only those again (never the invitation). The
//! steps start when the panel shows and stop when the page is left.

use crate::ops::follow_up::run_step;
use crate::rules::follow_up::{tally, to_retry, FollowUp, PlannedStep, StepOutcome};
use crate::shell::context::use_graph;
use crate::text::ui::follow_up as t;
use crate::web::cancel::Cancellation;
use futures::stream::{FuturesUnordered, StreamExt};
use leptos::prelude::*;

#[component]
pub fn FollowUpPanel(user_id: String, steps: Vec<FollowUp>) -> impl IntoView {
    let graph = use_graph();
    let cancel = Cancellation::for_this_view();
    let plan = StoredValue::new(steps.clone());
    // `None` while a step runs.
    let outcomes = RwSignal::new(vec![None::<StepOutcome>; steps.len()]);
    let run = Action::new_local(move |which: &Vec<usize>| {
        let (graph, user_id, cancel, which) = (graph.clone(), user_id.clone(), cancel.clone(), which.clone());
        let steps = plan.get_value();
        outcomes.update(|o| which.iter().for_each(|&i| o[i] = None));
        async move {
            let mut running: FuturesUnordered<_> = which
                .into_iter()
                .filter_map(|i| steps.get(i).cloned().map(|s| (i, s)))
                .map(|(i, step)| {
                    let (graph, user_id, cancel) = (graph.clone(), user_id.clone(), cancel.clone());
                    async move { (i, run_step(&graph, &user_id, &step, &cancel).await) }
                })
                .collect();
            while let Some((i, outcome)) = running.next().await {
                if cancel.is_cancelled() {
                    return;
                }
                outcomes.try_update(|o| o[i] = Some(outcome));
            }
        }
    });
    run.dispatch((0..steps.len()).collect());
    let rows = move || {
        let zipped = plan.get_value().into_iter().zip(outcomes.get());
        zipped.map(|(follow_up, outcome)| PlannedStep { follow_up, outcome }).collect::<Vec<_>>()
    };
    let summary = move || {
        let s = tally(&rows());
        let mut lines = Vec::new();
        if s.groups > 0 {
            lines.push(t::groups(s.groups_done, s.groups));
        }
        if s.profile && s.running == 0 {
            lines.push(if s.profile_done { t::profile_written() } else { t::profile_not_written() }.to_string());
        }
        if s.running == 0 {
            lines.push(match s.failed {
                0 => t::all_done().to_string(),
                n => t::failed(n, s.groups + usize::from(s.profile)),
            });
        }
        lines.join(" ")
    };
    let pending = run.pending();
    let retryable = move || !pending.get() && !to_retry(&rows()).is_empty();
    view! {
        <section class="follow-up" aria-labelledby="follow-up-title">
            <h3 id="follow-up-title">{t::heading()}</h3>
            <p role="status">{summary}</p>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t::step()}</th>
                        <th scope="col">{t::result()}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        rows()
                            .into_iter()
                            .map(|PlannedStep { follow_up: step, outcome }| {
                                let failed = outcome.as_ref().is_some_and(|o| !o.succeeded());
                                view! {
                                    <tr class:failed=failed>
                                        <td>{t::step_name(&step)}</td>
                                        <td>{t::outcome(outcome.as_ref())}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            {move || retryable().then(|| view! {
                <p class="hint" id="follow-up-retry-hint">{t::retry_hint()}</p>
                <button
                    type="button"
                    aria-describedby="follow-up-retry-hint"
                    on:click=move |_| {
                        run.dispatch(to_retry(&rows()));
                    }
                >
                    {t::retry()}
                </button>
            })}
        </section>
    }
}
