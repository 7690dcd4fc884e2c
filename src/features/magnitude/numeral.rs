//! Numerals as written: digits with `,` grouping thousands, `.` as the decimal point and
//! an optional scale suffix.

/// The value of a numeral token: digits with `,` grouping thousands and `.` as the decimal
/// point, optionally followed by a scale (`1.2m`, `40k`, `3bn`, `2mln`). Anything else
/// (`33rd`, `1990s`, `5km`, `3pm`) is not a count.
pub fn numeral_value(token: &str) -> Option<f64> {
    numeral(token).map(|(value, scale)| value * scale)
}

/// A numeral's digits as a number, and the scale its suffix names (1 if none). Read without
/// a float parser or any allocation: it runs for every figure of every text.
pub(super) fn numeral(token: &str) -> Option<(f64, f64)> {
    let bytes = token.as_bytes();
    let end = bytes
        .iter()
        .position(|&b| !(b.is_ascii_digit() || b == b',' || b == b'.'))
        .unwrap_or(bytes.len());
    let (digits, suffix) = bytes.split_at(end);
    let scale = match suffix.len() {
        0 => 1.0,
        _ if suffix.eq_ignore_ascii_case(b"k") => 1e3,
        _ if [&b"m"[..], b"mn", b"mln"]
            .iter()
            .any(|s| suffix.eq_ignore_ascii_case(s)) =>
        {
            1e6
        }
        _ if suffix.eq_ignore_ascii_case(b"bn") || suffix.eq_ignore_ascii_case(b"b") => 1e9,
        _ => return None,
    };
    // integer part, and the fraction's digits over a power of ten
    let (mut int, mut frac, mut div, mut dot) = (0u64, 0u64, 1u64, false);
    for &b in digits {
        match b {
            b',' => {}
            b'.' if dot => return None,
            b'.' => dot = true,
            _ => {
                let d = u64::from(b - b'0');
                if !dot {
                    int = int.checked_mul(10)?.checked_add(d)?;
                } else if div < 1_000_000_000_000 {
                    (frac, div) = (frac * 10 + d, div * 10);
                }
            }
        }
    }
    if digits.is_empty() {
        return None;
    }
    Some((int as f64 + frac as f64 / div as f64, scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_are_read_with_their_scale_and_others_refused() {
        assert_eq!(numeral_value("256,000"), Some(256_000.0));
        assert_eq!(numeral_value("1.2m"), Some(1_200_000.0));
        assert_eq!(numeral_value("3bn"), Some(3e9));
        assert_eq!(numeral_value("40k"), Some(40_000.0));
        assert_eq!(numeral_value("2mln"), Some(2e6));
        assert_eq!(numeral_value("1.25"), Some(1.25));
        assert_eq!(numeral_value("0.5"), Some(0.5));
        assert_eq!(numeral_value("99999999999999999999999"), None);
        for not_a_count in ["33rd", "1990s", "5km", "3pm", "16th", "1.2.3"] {
            assert_eq!(numeral_value(not_a_count), None, "{not_a_count}");
        }
    }
}
