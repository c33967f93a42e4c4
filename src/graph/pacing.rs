//! Pacing writes to Graph's documented identity write limit: 3,000 writes per 2 minutes 30 seconds per app
//! and tenant (18,000 per 5 minutes per tenant is looser), and each request inside a `$batch` counts
//! (https://learn.microsoft.com/graph/throttling-limits, "Identity and access service limits"). A run that
//! keeps to it meets fewer 429s, and the admin is told up front how long a large file takes.

use std::collections::VecDeque;

/// Writes allowed per window for one app in one tenant.
pub const WRITES_PER_WINDOW: usize = 3_000;
/// The window: 2 minutes 30 seconds.
pub const WINDOW_MS: f64 = 150_000.0;

/// A sliding window over what was sent.
#[derive(Debug, Clone, Default)]
pub struct Pacer {
    sent: VecDeque<(f64, usize)>,
}

impl Pacer {
    fn in_window(&self, now_ms: f64) -> usize {
        self.sent.iter().filter(|(t, _)| now_ms - t < WINDOW_MS).map(|(_, n)| n).sum()
    }

    /// How long to wait before `count` more writes keep within the limit (0 when they may go now).
    pub fn wait_ms(&self, now_ms: f64, count: usize) -> f64 {
        let mut used = self.in_window(now_ms);
        if used + count <= WRITES_PER_WINDOW {
            return 0.0;
        }
        // The oldest sends leave the window first; wait until enough have left.
        for (t, n) in self.sent.iter().filter(|(t, _)| now_ms - t < WINDOW_MS) {
            used -= n;
            if used + count <= WRITES_PER_WINDOW {
                return (t + WINDOW_MS - now_ms).max(0.0);
            }
        }
        WINDOW_MS
    }

    /// Takes back `count` of the latest writes: Graph throttled them, so they wrote nothing.
    pub fn give_back(&mut self, mut count: usize) {
        for (_, n) in self.sent.iter_mut().rev() {
            let back = count.min(*n);
            *n -= back;
            count -= back;
            if count == 0 {
                break;
            }
        }
    }

    pub fn record(&mut self, now_ms: f64, count: usize) {
        while self.sent.front().is_some_and(|(t, _)| now_ms - t >= WINDOW_MS) {
            self.sent.pop_front();
        }
        self.sent.push_back((now_ms, count));
    }
}

/// The least time `writes` take within the limit: whole windows after the first 3,000.
pub fn least_duration_ms(writes: usize) -> f64 {
    (writes.saturating_sub(1) / WRITES_PER_WINDOW) as f64 * WINDOW_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_thousand_go_at_once_and_the_next_wait_for_the_window() {
        let mut p = Pacer::default();
        for i in 0..150 {
            assert_eq!(p.wait_ms(i as f64 * 10.0, 20), 0.0);
            p.record(i as f64 * 10.0, 20);
        }
        // 3,000 sent within 1.5 s: the next 20 wait until the first batch leaves the window.
        assert_eq!(p.wait_ms(1_500.0, 20), WINDOW_MS - 1_500.0);
        assert_eq!(p.wait_ms(WINDOW_MS, 20), 0.0);
        assert_eq!(p.wait_ms(1_500.0, 40), WINDOW_MS + 10.0 - 1_500.0, "two batches must leave");
    }

    #[test]
    fn the_admin_is_told_the_least_time() {
        assert_eq!(least_duration_ms(1), 0.0);
        assert_eq!(least_duration_ms(3_000), 0.0);
        assert_eq!(least_duration_ms(3_001), WINDOW_MS);
        // 50,000 invitations: 16 more windows of 2.5 minutes, 40 minutes at the least.
        assert_eq!(least_duration_ms(50_000), 16.0 * WINDOW_MS);
    }

    #[test]
    fn throttled_writes_are_given_back() {
        let mut p = Pacer::default();
        p.record(0.0, 2_990);
        p.record(1.0, 20);
        assert!(p.wait_ms(2.0, 20) > 0.0);
        p.give_back(30);
        assert_eq!(p.wait_ms(2.0, 20), 0.0, "2,980 in the window, 20 more fit");
        p.give_back(10_000);
        assert_eq!(p.wait_ms(2.0, 3_000), 0.0);
    }
}
