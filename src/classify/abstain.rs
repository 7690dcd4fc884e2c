//! Abstention: predictions the model is not sure of get the label `uncertain` instead of a
//! guess, and keep their probabilities so a reader can still see what it leaned to.

use crate::model::Prediction;

/// The label given to a prediction whose probability is below `--min-confidence`.
pub const UNCERTAIN: &str = "uncertain";

/// Abstention: every prediction whose probability is below `min_confidence` gets the label
/// [`UNCERTAIN`]; its probabilities are kept, so a reader can still see what it leaned to.
pub fn abstain(preds: &mut [Vec<Prediction>], min_confidence: f64) {
    for p in preds.iter_mut().flatten() {
        if p.probability < min_confidence {
            p.label = UNCERTAIN.to_string();
        }
    }
}

/// Parses a `--min-confidence` value: a probability in [0, 1].
pub fn parse_probability(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("`{s}` is not a probability between 0 and 1")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abstention_relabels_only_low_probabilities_and_keeps_them() {
        let p = |label: &str, probability: f64| Prediction {
            label: label.into(),
            probability,
            probabilities: vec![probability, 1.0 - probability],
            expected_level: None,
        };
        let mut preds = vec![vec![p("a", 0.9), p("b", 0.59)], vec![p("a", 0.6), p("b", 0.6)]];
        abstain(&mut preds, 0.6);
        let labels: Vec<&str> = preds.iter().flatten().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["a", UNCERTAIN, "a", "b"]);
        assert_eq!(preds[0][1].probability, 0.59);
        assert_eq!(preds[0][1].probabilities[0], 0.59);
        assert_eq!(parse_probability("0.7"), Ok(0.7));
        assert!(parse_probability("1.5").is_err() && parse_probability("x").is_err());
    }
}
