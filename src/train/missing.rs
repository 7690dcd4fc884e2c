//! Classes that a split's training part lacks while its held-out part has rows of them:
//! a model trained on that part can never predict such a class, so its held-out rows all
//! count as errors. The scores stay true to what was trained, but fall for a reason no
//! table shows, so each case gets a sentence: cross-validation folds, the folds of
//! `--model auto`'s choice and the holdout split of `sitrep-train`'s validation alike. So
//! do rows whose text has no word to learn from.

use crate::model::targets::EncodedTarget;

/// A split of rows into a training part and a held-out part, named as the user knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// Fold `fold` (0-based) of `k` of cross-validation (`sitrep-eval --folds`).
    Fold { fold: usize, k: usize },
    /// Fold `fold` (0-based) of `k` on which `--model auto` compares its candidates; `within`
    /// is the cross-validation fold whose training rows it splits, if any.
    Selection {
        fold: usize,
        k: usize,
        within: Option<(usize, usize)>,
    },
    /// The hold-out split of `sitrep-train`'s validation summary.
    Holdout,
}

impl Split {
    fn name(self) -> String {
        match self {
            Split::Fold { fold, k } => format!("fold {} of {k}", fold + 1),
            Split::Selection { fold, k, within } => {
                let within = within.map_or(String::new(), |(f, k)| format!(" in fold {} of {k}", f + 1));
                format!(
                    "selection fold {} of {k} of the auto model choice{within}",
                    fold + 1
                )
            }
            Split::Holdout => "the holdout split".into(),
        }
    }

    fn held_out_part(self) -> &'static str {
        match self {
            Split::Holdout => "its held-out part",
            _ => "this fold's test part",
        }
    }

    /// What cannot predict the class, and what counts its rows as errors.
    fn consequence(self) -> &'static str {
        match self {
            Split::Fold { .. } => "the fold's model cannot predict it and its scores count those rows as errors",
            Split::Selection { .. } => "the candidates trained on the fold cannot predict it and their scores count those rows as errors",
            Split::Holdout => "the validation model cannot predict it and the validation scores count those rows as errors (the saved model, trained on all rows, knows it)",
        }
    }

    fn remedy(self, class: &str) -> String {
        match self {
            Split::Fold { .. } => format!("use fewer folds or label more rows `{class}`"),
            // stratified on this very target, only a class of one row misses a fold
            Split::Selection { .. } => format!("label more rows `{class}`"),
            Split::Holdout => {
                format!("label more rows `{class}`, or give --holdout 0 to skip the validation")
            }
        }
    }
}

/// One sentence per class of `target` that the training part of `split` lacks while its
/// held-out part has rows of it. `rows` gives each row's class and whether it is held out.
pub fn missing_classes(
    split: Split,
    target: &EncodedTarget,
    rows: impl IntoIterator<Item = (usize, bool)>,
) -> Vec<String> {
    let n = target.classes.len();
    let (mut trained, mut held_out) = (vec![0usize; n], vec![0usize; n]);
    for (class, is_held_out) in rows {
        match is_held_out {
            true => held_out[class] += 1,
            false => trained[class] += 1,
        }
    }
    let mut out = Vec::new();
    for (c, class) in target.classes.iter().enumerate() {
        // a class with no rows at all is no split's doing
        if trained[c] > 0 || held_out[c] == 0 {
            continue;
        }
        let part = split.held_out_part();
        let where_ = match held_out[c] {
            1 => format!("the one row labeled `{class}` is in {part}"),
            n => format!("all {n} rows labeled `{class}` are in {part}"),
        };
        out.push(format!(
            "{}: target `{}` has no training row of class `{class}` ({where_}), so {}; {}",
            split.name(),
            target.spec.column,
            split.consequence(),
            split.remedy(class)
        ));
    }
    out
}

/// The sentence for a training part of `split` that holds rows of one class only
/// (`class`, `rows` of them), for [`super::fit_error`]: the model's own ("only one class is
/// present") left the user looking at data that has several.
pub fn one_class_left(split: Split, target: &EncodedTarget, class: usize, rows: usize) -> String {
    let remedy = match split {
        Split::Fold { .. } => "use fewer folds or label more rows of the other classes",
        Split::Selection { .. } => "choose the model by name (e.g. --model svm) instead of auto, or label more rows of the other classes",
        Split::Holdout => "give --holdout 0 to skip the validation, or label more rows of the other classes",
    };
    format!(
        "{}: target `{}` has training rows of one class only (`{}`, {}), and a classifier needs two; {remedy}",
        split.name(),
        target.spec.column,
        target.classes.get(class).map_or("", String::as_str),
        crate::wording::counted(rows, "row"),
    )
}

/// The warning of rows whose text has no word to learn from ([`super::TrainSummary::wordless_rows`]),
/// `first` placing the first of them in `source` (`line 7`, or `row 5` of a table in memory).
pub fn wordless_warning(source: &str, rows: usize, first: &str) -> String {
    let (have, they, articles) = match rows {
        1 => ("1 row has".to_string(), "it is", "an article"),
        _ => (format!("{rows} rows have"), "they are", "articles"),
    };
    format!(
        "{source}: {have} no word to learn from (punctuation or stop words alone), the first on {first}; {they} trained on as {articles} without words, which teach only how common their labels are"
    )
}

/// The warning when `--holdout` holds out no row at all: the split is stratified by the
/// first target's classes, and a share of a class's few rows can round to none in every
/// class, which left the validation summary out without a word.
pub fn nothing_held_out(share: f64, target: &EncodedTarget) -> String {
    let mut rows = vec![0usize; target.classes.len()];
    target.y.iter().for_each(|&c| rows[c] += 1);
    let largest = rows.iter().copied().max().unwrap_or(0);
    format!(
        "--holdout {share} holds out no row: it takes that share of each class of `{}`, and \
         the largest has {largest} row{}, so there is no validation summary; use \
         sitrep-eval --folds to score a model on this little data, or --holdout 0",
        target.spec.column,
        if largest == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::targets::encode_target;

    #[test]
    fn a_holdout_of_no_row_says_why() {
        let t = topic(&["a", "a", "b", "b", "c"]);
        assert_eq!(
            nothing_held_out(0.2, &t),
            "--holdout 0.2 holds out no row: it takes that share of each class of `topic`, and the largest has 2 rows, so there is no validation summary; use sitrep-eval --folds to score a model on this little data, or --holdout 0"
        );
    }

    fn topic(labels: &[&str]) -> EncodedTarget {
        let labels: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
        let lines: Vec<u64> = (2..).take(labels.len()).collect();
        encode_target(&"topic".parse().expect("spec"), &labels, &lines).expect("encodes")
    }

    /// The warnings of every fold of `folds`, as cross-validation gives them.
    fn fold_warnings(t: &EncodedTarget, folds: &[usize], k: usize) -> Vec<String> {
        (0..k)
            .flat_map(|fold| {
                let sides = t.y.iter().zip(folds).map(move |(&y, &f)| (y, f == fold));
                missing_classes(Split::Fold { fold, k }, t, sides)
            })
            .collect()
    }

    #[test]
    fn a_fold_without_a_class_in_its_training_rows_is_named() {
        let t = topic(&["a", "b", "a", "b", "c", "c", "a", "d"]);
        // `c` is held out whole in fold 2, `d` (one row) in fold 3; `a` and `b` train everywhere
        let folds = [0, 1, 2, 0, 1, 1, 1, 2];
        assert_eq!(
            fold_warnings(&t, &folds, 3),
            [
                "fold 2 of 3: target `topic` has no training row of class `c` (all 2 rows labeled `c` are in this fold's test part), so the fold's model cannot predict it and its scores count those rows as errors; use fewer folds or label more rows `c`",
                "fold 3 of 3: target `topic` has no training row of class `d` (the one row labeled `d` is in this fold's test part), so the fold's model cannot predict it and its scores count those rows as errors; use fewer folds or label more rows `d`",
            ]
        );
        // `a`, `b` and `c` in both folds: only the single `d` is missing from one
        let two = fold_warnings(&t, &[0, 1, 1, 0, 0, 1, 1, 0], 2);
        assert_eq!(two.len(), 1, "{two:?}");
        assert!(two[0].starts_with("fold 1 of 2: target `topic` has no training row of class `d`"));
    }

    #[test]
    fn a_class_held_out_whole_is_named_once() {
        let t = topic(&["a", "a", "b", "b", "c"]);
        // rows 3 and 4 held out: all of `c`, half of `b`
        let sides = t.y.iter().enumerate().map(|(i, &y)| (y, i >= 3));
        let warnings = missing_classes(Split::Holdout, &t, sides);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with("the holdout split: target `topic` has no training row of class `c` (the one row labeled `c` is in its held-out part)"),
            "{}",
            warnings[0]
        );
        let none_held_out = t.y.iter().map(|&y| (y, false));
        assert!(missing_classes(Split::Holdout, &t, none_held_out).is_empty());
    }

    #[test]
    fn a_training_part_of_one_class_names_the_split() {
        let t = topic(&["a", "b", "a"]);
        assert_eq!(
            one_class_left(Split::Holdout, &t, 0, 1),
            "the holdout split: target `topic` has training rows of one class only (`a`, 1 row), and a classifier needs two; give --holdout 0 to skip the validation, or label more rows of the other classes"
        );
        let selection = Split::Selection {
            fold: 2,
            k: 3,
            within: None,
        };
        let e = one_class_left(selection, &t, 0, 2);
        assert!(e.starts_with("selection fold 3 of 3 of the auto model choice: target `topic` has training rows of one class only (`a`, 2 rows)"), "{e}");
    }

    #[test]
    fn splits_are_named_as_the_user_knows_them() {
        let t = topic(&["a", "b", "b"]);
        let sides = || t.y.iter().map(|&y| (y, y == 0));
        let first = |split| missing_classes(split, &t, sides()).remove(0);
        assert!(first(Split::Fold { fold: 1, k: 5 }).starts_with("fold 2 of 5: "));
        let selection = Split::Selection {
            fold: 0,
            k: 3,
            within: Some((3, 4)),
        };
        assert!(
            first(selection).starts_with("selection fold 1 of 3 of the auto model choice in fold 4 of 4: ")
        );
    }
}
