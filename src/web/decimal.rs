//! Plain decimal numbers as HTTP and Graph write them (`7`, `2.128`, the `.6230000` of a timestamp), read
//! by hand: core's float parser knows every notation and would ship 14 KB (code and tables) for two callers.

/// Digits with an optional fraction, nothing else (no sign, exponent, `inf` or `NaN`). Fraction digits
/// past the ninth are read as zero; a whole part too large for a `u64` is not a number here.
pub fn parse(s: &str) -> Option<f64> {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() || !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = |d: &str| d.bytes().try_fold(0u64, |n, b| n.checked_mul(10)?.checked_add(u64::from(b - b'0')));
    let fraction = &fraction[..fraction.len().min(9)];
    // Integers divided once: as exact as the standard parser for the numbers these callers meet.
    let scale = 10u64.pow(fraction.len() as u32) as f64;
    Some(digits(whole)? as f64 + digits(fraction)? as f64 / scale)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_whole_numbers_and_fractions() {
        assert_eq!(parse("7"), Some(7.0));
        assert_eq!(parse("2.128"), Some(2.128));
        assert_eq!(parse("0.5"), Some(0.5));
        assert_eq!(parse("0."), Some(0.0));
        assert_eq!(parse("10.6230000"), Some(10.623));
        assert_eq!(parse("1.0000000001"), Some(1.0));
    }

    #[test]
    fn refuses_every_other_notation() {
        for bad in ["", ".5", "-1", "+1", "1e3", "inf", "NaN", "1.2.3", " 1", "1,5", "٣", "99999999999999999999"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
