//! When to retry a throttled call: `Retry-After` when the browser can read it, else exponential backoff
//! with jitter (2 s, 4 s, 8 s … capped at 60 s), at most 5 tries.

pub const MAX_TRIES: u32 = 5;
pub const CAP_S: f64 = 60.0;

/// Seconds to wait before try number `attempt + 1` (attempt counts from 0), or `None` to give up.
/// `jitter` is a random value in [0, 1).
pub fn delay_s(attempt: u32, retry_after: Option<&str>, jitter: f64) -> Option<f64> {
    if attempt + 1 >= MAX_TRIES {
        return None;
    }
    if let Some(s) = retry_after.and_then(|v| crate::web::decimal::parse(v.trim())) {
        return Some(s.min(CAP_S));
    }
    let base = 2f64.powi(attempt as i32 + 1);
    Some((base * (0.75 + jitter.clamp(0.0, 1.0) * 0.5)).min(CAP_S))
}

/// A read tried again when the connection drops (a read is safe to repeat), as often as the app retries
/// anything; every other answer, success or not, is returned as it came.
pub async fn read_again_on_drop<T, F, Fut>(mut read: F) -> Result<T, super::error::GraphError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, super::error::GraphError>>,
{
    let mut tries = 1;
    loop {
        match read().await {
            Err(super::error::GraphError::Network { .. }) if tries < MAX_TRIES => tries += 1,
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::error::GraphError;

    fn dropped() -> GraphError {
        GraphError::Network { host: "graph.microsoft.com".into(), detail: "reset".into() }
    }

    #[test]
    fn reads_are_tried_again_only_after_a_dropped_connection_and_at_most_max_tries() {
        let calls = std::cell::Cell::new(0);
        let flaky = || {
            calls.set(calls.get() + 1);
            let n = calls.get();
            async move {
                if n < 3 {
                    Err(dropped())
                } else {
                    Ok(n)
                }
            }
        };
        assert_eq!(futures::executor::block_on(read_again_on_drop(flaky)), Ok(3));
        calls.set(0);
        let down = || {
            calls.set(calls.get() + 1);
            async { Err::<u32, _>(dropped()) }
        };
        assert_eq!(futures::executor::block_on(read_again_on_drop(down)), Err(dropped()));
        assert_eq!(calls.get(), MAX_TRIES);
        calls.set(0);
        let refused = || {
            calls.set(calls.get() + 1);
            async { Err::<u32, _>(GraphError::InvalidResponse("x".into())) }
        };
        assert!(futures::executor::block_on(read_again_on_drop(refused)).is_err());
        assert_eq!(calls.get(), 1, "only a dropped connection is tried again");
    }

    #[test]
    fn uses_retry_after_when_readable() {
        assert_eq!(delay_s(0, Some("2.128"), 0.5), Some(2.128));
        assert_eq!(delay_s(0, Some("7"), 0.5), Some(7.0));
        assert_eq!(delay_s(0, Some("600"), 0.5), Some(CAP_S));
    }

    #[test]
    fn backs_off_exponentially_without_it() {
        assert_eq!(delay_s(0, None, 0.5), Some(2.0));
        assert_eq!(delay_s(1, None, 0.5), Some(4.0));
        assert_eq!(delay_s(2, Some("garbage"), 0.5), Some(8.0));
        let lo = delay_s(1, None, 0.0).unwrap();
        let hi = delay_s(1, None, 0.999).unwrap();
        assert!(lo >= 3.0 && hi < 5.0 && lo < hi, "jitter spreads retries: {lo} {hi}");
    }

    #[test]
    fn gives_up_after_five_tries() {
        assert!(delay_s(3, None, 0.5).is_some());
        assert_eq!(delay_s(4, None, 0.5), None);
        assert_eq!(delay_s(4, Some("1"), 0.5), None);
    }
}
