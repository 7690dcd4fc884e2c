//! Platt scaling: maps a decision value `s` to a probability `1 / (1 + exp(a s + b))`.
//!
//! Fitted on decision values the model did not train on (out-of-fold), otherwise the
//! sigmoid learns the training set's overconfidence. The solver is the Newton method with
//! backtracking of Lin, Lin and Weng, "A note on Platt's probabilistic outputs for support
//! vector machines" (2007), including Platt's smoothed targets.

/// A numerically safe logistic function.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Returns `(a, b)` for decision values `scores` with boolean `labels` (true = positive).
pub fn fit(scores: &[f64], labels: &[bool]) -> (f64, f64) {
    let n_pos = labels.iter().filter(|&&l| l).count() as f64;
    let n_neg = labels.len() as f64 - n_pos;
    let hi = (n_pos + 1.0) / (n_pos + 2.0);
    let lo = 1.0 / (n_neg + 2.0);
    let t: Vec<f64> = labels.iter().map(|&l| if l { hi } else { lo }).collect();
    let (min_step, sigma, eps) = (1e-10, 1e-12, 1e-5);
    let mut a = 0.0;
    let mut b = ((n_neg + 1.0) / (n_pos + 1.0)).ln();
    let objective = |a: f64, b: f64| -> f64 {
        scores
            .iter()
            .zip(&t)
            .map(|(s, t)| {
                let f = s * a + b;
                if f >= 0.0 {
                    t * f + (1.0 + (-f).exp()).ln()
                } else {
                    (t - 1.0) * f + (1.0 + f.exp()).ln()
                }
            })
            .sum()
    };
    let mut fval = objective(a, b);
    for _ in 0..100 {
        let (mut h11, mut h22, mut h21, mut g1, mut g2) = (sigma, sigma, 0.0, 0.0, 0.0);
        for (s, t) in scores.iter().zip(&t) {
            let f = s * a + b;
            let (p, q) = if f >= 0.0 {
                let e = (-f).exp();
                (e / (1.0 + e), 1.0 / (1.0 + e))
            } else {
                let e = f.exp();
                (1.0 / (1.0 + e), e / (1.0 + e))
            };
            let d2 = p * q;
            h11 += s * s * d2;
            h22 += d2;
            h21 += s * d2;
            let d1 = t - p;
            g1 += s * d1;
            g2 += d1;
        }
        if g1.abs() < eps && g2.abs() < eps {
            break;
        }
        let det = h11 * h22 - h21 * h21;
        let da = -(h22 * g1 - h21 * g2) / det;
        let db = -(-h21 * g1 + h11 * g2) / det;
        let gd = g1 * da + g2 * db;
        let mut step = 1.0;
        while step >= min_step {
            let (na, nb) = (a + step * da, b + step * db);
            let nf = objective(na, nb);
            if nf < fval + 1e-4 * step * gd {
                a = na;
                b = nb;
                fval = nf;
                break;
            }
            step /= 2.0;
        }
        if step < min_step {
            break;
        }
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigmoid_is_stable_at_extremes() {
        assert_eq!(sigmoid(0.0), 0.5);
        assert!(sigmoid(800.0) <= 1.0 && sigmoid(-800.0) >= 0.0);
        assert!(sigmoid(-800.0).is_finite());
    }

    #[test]
    fn separable_scores_give_confident_increasing_probabilities() {
        let scores = [-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0];
        let labels = [false, false, false, false, true, true, true, true];
        let (a, b) = fit(&scores, &labels);
        assert!(a < 0.0, "higher scores must mean higher probability, a = {a}");
        let p = |s: f64| sigmoid(-(a * s + b));
        assert!(p(2.0) > 0.8 && p(-2.0) < 0.2);
        assert!((p(0.0) - 0.5).abs() < 0.1);
    }

    #[test]
    fn uninformative_scores_give_the_base_rate() {
        let scores = [0.0; 10];
        let labels = [
            true, false, false, false, false, false, false, false, false, false,
        ];
        let (a, b) = fit(&scores, &labels);
        let p = sigmoid(-(a * 0.0 + b));
        // smoothed base rate: (1 + 1) / (1 + 2) for positives vs 1 / (9 + 2): near 0.1-0.2
        assert!(p > 0.05 && p < 0.3, "p = {p}");
    }
}
