//! The steps after an invitation, on the invited user: each group joined and the profile written, each step on
//! its own (one refusal stops no other), each waiting with backoff while the directory does not know the new
//! account yet. A retry runs only the steps it is given, never the invitation.

use crate::graph::client::GraphClient;
use crate::graph::{groups, users};
use crate::rules::follow_up::{after_failure, wait_before_next_ms, AfterFailure, FollowUp, StepOutcome};
use crate::web::cancel::Cancellation;

/// Runs one step to its end: done, refused, or still unknown to the directory once the wait is over.
pub async fn run_step(graph: &GraphClient, user_id: &str, step: &FollowUp, cancel: &Cancellation) -> StepOutcome {
    let (mut attempt, mut waited_ms) = (0u32, 0u32);
    loop {
        if cancel.is_cancelled() {
            return StepOutcome::NotRun;
        }
        let result = match step {
            FollowUp::AddToGroup(g) => groups::add_member(graph, &g.id, user_id).await,
            FollowUp::SetProfile(patch) => users::update_profile(graph, user_id, patch).await,
        };
        let Err(e) = result else { return StepOutcome::Done };
        match after_failure(step, &e) {
            AfterFailure::AlreadyDone => return StepOutcome::AlreadyDone,
            AfterFailure::Refused => return StepOutcome::Failed(e),
            AfterFailure::WaitForDirectory => match wait_before_next_ms(attempt, waited_ms) {
                Some(wait) => {
                    gloo_timers::future::TimeoutFuture::new(wait).await;
                    attempt += 1;
                    waited_ms += wait;
                }
                None => return StepOutcome::NotVisibleYet(e),
            },
        }
    }
}
