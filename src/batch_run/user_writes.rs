//! One write per user through the round engine (`$batch`, pacing, per-item retries, pause and cancel): the
//! guests page blocks or allows sign-in with it. Each write sets a value, so one whose answer was lost is sent
//! once more instead of being guessed at.

use super::round::{send_round, Control, RoundIo};
use crate::graph::batch::{BatchItem, ItemOutcome, QueueSummary};
use crate::graph::client::GraphClient;
use crate::graph::error::GraphError;
use crate::graph::pacing::Pacer;

/// How one user's write ended.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteOutcome {
    Done,
    Failed(GraphError),
    /// Stopped before it was sent.
    NotSent,
    /// The answer was lost twice over: Graph may or may not have carried it out.
    Unknown,
}

impl WriteOutcome {
    pub fn of(o: &ItemOutcome) -> WriteOutcome {
        match o {
            ItemOutcome::Succeeded { .. } => WriteOutcome::Done,
            ItemOutcome::Failed(e) => WriteOutcome::Failed(e.clone()),
            ItemOutcome::Unknown => WriteOutcome::Unknown,
            ItemOutcome::NotSent => WriteOutcome::NotSent,
        }
    }

    pub fn is_done(&self) -> bool {
        *self == WriteOutcome::Done
    }
}

/// The items of a second round: those whose answer was lost.
fn lost(outcomes: &[WriteOutcome]) -> Vec<usize> {
    (0..outcomes.len()).filter(|&i| outcomes[i] == WriteOutcome::Unknown).collect()
}

/// Where the settled part of a run stands, for the progress of the round after it.
fn settled(outcomes: &[WriteOutcome], again: &[usize]) -> QueueSummary {
    let count =
        |f: fn(&WriteOutcome) -> bool| outcomes.iter().enumerate().filter(|(i, o)| !again.contains(i) && f(o)).count();
    QueueSummary {
        total: outcomes.len() - again.len(),
        succeeded: count(|o| o.is_done()),
        failed: count(|o| matches!(o, WriteOutcome::Failed(_))),
        not_sent: count(|o| *o == WriteOutcome::NotSent),
        ..QueueSummary::default()
    }
}

/// Sends every item; the outcomes come back in the items' order, each as `read` understands its answer.
pub async fn write_all(
    graph: &GraphClient,
    items: &[BatchItem],
    read: &dyn Fn(&ItemOutcome) -> WriteOutcome,
    control: &impl Fn() -> Control,
    progress: &impl Fn(QueueSummary),
) -> Vec<WriteOutcome> {
    let io = RoundIo::quiet(4);
    let mut pacer = Pacer::default();
    let first = send_round(graph, items.to_vec(), &io, &mut pacer, control, progress).await;
    let mut outcomes: Vec<WriteOutcome> = first.iter().map(read).collect();
    let again = lost(&outcomes);
    if again.is_empty() || control() == Control::Cancel {
        return outcomes;
    }
    let base = settled(&outcomes, &again);
    let retried: Vec<BatchItem> = again.iter().filter_map(|&i| items.get(i).cloned()).collect();
    let second = send_round(graph, retried, &io, &mut pacer, control, &|s: QueueSummary| progress(base.plus(&s))).await;
    for (&i, o) in again.iter().zip(&second) {
        outcomes[i] = read(o);
    }
    outcomes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lost_answers_go_again_and_the_rest_count_as_settled() {
        let refused = GraphError::Http {
            status: 403,
            code: "Authorization_RequestDenied".into(),
            message: String::new(),
            request_id: None,
            client_request_id: None,
            date: None,
        };
        let outcomes = vec![
            WriteOutcome::Done,
            WriteOutcome::Unknown,
            WriteOutcome::Failed(refused),
            WriteOutcome::Unknown,
            WriteOutcome::NotSent,
        ];
        let again = lost(&outcomes);
        assert_eq!(again, vec![1, 3]);
        let s = settled(&outcomes, &again);
        assert_eq!((s.total, s.succeeded, s.failed, s.not_sent, s.finished()), (3, 1, 1, 1, 3));
        let during = s.plus(&QueueSummary { total: 2, succeeded: 1, in_flight: 1, ..QueueSummary::default() });
        assert_eq!((during.total, during.finished()), (5, 4));
        assert!(WriteOutcome::of(&ItemOutcome::Succeeded { status: 204, body: String::new() }).is_done());
    }
}
