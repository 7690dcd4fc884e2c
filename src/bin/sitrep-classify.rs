//! sitrep-classify: label conflict-news articles by topic and escalation level.
//!
//! Unlike the other two tools this one keeps the system allocator: streaming, it holds
//! about 25 MB whatever the input size (1.06x from 10k to 988k rows), where mimalloc's
//! per-thread heaps on huge pages held 55-80 MB and varied by 20% from run to run, for a
//! few percent more speed on short articles.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser};
use sitrep::classify::csv::OUT_OF_REACH_WARNINGS;
use sitrep::classify::output::{ArticleWriter, Explanation, Format, Precision};
use sitrep::classify::sources::{input_name, open_input, ArticleSource};
use sitrep::classify::{
    classify_csv, parse_probability, predict_batch, Abstention, Article, CsvColumns, CsvOptions, BATCH,
    BATCH_BYTES, DEFAULT_MIN_COVERAGE, DEFAULT_MIN_SCOPE, OUT_OF_REACH,
};
use sitrep::cli::{load_model, main_with, model_origin, warn, write_stdout, EXIT_OK, EXIT_ROW_PROBLEMS};
use sitrep::data::{replaced_warning, Utf8Mode};
use sitrep::features::AnalyzerPool;
use sitrep::model::Prediction;
use sitrep::wording::and_list;

/// Label news articles by topic and escalation level.
///
/// Articles can be given as arguments, as a .txt file or a folder of .txt files, as a CSV
/// file (every input column is kept and the predictions are appended), or on standard input
/// (one article per line, a blank line being an empty one; --whole for one article).
/// Without --model, sitrep uses models/default.sitrep if it exists here, else its built-in
/// default model.
///
/// Examples:
///
///   sitrep-classify "Rebels shelled the outskirts of the city overnight, killing four civilians."
///   sitrep-classify --input articles/ --format jsonl
///   sitrep-classify --input feed.csv --text-column headline > labeled.csv
///   sitrep-classify --explain "Talks on a ceasefire resumed in Doha."
///   sitrep-classify --input feed.csv --min-confidence 0.8   # `uncertain` below 0.8
///
/// Articles the model cannot read (another language, code, gibberish: fewer than 55% of
/// their words known to it, see --min-coverage) are labeled `uncertain`, with the reason on
/// stderr and in the `uncertain_reason` column of CSV and JSON output.
///
/// --input is read and written in batches of at most 4,096 articles and 4 MB of text, in
/// every format: memory stays flat for any input size.
///
/// Exit codes: 0 success; 1 finished, but some articles had empty text (a blank line on
/// stdin included; each reported on stderr; CSV output keeps their rows without
/// predictions, whatever the input, and other formats label them uncertain: no words to
/// read); 2 error (bad arguments, unreadable input, bad model).
#[derive(Parser, Debug)]
#[command(name = "sitrep-classify", version, verbatim_doc_comment)]
struct Args {
    /// Article texts to classify, one per argument.
    text: Vec<String>,
    /// Model file [default: models/default.sitrep, else the built-in model].
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// A .csv file (streamed), a .txt file, a folder of .txt files (not of its subfolders:
    /// they and other files are named in a warning), or - for CSV on stdin; a file of
    /// another name (or a pipe, as `<(command)` gives) is refused.
    #[arg(long, short, value_name = "PATH")]
    input: Option<PathBuf>,
    /// Text column(s) of CSV input (--input FILE.csv, or --input - for CSV on stdin)
    /// [default: the model's training columns found in the file].
    #[arg(long = "text-column", value_name = "NAME")]
    text_column: Vec<String>,
    /// The column of CSV input whose value, as written, is each article's `id` in json and
    /// jsonl output, to join results back to the input [default: `line N`, the line the row
    /// starts on]. csv output keeps every input column anyway (the column is then only
    /// checked to be there); a table shows no ids, and other input has its own (file names,
    /// `arg N`, `line N`), so either is an error with it.
    #[arg(long = "id-column", value_name = "NAME")]
    id_column: Option<String>,
    /// Read all of standard input as one article (default: one article per line, a blank
    /// line being an empty article); for text on stdin only, not with --input or article
    /// arguments.
    #[arg(long)]
    whole: bool,
    /// Output: table, json, jsonl or csv [default: csv for CSV input, else table].
    #[arg(long, short, value_name = "FORMAT")]
    format: Option<Format>,
    /// List the N terms that pushed each prediction most (in CSV output, a `TARGET_terms`
    /// column per target); N is 5 when left out. A value that is not a whole number is an
    /// article, as in `--explain "Talks resumed."`.
    #[arg(long, value_name = "N", num_args = 0..=1)]
    explain: Option<Option<String>>,
    /// `--explain`'s N, once [`Args::resolve_explain`] has read its value.
    #[arg(skip)]
    explain_terms: Option<usize>,
    /// What the command line gave, as `--name` (`article texts` for the texts), so that an
    /// option given with its default value is told from one left out.
    #[arg(skip)]
    given: Vec<String>,
    /// Label a prediction `uncertain` when its probability is below P (the probabilities
    /// are still written); see sitrep-eval's coverage table to choose P.
    #[arg(long = "min-confidence", value_name = "P", default_value_t = 0.0, value_parser = parse_probability)]
    min_confidence: f64,
    /// Label an article `uncertain` when less than this share of its words is known to the
    /// model (0 turns the check off).
    #[arg(long = "min-coverage", value_name = "SHARE", default_value_t = DEFAULT_MIN_COVERAGE, value_parser = parse_probability)]
    min_coverage: f64,
    /// Label an article `uncertain` when the model's scope gate gives it less than this
    /// probability of being the kind of text the model was trained on (0 turns the check off;
    /// models trained without --background have no gate, and any other value is an error
    /// with them).
    #[arg(long = "min-scope", value_name = "P", default_value_t = DEFAULT_MIN_SCOPE, value_parser = parse_probability)]
    min_scope: f64,
    /// Write probabilities and expected levels in csv, json and jsonl output with every
    /// digit (the shortest decimal that reads back as the same number) instead of 4 and 3
    /// decimals, to compare predictions exactly with another program (an error with table
    /// output, which always shows two decimals).
    #[arg(long = "full-precision")]
    full_precision: bool,
    /// Say which model file was loaded (--model, models/default.sitrep, or none: the
    /// built-in model), describe the model (targets, classes, sizes, top terms) and exit.
    /// Nothing is classified, so options other than --model are an error with it.
    #[arg(long = "show-model")]
    show_model: bool,
    /// Replace invalid UTF-8 in the text with U+FFFD instead of stopping (the number of rows
    /// affected is reported on stderr); for --input and standard input, not article
    /// arguments, which are text already.
    #[arg(long)]
    lossy: bool,
}

const PROGRAM: &str = "sitrep-classify";

/// `--explain`'s N when no number follows it.
const DEFAULT_EXPLAIN: usize = 5;

impl Args {
    /// Reads the command line. `--explain`'s value is optional, so clap gives it the word
    /// after `--explain` whatever that is: a whole number is N, anything else is the first
    /// article, put back among the others where it stood (N is then 5).
    fn parse() -> Result<Args, clap::Error> {
        let matches = Args::command().try_get_matches()?;
        let mut args = Args::from_arg_matches(&matches)?;
        args.resolve_explain(&matches);
        args.given = Args::command()
            .get_arguments()
            .filter(|a| matches.value_source(a.get_id().as_str()) == Some(ValueSource::CommandLine))
            .map(|a| a.get_long().map_or("article texts".into(), |l| format!("--{l}")))
            .collect();
        Ok(args)
    }

    fn resolve_explain(&mut self, matches: &clap::ArgMatches) {
        let Some(value) = self.explain.take() else {
            return;
        };
        self.explain_terms = Some(DEFAULT_EXPLAIN);
        let Some(value) = value else {
            return;
        };
        if let Ok(n) = value.trim().parse::<usize>() {
            self.explain_terms = Some(n);
            return;
        }
        let at = matches.index_of("explain").unwrap_or(0);
        let before = matches
            .indices_of("text")
            .map_or(0, |texts| texts.filter(|&i| i < at).count());
        self.text.insert(before, value);
    }

    fn precision(&self) -> Precision {
        if self.full_precision {
            Precision::Full
        } else {
            Precision::Rounded
        }
    }
}

fn main() -> std::process::ExitCode {
    main_with(PROGRAM, || run(Args::parse()?))
}

fn is_csv(path: &Path) -> bool {
    path == Path::new("-") || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// Options that would do nothing with the input given are refused, rather than ignored:
/// `cat feed.csv | sitrep-classify --text-column headline` once classified each line of
/// the CSV as an article, header included, and exited 0.
fn check_usage(args: &Args) -> Result<(), String> {
    if args.show_model {
        let unused: Vec<String> = args
            .given
            .iter()
            .filter(|g| !matches!(g.as_str(), "--show-model" | "--model"))
            .cloned()
            .collect();
        if unused.is_empty() {
            return Ok(());
        }
        let object = if unused.len() == 1 { "it" } else { "them" };
        return Err(format!(
            "--show-model describes the model and exits without classifying, so {} would change nothing; leave {object} out, or leave out --show-model to classify",
            and_list(&unused)
        ));
    }
    let csv_input = args.input.as_deref().is_some_and(is_csv);
    let what = match &args.input {
        Some(_) => "--input is not CSV (a .txt file or a folder: each file is one article)",
        None if !args.text.is_empty() => "the articles are given as arguments",
        None => "standard input is read as plain text, one article per line",
    };
    for (option, names, given) in [
        ("--text-column", "columns", !args.text_column.is_empty()),
        ("--id-column", "a column", args.id_column.is_some()),
    ] {
        if given && !csv_input {
            return Err(format!(
                "{option} names {names} of CSV input, but {what}; for CSV on standard input give --input -, for a file --input FILE.csv, else leave {option} out"
            ));
        }
    }
    if args.id_column.is_some() && output_format(args) == Format::Table {
        return Err("--id-column sets the id of each article in json and jsonl output, and a table shows no ids, so it would change nothing; give --format json or jsonl, or leave it out".into());
    }
    if args.whole && (args.input.is_some() || !args.text.is_empty()) {
        let what = if args.input.is_some() {
            "--input"
        } else {
            "article texts as arguments"
        };
        return Err(format!(
            "--whole reads all of standard input as one article, and does nothing with {what}; pipe the article in without --input and without texts, or leave --whole out"
        ));
    }
    if args.lossy && args.input.is_none() && !args.text.is_empty() {
        return Err("--lossy replaces invalid UTF-8 in what is read from files and standard input, and article arguments are text already (invalid UTF-8 in them is refused before any option is read), so it would change nothing; leave it out, or give the articles with --input or on standard input".into());
    }
    if args.full_precision && output_format(args) == Format::Table {
        return Err("--full-precision writes every digit of the numbers of csv, json and jsonl output, and a table shows two decimals, so it would change nothing; give --format csv, json or jsonl, or leave it out".into());
    }
    Ok(())
}

/// Options that would do nothing with the model loaded are refused, as [`check_usage`]
/// refuses those that would do nothing with the input.
fn check_model_usage(args: &Args, model: &sitrep::model::Model, name: &str) -> Result<(), String> {
    // `--min-scope 0` asks for no check, which a model without a gate already makes
    let min_scope_given = args.given.iter().any(|g| g == "--min-scope") && args.min_scope > 0.0;
    if min_scope_given && model.scope.is_none() {
        return Err(format!(
            "--min-scope sets how sure the scope gate must be that an article is like the model's training data, and {name} has no scope gate (it was trained without --background), so it would change nothing; leave it out, or classify with a model trained with sitrep-train --background FILE"
        ));
    }
    Ok(())
}

/// The output format: `--format`, else CSV for CSV input and a table for any other.
fn output_format(args: &Args) -> Format {
    let csv_input = args.input.as_deref().is_some_and(is_csv);
    args.format
        .unwrap_or(if csv_input { Format::Csv } else { Format::Table })
}

fn run(args: Args) -> Result<u8, Box<dyn std::error::Error>> {
    check_usage(&args)?;
    let (model, model_name) = load_model(PROGRAM, args.model.as_deref())?;
    check_model_usage(&args, &model, &model_name)?;
    let utf8 = if args.lossy {
        Utf8Mode::Lossy
    } else {
        Utf8Mode::Strict
    };
    let stdout = std::io::stdout();
    if args.show_model {
        let origin = model_origin(PROGRAM, args.model.is_some(), &model_name);
        write_stdout(&format!("model file: {origin}\n{}", model.describe(12)))?;
        return Ok(EXIT_OK);
    }
    if let Some(input) = &args.input {
        if !args.text.is_empty() {
            return Err("give either article texts or --input, not both".into());
        }
        let format = output_format(&args);
        if is_csv(input) && format == Format::Csv {
            let out = std::io::BufWriter::new(stdout.lock());
            let (name, reader) = open_input(input)?;
            let options = CsvOptions {
                abstention: abstention(&args, &model),
                utf8,
                explain: args.explain_terms,
                precision: args.precision(),
            };
            let counts = classify_csv(&model, &name, reader, csv_columns(&args), options, out, |w| {
                warn(PROGRAM, w)
            })?;
            if let Some(w) = replaced_warning(&name, counts.replaced, counts.first_replaced_line) {
                warn(PROGRAM, &w);
            }
            warn_unreported(counts.out_of_reach);
            return Ok(if counts.problems > 0 {
                EXIT_ROW_PROBLEMS
            } else {
                EXIT_OK
            });
        }
        // every other input is read and written a batch at a time
        let name = input_name(input);
        let source = ArticleSource::open(&model, input, is_csv(input), csv_columns(&args), utf8, |w| {
            warn(PROGRAM, w)
        })?;
        return stream(&model, source, name, format, &args);
    }
    let format = output_format(&args);
    if !args.text.is_empty() {
        let articles: Vec<Article> = args
            .text
            .iter()
            .enumerate()
            .map(|(i, t)| Article::new(format!("arg {}", i + 1), t.clone()))
            .collect();
        return stream(
            &model,
            ArticleSource::from_articles(articles),
            Path::new("the arguments"),
            format,
            &args,
        );
    }
    if std::io::stdin().is_terminal() {
        return Err("nothing to classify: give an article as an argument, --input PATH, or text on standard input (see --help)".into());
    }
    let stdin = Box::new(std::io::BufReader::new(std::io::stdin().lock()));
    let source = ArticleSource::text_stream(stdin, args.whole, utf8)?;
    stream(&model, source, Path::new("<stdin>"), format, &args)
}

/// Classifies `source` a batch at a time, writing each batch before reading the next.
/// `name` names the input in warnings.
fn stream(
    model: &sitrep::model::Model,
    mut source: ArticleSource,
    name: &Path,
    format: Format,
    args: &Args,
) -> Result<u8, Box<dyn std::error::Error>> {
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut writer =
        ArticleWriter::new(model, format, args.explain_terms.is_some(), out).with_precision(args.precision());
    let analyzers = model.vectorizer.analyzers();
    let (mut replaced, mut first, mut empty, mut out_of_reach) = (0, None, 0, 0);
    loop {
        let batch = source.next_batch(BATCH, BATCH_BYTES)?;
        if batch.is_empty() {
            break;
        }
        replaced += batch.iter().filter(|a| a.replaced).count();
        first = first.or_else(|| batch.iter().find(|a| a.replaced).map(|a| a.id.clone()));
        empty += warn_empty(
            source.ids_are_places().then_some(name),
            &batch,
            format,
            args.min_coverage,
        );
        let (preds, explanations) = predict(
            model,
            &analyzers,
            &batch,
            args.explain_terms,
            abstention(args, model),
        );
        out_of_reach += warn_out_of_reach(
            source.ids_are_places().then_some(name),
            &batch,
            &preds,
            out_of_reach,
        );
        writer.write(&batch, &preds, &explanations)?;
    }
    writer.finish()?;
    warn_unreported(out_of_reach);
    if let Some(first) = first {
        warn(PROGRAM, &replaced_message(name, replaced, &first));
    }
    Ok(if empty > 0 { EXIT_ROW_PROBLEMS } else { EXIT_OK })
}

/// Warns about each article with no text (CSV output keeps its row without predictions,
/// the other formats label it `uncertain`, unless `--min-coverage 0` asks for what the
/// model says on no words at all, and the exit code says so); returns how many there were. `within` names the input when the articles' ids are
/// places in it (`line 3`), so that the warning says which input.
fn warn_empty(within: Option<&Path>, articles: &[Article], format: Format, min_coverage: f64) -> usize {
    let what = match format {
        Format::Csv => "row kept without predictions",
        _ if min_coverage > 0.0 => "labeled uncertain, as it has no words to read",
        _ => "classified on no words at all (--min-coverage 0)",
    };
    let empty: Vec<&Article> = articles.iter().filter(|a| a.is_blank()).collect();
    for a in &empty {
        warn(PROGRAM, &format!("{} is empty; {what}", article_name(within, a)));
    }
    empty.len()
}

/// Warns about each article labeled `uncertain` as out of the model's reach, up to
/// [`OUT_OF_REACH_WARNINGS`] in a run (`so_far` were reported before this batch); returns how
/// many this batch had.
fn warn_out_of_reach(
    within: Option<&Path>,
    articles: &[Article],
    preds: &[Vec<Prediction>],
    so_far: u64,
) -> u64 {
    let mut n = 0;
    for (a, p) in articles.iter().zip(preds) {
        let Some(reason) = p.first().and_then(|p| p.withheld.as_deref()) else {
            continue;
        };
        // an empty article has had its own warning
        if !reason.starts_with(OUT_OF_REACH) || a.is_blank() {
            continue;
        }
        n += 1;
        if so_far + n <= OUT_OF_REACH_WARNINGS {
            warn(
                PROGRAM,
                &format!("{}: labeled uncertain, {reason}", article_name(within, a)),
            );
        }
    }
    n
}

/// How warnings name an article: `feed.csv: line 3` (`within` names the input when the
/// article's id is a place in it), else its id (`story.txt`, `arg 1`).
fn article_name(within: Option<&Path>, a: &Article) -> String {
    match within {
        Some(input) => format!("{}: {}", input.display(), a.id),
        None => a.id.clone(),
    }
}

/// The count of out-of-reach articles not reported one by one.
fn warn_unreported(out_of_reach: u64) {
    if out_of_reach > OUT_OF_REACH_WARNINGS {
        warn(
            PROGRAM,
            &format!(
                "{} more articles were labeled uncertain as out of reach (see their uncertain_reason)",
                out_of_reach - OUT_OF_REACH_WARNINGS
            ),
        );
    }
}

fn csv_columns(args: &Args) -> CsvColumns<'_> {
    CsvColumns {
        text: &args.text_column,
        id: args.id_column.as_deref(),
    }
}

fn abstention(args: &Args, model: &sitrep::model::Model) -> Abstention {
    Abstention {
        min_confidence: args.min_confidence,
        min_coverage: args.min_coverage,
        min_scope: args.min_scope,
        language: model.vectorizer.config.language,
    }
}

fn replaced_message(input: &Path, count: usize, first: &str) -> String {
    let noun = if count == 1 { "article" } else { "articles" };
    format!(
        "{}: replaced invalid UTF-8 with U+FFFD in {count} {noun} (--lossy; the first is {first})",
        input.display()
    )
}

/// Predictions for a batch (with `--min-confidence` applied) and, with `--explain N`, the
/// terms behind each.
fn predict(
    model: &sitrep::model::Model,
    analyzers: &AnalyzerPool,
    articles: &[Article],
    explain: Option<usize>,
    abstention: Abstention,
) -> (Vec<Vec<Prediction>>, Vec<Explanation>) {
    let texts: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
    predict_batch(model, analyzers, &texts, explain, abstention)
}
