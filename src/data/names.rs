//! Unique names made from names that may repeat each other: the columns sitrep-classify
//! appends (a target named `coverage` beside the article's `coverage` column, or targets `t`
//! and `t_probability`, whose first's probability column is `t_probability`), and the plot
//! files of sitrep-eval (targets `a b` and `a/b` both make `a_b`).

use std::collections::HashSet;

/// `columns` with each name that repeats an earlier one suffixed with `_2` (or `_3`, and so
/// on: the first number that gives a name no column has), so that every name is unique and
/// the output can be read back by name. Names that repeat nothing are kept as they are.
pub fn unique_names(columns: Vec<String>) -> Vec<String> {
    let taken: HashSet<String> = columns.iter().cloned().collect();
    let mut used: HashSet<String> = HashSet::with_capacity(columns.len());
    columns
        .into_iter()
        .map(|name| {
            let mut unique = name.clone();
            let mut n = 2;
            while used.contains(&unique) || (unique != name && taken.contains(&unique)) {
                unique = format!("{name}_{n}");
                n += 1;
            }
            used.insert(unique.clone());
            unique
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_repeated_name_takes_the_first_free_number() {
        assert_eq!(unique_names(names(&["a", "b"])), ["a", "b"]);
        assert_eq!(
            unique_names(names(&["coverage", "coverage_probability", "coverage"])),
            ["coverage", "coverage_probability", "coverage_2"]
        );
        // `t_probability_2` is taken by a column of its own, so the repeat takes `_3`
        assert_eq!(
            unique_names(names(&["t_probability", "t_probability", "t_probability_2"])),
            ["t_probability", "t_probability_3", "t_probability_2"]
        );
        assert_eq!(unique_names(names(&["x", "x", "x"])), ["x", "x_2", "x_3"]);
    }
}
