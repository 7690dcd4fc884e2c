//! `sitrep-eval --by COLUMN`: a target's headline scores on the rows of each value of a
//! column (each source, region or month), so a report says where a model is weak.

use crate::evaluate::report::contents::{ByGroup, GroupScores, TargetReport};
use crate::metrics::MetricsError;

/// One target's rows: its name and kind, class labels, true and predicted class per row.
pub struct Rows<'a> {
    pub target: &'a str,
    pub kind: &'a str,
    pub labels: &'a [String],
    pub truth: &'a [usize],
    pub pred: &'a [usize],
}

/// One target scored on each value of a column, largest group first (ties by name).
pub fn by_group(column: &str, groups: &[String], s: &Rows) -> Result<ByGroup, MetricsError> {
    let mut names: Vec<&String> = groups.iter().collect();
    names.sort();
    names.dedup();
    let mut rows = Vec::new();
    for name in names {
        let (truth, pred): (Vec<usize>, Vec<usize>) = groups
            .iter()
            .zip(s.truth.iter().zip(s.pred))
            .filter(|(g, _)| *g == name)
            .map(|(_, (&t, &p))| (t, p))
            .unzip();
        let r = TargetReport::evaluate(s.target, s.kind, s.labels, &truth, &pred)?;
        rows.push(GroupScores {
            group: name.clone(),
            rows: truth.len(),
            accuracy: r.classification.accuracy,
            macro_f1: r.classification.macro_avg.f1,
            mae: r.ordinal.as_ref().map(|o| o.mae),
            qwk: r.ordinal.as_ref().map(|o| o.qwk),
        });
    }
    rows.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.group.cmp(&b.group)));
    Ok(ByGroup {
        column: column.to_string(),
        groups: rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_group_is_scored_on_its_own_rows_largest_first() {
        let groups: Vec<String> = ["b", "a", "b", "a", "b", "c"].map(String::from).to_vec();
        let labels = ["0", "1", "2", "3"].map(String::from).to_vec();
        let (truth, pred) = ([0, 1, 2, 3, 3, 1], [0, 1, 3, 0, 3, 1]);
        let s = Rows {
            target: "escalation",
            kind: "ordinal",
            labels: &labels,
            truth: &truth,
            pred: &pred,
        };
        let by = by_group("source", &groups, &s).expect("scores");
        assert_eq!(by.column, "source");
        let names: Vec<&str> = by.groups.iter().map(|g| g.group.as_str()).collect();
        assert_eq!(names, ["b", "a", "c"]);
        let b = &by.groups[0];
        assert_eq!(b.rows, 3);
        assert!((b.accuracy - 2.0 / 3.0).abs() < 1e-12);
        // b: truth 0 2 3, predicted 0 3 3: one error of one level
        assert!((b.mae.expect("ordinal") - 1.0 / 3.0).abs() < 1e-12);
        let a = &by.groups[1];
        // a: truth 1 3, predicted 1 0: one error of three levels
        assert!((a.mae.expect("ordinal") - 1.5).abs() < 1e-12);
        assert_eq!((by.groups[2].rows, by.groups[2].accuracy), (1, 1.0));
        let whole = TargetReport::evaluate("escalation", "ordinal", &labels, &truth, &pred).expect("scores");
        assert!(whole.ordinal.expect("ordinal").qwk > a.qwk.expect("ordinal"));
    }
}
