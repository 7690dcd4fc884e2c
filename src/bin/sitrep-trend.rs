//! sitrep-trend: escalation trends and alerts per place from classified, dated articles.

// Each kept example id is a small allocation, and most are freed again when a better one
// comes: mimalloc makes that churn cheap (as in sitrep-train and sitrep-eval).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser};
use sitrep::cli::{load_model, main_with, warn, EXIT_OK, EXIT_ROW_PROBLEMS};
use sitrep::trend::input::open_file;
use sitrep::trend::output::{write, Format};
use sitrep::trend::{BaselineKind, InputOptions, PeriodKind, TrendError, TrendParams, TrendRequest, Written};

/// Turn classified, dated articles into escalation trends and alerts per place.
///
/// Reads CSV (a file, or standard input with - or no --input), typically sitrep-classify's
/// output, with a date column and a place column. Per place and period (ISO week or day)
/// it counts articles by escalation level, and runs four rules against the place's own
/// past: A, percent change of articles at level 2+ (surge: +100% or more); B, Poisson tail
/// probability against the last 28 days; C, CUSUMs up and down for sustained shifts; D,
/// level-3 articles at a one-year high, and a first level-3 article after 90 quiet days.
/// Each alert names its rule, its figures and the articles behind it. README "Monitor"
/// gives every formula.
///
/// Cost: one pass over the input; memory grows with places × days covered, not with rows
/// (10 million rows over 200 places and two years: 5.8 s, 1.7 million rows/s, 82 MB, on
/// 2 cores; reports/trend-bench.md). With --classify, the speed is sitrep-classify's.
///
/// Examples:
///
///   sitrep-classify --input feed.csv | sitrep-trend --date-column date --by country
///   sitrep-trend --input labeled.csv --by country,admin1 --period day --format csv
///   sitrep-trend --input labeled.csv --alerts-only --format csv > alerts.csv
///   sitrep-trend --input labeled.csv --format html > trends.html
///   sitrep-trend --input raw.csv --classify --text-column title --text-column text
///
/// Exit codes: 0 success; 1 finished, but rows were skipped under --skip-bad-rows (counted
/// on stderr); 2 error (bad arguments, unreadable input, a bad row with its line and column).
#[derive(Parser, Debug)]
#[command(name = "sitrep-trend", version, verbatim_doc_comment)]
struct Args {
    /// CSV input, or - for standard input [default: -].
    #[arg(long, short, value_name = "PATH")]
    input: Option<PathBuf>,
    /// The column holding each article's date (ISO 8601: 2025-03-14, 2025-03-14T08:30:00Z,
    /// 2025-03-14 08:30:00).
    #[arg(long = "date-column", value_name = "NAME", default_value = "date")]
    date_column: String,
    /// The place column(s), comma-separated: `country` or `country,admin1`.
    #[arg(
        long,
        value_name = "COLUMNS",
        default_value = "country",
        value_delimiter = ','
    )]
    by: Vec<String>,
    /// Periods of the series: week (ISO, Monday start) or day.
    #[arg(long, value_name = "PERIOD", default_value = "week")]
    period: PeriodKind,
    /// Rule A's baseline: month (4 weeks or 28 days) or year (52 weeks or 365 days).
    #[arg(long, value_name = "SPAN", default_value = "month")]
    baseline: BaselineKind,
    /// Output: table, csv, json or html (one self-contained page with charts).
    #[arg(long, short, value_name = "FORMAT", default_value = "table")]
    format: Format,
    /// Write the alerts only (CSV: place,period,period_start,rule,severity,direction,value,
    /// baseline,articles,detail).
    #[arg(long = "alerts-only")]
    alerts_only: bool,
    /// Count and skip rows with a bad date, an empty place or a bad level (exit code 1)
    /// instead of stopping at the first.
    #[arg(long = "skip-bad-rows")]
    skip_bad_rows: bool,
    /// Count only articles of this topic (as classified).
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,
    /// Count only articles dated on or after this day.
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Count only articles dated on or before this day.
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Replace invalid UTF-8 in the columns read with U+FFFD instead of stopping.
    #[arg(long)]
    lossy: bool,
    /// The escalation level column [default: predicted_escalation, else escalation].
    #[arg(long = "level-column", value_name = "NAME", help_heading = "Columns")]
    level_column: Option<String>,
    /// The level's probability column [default: LEVEL_probability, if present]: which of a
    /// period's articles an alert lists first. Not with --classify (the model gives it) or
    /// with the series of --format csv (which lists no articles).
    #[arg(long = "probability-column", value_name = "NAME", help_heading = "Columns")]
    probability_column: Option<String>,
    /// The topic column for --topic [default: predicted_topic with predicted_escalation,
    /// else topic]. Not with --classify, which takes the topic from the model.
    #[arg(long = "topic-column", value_name = "NAME", help_heading = "Columns")]
    topic_column: Option<String>,
    /// The article id column, named in alerts [default: id, else the line number]. Not with
    /// the series of --format csv, which lists no articles.
    #[arg(long = "id-column", value_name = "NAME", help_heading = "Columns")]
    id_column: Option<String>,
    /// Classify raw articles first (the input needs text, not levels).
    #[arg(long, help_heading = "Classifying on the fly")]
    classify: bool,
    /// Model for --classify [default: models/default.sitrep, else the built-in model].
    #[arg(
        long,
        value_name = "FILE",
        requires = "classify",
        help_heading = "Classifying on the fly"
    )]
    model: Option<PathBuf>,
    /// Text column(s) for --classify [default: the model's training columns found in the input].
    #[arg(
        long = "text-column",
        value_name = "NAME",
        requires = "classify",
        help_heading = "Classifying on the fly"
    )]
    text_column: Vec<String>,
    /// k in the shrunk mean level (Σ level + k·μ0)/(n + k); not with --alerts-only, which
    /// shows no mean level.
    #[arg(
        long,
        value_name = "K",
        default_value_t = 5.0,
        allow_negative_numbers = true,
        help_heading = "Rules"
    )]
    shrinkage: f64,
    /// Rule B alerts below this tail probability.
    #[arg(
        long = "alert-p",
        allow_negative_numbers = true,
        value_name = "P",
        default_value_t = 0.01,
        help_heading = "Rules"
    )]
    alert_p: f64,
    /// Rule B warns below this tail probability.
    #[arg(
        long = "warning-p",
        allow_negative_numbers = true,
        value_name = "P",
        default_value_t = 0.05,
        help_heading = "Rules"
    )]
    warning_p: f64,
    /// Rule C looks for the rate times this factor (and divided by it, down).
    #[arg(
        long = "cusum-shift",
        allow_negative_numbers = true,
        value_name = "FACTOR",
        default_value_t = 2.0,
        help_heading = "Rules"
    )]
    cusum_shift: f64,
    /// Rule C's in-control average run length: periods per false alarm.
    #[arg(
        long = "cusum-arl",
        allow_negative_numbers = true,
        value_name = "PERIODS",
        default_value_t = 100.0,
        help_heading = "Rules"
    )]
    cusum_arl: f64,
    /// Rule D's one-year high needs at least this many level-3 articles in 30 days.
    #[arg(
        long = "level3-min",
        value_name = "N",
        default_value_t = 3,
        help_heading = "Rules"
    )]
    level3_min: u32,
    /// Rule D's onset: a level-3 article after this many days without one.
    #[arg(
        long = "onset-quiet-days",
        value_name = "DAYS",
        default_value_t = 90,
        help_heading = "Rules"
    )]
    onset_quiet_days: u32,
}

const PROGRAM: &str = "sitrep-trend";

fn main() -> std::process::ExitCode {
    main_with(PROGRAM, || {
        let matches = Args::command().try_get_matches()?;
        let args = Args::from_arg_matches(&matches)?;
        let written = Written {
            format: args.format,
            alerts_only: args.alerts_only,
            shrinkage_given: matches.value_source("shrinkage") == Some(ValueSource::CommandLine),
        };
        run(args, written)
    })
}

/// The request the arguments make (all but the input, the model file and the output).
fn request(args: &Args) -> TrendRequest {
    TrendRequest {
        input: InputOptions {
            date_column: args.date_column.clone(),
            by: args.by.clone(),
            level_column: args.level_column.clone(),
            probability_column: args.probability_column.clone(),
            topic_column: args.topic_column.clone(),
            id_column: args.id_column.clone(),
            topic: args.topic.clone(),
            skip_bad_rows: args.skip_bad_rows,
            ..InputOptions::default()
        },
        since: args.since.clone(),
        until: args.until.clone(),
        lossy: args.lossy,
        classify: args.classify,
        text_columns: args.text_column.clone(),
        params: TrendParams {
            period: args.period,
            baseline: args.baseline,
            shrinkage: args.shrinkage,
            alert_p: args.alert_p,
            warning_p: args.warning_p,
            cusum_shift: args.cusum_shift,
            cusum_arl: args.cusum_arl,
            level3_min: args.level3_min,
            onset_quiet_days: args.onset_quiet_days,
        },
    }
}

fn run(args: Args, written: Written) -> Result<u8, Box<dyn std::error::Error>> {
    // options and settings are checked before any row is read
    let plan = request(&args).check(Some(written))?;
    let input = args.input.clone().unwrap_or_else(|| PathBuf::from("-"));
    let (name, reader) = open(&input)?;
    let model = if args.classify {
        Some(load_model(PROGRAM, args.model.as_deref())?.0)
    } else {
        None
    };
    let (trends, summary) = plan.run(&name, reader, model.as_ref(), |w| warn(PROGRAM, w))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    write(&trends, args.format, args.alerts_only, &mut out)?;
    Ok(if summary.skipped_rows() > 0 {
        EXIT_ROW_PROBLEMS
    } else {
        EXIT_OK
    })
}

/// The input by name: a file, or standard input for `-` (refused when it is a terminal).
fn open(path: &Path) -> Result<(PathBuf, Box<dyn Read>), TrendError> {
    if path == Path::new("-") {
        if std::io::stdin().is_terminal() {
            return Err(TrendError::Input(
                "nothing to read: give --input FILE, or pipe CSV in (see --help)".into(),
            ));
        }
        return Ok((PathBuf::from("<stdin>"), Box::new(std::io::stdin().lock())));
    }
    Ok((path.to_path_buf(), Box::new(open_file(path)?)))
}
