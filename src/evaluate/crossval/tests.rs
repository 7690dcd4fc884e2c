//! Tests of cross-validation: the interval arithmetic and a small run end to end.
use super::*;

#[test]
fn mean_and_sample_standard_deviation() {
    let (m, s) = mean_std(&[0.8, 0.9, 1.0]);
    assert!((m - 0.9).abs() < 1e-12);
    assert!((s - 0.1).abs() < 1e-12);
    assert_eq!(mean_std(&[0.5]), (0.5, 0.0));
}

#[test]
fn student_t_interval_of_the_fold_mean() {
    // Folds 0.8, 0.9, 1.0: mean 0.9, sd 0.1, t(0.975, 2) = 4.3027;
    // half width = 4.3027 * 0.1 / sqrt(3) = 0.248417...
    let (m, s) = mean_std(&[0.8, 0.9, 1.0]);
    let mean = FoldScores {
        accuracy: m,
        macro_f1: m,
        mae: Some(m),
        qwk: None,
    };
    let std = FoldScores {
        accuracy: s,
        macro_f1: s,
        mae: Some(s),
        qwk: None,
    };
    let (lo, hi) = mean_interval(&mean, &std, 3);
    let half = 4.3027 * 0.1 / 3f64.sqrt();
    assert!((lo.macro_f1 - (0.9 - half)).abs() < 1e-9);
    assert!((hi.accuracy - (0.9 + half)).abs() < 1e-9);
    assert!(hi.mae.is_some() && hi.qwk.is_none());
    assert_eq!(t_975(4), 2.7764);
    // scipy.stats.t.ppf(0.975, 40) = 2.0211, (0.975, 100) = 1.9840
    assert!((t_975(40) - 2.0211).abs() < 1e-4, "{}", t_975(40));
    assert!((t_975(100) - 1.9840).abs() < 1e-4, "{}", t_975(100));
    assert!((t_975(31) - 2.0395).abs() < 2e-4, "{}", t_975(31));
}

#[test]
fn cross_validation_scores_every_row_once() {
    let texts: Vec<String> = (0..45)
        .map(|i| match i % 3 {
            0 => format!("rebels shelled the town killing soldiers {i}"),
            1 => format!("families fled to camps across the border {i}"),
            _ => format!("ministers signed a ceasefire agreement at talks {i}"),
        })
        .collect();
    let labels: Vec<String> = (0..45)
        .map(|i| ["off", "dis", "dip"][i % 3].to_string())
        .collect();
    let lines: Vec<u64> = (2..47).collect();
    let t = crate::model::targets::encode_target(&"topic".parse().expect("spec"), &labels, &lines)
        .expect("encodes");
    let options = TrainOptions {
        features: crate::features::FeatureConfig {
            min_df: 1,
            ..Default::default()
        },
        ..Default::default()
    };
    let cv = cross_validate(
        &texts,
        std::slice::from_ref(&t),
        &options,
        5,
        None,
        None,
        100,
        |w| panic!("{w}"),
    )
    .expect("runs");
    assert_eq!(cv[0].folds.len(), 5);
    assert_eq!(cv[0].pooled.rows, 45);
    assert!(cv[0].mean.accuracy > 0.9);
    let u = cv[0].pooled.uncertainty.as_ref().expect("bootstrap intervals");
    assert_eq!(u.resamples, 100);
    assert!(u.macro_f1.contains(cv[0].pooled.classification.macro_avg.f1));
    assert!(cross_validate(
        &texts,
        std::slice::from_ref(&t),
        &options,
        1,
        None,
        None,
        0,
        |_| ()
    )
    .is_err());
}
