//! JSON batching (`POST /$batch`, https://learn.microsoft.com/graph/json-batching): up to 20 requests per
//! call; inner answers may come in any order and are matched to their requests by id; an inner 429 or 5xx
//! is retried on its own after its own `Retry-After`; a lost connection leaves the items that were in
//! flight "outcome unknown", because Graph may have carried them out.
//!
//! [`BatchQueue`] is the pure bookkeeping (tested natively); [`run`] drives it over the Graph client.

use super::client::GraphClient;
use super::error::GraphError;
use super::retry;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// Graph's limit of requests in one batch.
pub const MAX_PER_BATCH: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum BatchMethod {
    Get,
    Post,
    Patch,
    Delete,
}

/// One request to run inside a batch; the queue gives it its id.
#[derive(Debug, Clone)]
pub struct BatchItem {
    pub method: BatchMethod,
    /// Relative to the version root, e.g. `/invitations`.
    pub url: String,
    pub headers: BTreeMap<String, String>,
    /// The JSON body, already serialised.
    pub body: Option<Box<RawValue>>,
}

impl BatchItem {
    /// A `POST` with a JSON body; batching requires its `Content-Type` header.
    pub fn post<B: Serialize>(url: &str, body: &B) -> Result<BatchItem, GraphError> {
        let raw = serde_json::value::to_raw_value(body).map_err(|e| GraphError::InvalidResponse(e.to_string()))?;
        let headers = BTreeMap::from([("Content-Type".to_string(), "application/json".to_string())]);
        Ok(BatchItem { method: BatchMethod::Post, url: url.to_string(), headers, body: Some(raw) })
    }

    /// A `PATCH` with a JSON body.
    pub fn patch<B: Serialize>(url: &str, body: &B) -> Result<BatchItem, GraphError> {
        Ok(BatchItem { method: BatchMethod::Patch, ..BatchItem::post(url, body)? })
    }

    pub fn delete(url: &str) -> BatchItem {
        BatchItem { method: BatchMethod::Delete, url: url.to_string(), headers: BTreeMap::new(), body: None }
    }

    pub fn get(url: &str) -> BatchItem {
        BatchItem { method: BatchMethod::Get, url: url.to_string(), headers: BTreeMap::new(), body: None }
    }
}

#[derive(Serialize)]
struct WireRequest<'a> {
    id: String,
    method: BatchMethod,
    url: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    headers: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a RawValue>,
}

/// The body of one `POST /$batch`.
#[derive(Serialize)]
pub struct BatchBody<'a> {
    requests: Vec<WireRequest<'a>>,
}

/// The answer to one `POST /$batch`.
#[derive(Debug, Deserialize)]
pub struct BatchAnswer {
    #[serde(default)]
    responses: Vec<InnerResponse>,
}

impl BatchAnswer {
    /// How many inner requests were throttled (429).
    pub fn throttled(&self) -> usize {
        self.responses.iter().filter(|r| r.status == 429).count()
    }
}

#[derive(Debug, Deserialize)]
struct InnerResponse {
    id: String,
    status: u16,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<Box<RawValue>>,
}

impl InnerResponse {
    fn header(&self, name: &str) -> Option<String> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone())
    }

    fn body_text(&self) -> String {
        self.body.as_ref().map(|b| b.get().to_string()).unwrap_or_default()
    }
}

/// How one item ended.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemOutcome {
    /// A 2xx answer, with its JSON body as text.
    Succeeded {
        status: u16,
        body: String,
    },
    Failed(GraphError),
    /// The connection was lost while the item was in flight: Graph may or may not have carried it out.
    Unknown,
    /// Stopped before it was sent.
    NotSent,
}

impl ItemOutcome {
    /// The success body read as `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> Option<Result<T, GraphError>> {
        match self {
            ItemOutcome::Succeeded { body, .. } => {
                Some(serde_json::from_str(body).map_err(|e| GraphError::InvalidResponse(e.to_string())))
            }
            _ => None,
        }
    }
}

struct Slot {
    item: BatchItem,
    tries: u32,
    not_before_ms: f64,
    /// Sent by [`BatchQueue::take`] and not answered yet.
    in_flight: bool,
    outcome: Option<ItemOutcome>,
}

/// What to do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Send these ids (at most 20) in one batch; [`BatchQueue::body`] builds it.
    Send(Vec<usize>),
    /// Nothing is due yet: wait this long for the earliest retry.
    Wait {
        ms: f64,
    },
    /// Everything open is in flight: wait for an answer.
    Busy,
    Finished,
}

/// Where a run stands, for a progress display.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueSummary {
    pub total: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub unknown: usize,
    pub not_sent: usize,
    pub in_flight: usize,
    /// Open items that were throttled or failed and wait for their retry.
    pub retrying: usize,
    /// Open items not sent yet.
    pub waiting: usize,
}

impl QueueSummary {
    pub fn finished(&self) -> usize {
        self.succeeded + self.failed + self.unknown + self.not_sent
    }

    /// Two parts of one run, added up (`self` is the settled part).
    pub fn plus(&self, o: &QueueSummary) -> QueueSummary {
        QueueSummary {
            total: self.finished() + o.total,
            succeeded: self.succeeded + o.succeeded,
            failed: self.failed + o.failed,
            unknown: self.unknown + o.unknown,
            not_sent: self.not_sent + o.not_sent,
            in_flight: self.in_flight + o.in_flight,
            retrying: self.retrying + o.retrying,
            waiting: self.waiting + o.waiting,
        }
    }
}

/// The items of a run, their tries and their outcomes; ids are the items' positions.
pub struct BatchQueue {
    slots: Vec<Slot>,
}

impl BatchQueue {
    pub fn new(items: Vec<BatchItem>) -> BatchQueue {
        BatchQueue {
            slots: items
                .into_iter()
                .map(|item| Slot { item, tries: 0, not_before_ms: 0.0, in_flight: false, outcome: None })
                .collect(),
        }
    }

    pub fn next_step(&self, now_ms: f64) -> Step {
        let open = || self.slots.iter().enumerate().filter(|(_, s)| s.outcome.is_none() && !s.in_flight);
        let due: Vec<usize> =
            open().filter(|(_, s)| s.not_before_ms <= now_ms).map(|(i, _)| i).take(MAX_PER_BATCH).collect();
        if !due.is_empty() {
            return Step::Send(due);
        }
        match open().map(|(_, s)| s.not_before_ms).reduce(f64::min) {
            Some(at) => Step::Wait { ms: at - now_ms },
            None if self.slots.iter().any(|s| s.in_flight) => Step::Busy,
            None => Step::Finished,
        }
    }

    /// Like [`BatchQueue::next_step`], and marks what it hands out as in flight until it is recorded, so that
    /// several batches can be out at once.
    pub fn take(&mut self, now_ms: f64) -> Step {
        let step = self.next_step(now_ms);
        if let Step::Send(ids) = &step {
            for &i in ids {
                if let Some(slot) = self.slots.get_mut(i) {
                    slot.in_flight = true;
                }
            }
        }
        step
    }

    /// Puts items back as never answered (the run paused before their answer mattered).
    pub fn requeue(&mut self, ids: &[usize]) {
        for &i in ids {
            if let Some(slot) = self.slots.get_mut(i) {
                slot.in_flight = false;
                slot.outcome = None;
            }
        }
    }

    pub fn summary(&self) -> QueueSummary {
        let mut sum = QueueSummary { total: self.slots.len(), ..QueueSummary::default() };
        for s in &self.slots {
            match &s.outcome {
                Some(ItemOutcome::Succeeded { .. }) => sum.succeeded += 1,
                Some(ItemOutcome::Failed(_)) => sum.failed += 1,
                Some(ItemOutcome::Unknown) => sum.unknown += 1,
                Some(ItemOutcome::NotSent) => sum.not_sent += 1,
                None if s.in_flight => sum.in_flight += 1,
                None if s.tries > 0 => sum.retrying += 1,
                None => sum.waiting += 1,
            }
        }
        sum
    }

    /// The wire body for these ids.
    pub fn body(&self, ids: &[usize]) -> BatchBody<'_> {
        let requests = ids
            .iter()
            .filter_map(|&i| self.slots.get(i).map(|s| (i, &s.item)))
            .map(|(i, item)| WireRequest {
                id: i.to_string(),
                method: item.method,
                url: &item.url,
                headers: &item.headers,
                body: item.body.as_deref(),
            })
            .collect();
        BatchBody { requests }
    }

    /// Records the answer to the batch that carried `sent`. `jitter` is random in [0, 1).
    pub fn record(&mut self, sent: &[usize], answer: Result<BatchAnswer, GraphError>, now_ms: f64, jitter: f64) {
        for &i in sent {
            if let Some(slot) = self.slots.get_mut(i) {
                slot.in_flight = false;
            }
        }
        let answer = match answer {
            Ok(a) => a,
            Err(e) => {
                for &i in sent {
                    match &e {
                        GraphError::Network { .. } => self.finish(i, ItemOutcome::Unknown),
                        // The whole batch met a server error: nothing inside ran, so each item retries.
                        GraphError::Http { status: 500..=599, .. } if self.retry_later(i, None, now_ms, jitter) => {}
                        other => self.finish(i, ItemOutcome::Failed(other.clone())),
                    }
                }
                return;
            }
        };
        let mut answered = Vec::new();
        for r in &answer.responses {
            // Ids are matched without regard to case, as the batching documentation says.
            let Some(&i) = sent.iter().find(|i| i.to_string().eq_ignore_ascii_case(r.id.trim())) else { continue };
            answered.push(i);
            self.record_one(i, r, now_ms, jitter);
        }
        // The batch was read, but this item got no answer: whether it ran is unknown.
        for &i in sent.iter().filter(|i| !answered.contains(i)) {
            self.finish(i, ItemOutcome::Unknown);
        }
    }

    fn record_one(&mut self, i: usize, r: &InnerResponse, now_ms: f64, jitter: f64) {
        let retryable = r.status == 429 || (500..=599).contains(&r.status);
        if (200..=299).contains(&r.status) {
            return self.finish(i, ItemOutcome::Succeeded { status: r.status, body: r.body_text() });
        }
        let failure = GraphError::from_response(r.status, &r.body_text(), r.header("request-id"));
        if retryable && self.retry_later(i, r.header("Retry-After").as_deref(), now_ms, jitter) {
            return;
        }
        let tries = self.slots.get(i).map_or(0, |s| s.tries);
        let failure = match (r.status, failure) {
            (429, GraphError::Http { request_id, .. }) => GraphError::Throttled { tries: tries + 1, request_id },
            (_, f) => f,
        };
        self.finish(i, ItemOutcome::Failed(failure));
    }

    /// Schedules another try unless the item has had its last; `true` when it will be retried.
    fn retry_later(&mut self, i: usize, retry_after: Option<&str>, now_ms: f64, jitter: f64) -> bool {
        let Some(slot) = self.slots.get_mut(i) else { return false };
        match retry::delay_s(slot.tries, retry_after, jitter) {
            Some(wait_s) => {
                slot.tries += 1;
                slot.not_before_ms = now_ms + wait_s * 1000.0;
                true
            }
            None => false,
        }
    }

    fn finish(&mut self, i: usize, outcome: ItemOutcome) {
        if let Some(slot) = self.slots.get_mut(i) {
            slot.outcome = Some(outcome);
        }
    }

    /// Marks every item not finished yet as not sent (the run was stopped); items in flight keep their
    /// coming answer.
    pub fn stop(&mut self) {
        for s in self.slots.iter_mut().filter(|s| s.outcome.is_none() && !s.in_flight) {
            s.outcome = Some(ItemOutcome::NotSent);
        }
    }

    pub fn finished(&self) -> usize {
        self.slots.iter().filter(|s| s.outcome.is_some()).count()
    }

    /// The item's outcome once it has one.
    pub fn outcome(&self, i: usize) -> Option<&ItemOutcome> {
        self.slots.get(i).and_then(|s| s.outcome.as_ref())
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Every outcome, in the order the items were given.
    pub fn outcomes(&self) -> Vec<ItemOutcome> {
        self.slots.iter().map(|s| s.outcome.clone().unwrap_or(ItemOutcome::NotSent)).collect()
    }
}

/// Runs every item through `$batch`; `keep_going` is asked before each batch (a `false` stops the run).
pub async fn run(
    graph: &GraphClient,
    items: Vec<BatchItem>,
    keep_going: impl Fn(&BatchQueue) -> bool,
) -> Vec<ItemOutcome> {
    let mut queue = BatchQueue::new(items);
    loop {
        if !keep_going(&queue) {
            queue.stop();
        }
        match queue.next_step(js_sys::Date::now()) {
            // One batch at a time here, so nothing is ever in flight at this point.
            Step::Finished | Step::Busy => return queue.outcomes(),
            Step::Wait { ms } => gloo_timers::future::sleep(std::time::Duration::from_millis(ms.max(0.0) as u64)).await,
            Step::Send(ids) => {
                let answer = graph.post::<_, BatchAnswer>("/$batch", &queue.body(&ids)).await;
                queue.record(&ids, answer, js_sys::Date::now(), js_sys::Math::random());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn invitations(n: usize) -> BatchQueue {
        let items = (0..n)
            .map(|i| {
                BatchItem::post("/invitations", &json!({"invitedUserEmailAddress": format!("p{i}@partner.example")}))
                    .unwrap()
            })
            .collect();
        BatchQueue::new(items)
    }

    fn answer(v: serde_json::Value) -> Result<BatchAnswer, GraphError> {
        Ok(serde_json::from_value(v).unwrap())
    }

    #[test]
    fn batches_hold_twenty_and_carry_the_documented_request_shape() {
        let q = invitations(45);
        let Step::Send(first) = q.next_step(0.0) else { panic!() };
        assert_eq!(first, (0..20).collect::<Vec<_>>());
        let wire = serde_json::to_value(q.body(&first[..1])).unwrap();
        assert_eq!(
            wire,
            json!({"requests": [{"id": "0", "method": "POST", "url": "/invitations",
                "headers": {"Content-Type": "application/json"},
                "body": {"invitedUserEmailAddress": "p0@partner.example"}}]})
        );
        let get = serde_json::to_value(BatchQueue::new(vec![BatchItem::get("/me")]).body(&[0])).unwrap();
        assert_eq!(get, json!({"requests": [{"id": "0", "method": "GET", "url": "/me"}]}));
    }

    /// The documented response: answers out of order, an inner 429 with its own Retry-After, a 424.
    #[test]
    fn documented_response_is_matched_by_id_and_throttled_items_wait_their_own_retry_after() {
        let mut q = invitations(3);
        q.record(
            &[0, 1, 2],
            answer(json!({"responses": [
                {"id": "1", "status": 429, "headers": {"Retry-After": "7", "Content-Type": "application/json"},
                 "body": {"error": {"code": "TooManyRequests", "message": "Please retry again later.",
                          "innerError": {"code": "429", "date": "2025-03-01T10:00:00", "request-id": "r1", "status": "429"}}}},
                {"id": "0", "status": 201, "headers": {"Content-Type": "application/json"},
                 "body": {"id": "inv-1", "inviteRedeemUrl": "https://login.microsoftonline.com/redeem?rd=x", "status": "PendingAcceptance", "invitedUser": {"id": "u1"}}},
                {"id": "2", "status": 424, "body": {"error": {"code": "FailedDependency", "message": "Dependent request failed."}}}
            ]})),
            1_000.0,
            0.5,
        );
        let out = q.outcomes();
        assert!(matches!(&out[0], ItemOutcome::Succeeded { status: 201, body } if body.contains("inv-1")));
        assert_eq!(out[1], ItemOutcome::NotSent, "still open, waiting");
        assert!(
            matches!(&out[2], ItemOutcome::Failed(GraphError::Http { status: 424, code, .. }) if code == "FailedDependency")
        );
        // Only the throttled item is due again, and only after its own 7 seconds.
        assert_eq!(q.next_step(1_000.0), Step::Wait { ms: 7_000.0 });
        assert_eq!(q.next_step(8_000.0), Step::Send(vec![1]));
        q.record(
            &[1],
            answer(json!({"responses": [{"id": "1", "status": 201, "body": {"id": "inv-2"}}]})),
            8_000.0,
            0.5,
        );
        assert!(matches!(&q.outcomes()[1], ItemOutcome::Succeeded { .. }));
        assert_eq!(q.next_step(8_000.0), Step::Finished);
    }

    #[test]
    fn ids_match_without_regard_to_case_or_order() {
        let mut q = BatchQueue::new((0..12).map(|_| BatchItem::get("/me")).collect());
        let ids: Vec<usize> = (0..12).collect();
        let responses: Vec<_> =
            ids.iter().rev().map(|i| json!({"id": format!(" {i} "), "status": 200, "body": {"n": i}})).collect();
        q.record(&ids, answer(json!({ "responses": responses })), 0.0, 0.5);
        for (i, o) in q.outcomes().iter().enumerate() {
            let v: serde_json::Value = o.parse().unwrap().unwrap();
            assert_eq!(v["n"], i, "item {i} got its own answer");
        }
    }

    /// Answers every batch with `inner` until the queue is finished; returns the waits it was told.
    fn drive(q: &mut BatchQueue, inner: serde_json::Value) -> Vec<f64> {
        let (mut now, mut waits) = (0.0, Vec::new());
        loop {
            match q.next_step(now) {
                Step::Send(ids) => q.record(&ids, answer(json!({ "responses": [inner.clone()] })), now, 0.5),
                Step::Wait { ms } => {
                    waits.push(ms);
                    now += ms;
                }
                Step::Finished | Step::Busy => return waits,
            }
        }
    }

    #[test]
    fn server_errors_retry_with_backoff_and_give_up_after_five_tries() {
        let mut q = invitations(1);
        let waits = drive(&mut q, json!({"id": "0", "status": 503, "headers": {"request-id": "r"}}));
        assert_eq!(waits, vec![2_000.0, 4_000.0, 8_000.0, 16_000.0], "exponential backoff without Retry-After");
        assert!(matches!(&q.outcomes()[0], ItemOutcome::Failed(GraphError::Http { status: 503, .. })));
    }

    #[test]
    fn throttled_to_the_end_is_reported_as_throttled() {
        let mut q = invitations(1);
        let waits = drive(&mut q, json!({"id": "0", "status": 429, "headers": {"retry-after": "1.5"}}));
        assert_eq!(waits, vec![1_500.0; 4], "the lower-case header is read too");
        assert!(matches!(&q.outcomes()[0], ItemOutcome::Failed(GraphError::Throttled { tries: 5, .. })));
    }

    #[test]
    fn a_lost_connection_leaves_in_flight_items_unknown_not_failed() {
        let mut q = invitations(25);
        let Step::Send(first) = q.next_step(0.0) else { panic!() };
        q.record(&first, Err(GraphError::Network { host: "graph".into(), detail: "Failed to fetch".into() }), 0.0, 0.5);
        let out = q.outcomes();
        assert!(out[..20].iter().all(|o| *o == ItemOutcome::Unknown));
        assert_eq!(q.next_step(0.0), Step::Send((20..25).collect()), "the rest still goes");
        // An item the batch did not answer is unknown too.
        q.record(
            &(20..25).collect::<Vec<_>>(),
            answer(json!({"responses": [{"id": "20", "status": 201, "body": {}}]})),
            0.0,
            0.5,
        );
        assert_eq!(q.outcomes()[21], ItemOutcome::Unknown);
        assert_eq!(q.finished(), 25);
    }

    #[test]
    fn taken_batches_stay_out_until_answered_so_several_can_fly_at_once() {
        let mut q = invitations(45);
        assert_eq!(q.take(0.0), Step::Send((0..20).collect()));
        assert_eq!(q.take(0.0), Step::Send((20..40).collect()));
        assert_eq!(q.take(0.0), Step::Send((40..45).collect()));
        assert_eq!(q.take(0.0), Step::Busy);
        assert_eq!(q.summary().in_flight, 45);
        // The second batch meets a server error as a whole: its items retry, the others are untouched.
        let busy = GraphError::from_response(503, r#"{"error":{"code":"serviceNotAvailable","message":"x"}}"#, None);
        q.record(&(20..40).collect::<Vec<_>>(), Err(busy), 0.0, 0.5);
        let s = q.summary();
        assert_eq!((s.in_flight, s.retrying, s.failed), (25, 20, 0));
        assert_eq!(q.take(0.0), Step::Wait { ms: 2_000.0 });
        assert_eq!(q.take(2_000.0), Step::Send((20..40).collect()));
        q.requeue(&[20]);
        assert_eq!(q.summary().in_flight, 44);
    }

    #[test]
    fn a_refused_batch_fails_its_items_and_stop_leaves_the_rest_unsent() {
        let mut q = invitations(30);
        let Step::Send(first) = q.next_step(0.0) else { panic!() };
        let refused = GraphError::from_response(400, r#"{"error":{"code":"BadRequest","message":"x"}}"#, None);
        q.record(&first, Err(refused.clone()), 0.0, 0.5);
        q.stop();
        let out = q.outcomes();
        assert_eq!(out[0], ItemOutcome::Failed(refused));
        assert_eq!(out[29], ItemOutcome::NotSent);
        assert_eq!(q.next_step(0.0), Step::Finished);
    }
}
