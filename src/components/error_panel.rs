//! The one error view: every error in the app is shown through [`ErrorPanel`].

use crate::text::{ui, ErrorReport};
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Ids of the panels' headings are unique on the page, so every `aria-labelledby` names one heading.
fn next_title_id() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("error-title-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Shows an [`ErrorReport`] as an alert region, so that screen readers announce it.
#[component]
pub fn ErrorPanel(report: ErrorReport) -> impl IntoView {
    let ErrorReport { title, what_happened, next_steps, support_ids, details } = report;
    let title_id = next_title_id();
    let labelled_by = title_id.clone();
    view! {
        <section class="error-panel" role="alert" aria-labelledby=labelled_by>
            <h2 id=title_id>{title}</h2>
            <p>{what_happened}</p>
            {(!details.is_empty())
                .then(|| {
                    view! {
                        <ul class="error-details">
                            {details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
                        </ul>
                    }
                })}
            {(!next_steps.is_empty())
                .then(|| {
                    view! {
                        <h3>{ui::errors::what_to_do()}</h3>
                        <ul>{next_steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                    }
                })}
            {(!support_ids.is_empty())
                .then(|| {
                    view! {
                        <dl class="support-ids">
                            {support_ids
                                .into_iter()
                                .map(|(k, v)| view! {
                                    <dt>{k}</dt>
                                    <dd>
                                        <code>{v}</code>
                                    </dd>
                                })
                                .collect_view()}
                        </dl>
                    }
                })}
        </section>
    }
}
