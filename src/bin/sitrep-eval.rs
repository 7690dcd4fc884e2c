//! sitrep-eval: score a model on labeled data.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;

use clap::Parser;
use sitrep::cli::{load_model, main_with, EXIT_OK};
use sitrep::evaluate::evaluate;
use sitrep::report::{render_json, render_markdown, render_text};

/// Score a sitrep model on a labeled CSV file.
///
/// Prints accuracy, per-class precision / recall / F1 / support, macro and weighted
/// averages and the confusion matrix (rows: true class, columns: predicted class) for each
/// target; for ordinal targets also mean absolute error and quadratic weighted kappa. The
/// definitions are scikit-learn's, so the numbers can be cross-checked.
///
/// Examples:
///
///   sitrep-eval --model my.sitrep --data test.csv
///   sitrep-eval --model my.sitrep --data test.csv --target topic --format markdown
#[derive(Parser, Debug)]
#[command(name = "sitrep-eval", version, verbatim_doc_comment)]
struct Args {
    /// Model file [default: models/default.sitrep, else the built-in model].
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Labeled CSV file to score on.
    #[arg(long, value_name = "FILE")]
    data: PathBuf,
    /// Target to score; repeat for several [default: every model target the data has].
    #[arg(long, value_name = "NAME")]
    target: Vec<String>,
    /// Text column(s) [default: the model's training columns found in the file].
    #[arg(long = "text-column", value_name = "NAME")]
    text_column: Vec<String>,
    /// Score only rows where COLUMN equals VALUE, e.g. `split=test`.
    #[arg(long = "rows", value_name = "COLUMN=VALUE")]
    rows: Option<sitrep::data::RowFilter>,
    /// Output format: text, json or markdown.
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = ["text", "json", "markdown"])]
    format: String,
}

fn main() -> std::process::ExitCode {
    main_with("sitrep-eval", || run(Args::parse()))
}

fn run(args: Args) -> Result<u8, Box<dyn std::error::Error>> {
    let (model, model_name) = load_model(args.model.as_deref())?;
    let mut report = evaluate(
        &model,
        &args.data,
        &args.text_column,
        &args.target,
        args.rows.as_ref(),
        |w| eprintln!("sitrep-eval: warning: {w}"),
    )?;
    report.model = model_name;
    let rendered = match args.format.as_str() {
        "json" => render_json(&report),
        "markdown" => render_markdown(&report),
        _ => render_text(&report),
    };
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(rendered.as_bytes())?;
    out.flush()?;
    Ok(EXIT_OK)
}
