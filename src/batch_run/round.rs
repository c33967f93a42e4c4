//! One pass of `$batch` over a list of Graph requests: 20 a call, a few calls in flight, paced to Graph's write
//! limit, each throttled or failed item retried on its own by the queue, with pause and cancel. The
//! invitations and the steps after them both run on it.

use crate::graph::batch::{BatchAnswer, BatchItem, BatchQueue, ItemOutcome, QueueSummary, Step};
use crate::graph::client::GraphClient;
use crate::graph::error::GraphError;
use crate::graph::pacing::Pacer;
use futures::future::LocalBoxFuture;
use futures::stream::{FuturesUnordered, StreamExt};
use gloo_timers::future::TimeoutFuture;

/// What the admin wants the run to do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Go,
    Pause,
    Cancel,
}

/// How often a waiting run notices pause, resume and cancel.
pub const TICK_MS: u32 = 250;

pub fn now() -> f64 {
    js_sys::Date::now()
}

/// What a round tells its caller: the items about to leave (awaited first, the write-ahead of a resumable
/// run) and each answer as it arrives; both by position in the round's items.
pub struct RoundIo<'r> {
    pub concurrency: usize,
    pub before_send: &'r dyn Fn(Vec<usize>) -> LocalBoxFuture<'static, ()>,
    pub answered: &'r dyn Fn(usize, &ItemOutcome),
}

fn nothing_before(_: Vec<usize>) -> LocalBoxFuture<'static, ()> {
    Box::pin(futures::future::ready(()))
}

fn nothing_answered(_: usize, _: &ItemOutcome) {}

impl RoundIo<'static> {
    /// A round whose caller keeps nothing before a send and reads the outcomes at the end.
    pub fn quiet(concurrency: usize) -> RoundIo<'static> {
        RoundIo { concurrency, before_send: &nothing_before, answered: &nothing_answered }
    }
}

type Flight = (Vec<usize>, Result<BatchAnswer, GraphError>);

/// Sends every item; each one's outcome in the order of the items.
pub async fn send_round(
    graph: &GraphClient,
    items: Vec<BatchItem>,
    io: &RoundIo<'_>,
    pacer: &mut Pacer,
    control: &impl Fn() -> Control,
    progress: &impl Fn(QueueSummary),
) -> Vec<ItemOutcome> {
    let mut queue = BatchQueue::new(items);
    let mut flying = FuturesUnordered::new();
    loop {
        let c = control();
        if c == Control::Cancel {
            queue.stop();
        }
        if c == Control::Go {
            launch(graph, io, &mut queue, &mut flying, pacer);
        }
        progress(queue.summary());
        if flying.is_empty() && queue.next_step(now()) == Step::Finished {
            return queue.outcomes();
        }
        // Wait for an answer, or a tick to notice a retry coming due, a pause or a cancel.
        let tick = TimeoutFuture::new(TICK_MS);
        if let futures::future::Either::Left((Some((ids, answer)), _)) =
            futures::future::select(flying.next(), tick).await
        {
            if let Err(GraphError::Auth(_)) = answer {
                // No token, so nothing left the browser: the items stay unsent, and the run stops until the
                // admin signs in again (the kept run then offers to resume).
                queue.requeue(&ids);
                queue.stop();
                continue;
            }
            // A throttled request wrote nothing: its share of the write limit is given back.
            if let Ok(a) = &answer {
                pacer.give_back(a.throttled());
            }
            queue.record(&ids, answer, now(), js_sys::Math::random());
            for &id in &ids {
                if let Some(o) = queue.outcome(id) {
                    (io.answered)(id, o);
                }
            }
        }
    }
}

/// Starts batches while fewer than `concurrency` are out and the pacer allows.
fn launch<'a>(
    graph: &'a GraphClient,
    io: &RoundIo<'_>,
    queue: &mut BatchQueue,
    flying: &mut FuturesUnordered<LocalBoxFuture<'a, Flight>>,
    pacer: &mut Pacer,
) {
    while flying.len() < io.concurrency.max(1) {
        // Room for this batch, not for a full one: the last few items of a run fit where 20 would not.
        let Step::Send(due) = queue.next_step(now()) else { return };
        if pacer.wait_ms(now(), due.len()) > 0.0 {
            return;
        }
        let Step::Send(ids) = queue.take(now()) else { return };
        pacer.record(now(), ids.len());
        let body = serde_json::value::to_raw_value(&queue.body(&ids));
        // Saved as handed over before the request leaves, so a reload looks these items up first.
        let saved = (io.before_send)(ids.clone());
        flying.push(Box::pin(async move {
            saved.await;
            let answer = match body {
                Ok(body) => graph.post::<_, BatchAnswer>("/$batch", &body).await,
                Err(e) => Err(GraphError::InvalidResponse(e.to_string())),
            };
            (ids, answer)
        }));
    }
}
