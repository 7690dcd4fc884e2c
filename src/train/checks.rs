//! Training options that the chosen model or targets would ignore are refused, each with a
//! sentence saying why and what to give instead: accepted, they would leave the user
//! believing they had trained something they had not.

use super::{ModelChoice, TrainError, TrainOptions};
use crate::model::targets::EncodedTarget;
use crate::model::TargetKind;

/// Every check of this file, for `sitrep-train` and `sitrep-eval --folds` alike.
pub(crate) fn check_options(targets: &[EncodedTarget], options: &TrainOptions) -> Result<(), TrainError> {
    check_class_weights(targets, options)?;
    check_all_threshold(targets, options)?;
    Ok(())
}

/// Class weights need an SVM and must name labels the targets have: a typo would otherwise
/// weigh nothing and go unnoticed.
fn check_class_weights(targets: &[EncodedTarget], options: &TrainOptions) -> Result<(), TrainError> {
    if options.class_weights.is_empty() {
        return Ok(());
    }
    if options.model != ModelChoice::Svm {
        return Err(TrainError::ClassWeightModel);
    }
    for (label, _) in &options.class_weights {
        if !targets.iter().any(|t| t.classes.contains(label)) {
            let mut known: Vec<&str> = targets
                .iter()
                .flat_map(|t| t.classes.iter().map(String::as_str))
                .collect();
            known.sort_unstable();
            known.dedup();
            return Err(TrainError::ClassWeightLabel {
                label: label.clone(),
                known: known.join(", "),
            });
        }
    }
    Ok(())
}

/// `--all-threshold` needs a model that has an ordinal SVM and a target that uses it: any
/// other model (`auto` among them, whose candidates fit a weight vector per threshold) would
/// ignore it without a word.
fn check_all_threshold(targets: &[EncodedTarget], options: &TrainOptions) -> Result<(), TrainError> {
    if !options.all_threshold {
        return Ok(());
    }
    if !matches!(options.model, ModelChoice::Svm | ModelChoice::Ensemble) {
        return Err(TrainError::AllThresholdModel(options.model.name().to_string()));
    }
    if !targets.iter().any(|t| t.spec.kind == TargetKind::Ordinal) {
        return Err(TrainError::AllThresholdNominal);
    }
    Ok(())
}
