//! One article's predictions as a JSON object, for json and jsonl output.

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use super::abstain::withheld_reasons;
use super::article::{Article, ClassifyError};
use super::decimals::Precision;
use crate::model::{Explanation, Model, Prediction};

/// Each article's JSON text, made on the rayon pool: building and printing a JSON value per
/// article cost as much as predicting it, and on one thread held the other core idle.
pub(super) fn formatted(
    articles: &[Article],
    preds: &[Vec<Prediction>],
    format: impl Fn(usize, &Article, &[Prediction]) -> serde_json::Result<String> + Sync,
) -> Result<Vec<String>, ClassifyError> {
    let texts: serde_json::Result<Vec<String>> = articles
        .par_iter()
        .zip(preds)
        .enumerate()
        .map(|(i, (a, p))| format(i, a, p))
        .collect();
    Ok(texts.map_err(std::io::Error::from)?)
}

pub(super) fn article_json(
    model: &Model,
    a: &Article,
    p: &[Prediction],
    explanation: Option<&Explanation>,
    precision: Precision,
) -> Value {
    // probabilities with 4 decimals, the expected level with 3, as in CSV output
    let number = |v: f64| json!(precision.json(v, 4));
    let mut targets = Map::new();
    for (h, head) in model.heads.iter().enumerate() {
        let probs: Map<String, Value> = head
            .classes
            .iter()
            .zip(&p[h].probabilities)
            .map(|(c, v)| (c.clone(), number(*v)))
            .collect();
        let mut t =
            json!({ "label": p[h].label, "probability": number(p[h].probability), "probabilities": probs });
        if let Some(e) = p[h].expected_level {
            t["expected_level"] = json!(precision.json(e, 3));
        }
        if let Some(terms) = explanation.and_then(|e| e.get(h)).filter(|t| !t.is_empty()) {
            t["explanation"] = terms
                .iter()
                .map(|(term, w)| json!({ "term": term, "weight": number(*w) }))
                .collect();
        }
        targets.insert(head.target.clone(), t);
    }
    let mut value = json!({ "id": a.output_id(), "text": a.text, "predictions": targets });
    if let Some(c) = p.first().and_then(|p| p.coverage) {
        value["coverage"] = number(c);
    }
    if let Some(s) = p.first().and_then(|p| p.in_scope) {
        value["in_scope"] = number(s);
    }
    let reasons = withheld_reasons(model, p);
    if !reasons.is_empty() {
        value["uncertain_reason"] = json!(reasons);
    }
    value
}
