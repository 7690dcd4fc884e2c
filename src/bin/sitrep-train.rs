//! sitrep-train: learn a model from a labeled CSV file.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Parser;
use sitrep::cli::{main_with, parse_range, EXIT_OK};
use sitrep::data::{read_labeled_where, RowFilter};
use sitrep::features::{FeatureConfig, Language};
use sitrep::model_file;
use sitrep::train::{encode_target, train, ModelChoice, TargetSpec, TrainOptions, TrainSummary};

/// Train a sitrep model on a labeled CSV file.
///
/// The CSV needs a header row. Name the label columns with --target (one model head per
/// target) and the text columns with --text-column (joined in the order given). The model
/// file holds everything needed to classify later, including the feature settings.
///
/// Examples:
///
///   sitrep-train --data datasets/conflict-news.csv --text-column title --text-column text \
///       --target topic --target escalation:ordinal --out my.sitrep
///
///   sitrep-train --data news.csv --target label --model auto --out news.sitrep
///
/// Cost: memory grows with the number of rows and distinct terms (about 150 MB for 20,000
/// articles); --model auto trains about 30 models per target and takes correspondingly longer.
#[derive(Parser, Debug)]
#[command(name = "sitrep-train", version, verbatim_doc_comment)]
struct Args {
    /// Labeled CSV file to learn from.
    #[arg(long, value_name = "FILE")]
    data: PathBuf,
    /// A label column: `topic`, `escalation:ordinal` (numeric levels), or
    /// `risk:ordinal=low,medium,high`. Repeat for several targets.
    #[arg(long, value_name = "SPEC", required = true)]
    target: Vec<TargetSpec>,
    /// Where to write the model (written atomically; the folder must exist).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Use only rows where COLUMN equals VALUE, e.g. `split=train`.
    #[arg(long = "rows", value_name = "COLUMN=VALUE")]
    rows: Option<RowFilter>,
    /// Column holding the text; repeat to join several (e.g. title and body). [default: text]
    #[arg(long = "text-column", value_name = "NAME")]
    text_column: Vec<String>,
    /// Algorithm: svm (linear SVM; an ordinal SVM for ordinal targets), logistic, cnb
    /// (complement naive Bayes), nb (multinomial naive Bayes), or auto (choose per target by
    /// cross-validation).
    #[arg(long, value_name = "NAME", default_value = "svm")]
    model: ModelChoice,
    /// Inverse regularization for svm (logistic uses 10 x C).
    #[arg(long = "c", value_name = "C", default_value_t = 1.0)]
    c: f64,
    /// Smoothing for cnb / nb.
    #[arg(long, value_name = "ALPHA")]
    alpha: Option<f64>,
    /// Word n-gram orders, e.g. 1-2.
    #[arg(long, value_name = "RANGE", default_value = "1-2", value_parser = parse_range)]
    ngrams: (usize, usize),
    /// Also use character n-grams inside words, e.g. 3-5.
    #[arg(long = "char-ngrams", value_name = "RANGE", value_parser = parse_range)]
    char_ngrams: Option<(usize, usize)>,
    /// Keep terms found in at least this many training rows.
    #[arg(long = "min-df", value_name = "N", default_value_t = 2)]
    min_df: usize,
    /// Drop terms found in more than this share of training rows.
    #[arg(long = "max-df", value_name = "SHARE", default_value_t = 0.9)]
    max_df: f64,
    /// Keep only the N most frequent terms.
    #[arg(long = "max-features", value_name = "N")]
    max_features: Option<usize>,
    /// Hash terms into 2^BITS columns instead of keeping a vocabulary.
    #[arg(long = "hashing-bits", value_name = "BITS")]
    hashing_bits: Option<u8>,
    /// Language for stemming and built-in stop words.
    #[arg(long, value_name = "NAME", default_value = "english", value_parser = parse_language)]
    language: Language,
    /// File of extra stop words, one per line.
    #[arg(long = "stop-words", value_name = "FILE")]
    stop_words: Option<PathBuf>,
    /// Keep the built-in stop words in the text.
    #[arg(long = "no-stop-words")]
    no_stop_words: bool,
    /// Do not stem words.
    #[arg(long = "no-stem")]
    no_stem: bool,
    /// Keep numbers as written instead of magnitude tokens like <num:100-999>.
    #[arg(long = "no-number-buckets")]
    no_number_buckets: bool,
    /// Keep accents (by default `Sévaré` and `Sevare` are the same word).
    #[arg(long = "keep-accents")]
    keep_accents: bool,
    /// Share of rows held out to print a validation summary (0 to skip); the saved model is
    /// then trained on all rows.
    #[arg(long, value_name = "SHARE", default_value_t = 0.2)]
    holdout: f64,
    /// Folds for --model auto.
    #[arg(long, value_name = "K", default_value_t = 3)]
    folds: usize,
    /// Seed for every random choice; the same data and seed give the same model bytes.
    #[arg(long, value_name = "N", default_value_t = 42)]
    seed: u64,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
}

fn parse_language(s: &str) -> Result<Language, String> {
    Language::parse(s).ok_or_else(|| {
        let names: Vec<String> = Language::ALL.iter().map(|l| l.name()).collect();
        format!("unknown language `{s}`; choose one of {}", names.join(", "))
    })
}

fn main() -> std::process::ExitCode {
    main_with("sitrep-train", || {
        let args = Args::parse();
        run(args)
    })
}

fn run(args: Args) -> Result<u8, Box<dyn std::error::Error>> {
    // fail in a second on a bad output path, not after training
    model_file::check_writable(&args.out)?;
    let text_columns = if args.text_column.is_empty() {
        vec!["text".to_string()]
    } else {
        args.text_column.clone()
    };
    let extra_stop_words = match &args.stop_words {
        Some(p) => std::fs::read_to_string(p)
            .map_err(|e| format!("cannot read stop-word file {}: {e}", p.display()))?
            .lines()
            .map(str::trim)
            .filter(|w| !w.is_empty() && !w.starts_with('#'))
            .map(String::from)
            .collect(),
        None => Vec::new(),
    };
    let features = FeatureConfig {
        language: args.language,
        fold_accents: !args.keep_accents,
        number_buckets: !args.no_number_buckets,
        stop_words: !args.no_stop_words,
        extra_stop_words,
        stem: !args.no_stem,
        word_ngrams: args.ngrams,
        char_ngrams: args.char_ngrams,
        min_df: args.min_df,
        max_df: args.max_df,
        max_features: args.max_features,
        sublinear_tf: true,
        hashing_bits: args.hashing_bits,
    };
    let options = TrainOptions {
        text_columns: text_columns.clone(),
        targets: args.target.clone(),
        model: args.model,
        c: args.c,
        alpha: args.alpha,
        features,
        holdout: args.holdout,
        selection_folds: args.folds,
        seed: args.seed,
    };
    let columns: Vec<String> = args.target.iter().map(|t| t.column.clone()).collect();
    let data = read_labeled_where(&args.data, &text_columns, &columns, args.rows.as_ref())?;
    let targets = args
        .target
        .iter()
        .zip(&data.labels)
        .map(|(spec, labels)| encode_target(spec, labels, &data.lines))
        .collect::<Result<Vec<_>, _>>()?;
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let (model, summary) = train(&data.texts, &targets, &options, |step| {
        if show_progress {
            eprint!("\r\x1b[2K{step}...");
        }
    })?;
    if show_progress {
        eprint!("\r\x1b[2K");
    }
    model_file::save(&model, &args.out)?;
    if !args.quiet {
        print_summary(&summary, &args.out);
    }
    Ok(EXIT_OK)
}

fn print_summary(s: &TrainSummary, out: &std::path::Path) {
    println!(
        "trained on {} rows, {} features; model written to {}",
        s.rows,
        s.features,
        out.display()
    );
    for (target, algorithm) in &s.chosen {
        println!("  {target}: {algorithm}");
    }
    if !s.candidates.is_empty() {
        println!("\nmodel selection (cross-validated; macro-F1 for nominal targets, quadratic weighted kappa for ordinal):");
        for c in &s.candidates {
            println!(
                "  {:<12} {:<55} {:.4}",
                c.target,
                c.algorithm.to_string(),
                c.score
            );
        }
    }
    for v in &s.validation {
        print!(
            "\nvalidation on {} held-out rows, `{}`: accuracy {:.4}, macro-F1 {:.4}",
            v.rows, v.target, v.classification.accuracy, v.classification.macro_avg.f1
        );
        if let Some(o) = &v.ordinal {
            print!(", MAE {:.4}, QWK {:.4}", o.mae, o.qwk);
        }
        println!();
    }
}
