//! sitrep-eval: score a model on labeled data, or cross-validate training settings.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::path::PathBuf;

use clap::Parser;
use sitrep::cli::{load_model, main_with, train_options, FeatureArgs, LearnArgs, EXIT_OK};
use sitrep::crossval::{cross_validate, render, CvReport};
use sitrep::data::{read_labeled_where, RowFilter};
use sitrep::evaluate::evaluate;
use sitrep::report::{render_json, render_markdown, render_text};
use sitrep::train::{encode_target, ModelChoice, TargetSpec};

/// Score a sitrep model on a labeled CSV file, or cross-validate training settings.
///
/// Prints accuracy, per-class precision / recall / F1 / support, macro and weighted
/// averages and the confusion matrix (rows: true class, columns: predicted class) for each
/// target; for ordinal targets also mean absolute error and quadratic weighted kappa. The
/// definitions are scikit-learn's, so the numbers can be cross-checked.
///
/// With --folds K, no model file is used: K models are trained with the given training
/// options (the same as sitrep-train's) on stratified folds of the data, and each metric is
/// reported as mean ± standard deviation over folds, with the pooled confusion matrix.
///
/// Examples:
///
///   sitrep-eval --model my.sitrep --data test.csv
///   sitrep-eval --model my.sitrep --data test.csv --target topic --format markdown
///   sitrep-eval --data labeled.csv --target topic --target escalation:ordinal --folds 5
#[derive(Parser, Debug)]
#[command(name = "sitrep-eval", version, verbatim_doc_comment)]
struct Args {
    /// Model file [default: models/default.sitrep, else the built-in model].
    #[arg(long, value_name = "FILE", conflicts_with = "folds")]
    model: Option<PathBuf>,
    /// Labeled CSV file to score on.
    #[arg(long, value_name = "FILE")]
    data: PathBuf,
    /// Target to score, repeat for several [default: every model target the data has].
    /// With --folds, a target spec as for sitrep-train (`escalation:ordinal`).
    #[arg(long, value_name = "NAME")]
    target: Vec<TargetSpec>,
    /// Text column(s) [default: the model's training columns found in the file; `text` with --folds].
    #[arg(long = "text-column", value_name = "NAME")]
    text_column: Vec<String>,
    /// Score only rows where COLUMN equals VALUE, e.g. `split=test`.
    #[arg(long = "rows", value_name = "COLUMN=VALUE")]
    rows: Option<RowFilter>,
    /// Output format: text, json or markdown.
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = ["text", "json", "markdown"])]
    format: String,
    /// Cross-validate with K folds instead of scoring a model file.
    #[arg(long, value_name = "K", help_heading = "Cross-validation")]
    folds: Option<usize>,
    /// Keep rows with the same value in this column in one fold (e.g. a story id).
    #[arg(
        long,
        value_name = "COLUMN",
        requires = "folds",
        help_heading = "Cross-validation"
    )]
    group: Option<String>,
    /// Algorithm to cross-validate: svm, logistic, cnb, nb or auto (as sitrep-train --model).
    #[arg(
        long,
        value_name = "NAME",
        default_value = "svm",
        help_heading = "Cross-validation"
    )]
    algorithm: ModelChoice,
    #[command(flatten)]
    learn: LearnArgs,
    #[command(flatten)]
    features: FeatureArgs,
}

fn main() -> std::process::ExitCode {
    main_with("sitrep-eval", || run(Args::parse()))
}

fn run(args: Args) -> Result<u8, Box<dyn std::error::Error>> {
    let rendered = match args.folds {
        Some(k) => cross_validation(&args, k)?,
        None => score_model(&args)?,
    };
    let mut out = std::io::stdout().lock();
    out.write_all(rendered.as_bytes())?;
    out.flush()?;
    Ok(EXIT_OK)
}

fn score_model(args: &Args) -> Result<String, Box<dyn std::error::Error>> {
    let (model, model_name) = load_model(args.model.as_deref())?;
    let targets: Vec<String> = args.target.iter().map(|t| t.column.clone()).collect();
    let mut report = evaluate(
        &model,
        &args.data,
        &args.text_column,
        &targets,
        args.rows.as_ref(),
        |w| eprintln!("sitrep-eval: warning: {w}"),
    )?;
    report.model = model_name;
    Ok(match args.format.as_str() {
        "json" => render_json(&report),
        "markdown" => render_markdown(&report),
        _ => render_text(&report),
    })
}

fn cross_validation(args: &Args, k: usize) -> Result<String, Box<dyn std::error::Error>> {
    if args.target.is_empty() {
        return Err("--folds needs at least one --target to train on".into());
    }
    let text_columns = if args.text_column.is_empty() {
        vec!["text".to_string()]
    } else {
        args.text_column.clone()
    };
    let options = train_options(
        &text_columns,
        &args.target,
        args.algorithm,
        &args.features,
        &args.learn,
        0.0,
    )?;
    let mut columns: Vec<String> = args.target.iter().map(|t| t.column.clone()).collect();
    if let Some(g) = &args.group {
        columns.push(g.clone());
    }
    let data = read_labeled_where(&args.data, &text_columns, &columns, args.rows.as_ref())?;
    let targets = args
        .target
        .iter()
        .zip(&data.labels)
        .map(|(spec, labels)| encode_target(spec, labels, &data.lines))
        .collect::<Result<Vec<_>, _>>()?;
    let groups = args
        .group
        .as_ref()
        .map(|_| data.labels[args.target.len()].clone());
    let results = cross_validate(&data.texts, &targets, &options, k, groups.as_deref())?;
    let report = CvReport {
        data: args.data.display().to_string(),
        folds: k,
        seed: args.learn.seed,
        grouped_by: args.group.clone(),
        targets: results,
    };
    Ok(match args.format.as_str() {
        "json" => serde_json::to_string_pretty(&report)? + "\n",
        "markdown" => render(&report, true),
        _ => render(&report, false),
    })
}
