//! The scope gate: a binary classifier that tells the texts a model was made for (its
//! labeled training rows) from text outside its scope (`--background FILE`: sports,
//! business, technology, code, ...). Without it, an English text on another subject uses
//! enough everyday words the model knows to get confident labels it should not have.

use super::{Algorithm, TrainError, TrainOptions};
use crate::features::Vectorizer;
use crate::models::LinearClassifier;
use crate::sparse::CsrMatrix;

/// The gate's two classes, in the order of its probabilities.
pub const SCOPE_CLASSES: [&str; 2] = ["in scope", "out of scope"];

/// Fits the gate on the labeled rows `x` (in scope) and the background texts (out of
/// scope), on the model's own features, so that it costs one more dot product per article.
pub fn fit_scope(
    x: &CsrMatrix,
    vectorizer: &Vectorizer,
    options: &TrainOptions,
) -> Result<LinearClassifier, TrainError> {
    let background = vectorizer.transform(&options.background);
    let y: Vec<usize> = std::iter::repeat_n(0, x.nrows())
        .chain(std::iter::repeat_n(1, background.nrows()))
        .collect();
    let both = CsrMatrix::vstack(&[x.clone(), background]);
    let classes: Vec<String> = SCOPE_CLASSES.iter().map(|c| c.to_string()).collect();
    Algorithm::LinearSvm { c: options.c() }
        .fit(both, &y, &classes, &[], options.seed, true)
        .map_err(|source| TrainError::Model {
            target: "scope (--background)".into(),
            source,
        })
}
