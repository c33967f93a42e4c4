//! The run's results: a paged table with status, what happened in words (the invitation's error, the groups
//! and profile after it), user id and redeem link (last, as the widest), "Retry failed rows", "Retry the failed
//! steps", and the export.

use super::outcome::{export_row, RowResult, StepColumns, EXPORT_HEADER};
use super::run::BulkRun;
use super::steps::{self, PlannedStep};
use crate::components::pager::{clamp_start, Pager, PAGE};
use crate::rules::follow_up::FollowUp;
use crate::rules::invitation_outcome::RowStatus;
use crate::text::{ui::bulk as t, Explain};
use crate::web::csv_export;
use leptos::prelude::*;

/// One table row, as shown.
struct Shown {
    line: u64,
    email: String,
    result: RowResult,
    /// The row's steps after its invitation, worded with the row.
    steps: StepColumns,
}

fn step_columns(steps: &[PlannedStep]) -> StepColumns {
    let names = steps.iter().filter_map(|p| match &p.follow_up {
        FollowUp::AddToGroup(g) => Some(g.name.as_str()),
        FollowUp::SetProfile(_) => None,
    });
    StepColumns {
        groups: names.collect::<Vec<_>>().join(";"),
        groups_outcome: t::groups_outcome(steps),
        profile_outcome: t::profile_outcome(steps),
    }
}

fn detail(r: &RowResult) -> String {
    match r {
        RowResult::Failed(e) => {
            let report = e.report();
            let ids = r
                .graph_error()
                .map(|(code, _, rid)| match rid {
                    Some(id) => t::error_ids(code, id),
                    None => t::error_code(code),
                })
                .unwrap_or_default();
            t::failed_detail(&report.title, &report.what_happened, ids)
        }
        RowResult::Confirmed { .. } => t::confirmed_detail().to_string(),
        RowResult::Conflict { .. } => t::conflict_detail().to_string(),
        RowResult::Unknown => t::unknown_detail().to_string(),
        RowResult::NotSent | RowResult::Sent(_) => String::new(),
    }
}

fn export(run: BulkRun) -> Result<(), String> {
    let rows: Vec<Vec<String>> = run.lines.with_untracked(|lines| {
        run.requests.with_untracked(|reqs| {
            run.results.with_untracked(|results| {
                run.steps.with_untracked(|steps| {
                    let row = |(i, ((line, req), res)): (usize, ((&u64, &_), &RowResult))| {
                        let cols = step_columns(steps.get(i).map_or(&[][..], Vec::as_slice));
                        export_row(*line, req, res, t::status(res.status()), cols)
                    };
                    lines.iter().zip(reqs).zip(results).enumerate().map(row).collect()
                })
            })
        })
    });
    csv_export::download(t::export_file_name(), &EXPORT_HEADER, rows)
}

#[component]
pub fn RunResults(run: BulkRun) -> impl IntoView {
    let start = RwSignal::new(0usize);
    let problem = RwSignal::new(None::<String>);
    let total = Signal::derive(move || run.results.with(Vec::len));
    let shown = move || -> Vec<Shown> {
        let first = clamp_start(start.get(), total.get());
        // Borrowed, not cloned: the run may hold 50,000 rows, and a page shows 100.
        run.results.with(|results| {
            run.lines.with(|lines| {
                run.requests.with(|reqs| {
                    (first..(first + PAGE).min(results.len()))
                        .filter_map(|i| {
                            Some(Shown {
                                line: *lines.get(i)?,
                                email: reqs.get(i)?.invited_user_email_address.clone(),
                                result: results.get(i)?.clone(),
                                steps: run.steps.with(|s| step_columns(s.get(i).map_or(&[][..], Vec::as_slice))),
                            })
                        })
                        .collect()
                })
            })
        })
    };
    let failed = move || run.results.with(|r| r.iter().filter(|r| r.retryable()).count());
    let failed_steps = move || run.steps.with(|s| steps::failed(s));
    let running = run.running();
    view! {
        <h2 id="bulk-results-title">{t::results_heading()}</h2>
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="bulk-results-title">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t::col_line()}</th>
                        <th scope="col">{t::col_email()}</th>
                        <th scope="col">{t::col_status()}</th>
                        <th scope="col">{t::col_detail()}</th>
                        <th scope="col">{t::col_user_id()}</th>
                        <th scope="col">{t::col_redeem()}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || shown().into_iter().map(|s| {
                        let r = &s.result;
                        let problem = !matches!(r.status(), RowStatus::Sent | RowStatus::Confirmed);
                        let (status, user_id) = (t::status(r.status()), r.user_id().unwrap_or_default().to_string());
                        let (redeem, detail) = (r.redeem_url().unwrap_or_default().to_string(), detail(r));
                        // The groups and profile after the invitation are told beside its own detail.
                        let detail = [detail, s.steps.groups_outcome, s.steps.profile_outcome]
                            .into_iter()
                            .filter(|w| !w.is_empty())
                            .collect::<Vec<_>>()
                            .join(crate::text::ui::sentence_separator());
                        view! {
                            <tr class:problem=problem>
                                <td>{s.line}</td>
                                <td>{s.email}</td>
                                <td>{status}</td>
                                <td class="detail">{detail}</td>
                                <td>{user_id}</td>
                                <td class="redeem">{redeem}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager id="bulk-results" start=start total=total/>
        <div class="actions">
            <button type="button" class="secondary" disabled=move || running.get() || failed() == 0 on:click=move |_| run.retry_failed()>
                {t::retry_failed()}
            </button>
            {move || (failed_steps() > 0).then(|| view! {
                <button type="button" class="secondary" disabled=move || running.get() on:click=move |_| run.retry_failed_steps()>
                    {crate::text::ui::follow_up::retry()}
                </button>
            })}
            <button type="button" on:click=move |_| problem.set(export(run).err())>{t::export()}</button>
        </div>
        <p class="warning">{t::credential_warning()}</p>
        {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
    }
}
