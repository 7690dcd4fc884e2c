//! Training flags shared by `sitrep-train` and `sitrep-eval --folds`, defined once.

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, Command};

use crate::features::{FeatureConfig, Language};
use crate::model::targets::TargetSpec;
use crate::train::{ModelChoice, TrainOptions};

/// How text becomes features. Saved in the model, so classification analyzes text the same way.
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Feature options")]
pub struct FeatureArgs {
    /// Word n-gram orders, e.g. 1-2.
    #[arg(long, value_name = "RANGE", default_value = "1-2", value_parser = parse_range)]
    pub ngrams: (usize, usize),
    /// Also use character n-grams inside words, e.g. 3-5.
    #[arg(long = "char-ngrams", value_name = "RANGE", value_parser = parse_range)]
    pub char_ngrams: Option<(usize, usize)>,
    /// Keep terms found in at least this many training rows.
    #[arg(long = "min-df", value_name = "N", default_value_t = 2, value_parser = parse_min_df)]
    pub min_df: usize,
    /// Drop terms found in more than this share of training rows.
    #[arg(long = "max-df", value_name = "SHARE", default_value_t = 0.9, value_parser = parse_max_df)]
    pub max_df: f64,
    /// Keep only the N most frequent terms (of a vocabulary: an error with --hashing-bits).
    #[arg(long = "max-features", value_name = "N")]
    pub max_features: Option<usize>,
    /// Hash terms into 2^BITS columns instead of keeping a vocabulary (not with
    /// --max-features, which picks terms of a vocabulary).
    #[arg(long = "hashing-bits", value_name = "BITS")]
    pub hashing_bits: Option<u8>,
    /// Language for stemming and built-in stop words.
    #[arg(long, value_name = "NAME", default_value = "english", value_parser = parse_language)]
    pub language: Language,
    /// File of extra stop words, one per line (`#` starts a comment line).
    #[arg(long = "stop-words", value_name = "FILE")]
    pub stop_words: Option<PathBuf>,
    /// Keep the built-in stop words in the text.
    #[arg(long = "no-stop-words")]
    pub no_stop_words: bool,
    /// Do not stem words.
    #[arg(long = "no-stem")]
    pub no_stem: bool,
    /// Keep numbers as written instead of magnitude tokens like <num:100-999>.
    #[arg(long = "no-number-buckets")]
    pub no_number_buckets: bool,
    /// Do not add what figures count as terms (<kill:100-999>, <displace≥100k>, <bg:kill>,
    /// <cue:wmd>); they are added for English, the only language the extractor reads.
    #[arg(long = "no-magnitudes")]
    pub no_magnitudes: bool,
    /// Keep American and British spellings apart (`defense`, `defence`) and compounds as
    /// written (`cease-fire`, `ceasefire`); by default each has one spelling (English only).
    #[arg(long = "no-spelling-variants")]
    pub no_spelling_variants: bool,
    /// Keep accents (by default `Sévaré` and `Sevare` are the same word).
    #[arg(long = "keep-accents")]
    pub keep_accents: bool,
}

/// Learning settings other than the algorithm choice (whose flag differs per binary).
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Learning options")]
pub struct LearnArgs {
    /// Inverse regularization of svm, logistic (which uses 10 x C), ensemble and the
    /// scope gate of sitrep-train --background [default: 1]. An error with cnb, nb and auto
    /// without --background, which would ignore it.
    #[arg(long = "c", value_name = "C")]
    pub c: Option<f64>,
    /// Smoothing for cnb, nb and the ensemble's cnb [default: 0.3 for cnb and ensemble, 0.1
    /// for nb]. An error with svm, logistic and auto, which would ignore it.
    #[arg(long, value_name = "ALPHA")]
    pub alpha: Option<f64>,
    /// Folds on which the auto algorithm choice compares its candidates [default: 3]. An
    /// error with any other model, which would ignore it.
    #[arg(long = "selection-folds", value_name = "K")]
    pub selection_folds: Option<usize>,
    /// Seed for every random choice; the same data and seed give the same model bytes.
    #[arg(long, value_name = "N", default_value_t = 42)]
    pub seed: u64,
    /// Do not calibrate the probabilities of logistic, cnb and nb models, alone or in an
    /// ensemble (by default a temperature is fitted on out-of-fold scores). SVMs are always
    /// Platt-calibrated, so it is an error with --model svm, which it would not change.
    #[arg(long = "no-calibration")]
    pub no_calibration: bool,
    /// Also train on the headline and lede (first sentences, 30+ words) of every row over 60
    /// words, with the row's labels: real reports often come that short. A copy stays with
    /// its row in hold-out and cross-validation splits. A warning says when no row has one.
    #[arg(long)]
    pub snippets: bool,
    /// For ordinal targets with --model svm or ensemble: one weight vector shared by every threshold
    /// ("level > t") instead of one each; the thresholds differ only in their offsets. An
    /// error with other models or no ordinal target, where it would change nothing.
    #[arg(long = "all-threshold")]
    pub all_threshold: bool,
    /// With --model svm: the rows labeled LABEL weigh W times as much in training, e.g.
    /// `--class-weight 3=2` to miss fewer level-3 articles at the cost of more false alarms.
    /// Repeat for more labels; labels not named weigh 1.
    #[arg(long = "class-weight", value_name = "LABEL=W", value_parser = parse_class_weight)]
    pub class_weights: Vec<(String, f64)>,
}

/// The options of [`LearnArgs`] and [`FeatureArgs`] given on the command line of `matches`
/// (as `--c`), in the order of `--help`: even a value equal to the default was asked for.
/// `--seed` is left out, as it also seeds what is not training (bootstrap intervals).
pub fn given_training_options(matches: &ArgMatches) -> Vec<String> {
    let training = FeatureArgs::augment_args(LearnArgs::augment_args(Command::new("training")));
    training
        .get_arguments()
        .filter(|a| a.get_id() != "seed")
        .filter(|a| matches.value_source(a.get_id().as_str()) == Some(ValueSource::CommandLine))
        .filter_map(|a| a.get_long().map(|long| format!("--{long}")))
        .collect()
}

/// Parses `LABEL=W` with W a positive number.
pub fn parse_class_weight(s: &str) -> Result<(String, f64), String> {
    let (label, w) = s
        .rsplit_once('=')
        .ok_or_else(|| format!("`{s}` is not LABEL=WEIGHT, e.g. 3=2"))?;
    let weight: f64 = w
        .trim()
        .parse()
        .map_err(|_| format!("`{w}` in `{s}` is not a number"))?;
    if !(weight > 0.0 && weight.is_finite()) {
        return Err(format!("the weight in `{s}` must be a positive number"));
    }
    if label.trim().is_empty() {
        return Err(format!("`{s}` names no label; write LABEL=WEIGHT, e.g. 3=2"));
    }
    Ok((label.trim().to_string(), weight))
}

pub fn parse_language(s: &str) -> Result<Language, String> {
    Language::parse(s).ok_or_else(|| {
        let names: Vec<String> = Language::ALL.iter().map(|l| l.name()).collect();
        format!("unknown language `{s}`; choose one of {}", names.join(", "))
    })
}

impl FeatureArgs {
    pub fn config(&self) -> Result<FeatureConfig, String> {
        let extra_stop_words = match &self.stop_words {
            Some(p) => std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read stop-word file {}: {e}", p.display()))?
                // a byte-order mark (as Notepad writes UTF-8) is no part of the first word
                .trim_start_matches('\u{feff}')
                .lines()
                .map(str::trim)
                .filter(|w| !w.is_empty() && !w.starts_with('#'))
                .map(String::from)
                .collect(),
            None => Vec::new(),
        };
        Ok(FeatureConfig {
            language: self.language,
            fold_accents: !self.keep_accents,
            number_buckets: !self.no_number_buckets,
            magnitudes: !self.no_magnitudes && self.language == Language::English,
            spelling_variants: !self.no_spelling_variants && self.language == Language::English,
            stop_words: !self.no_stop_words,
            extra_stop_words,
            stem: !self.no_stem,
            word_ngrams: self.ngrams,
            char_ngrams: self.char_ngrams,
            min_df: self.min_df,
            max_df: self.max_df,
            max_features: self.max_features,
            sublinear_tf: true,
            hashing_bits: self.hashing_bits,
            analysis: crate::features::ANALYSIS_VERSION,
        })
    }
}

/// Builds the training options from the shared flags.
pub fn train_options(
    text_columns: &[String],
    targets: &[TargetSpec],
    model: ModelChoice,
    features: &FeatureArgs,
    learn: &LearnArgs,
    holdout: f64,
) -> Result<TrainOptions, String> {
    super::check_text_columns(text_columns, targets).map_err(|e| e.to_string())?;
    Ok(TrainOptions {
        text_columns: text_columns.to_vec(),
        targets: targets.to_vec(),
        model,
        c: learn.c,
        alpha: learn.alpha,
        features: features.config()?,
        holdout,
        selection_folds: learn.selection_folds,
        seed: learn.seed,
        calibrate: !learn.no_calibration,
        background: Vec::new(),
        snippets: learn.snippets,
        all_threshold: learn.all_threshold,
        class_weights: learn.class_weights.clone(),
    })
}

/// Parses `1-2` or `3` as an inclusive range (for n-gram options).
pub fn parse_range(s: &str) -> Result<(usize, usize), String> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let lo = a
        .trim()
        .parse::<usize>()
        .map_err(|_| format!("`{s}` is not a range like 1-2"))?;
    let hi = b
        .trim()
        .parse::<usize>()
        .map_err(|_| format!("`{s}` is not a range like 1-2"))?;
    Ok((lo, hi))
}

/// `--min-df`: a count of rows. scikit-learn also takes a share here (`0.01`), which
/// sitrep does not, so a share gets a sentence saying so rather than a parse error.
fn parse_min_df(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("it is a count of training rows, at least 1 (1 keeps every term)".to_string()),
        Ok(n) => Ok(n),
        Err(_) if s.trim().parse::<f64>().is_ok_and(|x| x > 0.0 && x < 1.0) => Err(format!(
            "it is a count of training rows (a whole number such as 2), not a share as in \
             scikit-learn; for {s} of your rows, multiply {s} by their number"
        )),
        Err(_) => {
            Err("it is a count of training rows, a whole number such as 2 (1 keeps every term)".to_string())
        }
    }
}

/// `--max-df`: a share of rows, in (0, 1].
fn parse_max_df(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x > 0.0 && x <= 1.0 => Ok(x),
        Ok(x) if x > 1.0 => Err(format!(
            "it is a share of training rows, above 0 and at most 1 (0.9 drops terms found in \
             more than 90% of them), not a count; for {s} rows, divide {s} by their number"
        )),
        _ => Err("it is a share of training rows, above 0 and at most 1, such as 0.9".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_frequency_bounds_say_what_they_count() {
        assert_eq!(parse_min_df("3"), Ok(3));
        assert!(parse_min_df("0.01").unwrap_err().contains("not a share"));
        assert!(parse_min_df("0").unwrap_err().contains("at least 1"));
        assert!(parse_min_df("two").unwrap_err().contains("whole number"));
        // a negative count or one with decimals is no share of the rows
        for bad in ["-2", "2.5"] {
            let e = parse_min_df(bad).unwrap_err();
            assert!(e.contains("whole number") && !e.contains("share"), "{bad}: {e}");
        }
        assert_eq!(parse_max_df("0.5"), Ok(0.5));
        assert_eq!(parse_max_df("1"), Ok(1.0));
        assert!(parse_max_df("50").unwrap_err().contains("not a count"));
        for bad in ["0", "-0.5", "NaN", "x"] {
            assert!(
                parse_max_df(bad).unwrap_err().contains("above 0 and at most 1"),
                "{bad}"
            );
        }
    }

    #[test]
    fn ranges_parse() {
        assert_eq!(parse_range("1-2"), Ok((1, 2)));
        assert_eq!(parse_range("3"), Ok((3, 3)));
        assert!(parse_range("a-b").is_err());
    }

    #[test]
    fn training_options_given_are_named() {
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            learn: LearnArgs,
            #[command(flatten)]
            features: FeatureArgs,
        }
        let cli = <Cli as clap::CommandFactory>::command();
        let given = |args: &[&str]| {
            let matches = cli.clone().try_get_matches_from(args).expect("parses");
            given_training_options(&matches)
        };
        assert!(given(&["x"]).is_empty());
        assert!(given(&["x", "--seed", "7"]).is_empty());
        assert_eq!(
            given(&["x", "--ngrams", "1-2", "--no-stem", "--c", "1"]),
            ["--c", "--ngrams", "--no-stem"]
        );
    }

    #[test]
    fn class_weights_parse() {
        assert_eq!(parse_class_weight("3=2"), Ok(("3".to_string(), 2.0)));
        assert_eq!(parse_class_weight("a=b=0.5"), Ok(("a=b".to_string(), 0.5)));
        assert!(parse_class_weight("3").is_err());
        assert!(parse_class_weight("3=0").is_err());
        assert!(parse_class_weight("3=-1").is_err());
        assert!(parse_class_weight("3=x").is_err());
        assert!(parse_class_weight("=2").is_err());
    }
}
