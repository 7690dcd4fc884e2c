//! sitrep-eval: score a model on labeled data, or cross-validate training settings.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser};
use sitrep::cli::{
    load_model, load_training_data, main_with, refuse_overwriting_inputs, warn, write_stdout,
    DEFAULT_MODEL_PATH, EXIT_OK,
};
use sitrep::data::{RowFilter, Utf8Mode};
use sitrep::evaluate::calibration::DEFAULT_RESAMPLES;
use sitrep::evaluate::compare::{
    compare, render as render_comparison, render_json as render_comparison_json,
};
use sitrep::evaluate::crossval::{cross_validate, render, CvReport, CvSettings};
use sitrep::evaluate::html::{plot_paths, render_html, write_plots};
use sitrep::evaluate::predictions::write_predictions;
use sitrep::evaluate::report::Settings;
use sitrep::evaluate::report::{render_json, render_markdown, render_text};
use sitrep::evaluate::{evaluate, file_crc32, resolve_text_columns, EvalOptions};
use sitrep::model::targets::{split_kind, TargetSpec};
use sitrep::train::args::{given_training_options, train_options, FeatureArgs, LearnArgs};
use sitrep::train::ModelChoice;
use sitrep::wording::{agreeing, and_list};

/// Score a sitrep model on a labeled CSV file, or cross-validate training settings.
///
/// Prints accuracy, per-class precision / recall / F1 / support, macro and weighted
/// averages and the confusion matrix (rows: true class, columns: predicted class) for each
/// target; for ordinal targets also mean absolute error and quadratic weighted kappa. The
/// definitions are scikit-learn's, so the numbers can be cross-checked. Every report also
/// gives bootstrap 95% confidence intervals (--resamples, --seed), calibration (expected
/// calibration error over 10 bins, multi-class Brier score, a reliability table), a
/// coverage vs accuracy table for abstaining below a probability, and with --errors N the
/// most confident mistakes. --format html writes one self-contained page with pictures;
/// --plots DIR writes the confusion-matrix heatmaps and reliability diagrams as SVG.
///
/// With two --model options, both models are scored on the same rows and compared per
/// target: accuracy with McNemar's test, macro-F1 with a paired bootstrap, and for an
/// ordinal target MAE and QWK with the same paired bootstrap (how far each model's
/// mistakes fall, which accuracy cannot see).
///
/// With --folds K, no model file is used: K models are trained with the given training
/// options (the same as sitrep-train's) on stratified folds of the data, and each metric is
/// reported as mean ± standard deviation over folds with a 95% Student-t interval of the
/// mean, followed by the report of the pooled out-of-fold predictions. The training options
/// (--algorithm, the learning and feature options but --seed) are for --folds only: a model
/// file is scored as it was trained, so without --folds they are an error.
///
/// Examples:
///
///   sitrep-eval --model my.sitrep --data test.csv
///   sitrep-eval --model my.sitrep --data test.csv --target topic --format markdown
///   sitrep-eval --data test.csv --format html --errors 10 > report.html
///   sitrep-eval --model old.sitrep --model new.sitrep --data test.csv   # paired tests
///   sitrep-eval --data labeled.csv --target topic --target escalation:ordinal --folds 5
#[derive(Parser, Debug)]
#[command(
    name = "sitrep-eval",
    version,
    verbatim_doc_comment,
    allow_negative_numbers = true
)]
struct Args {
    /// Model file [default: models/default.sitrep, else the built-in model]. Give it twice
    /// to compare two models on the same rows.
    #[arg(long, value_name = "FILE", conflicts_with = "folds")]
    model: Vec<PathBuf>,
    /// Labeled CSV file to score on.
    #[arg(long, value_name = "FILE")]
    data: PathBuf,
    /// Target to score, repeat for several [default: every model target the data has].
    /// With --folds, a target spec as for sitrep-train (`escalation:ordinal`); without, the
    /// name alone, as a model file knows the kind of its targets.
    #[arg(long, value_name = "NAME")]
    target: Vec<TargetSpec>,
    /// Text column(s) [default: the model's training columns found in the file; `text` with --folds].
    #[arg(long = "text-column", value_name = "NAME")]
    text_column: Vec<String>,
    /// Score only rows where COLUMN equals VALUE, e.g. `split=test` (compared exactly). A filter
    /// that matches no row is an error.
    #[arg(long = "rows", value_name = "COLUMN=VALUE")]
    rows: Option<RowFilter>,
    /// Output format: text, json, markdown or html (one self-contained page with pictures,
    /// for one model: not with --folds or two --model options).
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = ["text", "json", "markdown", "html"])]
    format: String,
    /// Also write each target's confusion-matrix heatmap and reliability diagram as SVG
    /// files into DIR.
    #[arg(long, value_name = "DIR", conflicts_with = "folds")]
    plots: Option<PathBuf>,
    /// Bootstrap resamples for the 95% confidence intervals (0: none; not with two --model
    /// options, whose paired tests need them); seeded by --seed.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RESAMPLES)]
    resamples: usize,
    /// List the N most confident mistakes per target, with the terms behind them (one model:
    /// not with --folds, whose --predictions lists every row's out-of-fold prediction).
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,
    /// Also score the rows of each value of COLUMN on their own (each source, region or
    /// month): rows, accuracy, macro-F1, and MAE and QWK for ordinal targets. With --folds,
    /// on the pooled out-of-fold predictions.
    #[arg(long, value_name = "COLUMN")]
    by: Option<String>,
    /// Cross-validate with K folds instead of scoring a model file. A fold whose training rows
    /// lack a class is named in a warning: its model cannot predict that class.
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
    /// Algorithm to cross-validate: svm, logistic, cnb, nb, ensemble or auto (as sitrep-train
    /// --model).
    #[arg(
        long,
        value_name = "NAME",
        default_value = "svm",
        help_heading = "Cross-validation"
    )]
    algorithm: ModelChoice,
    /// With --folds: also write every row's out-of-fold prediction to FILE as CSV (its line
    /// in the data file, the fold that held it out, the --group value, then per target the
    /// true label and the prediction), to read the rows cross-validation got wrong.
    #[arg(
        long,
        value_name = "FILE",
        requires = "folds",
        help_heading = "Cross-validation"
    )]
    predictions: Option<PathBuf>,
    /// Replace invalid UTF-8 in text and label columns with U+FFFD instead of stopping (the
    /// number of rows affected is reported on stderr).
    #[arg(long)]
    lossy: bool,
    #[command(flatten)]
    learn: LearnArgs,
    #[command(flatten)]
    features: FeatureArgs,
}

const PROGRAM: &str = "sitrep-eval";

fn main() -> std::process::ExitCode {
    main_with(PROGRAM, || {
        let matches = Args::command().try_get_matches()?;
        let args = Args::from_arg_matches(&matches)?;
        check_usage(&args, &matches)?;
        run(args)
    })
}

impl Args {
    /// The files the run reads, with the option that named each.
    fn inputs(&self) -> Vec<(&'static str, &Path)> {
        let mut inputs = vec![("--data", self.data.as_path())];
        inputs.extend(self.model.iter().map(|m| ("--model", m.as_path())));
        inputs.extend(self.features.stop_words.as_deref().map(|w| ("--stop-words", w)));
        inputs
    }

    fn utf8(&self) -> Utf8Mode {
        if self.lossy {
            Utf8Mode::Lossy
        } else {
            Utf8Mode::Strict
        }
    }
}

/// Options that would do nothing in the mode given (one model, two, or `--folds`) are
/// refused, rather than ignored: `--c 0.3` without `--folds` once scored the model file as
/// it was trained, and exited 0.
fn check_usage(args: &Args, matches: &ArgMatches) -> Result<(), String> {
    if args.folds.is_none() {
        let mut given = given_training_options(matches);
        if matches.value_source("algorithm") == Some(ValueSource::CommandLine) {
            given.insert(0, "--algorithm".into());
        }
        if !given.is_empty() {
            let (verb, subject, object) = agreeing(given.len(), "sets", "set");
            return Err(format!(
                "{} {verb} how --folds trains a model on each fold, and a model file is scored as it was trained, so {subject} would change nothing; add --folds K to cross-validate with {object}, or leave {object} out",
                and_list(&given)
            ));
        }
        // as typed: `topic:nominal` parses as `topic`, and would be dropped as silently
        let specs = matches.get_raw("target").into_iter().flatten();
        if let Some(spec) = specs
            .map(|s| s.to_string_lossy())
            .find(|s| split_kind(s).1.is_some())
        {
            let column = split_kind(&spec).0;
            return Err(format!(
                "--target `{spec}` gives a kind for training, and a model file knows the kind of each of its targets, so it would change nothing; name the target alone (--target {column}), or add --folds K to cross-validate"
            ));
        }
        // one model: the seed's only use is the bootstrap (two models refuse 0 resamples)
        let seed_given = matches.value_source("seed") == Some(ValueSource::CommandLine);
        if args.model.len() < 2 && args.resamples == 0 && seed_given {
            return Err("--seed seeds the bootstrap intervals, and --resamples 0 asks for none, so it would change nothing; leave --seed out, or give --resamples N for intervals".into());
        }
    }
    if args.format == "html" && (args.folds.is_some() || args.model.len() > 1) {
        return Err("--format html reports on one model; use text, markdown or json with --folds or two --model options".into());
    }
    if args.model.len() > 1 {
        let given: Vec<String> = [
            ("--plots", args.plots.is_some()),
            ("--errors", args.errors > 0),
            ("--by", args.by.is_some()),
        ]
        .into_iter()
        .filter(|&(_, on)| on)
        .map(|(name, _)| name.to_string())
        .collect();
        if !given.is_empty() {
            let (verb, _, object) = agreeing(given.len(), "reports", "report");
            return Err(format!(
                "{} {verb} on one model; score each model on its own for {object}",
                and_list(&given)
            ));
        }
    }
    if args.folds.is_some() && args.errors > 0 {
        return Err("--errors lists a model's most confident mistakes with the terms behind them, and --folds trains a model per fold without keeping their probabilities; to read the rows cross-validation got wrong, write them with --predictions FILE".into());
    }
    // clap's `requires` does not hold once --model (which conflicts with --folds) is given
    if args.folds.is_none() {
        if args.predictions.is_some() {
            return Err(
                "--predictions writes the out-of-fold predictions of cross-validation; add --folds K".into(),
            );
        }
        if args.group.is_some() {
            return Err("--group keeps groups whole in cross-validation folds; add --folds K".into());
        }
    }
    Ok(())
}

fn run(args: Args) -> Result<u8, Box<dyn std::error::Error>> {
    if let Some(path) = &args.predictions {
        refuse_overwriting_inputs(&[("--predictions", path)], &args.inputs())?;
    }
    let rendered = match args.folds {
        Some(k) => cross_validation(&args, k)?,
        None if args.model.len() == 2 => compare_models(&args)?,
        None if args.model.len() > 2 => {
            return Err(format!(
                "--model was given {} times; give one model to score or two to compare",
                args.model.len()
            )
            .into())
        }
        None => score_model(&args)?,
    };
    write_stdout(&rendered)?;
    Ok(EXIT_OK)
}

fn eval_options(args: &Args) -> EvalOptions {
    EvalOptions {
        text_columns: args.text_column.clone(),
        targets: args.target.iter().map(|t| t.column.clone()).collect(),
        filter: args.rows.clone(),
        seed: args.learn.seed,
        resamples: args.resamples,
        errors: args.errors,
        utf8: args.utf8(),
        by: args.by.clone(),
    }
}

fn compare_models(args: &Args) -> Result<String, Box<dyn std::error::Error>> {
    let (a, a_name, a_crc) = load_model_with_crc(args.model.first())?;
    let (b, b_name, b_crc) = load_model_with_crc(args.model.get(1))?;
    let mut comparison = compare(
        [(&a, &a_name), (&b, &b_name)],
        &args.data,
        &eval_options(args),
        |w| warn(PROGRAM, w),
    )?;
    comparison.model_crc32 = [a_crc, b_crc];
    Ok(match args.format.as_str() {
        "json" => render_comparison_json(&comparison) + "\n",
        "markdown" => render_comparison(&comparison, true),
        _ => render_comparison(&comparison, false),
    })
}

fn score_model(args: &Args) -> Result<String, Box<dyn std::error::Error>> {
    let (model, model_name, model_crc32) = load_model_with_crc(args.model.first())?;
    let options = eval_options(args);
    let mut report = evaluate(&model, &args.data, &options, |w| warn(PROGRAM, w))?;
    report.model = model_name;
    report.settings = Some(Settings {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        model_crc32,
        data_crc32: file_crc32(&args.data)?,
        rows: args.rows.as_ref().map(|r| format!("{}={}", r.column, r.value)),
        text_columns: resolve_text_columns(&model, &args.data, &args.text_column)?,
        seed: args.learn.seed,
        resamples: args.resamples,
    });
    if let Some(dir) = &args.plots {
        let plots = plot_paths(&report, dir);
        let outputs: Vec<(&str, &Path)> = plots.iter().map(|p| ("--plots", p.as_path())).collect();
        refuse_overwriting_inputs(&outputs, &args.inputs())?;
        write_plots(&report, dir).map_err(|e| format!("cannot write plots to {}: {e}", dir.display()))?;
    }
    Ok(match args.format.as_str() {
        "json" => render_json(&report),
        "markdown" => render_markdown(&report),
        "html" => render_html(&report)?,
        _ => render_text(&report),
    })
}

/// Loads a model as `load_model` does, with the CRC-32 of its bytes.
fn load_model_with_crc(
    path: Option<&PathBuf>,
) -> Result<(sitrep::model::Model, String, String), Box<dyn std::error::Error>> {
    let (model, name) = load_model(PROGRAM, path.map(PathBuf::as_path))?;
    let file = path
        .cloned()
        .or_else(|| Some(PathBuf::from(DEFAULT_MODEL_PATH)).filter(|p| p.is_file()));
    let crc = match (file, sitrep::model::default::DEFAULT_MODEL) {
        (Some(p), _) => file_crc32(&p)?,
        (None, Some(bytes)) => format!("{:08x}", sitrep::model::file::crc32(bytes)),
        (None, None) => String::new(),
    };
    Ok((model, name, crc))
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
    // the group and --by columns are read as extra label columns, in this order
    let extra: Vec<String> = args.group.iter().chain(&args.by).cloned().collect();
    let (data, targets) = load_training_data(
        PROGRAM,
        &args.data,
        &text_columns,
        &args.target,
        &extra,
        args.rows.as_ref(),
        args.utf8(),
    )?;
    let mut extra_columns = data.labels[args.target.len()..].iter();
    let groups = args.group.as_ref().and_then(|_| extra_columns.next());
    let by = args
        .by
        .as_deref()
        .zip(extra_columns.next())
        .map(|(column, values)| (column, values.as_slice()));
    let results = cross_validate(
        &data.texts,
        &targets,
        &options,
        k,
        groups.map(Vec::as_slice),
        by,
        args.resamples,
        |w| warn(PROGRAM, w),
    )?;
    if let Some(path) = &args.predictions {
        let group = args.group.as_deref().zip(groups.map(Vec::as_slice));
        write_predictions(path, &data.lines, group, &targets, &results)
            .map_err(|e| format!("cannot write the predictions to {}: {e}", path.display()))?;
    }
    let report = CvReport {
        data: args.data.display().to_string(),
        folds: k,
        seed: args.learn.seed,
        grouped_by: args.group.clone(),
        settings: CvSettings {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            data_crc32: file_crc32(&args.data)?,
            rows: args.rows.as_ref().map(ToString::to_string),
            text_columns,
            resamples: args.resamples,
        },
        targets: results,
    };
    Ok(match args.format.as_str() {
        "json" => serde_json::to_string_pretty(&report)? + "\n",
        "markdown" => render(&report, true),
        _ => render(&report, false),
    })
}
