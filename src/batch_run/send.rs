//! The run's async steps: the rows go out through `$batch` (20 per call, a few calls in flight, paced
//! to Graph's write limit), and rows whose answer was lost are looked up before they are sent again, so no
//! address is invited twice.

use super::outcome::RowResult;
use super::round::{send_round, Control, RoundIo};
use crate::graph::batch::{BatchItem, ItemOutcome, QueueSummary};
use crate::graph::client::GraphClient;
use crate::graph::invitations::InvitationRequest;
use crate::graph::pacing::Pacer;
use crate::graph::retry;
use crate::graph::users;
use crate::rules::invitation_outcome::RowStatus;
use futures::future::LocalBoxFuture;
use gloo_timers::future::TimeoutFuture;

/// What to do with a row whose answer was lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LostAnswer {
    /// A new invitation: look the address up, and send only when nobody holds it (never invite twice).
    LookUp,
    /// A resend to an existing guest: the lookup would find them either way, and a repeat only sends the
    /// email again, so send it again.
    SendAgain,
}

/// Rows whose answer was lost get this many rounds of "look up, then send what is missing".
const SETTLE_ROUNDS: usize = 3;
/// Directory writes take a moment to show in queries; look a little later.
const LOOKUP_DELAY_MS: u32 = 3_000;
/// Awaited before these rows are handed to Graph (the write-ahead of a resumable run).
pub type BeforeSend = Box<dyn Fn(Vec<usize>) -> LocalBoxFuture<'static, ()>>;
/// A row's outcome, as soon as it is known.
pub type Settled = Box<dyn Fn(usize, &RowResult)>;

/// What the page keeps of a run while it goes, so a reload can resume it (positions are in `requests`).
pub struct RunHooks {
    pub before_send: BeforeSend,
    pub settled: Settled,
}

impl RunHooks {
    /// For a run nobody keeps.
    pub fn none() -> RunHooks {
        RunHooks { before_send: Box::new(|_| Box::pin(futures::future::ready(()))), settled: Box::new(|_, _| {}) }
    }
}

/// Sends every request; `results[i]` is the outcome of `requests[i]`. The rows in `check_first` may already
/// have been carried out (a resumed run): they are looked up before anything of theirs is sent.
#[allow(clippy::too_many_arguments)]
pub async fn run(
    graph: &GraphClient,
    requests: &[InvitationRequest],
    check_first: &[usize],
    lost: LostAnswer,
    concurrency: usize,
    control: impl Fn() -> Control,
    progress: impl Fn(QueueSummary),
    hooks: &RunHooks,
    pacer: &mut Pacer,
) -> Vec<RowResult> {
    let mut results = vec![RowResult::NotSent; requests.len()];
    let mut first = vec![false; requests.len()];
    for &i in check_first {
        if let Some(f) = first.get_mut(i) {
            *f = true;
        }
    }
    let mut pending: Vec<usize> = (0..requests.len()).filter(|&i| !first[i]).collect();
    pending.extend(settle(graph, check_first, requests, &mut results, hooks).await);
    pending.sort_unstable();
    for round in 0..=SETTLE_ROUNDS {
        if pending.is_empty() || control() == Control::Cancel {
            break;
        }
        // Progress covers the whole run: the rows settled in earlier rounds plus this round's queue.
        let settled = settled_summary(&results, &pending);
        let overall = |round: QueueSummary| progress(settled.plus(&round));
        let round_io = Round { rows: &pending, requests, concurrency, hooks };
        let outcomes = one_round(graph, &round_io, pacer, &control, &overall).await;
        let mut unknown = Vec::new();
        for (&i, outcome) in pending.iter().zip(outcomes) {
            match outcome {
                None => unknown.push(i),
                Some(result) => results[i] = result,
            }
        }
        pending = match (round < SETTLE_ROUNDS, lost) {
            (true, LostAnswer::LookUp) => settle(graph, &unknown, requests, &mut results, hooks).await,
            _ => unknown,
        };
    }
    for i in pending {
        results[i] = RowResult::Unknown;
        (hooks.settled)(i, &results[i]);
    }
    progress(settled_summary(&results, &[]));
    results
}

/// What the rows outside `pending` came to, as a queue summary.
fn settled_summary(results: &[RowResult], pending: &[usize]) -> QueueSummary {
    let mut open = vec![false; results.len()];
    for &i in pending {
        if let Some(o) = open.get_mut(i) {
            *o = true;
        }
    }
    let mut s = QueueSummary::default();
    for (r, _) in results.iter().zip(open).filter(|(_, open)| !open) {
        match r.status() {
            RowStatus::Sent | RowStatus::Confirmed => s.succeeded += 1,
            RowStatus::Failed | RowStatus::Conflict => s.failed += 1,
            RowStatus::Unknown => s.unknown += 1,
            RowStatus::NotSent => s.not_sent += 1,
        }
    }
    s.total = s.finished();
    s
}

/// Looks up each row whose answer was lost: a guest with the address means it was sent, an internal account
/// is a conflict, nothing found means it never arrived (returned, to send again).
async fn settle(
    graph: &GraphClient,
    unknown: &[usize],
    requests: &[InvitationRequest],
    results: &mut [RowResult],
    hooks: &RunHooks,
) -> Vec<usize> {
    if unknown.is_empty() {
        return Vec::new();
    }
    TimeoutFuture::new(LOOKUP_DELAY_MS).await;
    let mut again = Vec::new();
    for &i in unknown {
        let Some(request) = requests.get(i) else { continue };
        match retry::read_again_on_drop(|| users::with_address(graph, &request.invited_user_email_address)).await {
            Ok(found) => match (found.iter().find(|u| !u.is_external()), found.first()) {
                (Some(internal), _) => results[i] = RowResult::Conflict { user_id: internal.id.clone() },
                (None, Some(guest)) => results[i] = RowResult::Confirmed { user_id: guest.id.clone() },
                (None, None) => {
                    again.push(i);
                    continue;
                }
            },
            // Cannot tell: never resend blind.
            Err(_) => results[i] = RowResult::Unknown,
        }
        (hooks.settled)(i, &results[i]);
    }
    again
}

/// One round's rows (positions in `requests`), and what a round needs to send them.
struct Round<'r> {
    rows: &'r [usize],
    requests: &'r [InvitationRequest],
    concurrency: usize,
    hooks: &'r RunHooks,
}

/// One pass of `$batch` over the round's rows; each row's result in the order of the rows, `None` where the
/// answer was lost (to be settled by lookup).
async fn one_round(
    graph: &GraphClient,
    round: &Round<'_>,
    pacer: &mut Pacer,
    control: &impl Fn() -> Control,
    progress: &impl Fn(QueueSummary),
) -> Vec<Option<RowResult>> {
    let items: Vec<BatchItem> = round
        .rows
        .iter()
        .map(|&i| BatchItem::post("/invitations", &round.requests[i]))
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    let before_send = |ids: Vec<usize>| (round.hooks.before_send)(ids.iter().map(|&id| round.rows[id]).collect());
    // Each answer is told to the hooks as it arrives; a lost one is settled by lookup after the round.
    let answered = |id: usize, o: &ItemOutcome| {
        if *o != ItemOutcome::Unknown {
            (round.hooks.settled)(round.rows[id], &RowResult::from_outcome(o.clone()));
        }
    };
    let io = RoundIo { concurrency: round.concurrency, before_send: &before_send, answered: &answered };
    let outcomes = send_round(graph, items, &io, pacer, control, progress).await;
    outcomes
        .into_iter()
        .map(|o| match o {
            ItemOutcome::Unknown => None,
            o => Some(RowResult::from_outcome(o)),
        })
        .collect()
}
