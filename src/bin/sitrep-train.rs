//! sitrep-train: learn a model from a labeled CSV file.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Parser;
use sitrep::cli::{load_training_data, main_with, refuse_overwriting_inputs, warn, write_stdout, EXIT_OK};
use sitrep::data::{align_left, read_labeled_where, replaced_warning, RowFilter, Utf8Mode};
use sitrep::model::file as model_file;
use sitrep::model::targets::TargetSpec;
use sitrep::train::args::{train_options, FeatureArgs, LearnArgs};
use sitrep::train::missing::wordless_warning;
use sitrep::train::{train, ModelChoice, TrainSummary};

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
/// Cost: a few passes over the data. Measured on a 2-core machine: the 1,701 long BBC
/// articles train in about 0.3 s with 130 MB peak memory; --model auto cross-validates
/// about 30 models per target and takes 3-6 times longer.
#[derive(Parser, Debug)]
#[command(
    name = "sitrep-train",
    version,
    verbatim_doc_comment,
    allow_negative_numbers = true
)]
struct Args {
    /// Labeled CSV file to learn from.
    #[arg(long, value_name = "FILE")]
    data: PathBuf,
    /// A label column: `topic`, `escalation:ordinal` (numeric levels, those the rows have), or
    /// `risk:ordinal=low,medium,high` (every level given must have training rows). Repeat
    /// for several targets.
    #[arg(long, value_name = "SPEC", required = true)]
    target: Vec<TargetSpec>,
    /// Where to write the model (written atomically; the folder must exist).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Use only rows where COLUMN equals VALUE, e.g. `split=train` (compared exactly). A filter
    /// that matches no row is an error.
    #[arg(long = "rows", value_name = "COLUMN=VALUE")]
    rows: Option<RowFilter>,
    /// Column holding the text; repeat to join several (e.g. title and body). [default: text]
    #[arg(long = "text-column", value_name = "NAME")]
    text_column: Vec<String>,
    /// Algorithm: svm (linear SVM; an ordinal SVM for ordinal targets), logistic, cnb
    /// (complement naive Bayes), nb (multinomial naive Bayes), ensemble (the mean of the
    /// probabilities of svm, logistic and cnb: steadier on text unlike the training data,
    /// trains 2-4 times as long), or auto (choose per target by cross-validation).
    #[arg(long, visible_alias = "algorithm", value_name = "NAME", default_value = "svm")]
    model: ModelChoice,
    #[command(flatten)]
    learn: LearnArgs,
    #[command(flatten)]
    features: FeatureArgs,
    /// CSV file of texts outside the model's scope (column `text`: sports, business,
    /// technology, ...). The model then gets a scope gate, and sitrep-classify labels text
    /// more like these than like the training data `uncertain` (see --min-scope there).
    #[arg(long, value_name = "FILE")]
    background: Option<PathBuf>,
    /// Share of rows held out to print a validation summary (0 to skip); the saved model is
    /// then trained on all rows. A class that the split's training part lacks (its model
    /// cannot predict it) is named in a warning, as is one an auto selection fold's lacks.
    #[arg(long, value_name = "SHARE", default_value_t = 0.2)]
    holdout: f64,
    /// Print nothing but warnings and errors: no progress line and no summary. Warnings
    /// still print, as they report rows or classes a model lost.
    #[arg(long, short)]
    quiet: bool,
    /// Replace invalid UTF-8 in text and label columns with U+FFFD instead of stopping (the
    /// number of rows affected is reported on stderr).
    #[arg(long)]
    lossy: bool,
}

const PROGRAM: &str = "sitrep-train";

fn main() -> std::process::ExitCode {
    main_with(PROGRAM, || run(Args::try_parse()?))
}

fn run(args: Args) -> Result<u8, Box<dyn std::error::Error>> {
    let mut inputs = vec![("--data", args.data.as_path())];
    inputs.extend(args.background.as_deref().map(|b| ("--background", b)));
    inputs.extend(args.features.stop_words.as_deref().map(|w| ("--stop-words", w)));
    refuse_overwriting_inputs(&[("--out", &args.out)], &inputs)?;
    // fail in a second on a bad output path, not after training
    model_file::check_writable(&args.out)?;
    let text_columns = if args.text_column.is_empty() {
        vec!["text".to_string()]
    } else {
        args.text_column.clone()
    };
    let mut options = train_options(
        &text_columns,
        &args.target,
        args.model,
        &args.features,
        &args.learn,
        args.holdout,
    )?;
    let utf8 = if args.lossy {
        Utf8Mode::Lossy
    } else {
        Utf8Mode::Strict
    };
    let (data, targets) = load_training_data(
        PROGRAM,
        &args.data,
        &text_columns,
        &args.target,
        &[],
        args.rows.as_ref(),
        utf8,
    )?;
    if let Some(path) = &args.background {
        let background = read_labeled_where(path, &["text".to_string()], &[], None, utf8)?;
        if let Some(w) = replaced_warning(
            path,
            background.replaced_lines.len() as u64,
            background.replaced_lines.first().copied(),
        ) {
            warn(PROGRAM, &w);
        }
        options.background = background.texts;
    }
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let clear_progress = || {
        if show_progress {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    };
    let progress = |step: &str| {
        if show_progress {
            let _ = write!(std::io::stderr(), "\r\x1b[2K{step}...");
        }
    };
    // a warning takes the progress line's place, so that the two do not run together
    let warning = |message: &str| {
        clear_progress();
        warn(PROGRAM, message);
    };
    let (model, summary) = train(&data.texts, &targets, &options, progress, warning)?;
    clear_progress();
    if let Some(&first) = summary.wordless_rows.first() {
        let source = args.data.display().to_string();
        let line = data.lines.get(first).copied().unwrap_or(0);
        warn(
            PROGRAM,
            &wordless_warning(&source, summary.wordless_rows.len(), &format!("line {line}")),
        );
    }
    model_file::save(&model, &args.out)?;
    if !args.quiet {
        write_stdout(&summary_text(&summary, &args.out))?;
    }
    Ok(EXIT_OK)
}

fn summary_text(s: &TrainSummary, out: &std::path::Path) -> String {
    use std::fmt::Write;
    let mut t = String::new();
    // writing to a String cannot fail
    let copies = match s.snippet_copies {
        0 => String::new(),
        n => format!(" (and {n} snippet copies)"),
    };
    let _ = writeln!(
        t,
        "trained on {} rows{copies}, {} features; model written to {}",
        s.rows,
        s.features,
        out.display()
    );
    for (target, algorithm) in &s.chosen {
        let _ = writeln!(t, "  {target}: {algorithm}");
    }
    if !s.candidates.is_empty() {
        let _ = writeln!(t, "\nmodel selection (cross-validated; macro-F1 for nominal targets, quadratic weighted kappa for ordinal):");
        for c in &s.candidates {
            // a target may be named in CJK, two columns a character
            let _ = writeln!(
                t,
                "  {} {:<55} {:.4}",
                align_left(&c.target, 12),
                c.algorithm.to_string(),
                c.score
            );
        }
    }
    for v in &s.validation {
        let _ = write!(
            t,
            "\nvalidation on {} held-out rows, `{}`: accuracy {:.4}, macro-F1 {:.4}",
            v.rows, v.target, v.classification.accuracy, v.classification.macro_avg.f1
        );
        if let Some(o) = &v.ordinal {
            let _ = write!(t, ", MAE {:.4}, QWK {:.4}", o.mae, o.qwk);
        }
        t.push('\n');
    }
    t
}
