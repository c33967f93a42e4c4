//! Sends a run's steps after the invitations (groups joined, profiles written) through `$batch`, like the
//! invitations: steps the directory cannot place yet (a new user still replicating) or whose answer was lost go
//! again after a growing wait, within the same bound as the single form's.

use super::round::{now, send_round, Control, RoundIo, TICK_MS};
use super::steps::{item, next, Next, StepWork};
use crate::graph::batch::{BatchItem, ItemOutcome, QueueSummary};
use crate::graph::client::GraphClient;
use crate::graph::error::GraphError;
use crate::graph::pacing::Pacer;
use crate::rules::follow_up::{wait_before_next_ms, StepOutcome};
use futures::future::LocalBoxFuture;
use gloo_timers::future::TimeoutFuture;
use std::cell::Cell;

/// Runs every step to its end (or until cancelled: the rest stay to do); `settled` hears each outcome once.
pub async fn run_steps(
    graph: &GraphClient,
    work: &[StepWork],
    concurrency: usize,
    pacer: &mut Pacer,
    control: impl Fn() -> Control,
    progress: impl Fn(QueueSummary),
    settled: &dyn Fn(&StepWork, &StepOutcome),
) {
    let root = graph.base_url();
    let total = work.len();
    let (ok, bad) = (Cell::new(0usize), Cell::new(0usize));
    let tell = |w: &StepWork, o: &StepOutcome| {
        match o.succeeded() {
            true => ok.set(ok.get() + 1),
            false => bad.set(bad.get() + 1),
        }
        settled(w, o);
    };
    let report = |in_flight: usize| {
        let finished = ok.get() + bad.get();
        progress(QueueSummary {
            total,
            succeeded: ok.get(),
            failed: bad.get(),
            in_flight,
            waiting: total.saturating_sub(finished + in_flight),
            ..QueueSummary::default()
        })
    };
    let mut pending: Vec<usize> = (0..work.len()).collect();
    let (mut attempt, mut waited_ms) = (0u32, 0u32);
    while !pending.is_empty() && control() != Control::Cancel {
        let (mut items, mut round): (Vec<BatchItem>, Vec<usize>) = (Vec::new(), Vec::new());
        for &k in &pending {
            match item(&root, &work[k]) {
                Ok(i) => {
                    items.push(i);
                    round.push(k);
                }
                // A body that cannot be written (never for these types) is reported, not sent.
                Err(e) => tell(&work[k], &StepOutcome::Failed(e)),
            }
        }
        let round: &[usize] = &round;
        let answered = |id: usize, o: &ItemOutcome| {
            if let Some(&k) = round.get(id) {
                if let Next::Settled(outcome) = next(&work[k].follow_up, o) {
                    tell(&work[k], &outcome);
                }
            }
        };
        let before_send = |_: Vec<usize>| Box::pin(futures::future::ready(())) as LocalBoxFuture<'static, ()>;
        let io = RoundIo { concurrency, before_send: &before_send, answered: &answered };
        let outcomes = send_round(graph, items, &io, pacer, &control, &|r: QueueSummary| report(r.in_flight)).await;
        let again: Vec<(usize, GraphError)> = round
            .iter()
            .zip(&outcomes)
            .filter_map(|(&k, o)| match next(&work[k].follow_up, o) {
                Next::Again(e) => Some((k, e)),
                _ => None,
            })
            .collect();
        if again.is_empty() {
            break;
        }
        let Some(wait) = wait_before_next_ms(attempt, waited_ms) else {
            for (k, e) in again {
                tell(&work[k], &StepOutcome::NotVisibleYet(e));
            }
            break;
        };
        let until = now() + f64::from(wait);
        while now() < until && control() != Control::Cancel {
            TimeoutFuture::new(TICK_MS).await;
        }
        attempt += 1;
        waited_ms += wait;
        pending = again.into_iter().map(|(k, _)| k).collect();
    }
    report(0);
}
