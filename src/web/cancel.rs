//! Work a view spawns must stop when the view goes away, before it touches a disposed signal (as the
//! Leptos `hackernews` example aborts its fetches in `on_cleanup`).

use leptos::prelude::on_cleanup;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

/// Raised by the owning view's cleanup; tasks check it after every `.await`.
#[derive(Clone, Default)]
pub struct Cancellation(Arc<AtomicBool>);

impl Cancellation {
    /// A flag raised when the current reactive owner (the view) is cleaned up.
    pub fn for_this_view() -> Cancellation {
        let c = Cancellation::default();
        let raised = c.clone();
        on_cleanup(move || raised.cancel());
        c
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Tells the latest of several overlapping tasks (a newer keystroke supersedes an older search).
#[derive(Clone, Default)]
pub struct Latest(Arc<AtomicU32>);

impl Latest {
    /// Starts a new task; every earlier one is now stale.
    pub fn begin(&self) -> u32 {
        self.0.fetch_add(1, Ordering::SeqCst) + 1
    }

    pub fn is_current(&self, ticket: u32) -> bool {
        self.0.load(Ordering::SeqCst) == ticket
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_latest_ticket_is_current() {
        let latest = Latest::default();
        let first = latest.begin();
        let second = latest.begin();
        assert!(!latest.is_current(first));
        assert!(latest.is_current(second));
        let c = Cancellation::default();
        let seen_by_task = c.clone();
        c.cancel();
        assert!(seen_by_task.is_cancelled());
    }
}
