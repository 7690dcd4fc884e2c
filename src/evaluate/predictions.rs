//! `sitrep-eval --folds K --predictions FILE`: every row's out-of-fold prediction as CSV, so
//! that a reader can look at the rows cross-validation got wrong, not only count them.
//!
//! One row per data row, in the data's order: its line in the data file, the fold (1 to K)
//! that held it out, the group with `--group`, then per target the true label and the
//! prediction of the model that never saw the row. A column name that repeats an earlier
//! one (a `--group fold`, a target named `line`) takes `_2`, so every column can be read back
//! by name.

use std::path::Path;

use crate::data::unique_names;
use crate::evaluate::crossval::TargetCv;
use crate::model::file::write_atomically;
use crate::model::targets::EncodedTarget;

/// Writes the predictions of `results` (one per target, as `cross_validate` returns them)
/// for the rows at `lines` of the data file, atomically (as model files are), so a failed
/// run leaves no half-written file under that name.
pub fn write_predictions(
    path: &Path,
    lines: &[u64],
    group: Option<(&str, &[String])>,
    targets: &[EncodedTarget],
    results: &[TargetCv],
) -> std::io::Result<()> {
    let mut header = vec!["line".to_string(), "fold".to_string()];
    if let Some((column, _)) = group {
        header.push(column.to_string());
    }
    for t in targets {
        header.push(t.spec.column.clone());
        header.push(format!("{}_predicted", t.spec.column));
    }
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(unique_names(header))?;
    let folds = results.first().map_or(&[][..], |r| r.fold_of_row.as_slice());
    for (i, line) in lines.iter().enumerate() {
        let mut record = vec![
            line.to_string(),
            (folds.get(i).copied().unwrap_or(0) + 1).to_string(),
        ];
        if let Some((_, values)) = group {
            record.push(values.get(i).cloned().unwrap_or_default());
        }
        for (t, r) in targets.iter().zip(results) {
            record.push(t.classes[t.y[i]].clone());
            record.push(t.classes[r.predictions[i]].clone());
        }
        out.write_record(&record)?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    write_atomically(path, &bytes)
}
