//! Step 3: the check of every row, with counts, a problems-only filter and a paged table.

use crate::components::pager::{clamp_start, Pager, PAGE};
use crate::rules::bulk_preflight::{Preflight, RowCheck};
use crate::text::{rules, ui::bulk as t};
use leptos::prelude::*;

#[component]
pub fn PreflightView(preflight: Memo<Option<Preflight>>) -> impl IntoView {
    let problems_only = RwSignal::new(false);
    let start = RwSignal::new(0usize);
    let total = Signal::derive(move || preflight.with(|p| p.as_ref().map_or(0, |p| total_of(p, problems_only.get()))));
    let shown = move || -> Vec<RowCheck> {
        let first = clamp_start(start.get(), total.get());
        preflight.with(|p| {
            let Some(p) = p else { return Vec::new() };
            let rows = p.rows.iter().filter(|r| !problems_only.get() || r.is_problem());
            rows.skip(first).take(PAGE).cloned().collect()
        })
    };
    let counts = move || preflight.with(|p| p.as_ref().map(|p| p.counts).unwrap_or_default());
    view! {
        <p role="status" id="bulk-counts">
            {move || {
                let c = counts();
                t::counts(c.send, c.invalid, c.duplicate, c.internal)
            }}
        </p>
        <div class="check">
            <input id="bulk-problems-only" type="checkbox" prop:checked=move || problems_only.get() on:change=move |ev| {
                problems_only.set(event_target_checked(&ev));
                start.set(0);
            }/>
            <label for="bulk-problems-only">{t::problems_only()}</label>
        </div>
        {move || (problems_only.get() && total.get() == 0).then(|| view! { <p>{t::no_problems()}</p> })}
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="bulk-check-title">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t::col_line()}</th>
                        <th scope="col">{t::col_email()}</th>
                        <th scope="col">{t::col_name()}</th>
                        <th scope="col">{t::col_what()}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || shown().into_iter().map(|r| {
                        let (problem, what) = (r.is_problem(), rules::verdict(&r.verdict));
                        view! {
                            <tr class:problem=problem>
                                <td>{r.line}</td>
                                <td>{r.email}</td>
                                <td>{r.display_name}</td>
                                <td>{what}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager id="bulk-check" start=start total=total/>
    }
}

fn total_of(p: &Preflight, problems_only: bool) -> usize {
    if problems_only {
        p.rows.iter().filter(|r| r.is_problem()).count()
    } else {
        p.rows.len()
    }
}
