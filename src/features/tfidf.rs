//! TF-IDF weighting with the inverse document frequency learned from the training corpus.
//!
//! linfa's `TfIdfVectorizer` takes IDF from whatever batch it transforms, so a single article
//! at inference would get IDF 1 for every term. Here IDF is fitted once, stored in the model,
//! and applied unchanged to every later document. Formulas are scikit-learn's defaults:
//! smoothed `idf = ln((1 + n) / (1 + df)) + 1`, optional sublinear `tf = 1 + ln(tf)`, then each
//! row scaled to unit L2 norm so long and short articles are comparable.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TfIdf {
    pub idf: Vec<f64>,
    pub sublinear_tf: bool,
}

impl TfIdf {
    /// `doc_freqs[j]` is the number of the `n_docs` training documents containing column j.
    pub fn fit(doc_freqs: &[usize], n_docs: usize, sublinear_tf: bool) -> TfIdf {
        let n = n_docs as f64;
        let idf = doc_freqs
            .iter()
            .map(|&df| ((1.0 + n) / (1.0 + df as f64)).ln() + 1.0)
            .collect();
        TfIdf { idf, sublinear_tf }
    }

    /// Turns raw counts `(column, count)` into L2-normalized TF-IDF weights, in place.
    pub fn weigh(&self, row: &mut [(u32, f64)]) {
        let mut norm = 0.0;
        for (j, value) in row.iter_mut() {
            // most terms occur once, and 1 + ln(1) is exactly 1
            let tf = if self.sublinear_tf && *value != 1.0 {
                1.0 + value.ln()
            } else {
                *value
            };
            *value = tf * self.idf.get(*j as usize).copied().unwrap_or(1.0);
            norm += *value * *value;
        }
        if norm > 0.0 {
            let norm = norm.sqrt();
            for (_, value) in row.iter_mut() {
                *value /= norm;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idf_matches_scikit_learn_smooth_formula() {
        let t = TfIdf::fit(&[1, 4], 4, false);
        assert!((t.idf[0] - ((5.0f64 / 2.0).ln() + 1.0)).abs() < 1e-12);
        assert!((t.idf[1] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn rows_are_unit_length_and_rare_terms_weigh_more() {
        let t = TfIdf::fit(&[1, 4], 4, true);
        let mut row = vec![(0, 1.0), (1, 1.0)];
        t.weigh(&mut row);
        let norm: f64 = row.iter().map(|(_, v)| v * v).sum();
        assert!((norm - 1.0).abs() < 1e-12);
        assert!(row[0].1 > row[1].1);
    }

    #[test]
    fn sublinear_tf_damps_repeats() {
        let t = TfIdf::fit(&[1, 1], 2, true);
        let mut row = vec![(0, 10.0), (1, 1.0)];
        t.weigh(&mut row);
        // 1 + ln 10 = 3.30 vs 1, not 10 vs 1
        assert!((row[0].1 / row[1].1 - (1.0 + 10f64.ln())).abs() < 1e-9);
        let mut empty: Vec<(u32, f64)> = vec![];
        t.weigh(&mut empty);
    }
}
