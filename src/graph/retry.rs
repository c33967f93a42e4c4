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
    if let Some(s) = retry_after.and_then(|v| v.trim().parse::<f64>().ok()).filter(|s| s.is_finite() && *s >= 0.0) {
        return Some(s.min(CAP_S));
    }
    let base = 2f64.powi(attempt as i32 + 1);
    Some((base * (0.75 + jitter.clamp(0.0, 1.0) * 0.5)).min(CAP_S))
}

#[cfg(test)]
mod tests {
    use super::*;

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
