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
    let (a, summary) = train(&texts, std::slice::from_ref(&t), &options, |_| {}).expect("trains");
    let (b, _) = train(&texts, std::slice::from_ref(&t), &options, |_| {}).expect("trains");
    assert_eq!(a, b);
    assert_eq!(summary.validation[0].classification.accuracy, 1.0);
    let p = a.predict_texts(&["Refugees fled across the border to camps"]);
    assert_eq!(p[0][0].label, "displacement");
}
