use super::*;
use crate::model::targets::encode_target;

#[test]
fn training_is_deterministic_and_learns() {
    let texts: Vec<String> = (0..60)
        .map(|i| match i % 3 {
            0 => format!("rebels shelled the town killing {i} soldiers in heavy fighting"),
            1 => format!("thousands fled to camps as refugees crossed the border {i}"),
            _ => format!("ministers met for ceasefire talks and signed an agreement {i}"),
        })
        .collect();
    let labels: Vec<String> = (0..60)
        .map(|i| ["offensive", "displacement", "diplomacy"][i % 3].to_string())
        .collect();
    let lines: Vec<u64> = (2..62).collect();
    let t = encode_target(&"topic".parse().expect("spec"), &labels, &lines).expect("encodes");
    let options = TrainOptions {
        holdout: 0.2,
        ..Default::default()
    };
    let (a, summary) = train(
        &texts,
        std::slice::from_ref(&t),
        &options,
        |_| {},
        |w| panic!("{w}"),
    )
    .expect("trains");
    let (b, _) = train(
        &texts,
        std::slice::from_ref(&t),
        &options,
        |_| {},
        |w| panic!("{w}"),
    )
    .expect("trains");
    assert_eq!(a, b);
    assert_eq!(summary.validation[0].classification.accuracy, 1.0);
    let p = a.predict_texts(&["Refugees fled across the border to camps"]);
    assert_eq!(p[0][0].label, "displacement");
}

fn three_topics(n: usize) -> (Vec<String>, EncodedTarget) {
    let texts: Vec<String> = (0..n)
        .map(|i| ["shelling in the town", "refugees fled", "talks resumed"][i % 3].to_string())
        .collect();
    let labels: Vec<String> = (0..n)
        .map(|i| ["offensive", "displacement", "diplomacy"][i % 3].to_string())
        .collect();
    let lines: Vec<u64> = (2..).take(n).collect();
    let t = encode_target(&"topic".parse().expect("spec"), &labels, &lines).expect("encodes");
    (texts, t)
}

#[test]
fn a_target_given_twice_is_refused() {
    // two heads of one name would write each output column twice
    let (texts, t) = three_topics(30);
    let e = train(
        &texts,
        &[t.clone(), t],
        &TrainOptions::default(),
        |_| {},
        |w| panic!("{w}"),
    )
    .unwrap_err();
    assert!(
        matches!(e, TrainError::DuplicateTarget(ref c) if c == "topic"),
        "{e}"
    );
}

#[test]
fn fewer_than_two_selection_folds_are_refused() {
    let (texts, t) = three_topics(30);
    let options = TrainOptions {
        model: ModelChoice::Auto,
        selection_folds: Some(1),
        ..Default::default()
    };
    let e = train(&texts, &[t], &options, |_| {}, |w| panic!("{w}")).unwrap_err();
    assert!(matches!(e, TrainError::SelectionFolds(1)), "{e}");
}

#[test]
fn a_model_without_features_is_refused() {
    // every term is in 10 rows, so --min-df 11 keeps none
    let (texts, t) = three_topics(30);
    let mut options = TrainOptions::default();
    options.features.min_df = 11;
    let e = train(&texts, &[t], &options, |_| {}, |w| panic!("{w}")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no term occurs in at least 11 of the 30 training rows, so the model would have no features; lower --min-df or train on more text"
    );
}

#[test]
fn model_choice_names_parse_back() {
    use ModelChoice::*;
    for choice in [Auto, Svm, Logistic, ComplementNb, MultinomialNb, Ensemble] {
        assert_eq!(choice.name().parse::<ModelChoice>(), Ok(choice));
    }
}

#[test]
fn a_model_whose_terms_are_all_too_common_blames_max_df() {
    // every row says the same words: --max-df drops them all, and the error blamed --min-df
    let texts: Vec<String> = (0..20).map(|_| "same text here".to_string()).collect();
    let labels: Vec<String> = (0..20).map(|i| ["a", "b"][i % 2].to_string()).collect();
    let lines: Vec<u64> = (2..22).collect();
    let t = encode_target(&"label".parse().expect("spec"), &labels, &lines).expect("encodes");
    let e = train(&texts, &[t], &TrainOptions::default(), |_| {}, |w| panic!("{w}")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "every term found in at least 2 of the 20 training rows is in more than the share --max-df 0.9 allows (more than 18 rows), so it is dropped and the model would have no features; raise --max-df (1 keeps every term) or train on more varied text"
    );
}
