//! The one error view: every error in the app is rendered through [`ErrorPanel`].

use crate::error_report::ErrorReport;
use leptos::prelude::*;

/// Shows an [`ErrorReport`] as an alert region, so that screen readers announce it.
#[component]
pub fn ErrorPanel(report: ErrorReport) -> impl IntoView {
    let ErrorReport { title, what_happened, next_steps, support_ids, details } = report;
    view! {
        <section class="error-panel" role="alert" aria-labelledby="error-title">
            <h2 id="error-title">{title}</h2>
            <p>{what_happened}</p>
            {(!details.is_empty()).then(|| view! {
                <ul class="error-details">{details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
            })}
            {(!next_steps.is_empty()).then(|| view! {
                <h3>"What to do"</h3>
                <ul>{next_steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
            })}
            {(!support_ids.is_empty()).then(|| view! {
                <dl class="support-ids">
                    {support_ids.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd><code>{v}</code></dd> }).collect_view()}
                </dl>
            })}
        </section>
    }
}
