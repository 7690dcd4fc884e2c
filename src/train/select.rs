//! `--model auto`: each candidate algorithm cross-validated on the training rows, the best
//! one kept, with every candidate's score for the summary.

use rayon::prelude::*;

use super::missing::{missing_classes, Split};
use super::{fit_error, predict, Algorithm, Candidate, TrainError, TrainOptions};
use crate::features::AnalyzedCorpus;
use crate::metrics::Classification;
use crate::model::targets::EncodedTarget;
use crate::model::TargetKind;
use crate::models::dataset;
use crate::models::folds::{split, stratified_folds};

/// Cross-validates every candidate on `rows` and returns the best with all scores. `warn`
/// is told of each selection fold whose training part lacks a class; `within` names the
/// cross-validation fold that `rows` are the training rows of, if any.
pub(crate) fn select(
    corpus: &AnalyzedCorpus,
    rows: &[usize],
    t: &EncodedTarget,
    options: &TrainOptions,
    within: Option<(usize, usize)>,
    warn: &mut dyn FnMut(&str),
) -> Result<(Algorithm, Vec<Candidate>), TrainError> {
    let labels: Vec<usize> = rows.iter().map(|&i| t.y[i]).collect();
    let k = options.selection_folds();
    let folds = stratified_folds(&labels, k, options.seed);
    for fold in 0..k {
        let sides = labels.iter().zip(&folds).map(|(&y, &f)| (y, f == fold));
        for message in missing_classes(Split::Selection { fold, k, within }, t, sides) {
            warn(&message);
        }
    }
    let candidates = Algorithm::candidates(t.spec.kind);
    let mut predictions = vec![vec![0usize; rows.len()]; candidates.len()];
    for f in 0..k {
        let (train_idx, test_idx) = split(&folds, f);
        let train_rows: Vec<usize> = train_idx.iter().map(|&i| rows[i]).collect();
        let test_rows: Vec<usize> = test_idx.iter().map(|&i| rows[i]).collect();
        let (vectorizer, x_train) = corpus.fit(&options.features, &train_rows);
        let x_test = corpus.matrix(&vectorizer, &test_rows);
        let y_train: Vec<usize> = train_idx.iter().map(|&i| labels[i]).collect();
        // the candidates fit side by side on one dataset: a copy of the matrix each would
        // cost a copy's time and, side by side, its memory
        let ds = dataset(x_train, y_train.clone(), &t.classes);
        let fold_predictions = candidates
            .par_iter()
            .map(|algorithm| {
                algorithm
                    // calibration never changes a softmax model's predictions: skip it here
                    .fit_dataset(&ds, &[], options.seed, false)
                    .map(|model| predict(&model, &x_test))
                    .map_err(|source| {
                        let split = Split::Selection { fold: f, k, within };
                        fit_error(split, t, &y_train, source)
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        for (c, fold_pred) in fold_predictions.into_iter().enumerate() {
            for (&i, p) in test_idx.iter().zip(fold_pred) {
                predictions[c][i] = p;
            }
        }
    }
    let mut scored = Vec::new();
    let mut best = (candidates[0], f64::NEG_INFINITY);
    for (algorithm, pred) in candidates.iter().zip(&predictions) {
        let score = match t.spec.kind {
            TargetKind::Nominal => Classification::new(&t.classes, &labels, pred)
                .map(|c| c.macro_avg.f1)
                .unwrap_or(0.0),
            TargetKind::Ordinal => crate::metrics::quadratic_weighted_kappa(&labels, pred, t.classes.len()),
        };
        if score > best.1 + 1e-12 {
            best = (*algorithm, score);
        }
        scored.push(Candidate {
            target: t.spec.column.clone(),
            algorithm: *algorithm,
            score,
        });
    }
    Ok((best.0, scored))
}
