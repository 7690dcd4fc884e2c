//! Training options that the chosen model or targets would ignore are refused, each with a
//! sentence saying why and what to give instead: accepted, they would leave the user
//! believing they had trained something they had not.

use super::{ModelChoice, TrainError, TrainOptions};
use crate::model::targets::{EncodedTarget, TargetSpec};
use crate::model::TargetKind;

/// Every check of this file, for `sitrep-train` and `sitrep-eval --folds` alike.
pub fn check_options(targets: &[EncodedTarget], options: &TrainOptions) -> Result<(), TrainError> {
    check_selection_folds(options, targets.first().map_or(0, |t| t.y.len()))?;
    check_class_weights(targets, options)?;
    check_all_threshold(targets, options)?;
    check_alpha(options)?;
    check_c(options)?;
    check_calibration(options)?;
    check_max_features(options)?;
    Ok(())
}

/// What `auto` has instead of the option it would ignore, for the error's sentence.
fn why_ignored(model: ModelChoice) -> &'static str {
    match model {
        ModelChoice::Auto => " (each of its candidates has its own)",
        _ => "",
    }
}

/// `--alpha` is naive Bayes's smoothing: the SVM, logistic regression and `auto` (whose
/// candidates fix their own) never read it.
fn check_alpha(options: &TrainOptions) -> Result<(), TrainError> {
    let takes_alpha = matches!(
        options.model,
        ModelChoice::ComplementNb | ModelChoice::MultinomialNb | ModelChoice::Ensemble
    );
    if options.alpha.is_none() || takes_alpha {
        return Ok(());
    }
    Err(TrainError::AlphaModel {
        model: options.model.name().to_string(),
        why: why_ignored(options.model),
    })
}

/// A text column that is also a target would hand the model each row's answer; one named
/// twice would be read twice. For columns the user names in one table (`sitrep-train`,
/// `sitrep-eval --folds`, `sitrep.train` on a file), not for the scikit-learn estimator,
/// whose target name is its own and whose `X` may have a column of that name.
pub fn check_text_columns(columns: &[String], targets: &[TargetSpec]) -> Result<(), TrainError> {
    crate::data::check_named_once(columns)?;
    match columns.iter().find(|c| targets.iter().any(|t| &t.column == *c)) {
        Some(column) => Err(TrainError::TextColumnIsTarget(column.clone())),
        None => Ok(()),
    }
}

/// Class weights need an SVM and must name labels the targets have, each once: a typo would
/// otherwise weigh nothing and go unnoticed, and of two weights for one label one would be
/// ignored.
fn check_class_weights(targets: &[EncodedTarget], options: &TrainOptions) -> Result<(), TrainError> {
    if options.class_weights.is_empty() {
        return Ok(());
    }
    let weights = &options.class_weights;
    if let Some((k, (label, second))) = weights
        .iter()
        .enumerate()
        .find(|(k, (l, _))| weights[..*k].iter().any(|(m, _)| m == l))
    {
        let first = weights[..k].iter().find(|(m, _)| m == label).map_or(0.0, |w| w.1);
        return Err(TrainError::ClassWeightTwice {
            label: label.clone(),
            first,
            second: *second,
        });
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

/// `--selection-folds` is how `auto` compares its candidates; a model given by name is no
/// choice to make.
/// Nor can it have more folds than rows: each fold holds at least one row out.
fn check_selection_folds(options: &TrainOptions, rows: usize) -> Result<(), TrainError> {
    match options.selection_folds {
        Some(_) if options.model != ModelChoice::Auto => {
            Err(TrainError::SelectionFoldsModel(options.model.name().to_string()))
        }
        Some(k) if k < 2 => Err(TrainError::SelectionFolds(k)),
        Some(k) if k > rows => Err(TrainError::SelectionFoldsRows { folds: k, rows }),
        _ => Ok(()),
    }
}

/// `--c` regularizes the SVM and logistic regression (alone or in the ensemble) and the scope
/// gate; naive Bayes has no C, and `auto`'s candidates fix their own.
fn check_c(options: &TrainOptions) -> Result<(), TrainError> {
    let takes_c = matches!(
        options.model,
        ModelChoice::Svm | ModelChoice::Logistic | ModelChoice::Ensemble
    );
    if options.c.is_none() || takes_c || !options.background.is_empty() {
        return Ok(());
    }
    Err(TrainError::CModel {
        model: options.model.name().to_string(),
        why: why_ignored(options.model),
    })
}

/// SVMs are always Platt-calibrated, so `--no-calibration` changes only the softmax models,
/// alone or in the ensemble. `auto` may choose one of those, so it is left to the choice.
fn check_calibration(options: &TrainOptions) -> Result<(), TrainError> {
    if !options.calibrate && options.model == ModelChoice::Svm {
        return Err(TrainError::CalibrationSvm);
    }
    Ok(())
}

/// A vocabulary keeps its most frequent terms; hashing has no vocabulary and keeps every
/// column. Checked here rather than with the other feature settings, so that model files
/// saved with both still load.
fn check_max_features(options: &TrainOptions) -> Result<(), TrainError> {
    let f = &options.features;
    if f.max_features.is_some() && f.hashing_bits.is_some() {
        return Err(TrainError::MaxFeaturesHashing);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::targets::encode_target;

    fn topic() -> EncodedTarget {
        let labels: Vec<String> = ["a", "b", "a", "b"].iter().map(|s| s.to_string()).collect();
        encode_target(&"topic".parse().expect("spec"), &labels, &[2, 3, 4, 5]).expect("encodes")
    }

    fn check(model: ModelChoice, change: impl FnOnce(&mut TrainOptions)) -> Result<(), TrainError> {
        let mut options = TrainOptions {
            model,
            ..Default::default()
        };
        change(&mut options);
        check_options(&[topic()], &options)
    }

    #[test]
    fn alpha_only_with_naive_bayes() {
        use ModelChoice::*;
        for model in [ComplementNb, MultinomialNb, Ensemble] {
            assert!(check(model, |o| o.alpha = Some(0.5)).is_ok(), "{model:?}");
        }
        for model in [Svm, Logistic, Auto] {
            assert!(check(model, |_| {}).is_ok(), "{model:?}");
            let e = check(model, |o| o.alpha = Some(0.5)).unwrap_err();
            assert!(matches!(e, TrainError::AlphaModel { .. }), "{model:?}: {e}");
        }
    }

    #[test]
    fn selection_folds_only_with_auto() {
        use ModelChoice::*;
        assert!(check(Auto, |o| o.selection_folds = Some(4)).is_ok());
        // the four rows of topic() make four folds at most
        let e = check(Auto, |o| o.selection_folds = Some(5)).unwrap_err();
        assert!(
            matches!(e, TrainError::SelectionFoldsRows { folds: 5, rows: 4 }),
            "{e}"
        );
        let e = check(Auto, |o| o.selection_folds = Some(1)).unwrap_err();
        assert!(matches!(e, TrainError::SelectionFolds(1)), "{e}");
        for model in [Svm, Logistic, ComplementNb, MultinomialNb, Ensemble] {
            let e = check(model, |o| o.selection_folds = Some(5)).unwrap_err();
            assert!(matches!(e, TrainError::SelectionFoldsModel(_)), "{model:?}: {e}");
        }
    }

    #[test]
    fn no_calibration_except_with_the_svm() {
        use ModelChoice::*;
        for model in [Logistic, ComplementNb, MultinomialNb, Ensemble, Auto] {
            assert!(check(model, |o| o.calibrate = false).is_ok(), "{model:?}");
        }
        let e = check(Svm, |o| o.calibrate = false).unwrap_err();
        assert!(matches!(e, TrainError::CalibrationSvm), "{e}");
    }

    #[test]
    fn a_label_weighs_once_and_a_text_column_is_read_once_and_is_no_target() {
        let e = check(ModelChoice::Svm, |o| {
            o.class_weights = vec![("a".into(), 2.0), ("b".into(), 3.0), ("a".into(), 4.0)]
        })
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "--class-weight gives `a` two weights (2 and 4); give each label one"
        );
        assert!(check(ModelChoice::Svm, |o| o.class_weights =
            vec![("a".into(), 2.0), ("b".into(), 3.0)])
        .is_ok());
        let topic: Vec<TargetSpec> = vec!["topic".parse().expect("spec")];
        let columns = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let e = check_text_columns(&columns(&["title", "topic"]), &topic).unwrap_err();
        assert!(
            matches!(e, TrainError::TextColumnIsTarget(ref c) if c == "topic"),
            "{e}"
        );
        let e = check_text_columns(&columns(&["body", "title", "body"]), &topic).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--text-column `body` is given twice, so its text would be read twice; name each text column once"
        );
        assert!(check_text_columns(&columns(&["title", "body"]), &topic).is_ok());
    }

    #[test]
    fn max_features_only_with_a_vocabulary() {
        let e = check(ModelChoice::Svm, |o| {
            o.features.max_features = Some(100);
            o.features.hashing_bits = Some(12);
        })
        .unwrap_err();
        assert!(matches!(e, TrainError::MaxFeaturesHashing), "{e}");
        assert!(check(ModelChoice::Svm, |o| o.features.max_features = Some(100)).is_ok());
    }

    #[test]
    fn c_only_with_a_model_or_gate_that_has_one() {
        use ModelChoice::*;
        for model in [Svm, Logistic, Ensemble] {
            assert!(check(model, |o| o.c = Some(0.5)).is_ok(), "{model:?}");
        }
        for model in [ComplementNb, MultinomialNb, Auto] {
            assert!(check(model, |_| {}).is_ok(), "{model:?}");
            let e = check(model, |o| o.c = Some(0.5)).unwrap_err();
            assert!(matches!(e, TrainError::CModel { .. }), "{model:?}: {e}");
            // the scope gate is an SVM of that C
            let gated = check(model, |o| {
                o.c = Some(0.5);
                o.background = vec!["football".into()];
            });
            assert!(gated.is_ok(), "{model:?}");
        }
    }
}
