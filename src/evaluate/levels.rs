//! Where the levels of an ordinal target that the model never saw go on its scale. A level
//! named by a number is placed by its number (`-1` below `0`, `2.5` between `2` and `3`),
//! and `2.0` or `02` is the model's level `2`; a level with another name can only go past
//! the model's last level, and the warning says so. MAE and QWK count steps on this scale.

use crate::model::targets::level_number as number;

/// Whether the data's `label` names the level `level`: the same text, or the same number.
pub fn same_level(level: &str, label: &str) -> bool {
    level == label || matches!((number(level), number(label)), (Some(a), Some(b)) if a == b)
}

/// The direction of the model's levels when they are numbers that rise (`Some(true)`) or
/// fall (`Some(false)`), so that a level named by a number has a place among them; `None`
/// when a level is no number or they go both ways.
fn numbered_scale(model_levels: &[String]) -> Option<bool> {
    let numbers = model_levels
        .iter()
        .map(|l| number(l))
        .collect::<Option<Vec<f64>>>()?;
    let rising = numbers.windows(2).all(|w| w[0] < w[1]);
    (rising || numbers.windows(2).all(|w| w[0] > w[1])).then_some(rising)
}

/// The order on the scale of `labels` (the model's `known` levels in its order, then the
/// levels it never saw), when the model's levels are numbers that rise or fall: the unseen
/// levels named by numbers go among them by their numbers, those with other names after the
/// model's last level, in the order the data gave them. `None` when the labels stay as they
/// are (nothing unseen, nothing to move, or model levels that are no numbers).
pub fn scale_order(labels: &[String], known: usize) -> Option<Vec<usize>> {
    if labels.len() <= known {
        return None;
    }
    let rising = numbered_scale(&labels[..known])?;
    let mut numbered: Vec<(f64, usize)> = Vec::new();
    let mut named = Vec::new();
    for (k, label) in labels.iter().enumerate() {
        match number(label) {
            Some(n) => numbered.push((n, k)),
            None => named.push(k),
        }
    }
    numbered.sort_by(|a, b| {
        let by_number = a.0.total_cmp(&b.0);
        if rising {
            by_number
        } else {
            by_number.reverse()
        }
    });
    let order: Vec<usize> = numbered.into_iter().map(|(_, k)| k).chain(named).collect();
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

/// What the warning about the unseen level `label` says of how it is scored, once the scale
/// is known: `scale` the levels in their final order, `model_levels` the model's own.
pub fn unseen_level_note(scale: &[String], model_levels: &[String], label: &str) -> String {
    let last = model_levels.last().map_or("", String::as_str);
    let past = format!(
        "it is scored as a level the model cannot predict, one step past the model's last level `{last}` (and further steps for each unseen level after it)"
    );
    match (numbered_scale(model_levels), number(label)) {
        (Some(_), Some(_)) => format!(
            "it is scored as a level the model cannot predict, placed on the scale by its number (levels, low to high: {})",
            scale.join(", ")
        ),
        (None, Some(_)) => format!("{past}, as the model's levels are no numbers to place it among"),
        (_, None) => format!("{past}, as its name is no number to place it by"),
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
        // a name among the unseen levels no longer keeps the numbered ones from their place:
        // -1 went past 3 with `high` beside it, four steps from 0 instead of one
        let labels = strings(&["0", "1", "2", "3", "-1", "high", "2.5"]);
        let order = scale_order(&labels, 4).expect("moved");
        let placed: Vec<&str> = order.iter().map(|&k| labels[k].as_str()).collect();
        assert_eq!(placed, ["-1", "0", "1", "2", "2.5", "3", "high"]);
        assert_eq!(scale_order(&strings(&["low", "high", "2"]), 2), None);
    }

    #[test]
    fn the_note_says_why_a_level_goes_where_it_goes() {
        let numbered = strings(&["0", "1", "2", "3"]);
        let scale = strings(&["-1", "0", "1", "2", "3", "high"]);
        assert!(unseen_level_note(&scale, &numbered, "-1")
            .contains("placed on the scale by its number (levels, low to high: -1, 0, 1, 2, 3, high)"));
        assert!(unseen_level_note(&scale, &numbered, "high").ends_with("one step past the model's last level `3` (and further steps for each unseen level after it), as its name is no number to place it by"));
        let named = strings(&["low", "high"]);
        assert!(unseen_level_note(&named, &named, "2").ends_with("past the model's last level `high` (and further steps for each unseen level after it), as the model's levels are no numbers to place it among"));
    }
}
