//! Stratified, seeded splits of rows into folds (for cross-validation, calibration and
//! hold-out validation).

use crate::models::rng::Rng;

/// Assigns each row a fold in `0..k` so that every class is spread evenly over the folds.
/// Rows of each class are shuffled with `seed`, then dealt round-robin; the class order
/// continues the deal where the previous class stopped, so fold sizes differ by at most one.
pub fn stratified_folds(labels: &[usize], k: usize, seed: u64) -> Vec<usize> {
    let k = k.max(1);
    let n_classes = labels.iter().max().map_or(0, |&m| m + 1);
    let mut rng = Rng::new(seed);
    let mut fold = vec![0; labels.len()];
    let mut next = 0;
    for class in 0..n_classes {
        let mut rows: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == class).collect();
        rng.shuffle(&mut rows);
        for row in rows {
            fold[row] = next % k;
            next += 1;
        }
    }
    fold
}

/// Assigns folds so that rows sharing a group (e.g. one story's articles) stay together.
/// Groups are shuffled with `seed`, then each goes to the fold with the fewest rows so far.
pub fn grouped_folds(groups: &[String], k: usize, seed: u64) -> Vec<usize> {
    let k = k.max(1);
    let mut names: Vec<&String> = groups.iter().collect();
    names.sort();
    names.dedup();
    Rng::new(seed).shuffle(&mut names);
    let mut size: std::collections::HashMap<&String, usize> = std::collections::HashMap::new();
    for g in groups {
        *size.entry(g).or_default() += 1;
    }
    let mut fold_of: std::collections::HashMap<&String, usize> = std::collections::HashMap::new();
    let mut load = vec![0usize; k];
    for name in names {
        let f = (0..k).min_by_key(|&f| (load[f], f)).unwrap_or(0);
        load[f] += size[name];
        fold_of.insert(name, f);
    }
    groups.iter().map(|g| fold_of[g]).collect()
}

/// Training and test rows of fold `f`.
pub fn split(folds: &[usize], f: usize) -> (Vec<usize>, Vec<usize>) {
    (0..folds.len()).partition(|&i| folds[i] != f)
}

/// A stratified hold-out split: about `fraction` of each class goes to the second part.
pub fn holdout(labels: &[usize], fraction: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let n_classes = labels.iter().max().map_or(0, |&m| m + 1);
    let mut rng = Rng::new(seed);
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for class in 0..n_classes {
        let mut rows: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == class).collect();
        rng.shuffle(&mut rows);
        let n_test = (rows.len() as f64 * fraction).round() as usize;
        test.extend_from_slice(&rows[..n_test]);
        train.extend_from_slice(&rows[n_test..]);
    }
    train.sort_unstable();
    test.sort_unstable();
    (train, test)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_balanced_per_class() {
        let labels: Vec<usize> = (0..90).map(|i| if i < 60 { 0 } else { 1 }).collect();
        let folds = stratified_folds(&labels, 3, 42);
        for f in 0..3 {
            let n0 = (0..90).filter(|&i| folds[i] == f && labels[i] == 0).count();
            let n1 = (0..90).filter(|&i| folds[i] == f && labels[i] == 1).count();
            assert_eq!((n0, n1), (20, 10));
        }
        assert_eq!(folds, stratified_folds(&labels, 3, 42));
        assert_ne!(folds, stratified_folds(&labels, 3, 43));
    }

    #[test]
    fn groups_stay_in_one_fold() {
        let groups: Vec<String> = (0..40).map(|i| format!("story{}", i / 4)).collect();
        let folds = grouped_folds(&groups, 5, 7);
        for i in 0..40 {
            for j in 0..40 {
                if groups[i] == groups[j] {
                    assert_eq!(folds[i], folds[j]);
                }
            }
        }
        for f in 0..5 {
            assert_eq!(folds.iter().filter(|&&x| x == f).count(), 8);
        }
    }

    #[test]
    fn split_partitions_rows() {
        let folds = vec![0, 1, 2, 0, 1];
        assert_eq!(split(&folds, 0), (vec![1, 2, 4], vec![0, 3]));
    }

    #[test]
    fn holdout_takes_the_fraction_of_each_class() {
        let labels: Vec<usize> = (0..100).map(|i| i % 4).collect();
        let (train, test) = holdout(&labels, 0.2, 1);
        assert_eq!((train.len(), test.len()), (80, 20));
        for c in 0..4 {
            assert_eq!(test.iter().filter(|&&i| labels[i] == c).count(), 5);
        }
    }
}
