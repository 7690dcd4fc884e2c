//! Where the levels of an ordinal target that the model never saw go on its scale. A level
//! named by a number is placed by its number (`-1` below `0`, `2.5` between `2` and `3`),
//! and `2.0` or `02` is the model's level `2`; a level with another name can only go past
//! the model's last level, and the warning says so. MAE and QWK count steps on this scale.

use crate::model::targets::level_number as number;

/// Whether the data's `label` names the level `level`: the same text, or the same number.
pub fn same_level(level: &str, label: &str) -> bool {
    level == label || matches!((number(level), number(label)), (Some(a), Some(b)) if a == b)
}

/// The order on the scale of `labels` (the model's `known` levels in its order, then the
/// levels it never saw), when the unseen ones can be placed by their numbers: every label a
/// number and the model's levels rising or falling. `None` when the labels stay as they
/// are (nothing unseen, nothing to move, or a level that is no number).
pub fn scale_order(labels: &[String], known: usize) -> Option<Vec<usize>> {
    if labels.len() <= known {
        return None;
    }
    let numbers = labels.iter().map(|l| number(l)).collect::<Option<Vec<f64>>>()?;
    let model = &numbers[..known];
    let rising = model.windows(2).all(|w| w[0] < w[1]);
    if !rising && !model.windows(2).all(|w| w[0] > w[1]) {
        return None;
    }
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by(|&a, &b| {
        let by_number = numbers[a].total_cmp(&numbers[b]);
        if rising {
            by_number
        } else {
            by_number.reverse()
        }
    });
    order.iter().enumerate().any(|(i, &o)| i != o).then_some(order)
}

/// Puts `labels` in `order` (from [`scale_order`]): the class indices of `rows` (truth and
/// predictions) follow their labels, and each row's probabilities in `probabilities` are
/// spread over the new labels, 0 for the levels the model never saw.
pub fn reorder(
    order: &[usize],
    labels: &mut Vec<String>,
    rows: [&mut [usize]; 2],
    probabilities: [&mut [Vec<f64>]; 2],
) {
    let mut at = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        at[old] = new;
    }
    *labels = order.iter().map(|&old| labels[old].clone()).collect();
    for k in rows.into_iter().flat_map(|r| r.iter_mut()) {
        *k = at[*k];
    }
    for probs in probabilities.into_iter().flat_map(|p| p.iter_mut()) {
        let mut on_scale = vec![0.0; order.len()];
        for (k, &p) in probs.iter().enumerate() {
            on_scale[at[k]] = p;
        }
        *probs = on_scale;
    }
}

/// What the warning about an unseen level says of how it is scored, once the scale is
/// known: `labels` in their final order, `placed` whether they were placed by number.
pub fn unseen_level_note(labels: &[String], known_last: &str, placed: bool) -> String {
    if placed {
        format!(
            "it is scored as a level the model cannot predict, placed on the scale by its number (levels, low to high: {})",
            labels.join(", ")
        )
    } else {
        format!("it is scored as a level the model cannot predict, one step past the model's last level `{known_last}` (and further steps for each unseen level after it), as its name is no number to place it by")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn numbers_name_one_level_however_written() {
        assert!(same_level("2", "2.0"));
        assert!(same_level("1", "01"));
        assert!(same_level("0", "-0"));
        assert!(!same_level("2", "3"));
        assert!(same_level("high", "high"));
        assert!(!same_level("high", "High"));
    }

    #[test]
    fn unseen_levels_are_placed_by_their_number() {
        // the model knows 0..3; the data adds -1 and 2.5
        let labels = strings(&["0", "1", "2", "3", "-1", "2.5"]);
        let order = scale_order(&labels, 4).expect("moved");
        let placed: Vec<&str> = order.iter().map(|&k| labels[k].as_str()).collect();
        assert_eq!(placed, ["-1", "0", "1", "2", "2.5", "3"]);
        // a falling scale stays falling
        let labels = strings(&["10", "5", "0", "7"]);
        let order = scale_order(&labels, 3).expect("moved");
        assert_eq!(order, [0, 3, 1, 2]);
        // already in place, nothing unseen, or a name that is no number: as they are
        assert_eq!(scale_order(&strings(&["0", "1", "4"]), 2), None);
        assert_eq!(scale_order(&strings(&["0", "1"]), 2), None);
        assert_eq!(scale_order(&strings(&["low", "high", "mid"]), 2), None);
        assert_eq!(scale_order(&strings(&["0", "1", "x"]), 2), None);
    }
}
