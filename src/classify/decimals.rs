//! Numbers in classification output: probabilities with four decimals and expected levels
//! with three, written without the general float formatter, or every digit on request.

/// How many digits the numbers of CSV and JSON output get.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Precision {
    /// Probabilities with 4 decimals, expected levels with 3: what a person reads.
    #[default]
    Rounded,
    /// Every digit: the shortest decimal that reads back as the same number
    /// (`--full-precision`), so that another program can compare predictions exactly.
    Full,
}

impl Precision {
    /// Appends `value`: with `decimals` decimals when rounded (3 or 4), else every digit.
    pub(super) fn push(self, out: &mut String, value: f64, decimals: usize) {
        match self {
            Precision::Rounded => push_fixed(out, value, decimals),
            Precision::Full => {
                use std::fmt::Write;
                // writing to a String cannot fail
                let _ = write!(out, "{value}");
            }
        }
    }

    /// A number for JSON output: `decimals` decimals when rounded (3 or 4, as in CSV
    /// output), else every digit.
    pub(super) fn json(self, value: f64, decimals: usize) -> f64 {
        match self {
            Precision::Rounded if decimals == 3 => round3(value),
            Precision::Rounded => round4(value),
            Precision::Full => value,
        }
    }
}

/// A probability with four decimals, as `format!("{:.4}")` would write it.
pub fn fixed4(value: f64) -> String {
    let mut s = String::new();
    push_fixed(&mut s, value, 4);
    s
}

/// An expected level (0 to a few) with three decimals, as `format!("{:.3}")` would write it.
pub fn fixed3(value: f64) -> String {
    let mut s = String::new();
    push_fixed(&mut s, value, 3);
    s
}

/// Appends `value` with `decimals` (3 or 4) decimals, as `format!("{value:.decimals$}")`
/// would, without the general float formatter (which was 3% of classification time) in
/// the usual range of 0 to 1000.
pub(super) fn push_fixed(out: &mut String, value: f64, decimals: usize) {
    let scale = if decimals == 3 { 1_000 } else { 10_000 };
    if !(0.0..=1000.0).contains(&value) {
        out.push_str(&format!("{value:.decimals$}"));
        return;
    }
    let scaled = (value * scale as f64).round() as u32;
    let (whole, frac) = (scaled / scale, scaled % scale);
    // digits right to left: up to 4 for the whole part (at most 1000), '.', `decimals`
    let mut digits = [b'0'; 9];
    let mut at = digits.len();
    let mut rest = frac;
    for _ in 0..decimals {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    at -= 1;
    digits[at] = b'.';
    let mut rest = whole;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    digits[at..].iter().for_each(|&d| out.push(d as char));
}

pub(super) fn round4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

fn round3(v: f64) -> f64 {
    (v * 1_000.0).round() / 1_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed4_matches_the_float_formatter() {
        for v in [
            0.0, 1.0, 0.5, 0.12345, 0.99996, 0.00004, 0.00005, 0.3333333, 1e-12,
        ] {
            assert_eq!(fixed4(v), format!("{v:.4}"), "{v}");
        }
        assert_eq!(fixed4(2.5), "2.5000");
        for v in [12.34567, 999.25, 1000.0, 1000.5, -0.5, f64::NAN] {
            assert_eq!(fixed4(v), format!("{v:.4}"), "{v}");
        }
        for v in [0.0, 1.9995, 2.0004, 3.0, 0.1234, 47.125, 1000.0] {
            assert_eq!(fixed3(v), format!("{v:.3}"), "{v}");
        }
    }

    #[test]
    fn json_numbers_have_the_decimals_of_csv_output() {
        // the expected level once had 4 decimals in JSON and 3 in CSV
        for v in [2.04976, 0.0004, 1.9995, 2.8037, 0.12345, 0.99996] {
            for decimals in [3, 4] {
                let json = Precision::Rounded.json(v, decimals);
                let mut csv = String::new();
                Precision::Rounded.push(&mut csv, v, decimals);
                assert_eq!(json, csv.parse::<f64>().expect("a number"), "{v} to {decimals}");
            }
            assert_eq!(Precision::Full.json(v, 3), v);
        }
        assert_eq!(Precision::Rounded.json(2.04976, 3).to_string(), "2.05");
    }
}
