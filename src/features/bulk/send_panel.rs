//! Step 4: the one button that sends the checked rows, with the calls in flight and the least time it takes.

use crate::batch_run::run::BulkRun;
use crate::graph::pacing;
use crate::rules::bulk_preflight::Preflight;
use crate::shell::context::use_session;
use crate::text::ui::bulk as t;
use leptos::prelude::*;

/// The one button that sends, saying how many and whether emails go out.
#[component]
pub fn SendPanel(run: BulkRun, preflight: Memo<Option<Preflight>>, file_name: Signal<String>) -> impl IntoView {
    let status = use_session().status();
    let account = move || status.with_untracked(|s| s.username().unwrap_or_default().to_string());
    let counts = move || preflight.with(|p| p.as_ref().map(|p| p.counts).unwrap_or_default());
    let running = run.running();
    view! {
        <label for="bulk-concurrency">{t::concurrency()}</label>
        <p class="hint" id="bulk-concurrency-hint">{t::concurrency_hint()}</p>
        <input
            id="bulk-concurrency"
            type="number"
            min="1"
            max="8"
            aria-describedby="bulk-concurrency-hint"
            prop:value=move || run.concurrency.get().to_string()
            on:change=move |ev| {
                if let Ok(n) = event_target_value(&ev).trim().parse::<usize>() {
                    run.concurrency.set(n.clamp(1, 8));
                }
            }
        />
        {move || {
            // Every write counts against Graph's limit: the invitations and the groups and profiles after them.
            let writes = counts().send + counts().steps;
            let least_minutes = (pacing::least_duration_ms(writes) / 60_000.0).ceil() as u64;
            (least_minutes > 0).then(|| view! { <p class="hint">{t::least_time(least_minutes)}</p> })
        }}
        <button
            type="button"
            id="bulk-send"
            disabled=move || running.get() || counts().send == 0
            on:click=move |_| preflight.with_untracked(|p| {
                if let Some(p) = p {
                    run.start(p, account(), file_name.get_untracked());
                }
            })
        >
            {move || t::send_button(counts().send, counts().with_email)}
        </button>
    }
}
