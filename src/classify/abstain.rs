//! Abstention: labels the model should not give are withheld. A prediction is labeled
//! `uncertain` when the article is outside the model's reach (too few of its words are
//! known to the model: another language, code, gibberish; or no words at all) or, with `--min-confidence`,
//! when its probability is too low. Probabilities are kept either way, so a reader can
//! still see what the model leaned to, and the reason goes into the output.

use crate::features::AnalyzerPool;
use crate::features::Language;
use crate::model::{Explanation, Model, Prediction};

/// The label given to a prediction that is withheld.
pub const UNCERTAIN: &str = "uncertain";

/// Below this share of known words an article is out of reach. Chosen on our own data: the
/// 497 articles of the corpus's test split all have a coverage of 0.71 or more under the
/// default model, and the 11 French and Spanish sentences of `tests/data/out-of-reach.tsv`
/// have 0.53 or less (README, "Out of reach").
pub const DEFAULT_MIN_COVERAGE: f64 = 0.55;

/// Below this probability of being in the model's scope (models with a scope gate only) an
/// article is out of reach: the gate is then at least 75% sure that it is like the
/// background texts (sports, business, code, ...) rather than like the model's training
/// articles. A withheld label on real conflict news costs an analyst more than a label on
/// an off-topic item, so the gate must be fairly sure (models/MODEL_CARD.md has the figures
/// at 0.5, 0.25 and 0.1).
pub const DEFAULT_MIN_SCOPE: f64 = 0.25;

/// Every out-of-reach reason starts with this, so readers (and the warning on stderr) can
/// tell it from a withheld low-confidence label.
pub const OUT_OF_REACH: &str = "out of reach";

/// Why an article without words is out of reach (after [`OUT_OF_REACH`]).
pub const NO_WORDS: &str = "no words to read";

/// What makes a label withheld.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Abstention {
    /// Labels with a lower probability are withheld (0: never).
    pub min_confidence: f64,
    /// Articles with a lower coverage are withheld whole (0: never).
    pub min_coverage: f64,
    /// Articles the scope gate finds less likely than this to be in scope are withheld
    /// whole (0: never; models without a gate: never).
    pub min_scope: f64,
    /// The model's language (`--language` in training): at low coverage, text reliably in
    /// another language is out of reach. English models also pass text with English
    /// function words, a check that knows no other language.
    pub language: Language,
}

impl Default for Abstention {
    fn default() -> Self {
        Abstention {
            min_confidence: 0.0,
            min_coverage: DEFAULT_MIN_COVERAGE,
            min_scope: DEFAULT_MIN_SCOPE,
            language: Language::English,
        }
    }
}

/// Withholds the labels [`Abstention`] says to, writing each reason into the prediction.
/// `texts[i]` is the text of `preds[i]` (read for its language when it is out of reach).
pub fn abstain<S: AsRef<str>>(preds: &mut [Vec<Prediction>], texts: &[S], rules: Abstention) {
    for (doc, text) in preds.iter_mut().zip(texts) {
        let coverage = doc.first().and_then(|p| p.coverage);
        let in_scope = doc.first().and_then(|p| p.in_scope);
        let reason = match coverage {
            Some(c) => out_of_reach(c, text.as_ref(), &rules),
            // an empty text (or punctuation alone) has no coverage: whatever the model says
            // on no words at all is its bias, not a reading, so it is no label to give
            None if rules.min_coverage > 0.0 => Some(format!("{OUT_OF_REACH}: {NO_WORDS}")),
            None => None,
        }
        .or_else(|| in_scope.and_then(|s| out_of_scope(s, rules.min_scope)));
        if let Some(reason) = reason {
            for p in doc.iter_mut() {
                p.label = UNCERTAIN.to_string();
                p.withheld = Some(reason.clone());
            }
            continue;
        }
        for p in doc.iter_mut().filter(|p| p.probability < rules.min_confidence) {
            p.label = UNCERTAIN.to_string();
            p.withheld = Some(format!(
                "probability {:.2} below --min-confidence {}",
                p.probability, rules.min_confidence
            ));
        }
    }
}

/// Predictions for a batch of texts with [`abstain`] applied (and, with `explain`, the
/// terms behind each). Abstention runs on the threads that predicted each chunk, as in CSV
/// output: reading a low-coverage text for its language costs more than classifying it, and
/// on one thread it held the other core idle (300,000 lines of off-topic text as JSON lines:
/// 6.9 s, against 3.6 s as CSV).
pub fn predict_batch<S: AsRef<str> + Sync>(
    model: &Model,
    analyzers: &AnalyzerPool,
    texts: &[S],
    explain: Option<usize>,
    rules: Abstention,
) -> (Vec<Vec<Prediction>>, Vec<Explanation>) {
    model.predict_texts_then(texts, analyzers, explain, |chunk, preds| {
        abstain(preds, chunk, rules)
    })
}

/// Why an article's labels were withheld, one reason per distinct cause: empty when none was.
/// An article out of reach is so for every target, and gets one reason; a label below
/// `--min-confidence` is its target's own, and the reason names the target
/// (`topic: probability 0.48 below --min-confidence 0.5`).
pub fn withheld_reasons(model: &Model, preds: &[Prediction]) -> String {
    let mut reasons: Vec<String> = Vec::new();
    for (head, p) in model.heads.iter().zip(preds) {
        let Some(reason) = p.withheld.as_deref() else {
            continue;
        };
        let reason = match reason.starts_with(OUT_OF_REACH) {
            true => reason.to_string(),
            false => format!("{}: {reason}", head.target),
        };
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    reasons.join("; ")
}

/// Below this coverage (and above `--min-coverage`) an article is also read for its
/// language, and is out of reach when it is reliably not the model's: a Spanish sentence about
/// a ceasefire shares enough names and loanwords with English news ("rebeldes", "capital")
/// to pass the coverage check. English news rarely falls this low (models/MODEL_CARD.md),
/// so the cost of identifying the language is paid on few articles.
pub const LANGUAGE_CHECK_BELOW: f64 = 0.7;

/// Why an article with `coverage` is out of reach, or `None` when it is not. The language
/// is looked for only at low coverage: identifying it costs more than classifying the
/// article. `min_coverage` 0 turns both checks off.
fn out_of_reach(coverage: f64, text: &str, rules: &Abstention) -> Option<String> {
    let min_coverage = rules.min_coverage;
    if min_coverage <= 0.0 || coverage >= min_coverage.max(LANGUAGE_CHECK_BELOW) {
        return None;
    }
    let known = format!("{:.0}% of its words known to the model", coverage * 100.0);
    let english = rules.language == Language::English;
    if coverage >= min_coverage && english && reads_as_english(text) {
        return None;
    }
    match other_language(text, rules.language) {
        Some(language) => Some(format!("{OUT_OF_REACH}: looks like {language} ({known})")),
        None if coverage < min_coverage => Some(format!("{OUT_OF_REACH}: only {known}")),
        None => None,
    }
}

/// Why an article the scope gate gives `in_scope` is out of reach, or `None` when it is not.
fn out_of_scope(in_scope: f64, min_scope: f64) -> Option<String> {
    (in_scope < min_scope).then(|| {
        format!("{OUT_OF_REACH}: unlike the articles the model was trained on (in-scope probability {in_scope:.2})")
    })
}

/// English words common in any English sentence and rare in the other languages that use
/// the Latin script (no `a`, `in`, `an`, `as`, `was`, `will`: those are words elsewhere too).
const ENGLISH_FUNCTION_WORDS: [&str; 26] = [
    "after", "and", "are", "at", "been", "by", "for", "from", "had", "has", "have", "is", "it", "its", "of",
    "on", "said", "that", "the", "their", "this", "to", "were", "which", "who", "with",
];

/// Whether the text has English function words in it (at least two, and a tenth of its
/// words): a check far cheaper than identifying its language, which it spares English news
/// with a low coverage (names, rare words) above `--min-coverage`.
fn reads_as_english(text: &str) -> bool {
    let (mut words, mut english) = (0usize, 0usize);
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(400)
    {
        words += 1;
        if word.len() <= 5
            && ENGLISH_FUNCTION_WORDS
                .binary_search(&word.to_ascii_lowercase().as_str())
                .is_ok()
        {
            english += 1;
        }
    }
    english >= 2 && english * 10 >= words
}

/// The name of the text's language when it is reliably not `own`, the model's. Only the
/// first 2,000 bytes are read: enough to tell, and long articles cost no more than short
/// ones.
pub fn other_language(text: &str, own: Language) -> Option<&'static str> {
    let mut end = text.len().min(2000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    (info.is_reliable() && info.lang() != own.whatlang()).then(|| info.lang().eng_name())
}

/// Parses a `--min-confidence` or `--min-coverage` value: a share between 0 and 1.
pub fn parse_probability(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("`{s}` is not a probability between 0 and 1")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(label: &str, probability: f64, coverage: f64) -> Prediction {
        Prediction {
            label: label.into(),
            probability,
            probabilities: vec![probability, 1.0 - probability],
            expected_level: None,
            coverage: Some(coverage),
            withheld: None,
            in_scope: None,
        }
    }

    #[test]
    fn an_article_without_words_is_out_of_reach_unless_coverage_is_off() {
        let no_words = || {
            vec![vec![Prediction {
                coverage: None,
                ..p("a", 0.9, 0.0)
            }]]
        };
        let mut preds = no_words();
        abstain(&mut preds, &["  "], Abstention::default());
        assert_eq!(preds[0][0].label, UNCERTAIN);
        assert_eq!(
            preds[0][0].withheld.as_deref(),
            Some("out of reach: no words to read")
        );
        assert_eq!(preds[0][0].probability, 0.9);
        let mut preds = no_words();
        let off = Abstention {
            min_coverage: 0.0,
            ..Abstention::default()
        };
        abstain(&mut preds, &["  "], off);
        assert_eq!(
            (preds[0][0].label.as_str(), preds[0][0].withheld.as_deref()),
            ("a", None)
        );
    }

    #[test]
    fn abstention_relabels_only_low_probabilities_and_keeps_them() {
        let mut preds = vec![
            vec![p("a", 0.9, 1.0), p("b", 0.59, 1.0)],
            vec![p("a", 0.6, 1.0), p("b", 0.6, 1.0)],
        ];
        let rules = Abstention {
            min_confidence: 0.6,
            min_coverage: 0.5,
            min_scope: 0.5,
            ..Abstention::default()
        };
        abstain(&mut preds, &["x", "y"], rules);
        let labels: Vec<&str> = preds.iter().flatten().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["a", UNCERTAIN, "a", "b"]);
        assert_eq!(preds[0][1].probability, 0.59);
        assert_eq!(preds[0][1].probabilities[0], 0.59);
        assert!(preds[0][1]
            .withheld
            .as_deref()
            .is_some_and(|r| r.contains("--min-confidence 0.6")));
        assert_eq!(preds[0][0].withheld, None);
        assert_eq!(parse_probability("0.7"), Ok(0.7));
        assert!(parse_probability("1.5").is_err() && parse_probability("x").is_err());
    }

    #[test]
    fn low_coverage_withholds_every_head_and_names_the_language() {
        let french =
            "Les négociateurs des deux camps ont accepté de prolonger le cessez-le-feu de trente jours.";
        let english = "Negotiators from both sides agreed to extend the ceasefire by thirty days.";
        let mut preds = vec![
            vec![p("diplomacy", 0.9, 0.4), p("0", 0.8, 0.4)],
            vec![p("diplomacy", 0.9, 0.4), p("0", 0.8, 0.4)],
            vec![p("diplomacy", 0.9, 0.95), p("0", 0.8, 0.95)],
        ];
        abstain(
            &mut preds,
            &[french, "zxq vbnm plorf quandle", english],
            Abstention::default(),
        );
        assert!(preds[0].iter().all(|p| p.label == UNCERTAIN));
        let reason = preds[0][1].withheld.as_deref().expect("a reason");
        assert!(
            reason.starts_with(OUT_OF_REACH) && reason.contains("French") && reason.contains("40%"),
            "{reason}"
        );
        assert!(preds[1].iter().all(|p| p.label == UNCERTAIN));
        assert!(preds[1][0]
            .withheld
            .as_deref()
            .is_some_and(|r| r.contains("only 40%")));
        assert_eq!(preds[2][0].label, "diplomacy");
        assert_eq!(preds[2][0].probability, 0.9);
    }

    /// Between --min-coverage and LANGUAGE_CHECK_BELOW, the language decides.
    #[test]
    fn another_language_is_out_of_reach_above_the_coverage_threshold_too() {
        let spanish =
            "El gobierno y los rebeldes firmaron un acuerdo de alto el fuego en la capital el domingo.";
        let english = "The government and the rebels signed a ceasefire agreement in the capital on Sunday.";
        let run = |text: &str, coverage: f64, rules: Abstention| {
            let mut preds = vec![vec![p("diplomacy", 0.9, coverage), p("0", 0.8, coverage)]];
            abstain(&mut preds, &[text], rules);
            preds.remove(0)
        };
        let doc = run(spanish, 0.6, Abstention::default());
        assert!(doc.iter().all(|p| p.label == UNCERTAIN));
        let reason = doc[0].withheld.as_deref().expect("a reason");
        assert!(
            reason.contains("looks like Spanish (60% of its words"),
            "{reason}"
        );
        assert_eq!(run(english, 0.6, Abstention::default())[0].label, "diplomacy");
        assert_eq!(run(spanish, 0.85, Abstention::default())[0].label, "diplomacy");
        let off = Abstention {
            min_coverage: 0.0,
            ..Abstention::default()
        };
        assert_eq!(run(spanish, 0.6, off)[0].label, "diplomacy");
    }

    #[test]
    fn the_scope_gate_withholds_every_head_below_its_threshold() {
        let scoped = |in_scope: f64| {
            vec![
                Prediction {
                    in_scope: Some(in_scope),
                    ..p("diplomacy", 0.9, 0.9)
                },
                Prediction {
                    in_scope: Some(in_scope),
                    ..p("1", 0.8, 0.9)
                },
            ]
        };
        let mut preds = vec![scoped(0.05), scoped(0.7)];
        abstain(
            &mut preds,
            &["Shares rose 4 percent.", "Talks resumed."],
            Abstention::default(),
        );
        assert!(preds[0].iter().all(|p| p.label == UNCERTAIN));
        let reason = preds[0][0].withheld.as_deref().expect("a reason");
        assert!(
            reason.starts_with(OUT_OF_REACH) && reason.contains("0.05"),
            "{reason}"
        );
        assert_eq!(preds[1][0].label, "diplomacy");
        // 0 turns the gate off
        let mut preds = vec![scoped(0.05)];
        let off = Abstention {
            min_scope: 0.0,
            ..Abstention::default()
        };
        abstain(&mut preds, &["Shares rose 4 percent."], off);
        assert_eq!(preds[0][0].label, "diplomacy");
    }

    #[test]
    fn function_words_tell_english_cheaply() {
        let mut sorted = ENGLISH_FUNCTION_WORDS;
        sorted.sort_unstable();
        assert_eq!(sorted, ENGLISH_FUNCTION_WORDS, "binary search needs them sorted");
        assert!(reads_as_english(
            "The government and the rebels signed a ceasefire in the capital."
        ));
        assert!(!reads_as_english(
            "El gobierno y los rebeldes firmaron un acuerdo de alto el fuego."
        ));
        assert!(!reads_as_english(
            "Les négociateurs des deux camps ont accepté de prolonger le cessez-le-feu."
        ));
        assert!(!reads_as_english(
            "Die Armee hat in der Nacht die Stadt eingenommen, in der Kämpfe tobten."
        ));
        assert!(!reads_as_english("Stocks rally"), "two words are too few to tell");
    }

    #[test]
    fn english_is_not_another_language() {
        assert_eq!(
            other_language(
                "Rebels shelled the outskirts of the city overnight, killing four civilians.",
                Language::English
            ),
            None
        );
        assert_eq!(
            other_language("Стороны договорились о прекращении огня.", Language::English),
            Some("Russian")
        );
    }

    /// A model trained with `--language french` labeled French articles `uncertain`
    /// ("looks like French"), as the check took every model for English.
    #[test]
    fn text_in_the_models_own_language_is_not_another_language() {
        let french = "Des rebelles ont attaqué la ville de Goma pendant la nuit, tuant douze civils, affirment plusieurs témoins présents.";
        assert_eq!(other_language(french, Language::French), None);
        assert_eq!(other_language(french, Language::English), Some("French"));
        let english = "Rebels shelled the outskirts of the city overnight, killing four civilians and wounding dozens of others.";
        assert_eq!(other_language(english, Language::French), Some("English"));
        let rules = |language| Abstention {
            language,
            ..Abstention::default()
        };
        let withheld = |language| {
            let mut preds = vec![vec![p("attaque", 0.9, 0.62)]];
            abstain(&mut preds, &[french], rules(language));
            preds[0][0].withheld.clone()
        };
        assert_eq!(withheld(Language::French), None);
        assert_eq!(
            withheld(Language::English).as_deref(),
            Some("out of reach: looks like French (62% of its words known to the model)")
        );
        // the English function words pass English text for English models only
        let mut preds = vec![vec![p("a", 0.9, 0.6)]];
        abstain(&mut preds, &[english], rules(Language::French));
        assert!(preds[0][0]
            .withheld
            .as_deref()
            .unwrap_or("")
            .contains("looks like English"));
    }
}
