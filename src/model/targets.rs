//! Targets: which label columns to learn and how their labels become class indices.
//!
//! A nominal target's classes are sorted alphabetically; an ordinal target's levels are
//! ordered numerically, or in the order the user gives (`risk:ordinal=low,medium,high`), so
//! that "higher" means something to the ordinal models and metrics.

use std::str::FromStr;

use thiserror::Error;

use crate::model::TargetKind;

#[derive(Debug, Error, PartialEq)]
pub enum TargetError {
    #[error("target `{target}` has only one class (`{class}`) in the data; a classifier needs at least two")]
    OneClass { target: String, class: String },
    #[error(
        "target `{target}`: line {line} has level `{label}`, which is not in the given order ({order}){hint}"
    )]
    UnknownLevel {
        target: String,
        line: u64,
        label: String,
        order: String,
        /// What the order has that looks like the label (`High` for `high`), said as the
        /// end of the sentence; empty when nothing does.
        hint: String,
    },
    #[error("target `{target}` writes one level two ways, `{first}` (line {first_line}) and `{second}` (line {second_line}), which are the same number; an ordinal level is its number, so write it one way in every row")]
    SameLevel {
        target: String,
        first: String,
        first_line: u64,
        second: String,
        second_line: u64,
    },
    #[error("target `{target}` is ordinal but its labels are not all numbers (e.g. `{label}`); give the order as `{target}:ordinal=LOW,...,HIGH`")]
    UnorderedLevels { target: String, label: String },
    #[error("target `{target}`: none of the {rows} training rows{} has level `{level}` of the given order ({order}); a level without rows would get a made-up place on the scale, so add rows labeled `{level}` or leave it out of the order", .filter.as_ref().map_or(String::new(), |f| format!(" where {f}")))]
    EmptyLevel {
        target: String,
        level: String,
        order: String,
        rows: usize,
        /// The row filter the rows passed (`split=train`), when there was one.
        filter: Option<String>,
    },
}

impl TargetError {
    /// The error with the row filter that chose the rows, so that a level missing because
    /// of the filter says so.
    pub fn with_filter(self, filter: Option<String>) -> TargetError {
        match self {
            TargetError::EmptyLevel {
                target,
                level,
                order,
                rows,
                ..
            } => TargetError::EmptyLevel {
                target,
                level,
                order,
                rows,
                filter,
            },
            other => other,
        }
    }
}

/// A target column and how to treat it: `topic`, `escalation:ordinal`, or with an explicit
/// level order `risk:ordinal=low,medium,high`.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetSpec {
    pub column: String,
    pub kind: TargetKind,
    pub order: Option<Vec<String>>,
}

/// Splits a `--target` value into its column and its kind, if it gives one: the kind is
/// what follows the last `:` that is followed by `nominal`, `ordinal` or `ordinal=...`, so a
/// column named `Q1: topic` is a column, and `Q1: topic:ordinal` its ordinal target.
pub fn split_kind(s: &str) -> (&str, Option<&str>) {
    let is_kind = |k: &str| k == "nominal" || k == "ordinal" || k.starts_with("ordinal=");
    // the levels of `ordinal=` may hold a `:` too, so the first such `:` from the left wins
    s.match_indices(':')
        .map(|(i, _)| (&s[..i], &s[i + 1..]))
        .find(|(_, kind)| is_kind(kind))
        .map_or((s, None), |(column, kind)| (column, Some(kind)))
}

impl FromStr for TargetSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (column, rest) = split_kind(s);
        if column.trim().is_empty() {
            return Err(format!(
                "`{s}` names no column; write e.g. `topic` or `escalation:ordinal`"
            ));
        }
        let (kind, order) = match rest {
            None | Some("nominal") => (TargetKind::Nominal, None),
            Some("ordinal") => (TargetKind::Ordinal, None),
            // split_kind gives no other kind
            Some(r) => {
                let levels: Vec<String> = r
                    .strip_prefix("ordinal=")
                    .unwrap_or(r)
                    .split(',')
                    .map(|l| l.trim().to_string())
                    .collect();
                if levels.len() < 2 || levels.iter().any(String::is_empty) {
                    return Err(format!(
                        "`{s}`: list at least two levels after `ordinal=`, separated by commas"
                    ));
                }
                if let Some((k, level)) = levels.iter().enumerate().find(|(k, l)| levels[..*k].contains(l)) {
                    return Err(format!(
                        "`{s}`: level `{level}` is listed twice (positions {} and {}); each level has one place on the scale",
                        levels.iter().position(|l| l == level).unwrap_or(0) + 1,
                        k + 1
                    ));
                }
                (TargetKind::Ordinal, Some(levels))
            }
        };
        Ok(TargetSpec {
            column: column.trim().to_string(),
            kind,
            order,
        })
    }
}

/// A target's labels turned into class indices.
#[derive(Debug, Clone)]
pub struct EncodedTarget {
    pub spec: TargetSpec,
    pub classes: Vec<String>,
    pub y: Vec<usize>,
}

/// The number an ordinal level is named by, if it is one (`2`, `2.0`, `-1`; not `NaN`):
/// training orders levels by it, and evaluation places levels the model never saw by it.
pub fn level_number(label: &str) -> Option<f64> {
    label.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Orders the classes of a target and encodes its labels. Nominal classes are sorted
/// alphabetically; ordinal levels numerically or in the user's order.
pub fn encode_target(
    spec: &TargetSpec,
    labels: &[String],
    lines: &[u64],
) -> Result<EncodedTarget, TargetError> {
    let mut classes: Vec<String> = match (&spec.kind, &spec.order) {
        (TargetKind::Ordinal, Some(order)) => order.clone(),
        _ => {
            let mut c: Vec<String> = labels.to_vec();
            c.sort();
            c.dedup();
            c
        }
    };
    if spec.kind == TargetKind::Ordinal && spec.order.is_none() {
        let mut numeric = Vec::with_capacity(classes.len());
        for c in &classes {
            match level_number(c) {
                Some(v) => numeric.push((v, c.clone())),
                None => {
                    return Err(TargetError::UnorderedLevels {
                        target: spec.column.clone(),
                        label: c.clone(),
                    })
                }
            }
        }
        numeric.sort_by(|a, b| a.0.total_cmp(&b.0));
        if let Some(pair) = numeric.windows(2).find(|w| w[0].0 == w[1].0) {
            let line = |c: &str| labels.iter().position(|l| l == c).map_or(0, |i| lines[i]);
            let (mut a, mut b) = (pair[0].1.clone(), pair[1].1.clone());
            if line(&b) < line(&a) {
                std::mem::swap(&mut a, &mut b);
            }
            return Err(TargetError::SameLevel {
                target: spec.column.clone(),
                first_line: line(&a),
                first: a,
                second_line: line(&b),
                second: b,
            });
        }
        classes = numeric.into_iter().map(|(_, c)| c).collect();
    }
    let mut y = Vec::with_capacity(labels.len());
    for (label, &line) in labels.iter().zip(lines) {
        match classes.iter().position(|c| c == label) {
            Some(k) => y.push(k),
            None => {
                let near = classes
                    .iter()
                    .find(|c| look_alike_key(c) == look_alike_key(label));
                return Err(TargetError::UnknownLevel {
                    target: spec.column.clone(),
                    line,
                    label: label.clone(),
                    order: classes.join(","),
                    hint: near.map_or(String::new(), |c| {
                        format!("; levels are compared exactly, and the order's `{c}` differs from it only in case or spacing: write it as the rows do")
                    }),
                });
            }
        }
    }
    let first = y.first().copied().unwrap_or(0);
    if y.iter().all(|&k| k == first) {
        return Err(TargetError::OneClass {
            target: spec.column.clone(),
            class: classes[first].clone(),
        });
    }
    // Levels found in the data have rows by construction; a level the user listed may not.
    // Its threshold problems would be copies of its neighbour's, and the model would give
    // it a place and probabilities that no row taught it.
    let mut has_rows = vec![false; classes.len()];
    for &k in &y {
        has_rows[k] = true;
    }
    if let Some(empty) = has_rows.iter().position(|&h| !h) {
        return Err(TargetError::EmptyLevel {
            target: spec.column.clone(),
            level: classes[empty].clone(),
            order: classes.join(","),
            rows: y.len(),
            filter: None,
        });
    }
    Ok(EncodedTarget {
        spec: spec.clone(),
        classes,
        y,
    })
}

/// What two labels that differ only in case or spacing have in common: `armed clashes` for
/// `Armed  Clashes`.
pub fn look_alike_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What training should say of a target's labels before it starts: labels that look alike
/// ([`look_alike_classes`]) and labels carried by one row each ([`one_row_classes`]).
/// `lines[i]` places row i, as a `line` of a file or a `row` of a table in memory (`unit`).
pub fn label_warnings(t: &EncodedTarget, lines: &[u64], unit: &str) -> Vec<String> {
    let mut warnings = look_alike_classes(t, lines, unit);
    warnings.extend(one_row_classes(t));
    warnings
}

/// A warning when most of a target's labels are each carried by one row, as in a column of
/// ids, titles or free text given as `--target`: a class is learned from the rows that
/// carry it, so such labels teach nothing, and training builds a model per label, which for
/// 60,000 labels runs for hours without a word. Fewer than [`ONE_ROW_CLASSES_FROM`] labels
/// pass: a small label set with a few rare labels is ordinary.
pub fn one_row_classes(t: &EncodedTarget) -> Option<String> {
    let mut rows = vec![0usize; t.classes.len()];
    for &k in &t.y {
        rows[k] += 1;
    }
    let single = rows.iter().filter(|&&n| n == 1).count();
    (t.classes.len() >= ONE_ROW_CLASSES_FROM && single * 2 > t.classes.len()).then(|| {
        format!(
            "target `{}` has {} labels over {} rows, and {} of them label one row each: a class is learned from the rows that carry it, so these teach nothing, and training builds a model per label, which takes long; if `{}` is a column of ids or text, name the label column with --target instead",
            t.spec.column,
            t.classes.len(),
            t.y.len(),
            single,
            t.spec.column
        )
    })
}

/// [`one_row_classes`] warns from this many labels.
pub const ONE_ROW_CLASSES_FROM: usize = 50;

/// Warnings of classes of a target whose labels differ only in case or spacing (`Protests`,
/// `protests`, `Armed  clashes`): each is learned as a class of its own, which is rarely
/// what the rows meant. One warning per group of look-alikes, naming the line each first
/// appears on (`lines[i]` is row `i`'s `unit`: `line`, or `row` in memory).
pub fn look_alike_classes(t: &EncodedTarget, lines: &[u64], unit: &str) -> Vec<String> {
    let key = look_alike_key;
    let mut first_line = vec![None; t.classes.len()];
    for (&k, &line) in t.y.iter().zip(lines) {
        first_line[k].get_or_insert(line);
    }
    // a map, not a search per class: a column of ids has as many classes as rows
    let mut index = std::collections::HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (k, class) in t.classes.iter().enumerate() {
        let g = *index.entry(key(class)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(k);
    }
    groups
        .into_iter()
        .filter(|members| members.len() > 1)
        .map(|mut members| {
            members.sort_by_key(|&k| first_line[k]);
            let named: Vec<String> = members
                .iter()
                .map(|&k| format!("`{}` ({unit} {})", t.classes[k], first_line[k].unwrap_or(0)))
                .collect();
            format!(
                "target `{}` has labels that differ only in case or spacing, {}, and learns each as a class of its own; if they mean one class, write them one way",
                t.spec.column,
                crate::wording::and_list(&named)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_that_differ_only_in_case_or_spacing_are_named() {
        let spec: TargetSpec = "topic".parse().expect("parses");
        let labels: Vec<String> = [
            "Protests",
            "Armed clashes",
            "protests",
            "armed  Clashes",
            "Riots",
            "PROTESTS",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let t = encode_target(&spec, &labels, &[2, 3, 4, 5, 6, 7]).expect("encodes");
        assert_eq!(
            look_alike_classes(&t, &[2, 3, 4, 5, 6, 7], "line"),
            [
                "target `topic` has labels that differ only in case or spacing, `Armed clashes` (line 3) and `armed  Clashes` (line 5), and learns each as a class of its own; if they mean one class, write them one way",
                "target `topic` has labels that differ only in case or spacing, `Protests` (line 2), `protests` (line 4) and `PROTESTS` (line 7), and learns each as a class of its own; if they mean one class, write them one way",
            ]
        );
        let labels: Vec<String> = ["a", "b", "a"].iter().map(|s| s.to_string()).collect();
        let t = encode_target(&spec, &labels, &[2, 3, 4]).expect("encodes");
        assert!(look_alike_classes(&t, &[2, 3, 4], "line").is_empty());
    }

    #[test]
    fn a_target_whose_labels_each_label_one_row_is_warned_of() {
        let spec: TargetSpec = "story_id".parse().expect("parses");
        let encode = |labels: Vec<String>| {
            let lines: Vec<u64> = (2..2 + labels.len() as u64).collect();
            encode_target(&spec, &labels, &lines).expect("encodes")
        };
        // a column of ids: 60 labels, one row each
        let ids = encode((0..60).map(|i| format!("AFP-{i}")).collect());
        let w = one_row_classes(&ids).expect("a warning");
        assert!(
            w.starts_with("target `story_id` has 60 labels over 60 rows, and 60 of them label one row each"),
            "{w}"
        );
        assert_eq!(label_warnings(&ids, &[], "line"), [w]);
        // 60 labels over 600 rows, 10 rows each, and a small set with rare labels: ordinary
        let common = encode((0..600).map(|i| format!("c{}", i % 60)).collect());
        assert_eq!(one_row_classes(&common), None);
        let rare = encode((0..40).map(|i| format!("r{i}")).collect());
        assert_eq!(
            one_row_classes(&rare),
            None,
            "below {ONE_ROW_CLASSES_FROM} labels"
        );
    }

    #[test]
    fn target_specs_parse() {
        assert_eq!(
            "topic".parse::<TargetSpec>().map(|t| t.kind),
            Ok(TargetKind::Nominal)
        );
        let t: TargetSpec = "risk:ordinal=low, mid,high".parse().expect("parses");
        assert_eq!(t.order, Some(vec!["low".into(), "mid".into(), "high".into()]));
        // `:` followed by no kind is part of the column's name
        let t: TargetSpec = "Q1: topic".parse().expect("parses");
        assert_eq!((t.column.as_str(), t.kind), ("Q1: topic", TargetKind::Nominal));
        let t: TargetSpec = "Q1: level:ordinal".parse().expect("parses");
        assert_eq!((t.column.as_str(), t.kind), ("Q1: level", TargetKind::Ordinal));
        let t: TargetSpec = "r:ordinal=a:b,c".parse().expect("parses");
        assert_eq!(t.order, Some(vec!["a:b".into(), "c".into()]));
        assert_eq!(split_kind("x:fancy"), ("x:fancy", None));
        assert!(":ordinal".parse::<TargetSpec>().is_err());
        // a repeated level would get two places on the scale and two probability columns
        assert_eq!(
            "risk:ordinal=low,low,high".parse::<TargetSpec>().unwrap_err(),
            "`risk:ordinal=low,low,high`: level `low` is listed twice (positions 1 and 2); each level has one place on the scale"
        );
    }

    #[test]
    fn ordinal_levels_sort_numerically() {
        let spec: TargetSpec = "esc:ordinal".parse().expect("parses");
        let labels: Vec<String> = ["10", "2", "0", "2"].iter().map(|s| s.to_string()).collect();
        let t = encode_target(&spec, &labels, &[2, 3, 4, 5]).expect("encodes");
        assert_eq!(t.classes, ["0", "2", "10"]);
        assert_eq!(t.y, [2, 1, 0, 1]);
        let words: Vec<String> = ["low", "high"].iter().map(|s| s.to_string()).collect();
        assert!(matches!(
            encode_target(&spec, &words, &[2, 3]),
            Err(TargetError::UnorderedLevels { .. })
        ));
    }

    /// `2` and `2.0` (or `1` and `01`) were two levels of the scale (`0, 1, 2, 2.0, 3`).
    #[test]
    fn one_number_written_two_ways_is_an_error_naming_both() {
        let spec: TargetSpec = "esc:ordinal".parse().expect("parses");
        let labels: Vec<String> = ["0", "2.0", "1", "2", "01"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let e = encode_target(&spec, &labels, &[2, 3, 4, 5, 6]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "target `esc` writes one level two ways, `1` (line 4) and `01` (line 6), which are the same number; an ordinal level is its number, so write it one way in every row"
        );
        let labels: Vec<String> = ["0", "2.0", "2"].iter().map(|s| s.to_string()).collect();
        let e = encode_target(&spec, &labels, &[2, 3, 4]).unwrap_err();
        assert!(e.to_string().contains("`2.0` (line 3) and `2` (line 4)"), "{e}");
    }

    #[test]
    fn one_class_and_unknown_levels_are_errors() {
        let spec: TargetSpec = "topic".parse().expect("parses");
        let same: Vec<String> = vec!["a".into(), "a".into()];
        let e = encode_target(&spec, &same, &[2, 3]).unwrap_err().to_string();
        assert_eq!(
            e,
            "target `topic` has only one class (`a`) in the data; a classifier needs at least two"
        );
        let spec: TargetSpec = "r:ordinal=low,high".parse().expect("parses");
        let e = encode_target(&spec, &["low".into(), "mid".into()], &[2, 3])
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "target `r`: line 3 has level `mid`, which is not in the given order (low,high)"
        );
        let spec: TargetSpec = "r:ordinal=Low,High".parse().expect("parses");
        let e = encode_target(&spec, &["high".into(), "Low".into()], &[2, 3]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "target `r`: line 2 has level `high`, which is not in the given order (Low,High); levels are compared exactly, and the order's `High` differs from it only in case or spacing: write it as the rows do"
        );
    }

    #[test]
    fn a_given_level_without_rows_is_an_error_naming_it() {
        let spec: TargetSpec = "r:ordinal=low,mid,high".parse().expect("parses");
        let labels: Vec<String> = vec!["low".into(), "high".into(), "low".into()];
        let e = encode_target(&spec, &labels, &[2, 3, 4]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "target `r`: none of the 3 training rows has level `mid` of the given order (low,mid,high); a level without rows would get a made-up place on the scale, so add rows labeled `mid` or leave it out of the order"
        );
        assert!(e
            .with_filter(Some("split=train".into()))
            .to_string()
            .starts_with("target `r`: none of the 3 training rows where split=train has level `mid`"));
        let spec: TargetSpec = "r:ordinal=low,high".parse().expect("parses");
        assert!(encode_target(&spec, &labels, &[2, 3, 4]).is_ok());
    }
}
