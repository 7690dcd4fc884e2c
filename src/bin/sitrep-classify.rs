//! sitrep-classify: label conflict-news articles by topic and escalation level.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::Parser;
use sitrep::classify::{
    abstain, classify_csv, parse_probability, read_folder, read_stdin, read_text_file, write_articles,
    Article, Format,
};
use sitrep::cli::{load_model, main_with, EXIT_OK, EXIT_ROW_PROBLEMS};

/// Label news articles by topic and escalation level.
///
/// Articles can be given as arguments, as a .txt file or a folder of .txt files, as a CSV
/// file (every input column is kept and the predictions are appended), or on standard input
/// (one article per line; --whole for one article). Without --model, sitrep uses
/// models/default.sitrep if it exists here, else its built-in default model.
///
/// Examples:
///
///   sitrep-classify "Rebels shelled the outskirts of the city overnight, killing four civilians."
///   sitrep-classify --input articles/ --format jsonl
///   sitrep-classify --input feed.csv --text-column headline > labeled.csv
///   sitrep-classify --explain "Talks on a ceasefire resumed in Doha."
///   sitrep-classify --input feed.csv --min-confidence 0.8   # `uncertain` below 0.8
///
/// CSV input is streamed in batches of 4,096 rows: memory stays flat for any input size.
///
/// Exit codes: 0 success; 1 finished, but some rows had empty text (kept without
/// predictions and reported on stderr); 2 error (bad arguments, unreadable input, bad model).
#[derive(Parser, Debug)]
#[command(name = "sitrep-classify", version, verbatim_doc_comment)]
struct Args {
    /// Article texts to classify, one per argument.
    text: Vec<String>,
    /// Model file [default: models/default.sitrep, else the built-in model].
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// A .csv file (streamed), a .txt file, a folder of .txt files, or - for CSV on stdin.
    #[arg(long, short, value_name = "PATH")]
    input: Option<PathBuf>,
    /// Text column(s) of CSV input [default: the model's training columns found in the file].
    #[arg(long = "text-column", value_name = "NAME")]
    text_column: Vec<String>,
    /// Read all of standard input as one article (default: one article per line).
    #[arg(long)]
    whole: bool,
    /// Output: table, json, jsonl or csv [default: csv for CSV input, else table].
    #[arg(long, short, value_name = "FORMAT")]
    format: Option<Format>,
    /// List the N terms that pushed each prediction most.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "5")]
    explain: Option<usize>,
    /// Label a prediction `uncertain` when its probability is below P (the probabilities
    /// are still written); see sitrep-eval's coverage table to choose P.
    #[arg(long = "min-confidence", value_name = "P", default_value_t = 0.0, value_parser = parse_probability)]
    min_confidence: f64,
    /// Describe the model (targets, classes, sizes, top terms) and exit.
    #[arg(long = "show-model")]
    show_model: bool,
}

fn main() -> std::process::ExitCode {
    main_with("sitrep-classify", || run(Args::parse()))
}

fn is_csv(path: &Path) -> bool {
    path == Path::new("-") || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

fn run(args: Args) -> Result<u8, Box<dyn std::error::Error>> {
    let (model, _) = load_model(args.model.as_deref())?;
    let stdout = std::io::stdout();
    if args.show_model {
        let mut out = stdout.lock();
        out.write_all(model.describe(12).as_bytes())?;
        out.flush()?;
        return Ok(EXIT_OK);
    }
    if let Some(input) = &args.input {
        if !args.text.is_empty() {
            return Err("give either article texts or --input, not both".into());
        }
        let format = args
            .format
            .unwrap_or(if is_csv(input) { Format::Csv } else { Format::Table });
        if is_csv(input) && format == Format::Csv && args.explain.is_none() {
            let mut problems = 0;
            let out = std::io::BufWriter::new(stdout.lock());
            let counts = if input == Path::new("-") {
                classify_csv(
                    &model,
                    Path::new("<stdin>"),
                    std::io::stdin().lock(),
                    &args.text_column,
                    args.min_confidence,
                    out,
                    |w| {
                        eprintln!("sitrep-classify: warning: {w}");
                        problems += 1;
                    },
                )?
            } else {
                let file = std::fs::File::open(input)
                    .map_err(|e| format!("cannot read {}: {e}", input.display()))?;
                classify_csv(
                    &model,
                    input,
                    std::io::BufReader::new(file),
                    &args.text_column,
                    args.min_confidence,
                    out,
                    |w| {
                        eprintln!("sitrep-classify: warning: {w}");
                        problems += 1;
                    },
                )?
            };
            return Ok(if counts.problems > 0 {
                EXIT_ROW_PROBLEMS
            } else {
                EXIT_OK
            });
        }
        let articles = if is_csv(input) {
            sitrep::classify::read_csv_articles(&model, input, &args.text_column)?
        } else if input.is_dir() {
            read_folder(input)?
        } else {
            vec![read_text_file(input)?]
        };
        return output(&model, &articles, format, args.explain, args.min_confidence);
    }
    let articles: Vec<Article> = if !args.text.is_empty() {
        args.text
            .iter()
            .enumerate()
            .map(|(i, t)| Article {
                id: format!("arg {}", i + 1),
                text: t.clone(),
            })
            .collect()
    } else if !std::io::stdin().is_terminal() {
        let mut stdin = std::io::stdin().lock();
        if args.whole {
            let mut buf = Vec::new();
            stdin.read_to_end(&mut buf)?;
            read_stdin(&buf[..], true)?
        } else {
            read_stdin(std::io::BufReader::new(stdin), false)?
        }
    } else {
        return Err("nothing to classify: give an article as an argument, --input PATH, or text on standard input (see --help)".into());
    };
    let empty = articles.iter().filter(|a| a.text.trim().is_empty()).count();
    for a in articles.iter().filter(|a| a.text.trim().is_empty()) {
        eprintln!(
            "sitrep-classify: warning: {} is empty; classified on no words at all",
            a.id
        );
    }
    let code = output(
        &model,
        &articles,
        args.format.unwrap_or(Format::Table),
        args.explain,
        args.min_confidence,
    )?;
    Ok(if empty > 0 { EXIT_ROW_PROBLEMS } else { code })
}

fn output(
    model: &sitrep::model::Model,
    articles: &[Article],
    format: Format,
    explain: Option<usize>,
    min_confidence: f64,
) -> Result<u8, Box<dyn std::error::Error>> {
    let texts: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
    let mut preds = model.predict_texts(&texts);
    abstain(&mut preds, min_confidence);
    let explanations: Vec<Vec<Vec<(String, f64)>>> = match explain {
        Some(n) => {
            let mut analyzer = model.vectorizer.config.analyzer();
            articles
                .iter()
                .map(|a| model.explain(&mut analyzer, &a.text, n))
                .collect()
        }
        None => Vec::new(),
    };
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    write_articles(model, articles, &preds, &explanations, format, out)?;
    Ok(EXIT_OK)
}
