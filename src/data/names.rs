//! Unique names made from names that may repeat each other: the columns sitrep-classify
//! appends (a target named `coverage` beside the article's `coverage` column, or targets `t`
//! and `t_probability`, whose first's probability column is `t_probability`), and the plot
//! files of sitrep-eval (targets `a b` and `a/b` both make `a_b`); and a header's names as
//! error messages list them.

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

/// Refuses text columns that name one column twice: its text would be read twice, and
/// its words would weigh double against those of the other columns.
pub fn check_named_once(text_columns: &[String]) -> Result<(), super::DataError> {
    let twice = (1..text_columns.len()).find(|&i| text_columns[..i].contains(&text_columns[i]));
    match twice {
        Some(i) => Err(super::DataError::TextColumnTwice(text_columns[i].clone())),
        None => Ok(()),
    }
}

/// A header's column names as messages list them (`` `a`, `b` ``). A header read as one
/// column that holds semicolons, tabs or pipes is a file separated by them (a European
/// spreadsheet's CSV, a TSV), which sitrep reads as one column: the list then says so.
pub fn header_list(header: &[String]) -> String {
    let list = header
        .iter()
        .map(|h| format!("`{h}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let separator = match header {
        [one] => [(';', "semicolons"), ('\t', "tabs"), ('|', "pipes")]
            .into_iter()
            .find(|(c, _)| one.contains(*c)),
        _ => None,
    };
    match separator {
        Some((_, name)) => format!(
            "{list}; the header looks separated by {name}, and sitrep reads comma-separated CSV: \
             save the file as CSV with commas"
        ),
        None => list,
    }
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

    #[test]
    fn a_header_of_one_column_holding_another_separator_says_so() {
        assert_eq!(header_list(&names(&["text", "label"])), "`text`, `label`");
        assert_eq!(header_list(&names(&["text"])), "`text`");
        let semi = header_list(&names(&["text;label"]));
        assert!(
            semi.starts_with("`text;label`; the header looks separated by semicolons"),
            "{semi}"
        );
        assert!(header_list(&names(&["text\tlabel"])).contains("separated by tabs"));
        // two columns, one holding a semicolon: a comma-separated file after all
        assert_eq!(header_list(&names(&["a;b", "c"])), "`a;b`, `c`");
    }
}
