use super::*;

const EPS: f64 = 1e-9;

fn labels(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() < EPS,
        "{what}: got {actual}, expected {expected}"
    );
}

fn check_class(c: &Classification, expected: &[(&str, f64, f64, f64, u64)]) {
    assert_eq!(c.per_class.len(), expected.len());
    for (s, &(label, p, r, f, n)) in c.per_class.iter().zip(expected) {
        assert_eq!(s.label, label);
        close(s.precision, p, &format!("precision {label}"));
        close(s.recall, r, &format!("recall {label}"));
        close(s.f1, f, &format!("f1 {label}"));
        assert_eq!(s.support, n, "support {label}");
    }
}

fn check_avg(a: &Averages, p: f64, r: f64, f: f64, n: u64, what: &str) {
    close(a.precision, p, &format!("{what} precision"));
    close(a.recall, r, &format!("{what} recall"));
    close(a.f1, f, &format!("{what} f1"));
    assert_eq!(a.support, n, "{what} support");
}

#[test]
fn hand_computed_three_classes() {
    // truth = [0,0,0,1,1,2], pred = [0,0,1,1,2,2]
    // confusion: low [2,1,0], mid [0,1,1], high [0,0,1]
    // support 3,2,1; predicted 2,2,2; tp 2,1,1
    // P = 2/2, 1/2, 1/2; R = 2/3, 1/2, 1/1
    // F1 = 2tp/(sup+pred) = 4/5, 2/4, 2/3
    let l = labels(&["low", "mid", "high"]);
    let (t, p) = ([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2]);
    let c = Classification::new(&l, &t, &p).expect("valid input");
    assert_eq!(c.confusion.counts, vec![[2, 1, 0], [0, 1, 1], [0, 0, 1]]);
    check_class(
        &c,
        &[
            ("low", 1.0, 2.0 / 3.0, 0.8, 3),
            ("mid", 0.5, 0.5, 0.5, 2),
            ("high", 0.5, 1.0, 2.0 / 3.0, 1),
        ],
    );
    assert_eq!(c.per_class[0].predicted, 2);
    // accuracy = (2+1+1)/6
    close(c.accuracy, 4.0 / 6.0, "accuracy");
    // macro: P = (1+.5+.5)/3 = 2/3; R = (2/3+1/2+1)/3 = 13/18;
    // F1 = (4/5+1/2+2/3)/3 = (24+15+20)/90 = 59/90
    check_avg(&c.macro_avg, 2.0 / 3.0, 13.0 / 18.0, 59.0 / 90.0, 6, "macro");
    // weighted: P = (3*1+2*.5+1*.5)/6 = 0.75; R = (2+1+1)/6 = 2/3;
    // F1 = (3*4/5+2*1/2+1*2/3)/6 = (61/15)/6 = 61/90
    check_avg(&c.weighted_avg, 0.75, 2.0 / 3.0, 61.0 / 90.0, 6, "weighted");
    assert!(c.undefined.is_empty());
    // macro-F1 is the mean of per-class F1, not the harmonic mean of macro P and R:
    // 2*(2/3)*(13/18)/(2/3+13/18) = 52/75 != 59/90
    assert!((c.macro_avg.f1 - 52.0 / 75.0).abs() > 1e-3);

    // MAE: |diffs| = 0,0,1,0,1,0 -> 2/6
    close(mean_absolute_error(&t, &p), 1.0 / 3.0, "mae");
    // QWK: w = (i-j)^2; observed = 1*1 (low->mid) + 1*1 (mid->high) = 2
    // rows = [3,2,1], cols = [2,2,2], N = 6
    // expected*N = sum w*r_i*c_j = 3*2*(0+1+4) + 2*2*(1+0+1) + 1*2*(4+1+0) = 30+8+10 = 48
    // kappa = 1 - 2*6/48 = 0.75
    close(quadratic_weighted_kappa(&t, &p, 3), 0.75, "qwk");
}

#[test]
fn class_never_predicted() {
    // truth = [0,1,2,2], pred = [0,1,1,1]: "c" is never predicted.
    // a: tp1 sup1 pred1 -> 1,1,1; b: tp1 sup1 pred3 -> 1/3, 1, 2/4
    // c: tp0 sup2 pred0 -> P undefined -> 0, R 0/2 = 0, F1 0
    let l = labels(&["a", "b", "c"]);
    let c = Classification::new(&l, &[0, 1, 2, 2], &[0, 1, 1, 1]).expect("valid");
    check_class(
        &c,
        &[
            ("a", 1.0, 1.0, 1.0, 1),
            ("b", 1.0 / 3.0, 1.0, 0.5, 1),
            ("c", 0.0, 0.0, 0.0, 2),
        ],
    );
    assert_eq!(c.per_class[2].predicted, 0);
    close(c.accuracy, 0.5, "accuracy");
    // macro: P = (1+1/3+0)/3 = 4/9, R = (1+1+0)/3 = 2/3, F1 = (1+.5+0)/3 = .5
    check_avg(&c.macro_avg, 4.0 / 9.0, 2.0 / 3.0, 0.5, 4, "macro");
    // weighted: P = (1+1/3+0)/4 = 1/3, R = (1+1+0)/4 = .5, F1 = (1+.5+0)/4 = .375
    check_avg(&c.weighted_avg, 1.0 / 3.0, 0.5, 0.375, 4, "weighted");
    assert_eq!(
        c.undefined,
        vec!["precision of class c is undefined (no predictions); set to 0"]
    );
}

#[test]
fn class_predicted_but_absent_from_truth_and_class_absent_from_both() {
    // truth = [0,0,1,1], pred = [0,2,1,1]; "d" appears nowhere and is dropped.
    // a: tp1 sup2 pred1 -> 1, 1/2, 2/3; b: tp2 sup2 pred2 -> 1,1,1
    // c: tp0 sup0 pred1 -> P 0/1 = 0, R undefined -> 0, F1 0
    let l = labels(&["a", "b", "c", "d"]);
    let c = Classification::new(&l, &[0, 0, 1, 1], &[0, 2, 1, 1]).expect("valid");
    check_class(
        &c,
        &[
            ("a", 1.0, 0.5, 2.0 / 3.0, 2),
            ("b", 1.0, 1.0, 1.0, 2),
            ("c", 0.0, 0.0, 0.0, 0),
        ],
    );
    assert_eq!(c.confusion.labels, labels(&["a", "b", "c"]));
    assert_eq!(c.confusion.counts, vec![[1, 0, 1], [0, 2, 0], [0, 0, 0]]);
    close(c.accuracy, 0.75, "accuracy");
    // macro: P = 2/3, R = 1.5/3 = .5, F1 = (2/3+1)/3 = 5/9
    check_avg(&c.macro_avg, 2.0 / 3.0, 0.5, 5.0 / 9.0, 4, "macro");
    // weighted: P = (2+2)/4 = 1, R = (1+2)/4 = .75, F1 = (4/3+2)/4 = 5/6
    check_avg(&c.weighted_avg, 1.0, 0.75, 5.0 / 6.0, 4, "weighted");
    assert_eq!(
        c.undefined,
        vec!["recall of class c is undefined (no true samples); set to 0"]
    );
}

#[test]
fn perfect_prediction() {
    let l = labels(&["a", "b", "c"]);
    let t = [0, 1, 2, 2, 1, 0, 2];
    let c = Classification::new(&l, &t, &t).expect("valid");
    close(c.accuracy, 1.0, "accuracy");
    // Scores lie in [0, 1], so a macro average of 1 means every class scored 1.
    check_avg(&c.macro_avg, 1.0, 1.0, 1.0, 7, "macro");
    check_avg(&c.weighted_avg, 1.0, 1.0, 1.0, 7, "weighted");
    assert_eq!(c.confusion.correct(), 7);
    close(mean_absolute_error(&t, &t), 0.0, "mae");
    close(quadratic_weighted_kappa(&t, &t, 3), 1.0, "qwk");
}

#[test]
fn all_wrong() {
    // truth = [0,1,2], pred = [2,0,1]: every tp is 0.
    let l = labels(&["a", "b", "c"]);
    let (t, p) = ([0, 1, 2], [2, 0, 1]);
    let c = Classification::new(&l, &t, &p).expect("valid");
    close(c.accuracy, 0.0, "accuracy");
    // All scores lie in [0, 1], so a macro average of 0 means every class scored 0.
    check_avg(&c.macro_avg, 0.0, 0.0, 0.0, 3, "macro");
    assert!(c.undefined.is_empty(), "0/1 is defined, just zero");
    // MAE = (2+1+1)/3
    close(mean_absolute_error(&t, &p), 4.0 / 3.0, "mae");
    // observed = 4+1+1 = 6; rows = cols = [1,1,1], N = 3;
    // expected*N = sum of all w = 2*(1+4+1) = 12; kappa = 1 - 6*3/12 = -0.5
    close(quadratic_weighted_kappa(&t, &p, 3), -0.5, "qwk");
}

#[test]
fn confusion_matrix_full_and_helpers() {
    let l = labels(&["a", "b", "c"]);
    let m = ConfusionMatrix::new(&l, &[0, 0, 1], &[0, 1, 1]).expect("valid");
    assert_eq!(m.counts, vec![[1, 1, 0], [0, 1, 0], [0, 0, 0]]);
    assert_eq!((m.total(), m.correct()), (3, 2));
    assert_eq!(
        (m.support(0), m.predicted(1), m.support(9), m.cell(5, 5)),
        (2, 2, 0, 0)
    );
    let p = m.present_only();
    assert_eq!(p.labels, labels(&["a", "b"]));
    assert_eq!(p.counts, vec![[1, 1], [0, 1]]);
}

#[test]
fn invalid_input_is_an_error() {
    let l = labels(&["a", "b"]);
    assert_eq!(
        Classification::new(&l, &[0, 1], &[0]),
        Err(MetricsError::LengthMismatch { truth: 2, pred: 1 })
    );
    assert_eq!(Classification::new(&l, &[], &[]), Err(MetricsError::Empty));
    assert_eq!(
        ConfusionMatrix::new(&l, &[0, 1], &[0, 2]),
        Err(MetricsError::LabelOutOfRange {
            index: 2,
            n_labels: 2
        })
    );
    assert_eq!(OrdinalScores::new(&[], &[], 3), Err(MetricsError::Empty));
    let err = OrdinalScores::new(&[0], &[5], 3).expect_err("out of range");
    assert_eq!(err.to_string(), "class index 5 is out of range for 3 labels");
}

#[test]
fn ordinal_edge_cases_do_not_panic() {
    // No pairs: both defined as 0.
    close(mean_absolute_error(&[], &[]), 0.0, "mae empty");
    close(quadratic_weighted_kappa(&[], &[], 3), 0.0, "qwk empty");
    // Unpaired trailing items are ignored: |0-1| only.
    close(mean_absolute_error(&[0, 2, 2], &[1]), 1.0, "mae unpaired");
    // Degenerate: everyone says "1" -> expected disagreement 0 -> 1.0.
    close(quadratic_weighted_kappa(&[1, 1], &[1, 1], 3), 1.0, "qwk constant");
    close(quadratic_weighted_kappa(&[0], &[0], 1), 1.0, "qwk single class");
    // Huge indices neither panic nor allocate.
    let k = quadratic_weighted_kappa(&[0, usize::MAX], &[usize::MAX, 0], 2);
    assert!(k.is_finite());
    // Out-of-range index widens the range: same as n_classes = 6.
    let (t, p) = ([0, 5, 2, 3], [1, 4, 2, 0]);
    close(
        quadratic_weighted_kappa(&t, &p, 2),
        quadratic_weighted_kappa(&t, &p, 6),
        "qwk widened",
    );
    // The range only matters through the (cancelling) normalisation:
    // extra unused classes at the top do not change kappa.
    let (t, p) = ([0, 1, 2, 0], [0, 2, 2, 1]);
    close(
        quadratic_weighted_kappa(&t, &p, 3),
        quadratic_weighted_kappa(&t, &p, 7),
        "qwk unused top classes",
    );
    let s = OrdinalScores::new(&t, &p, 3).expect("valid");
    close(s.mae, 0.5, "scores mae");
}

/// Expected values for one random fixture, taken from scikit-learn.
struct Fixture {
    n_labels: usize,
    /// One digit per sample: its class index.
    truth: &'static str,
    pred: &'static str,
    /// (precision, recall, f1, support) of the classes listed, i.e. 0, 1, ...
    per_class: &'static [(f64, f64, f64, u64)],
    accuracy: f64,
    macro_avg: (f64, f64, f64),
    weighted_avg: (f64, f64, f64),
    mae: f64,
    qwk: f64,
}

fn check_fixture(f: &Fixture) {
    let digits = |s: &str| s.bytes().map(|b| usize::from(b - b'0')).collect::<Vec<_>>();
    let (truth, pred) = (digits(f.truth), digits(f.pred));
    let l: Vec<String> = (0..f.n_labels).map(|i| i.to_string()).collect();
    let c = Classification::new(&l, &truth, &pred).expect("valid fixture");
    let names: Vec<String> = (0..f.per_class.len()).map(|i| i.to_string()).collect();
    let expected: Vec<_> = names
        .iter()
        .zip(f.per_class)
        .map(|(l, &(p, r, f1, n))| (l.as_str(), p, r, f1, n))
        .collect();
    check_class(&c, &expected);
    close(c.accuracy, f.accuracy, "accuracy");
    let n = f.truth.len() as u64;
    let (p, r, f1) = f.macro_avg;
    check_avg(&c.macro_avg, p, r, f1, n, "macro");
    let (p, r, f1) = f.weighted_avg;
    check_avg(&c.weighted_avg, p, r, f1, n, "weighted");
    let o = OrdinalScores::new(&truth, &pred, f.n_labels).expect("valid fixture");
    close(o.mae, f.mae, "mae");
    close(o.qwk, f.qwk, "qwk");
}

// The expected numbers below come from scikit-learn 1.9.1:
// classification_report(truth, pred, output_dict=True) (zero_division="warn"),
// cohen_kappa_score(truth, pred, weights="quadratic", labels=list(range(n_labels)))
// and mean_absolute_error(truth, pred), on the arrays listed (as digit strings;
// class names are the indices). Arrays were drawn with numpy.random.default_rng(seed),
// seeds 1, 2, 3, 60 samples each.

#[test]
fn sklearn_fixture_seed1_all_classes() {
    check_fixture(&Fixture {
        n_labels: 4,
        truth: "123300330131131122003332311301013011302103011103230212312013",
        pred: "123301330131121122003333311303013032202103011003220112333213",
        per_class: &[
            (0.9230769230769231, 0.8571428571428571, 0.8888888888888888, 14),
            (0.875, 0.7368421052631579, 0.8, 19),
            (0.5454545454545454, 0.6666666666666666, 0.6, 9),
            (0.75, 0.8333333333333334, 0.7894736842105263, 18),
        ],
        accuracy: 0.7833333333333333,
        macro_avg: (0.7733828671328671, 0.7734962406015038, 0.7695906432748538),
        weighted_avg: (0.7992861305361305, 0.7833333333333333, 0.7875828460038986),
        mae: 0.2833333333333333,
        qwk: 0.8434891485809682,
    });
}

#[test]
fn sklearn_fixture_seed2_class_never_predicted() {
    check_fixture(&Fixture {
        n_labels: 4,
        truth: "310113101232303021021210212231023332110011222333313301222010",
        pred: "210212101222202022021210122222022222100012222222212201222010",
        per_class: &[
            (0.9230769230769231, 1.0, 0.96, 12),
            (0.9166666666666666, 0.6470588235294118, 0.7586206896551724, 17),
            (0.42857142857142855, 0.9375, 0.5882352941176471, 16),
            (0.0, 0.0, 0.0, 15),
        ],
        accuracy: 0.6333333333333333,
        macro_avg: (0.5670787545787546, 0.6461397058823529, 0.5767139959432048),
        weighted_avg: (0.558623321123321, 0.6333333333333333, 0.5638052738336714),
        mae: 0.36666666666666664,
        qwk: 0.801920768307323,
    });
}

#[test]
fn sklearn_fixture_seed3_predicted_only_class_and_unused_label() {
    // Five labels: class 3 is only predicted, class 4 appears nowhere (not reported,
    // but part of the kappa range, hence labels=range(5) for cohen_kappa_score).
    check_fixture(&Fixture {
        n_labels: 5,
        truth: "200002210001110022001121111102222001122020022000021101021002",
        pred: "200003230001110123101321111102232001132020012010131101021002",
        per_class: &[
            (1.0, 0.84, 0.9130434782608695, 25),
            (0.75, 0.8823529411764706, 0.8108108108108109, 17),
            (1.0, 0.6666666666666666, 0.8, 18),
            (0.0, 0.0, 0.0, 0),
        ],
        accuracy: 0.8,
        macro_avg: (0.6875, 0.5972549019607842, 0.6309635722679201),
        weighted_avg: (0.9291666666666667, 0.8, 0.8501645123384254),
        mae: 0.23333333333333334,
        qwk: 0.8288431061806656,
    });
}

#[test]
fn metrics_from_counts_equal_metrics_from_rows_bit_for_bit() {
    // The bootstrap scores counted matrices; its intervals are only the old ones if every
    // metric gives the very same f64 from the counts as from the rows.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for round in 0..200 {
        let k = 2 + round % 4;
        let n = 1 + next(60);
        // some rounds leave classes unseen, or predict one class only
        let spread = if round % 7 == 0 { 1 } else { k };
        let truth: Vec<usize> = (0..n).map(|_| next(k)).collect();
        let pred: Vec<usize> = (0..n).map(|_| next(spread)).collect();
        let names: Vec<String> = (0..k).map(|l| l.to_string()).collect();
        let matrix = ConfusionMatrix::new(&names, &truth, &pred).expect("valid");
        let what = format!("round {round}, k {k}, n {n}");
        assert_eq!(
            quadratic_weighted_kappa_of(&matrix).to_bits(),
            quadratic_weighted_kappa(&truth, &pred, k).to_bits(),
            "QWK, {what}"
        );
        assert_eq!(
            mean_absolute_error_of(&matrix).to_bits(),
            mean_absolute_error(&truth, &pred).to_bits(),
            "MAE, {what}"
        );
        assert_eq!(
            Classification::from_matrix(&matrix),
            Classification::new(&names, &truth, &pred).expect("valid"),
            "{what}"
        );
    }
}
