//! Deleting the selected guests who never accepted: the run's state, its progress and results, and their
//! export.

use super::ops::{self, Deletion};
use crate::components::paged_list::PagedList;
use crate::graph::batch::QueueSummary;
use crate::graph::guests::Guest;
use crate::text::{ui::guests as t, Explain};
use crate::web::cancel::Cancellation;
use crate::web::csv_export;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct DeleteRun {
    pub summary: RwSignal<Option<QueueSummary>>,
    pub results: RwSignal<Vec<(Guest, Deletion)>>,
    action: Action<Vec<Guest>, ()>,
}

impl DeleteRun {
    pub fn new(
        loader: StoredValue<PagedList<Guest>, LocalStorage>,
        selected: RwSignal<std::collections::BTreeSet<String>>,
    ) -> DeleteRun {
        let cancel = Cancellation::for_this_view();
        let graph = crate::shell::context::use_graph();
        let (summary, results) = (RwSignal::new(None), RwSignal::new(Vec::new()));
        let action = Action::new_local(move |guests: &Vec<Guest>| {
            let (graph, guests, cancel) = (graph.clone(), guests.clone(), cancel.clone());
            async move {
                let ids: Vec<String> = guests.iter().map(|g| g.id.clone()).collect();
                let report = move |s: QueueSummary| {
                    summary.try_set(Some(s));
                };
                let out = ops::delete_users(&graph, &ids, || cancel.is_cancelled(), report).await;
                let gone: Vec<String> =
                    ids.iter().zip(&out).filter(|(_, d)| d.is_done()).map(|(id, _)| id.clone()).collect();
                loader.try_with_value(|l| l.remove(|g| gone.contains(&g.id)));
                selected.try_update(|s| {
                    gone.iter().for_each(|id| {
                        s.remove(id);
                    })
                });
                results.try_set(guests.into_iter().zip(out).collect());
            }
        });
        DeleteRun { summary, results, action }
    }

    pub fn start(&self, guests: Vec<Guest>) {
        self.summary.set(None);
        self.results.set(Vec::new());
        self.action.dispatch(guests);
    }

    pub fn running(&self) -> Signal<bool> {
        self.action.pending().into()
    }
}

fn words(d: &Deletion) -> (String, String) {
    match d {
        Deletion::Deleted => (t::deleted().into(), String::new()),
        Deletion::AlreadyGone => (t::already_gone().into(), String::new()),
        Deletion::NotSent => (t::delete_not_sent().into(), String::new()),
        Deletion::Unknown => (t::delete_unknown().into(), String::new()),
        Deletion::Failed(e) => {
            let r = e.report();
            (t::delete_failed().into(), format!("{}: {}", r.title, r.what_happened))
        }
    }
}

fn export(results: &[(Guest, Deletion)]) -> Result<(), String> {
    let rows = results.iter().map(|(g, d)| {
        let (status, detail) = words(d);
        vec![
            g.display_name.clone().unwrap_or_default(),
            g.mail.clone().unwrap_or_default(),
            g.id.clone(),
            status,
            detail,
        ]
    });
    let header = [t::col_name(), t::col_email(), t::col_user_id(), t::col_result(), t::col_details()];
    csv_export::download(t::delete_export_file_name(), &header, rows)
}

#[component]
pub fn DeleteProgress(run: DeleteRun) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let progress = move || {
        let s = run.summary.get().unwrap_or_default();
        t::delete_progress(s.finished(), s.total, s.failed)
    };
    let rows = move || {
        run.results.with(|r| {
            r.iter()
                .map(|(g, d)| {
                    let (status, detail) = words(d);
                    view! {
                        <tr>
                            <td>{g.display_name.clone().unwrap_or_default()}</td>
                            <td>{g.mail.clone().unwrap_or_default()}</td>
                            <td>{status}</td>
                            <td>{detail}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section aria-labelledby="guests-delete-run-title">
            <h2 id="guests-delete-run-title">{t::delete_heading()}</h2>
            <p role="status" id="guests-delete-progress">{progress}</p>
            <p class="hint">{t::recycle_bin()}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="guests-delete-run-title">
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
            <button type="button" class="secondary" on:click=move |_| problem.set(run.results.with_untracked(|r| export(r)).err())>
                {t::export_deletions()}
            </button>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
        </section>
    }
}
