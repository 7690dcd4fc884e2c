//! A run of `sitrep-trend` as asked for: its options checked before any row is read
//! ([`TrendRequest::check`]), then the rows read and counted and the rules run
//! ([`Plan::run`]). The binary and the Python package (`sitrep.trend`) both go through here,
//! so they refuse the same options in the same words and count the same rows.

use std::io::Read;
use std::path::Path;

use crate::data::Utf8Mode;
use crate::wording::{agreeing, and_list};

use super::classify::{check_model, read_and_classify, text_columns_read, Model};
use super::dates::{format_date, parse_date, Day};
use super::error::TrendError;
use super::input::{read_classified, InputOptions, ReadSummary, RowReader};
use super::output::Format;
use super::params::{TrendParams, ValidTrendParams};
use super::{analyze, Trends};

/// What to count and how: every option of `sitrep-trend` but the input and the output. The
/// default is the binary's defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrendRequest {
    /// The columns and how rows are read (`--date-column`, `--by`, the column options,
    /// `--topic`, `--skip-bad-rows`); its place columns are trimmed when checked.
    pub input: InputOptions,
    /// `--since` and `--until` as given, checked to be dates (else `input`'s).
    pub since: Option<String>,
    pub until: Option<String>,
    /// `--lossy`: replace invalid UTF-8 instead of stopping (else as `input` says).
    pub lossy: bool,
    /// `--classify`: raw articles, classified on the fly.
    pub classify: bool,
    /// `--text-column`s of `--classify` (empty: the model's training columns found).
    pub text_columns: Vec<String>,
    /// The rules' settings.
    pub params: TrendParams,
}

/// What the binary writes (`--format`, `--alerts-only`) and whether `--shrinkage` was
/// given: options that this output would not read are refused too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub format: Format,
    pub alerts_only: bool,
    pub shrinkage_given: bool,
}

/// A request that passed [`TrendRequest::check`].
#[derive(Debug, Clone)]
pub struct Plan {
    pub options: InputOptions,
    pub params: ValidTrendParams,
    /// The model's target that gives each article's level under `--classify`.
    pub level_target: String,
    pub text_columns: Vec<String>,
}

/// The names of the options given, in the order listed.
fn given(options: &[(&str, bool)]) -> Vec<String> {
    options
        .iter()
        .filter(|(_, given)| *given)
        .map(|(name, _)| name.to_string())
        .collect()
}

/// `--since` or `--until` as a day.
fn day_option(name: &str, value: &Option<String>) -> Result<Option<Day>, TrendError> {
    value
        .as_ref()
        .map(|v| {
            parse_date(v.as_bytes())
                .map_err(|e| TrendError::Params(format!("--{name} `{v}` is not a date: {e}")))
        })
        .transpose()
}

impl TrendRequest {
    /// Checks the request before any row is read: options that nothing would read are
    /// refused (those of the output too, given `written`: the binary's), then the rules'
    /// settings, the dates of `--since` and `--until` and the place columns. Refused rather
    /// than ignored: `--topic-column label` without `--topic` once counted every article.
    pub fn check(&self, written: Option<Written>) -> Result<Plan, TrendError> {
        self.check_usage(written)?;
        let params = self.params.check()?;
        let mut options = self.input.clone();
        options.by = options.by.iter().map(|b| b.trim().to_string()).collect();
        options.since = day_option("since", &self.since)?.or(options.since);
        options.until = day_option("until", &self.until)?.or(options.until);
        if self.lossy {
            options.utf8 = Utf8Mode::Lossy;
        }
        if options.by.iter().any(String::is_empty) {
            return Err(TrendError::Input(
                "--by names an empty column; give names like country or country,admin1".into(),
            ));
        }
        if let Some(twice) =
            (1..options.by.len()).find_map(|i| options.by[..i].iter().find(|b| **b == options.by[i]))
        {
            return Err(TrendError::Input(format!(
                "--by names the column `{twice}` twice; name each column once, like country,admin1"
            )));
        }
        if let (Some(since), Some(until)) = (options.since, options.until) {
            if since > until {
                return Err(TrendError::Input(format!(
                    "--since {} is after --until {}: the dates are the wrong way round; swap them",
                    format_date(since),
                    format_date(until)
                )));
            }
        }
        Ok(Plan {
            level_target: (options.level_column.clone()).unwrap_or_else(|| "escalation".into()),
            options,
            params,
            text_columns: self.text_columns.clone(),
        })
    }

    fn check_usage(&self, written: Option<Written>) -> Result<(), TrendError> {
        let input = &self.input;
        let (probability, topic, id) = (
            input.probability_column.is_some(),
            input.topic_column.is_some(),
            input.id_column.is_some(),
        );
        if self.classify {
            let names = given(&[("--probability-column", probability), ("--topic-column", topic)]);
            if !names.is_empty() {
                let (verb, subject, object) = agreeing(names.len(), "names a column", "name columns");
                return Err(TrendError::Input(format!(
                    "{} {verb} of classified input, and --classify takes the topic and the probability of each article from the model, so {subject} would change nothing; leave {object} out",
                    and_list(&names)
                )));
            }
        } else if topic && input.topic.is_none() {
            return Err(TrendError::Input("--topic-column names the column that --topic reads, and no --topic is given, so it would change nothing; give --topic TOPIC to count one topic, or leave it out".into()));
        }
        let Some(written) = written else {
            return Ok(());
        };
        if written.format == Format::Csv && !written.alerts_only {
            let names = given(&[("--probability-column", probability), ("--id-column", id)]);
            if !names.is_empty() {
                let (verb, subject, object) = agreeing(names.len(), "shapes", "shape");
                return Err(TrendError::Input(format!(
                    "{} only {verb} the articles listed with each alert (their ids, and which come first), and --format csv without --alerts-only writes the series, which lists none, so {subject} would change nothing; add --alerts-only, choose another format, or leave {object} out",
                    and_list(&names)
                )));
            }
        }
        if written.alerts_only && written.shrinkage_given {
            return Err(TrendError::Input("--shrinkage sets the mean level of the series, and --alerts-only writes the alerts alone, which show no mean level, so it would change nothing; leave out one of the two".into()));
        }
        Ok(())
    }
}

impl Plan {
    /// Reads `input` (named `name` in messages), classifying its rows first with `model`
    /// (`--classify`; `None` reads levels from a column), counts them and runs the rules.
    /// What the binary prints as warnings (rows skipped, `uncertain`, replaced UTF-8) goes
    /// to `warn` once every row is read.
    pub fn run<R: Read>(
        &self,
        name: &Path,
        input: R,
        model: Option<&Model>,
        mut warn: impl FnMut(&str),
    ) -> Result<(Trends, ReadSummary), TrendError> {
        let options = self.options.clone();
        let filters = super::Filters {
            topic: options.topic.clone(),
            since: options.since,
            until: options.until,
        };
        let (counts, summary) = match model {
            Some(model) => read_and_classify(
                name,
                input,
                options,
                model,
                &self.level_target,
                &self.text_columns,
            )?,
            None => read_classified(name, input, options)?,
        };
        for message in summary.warnings(name) {
            warn(&message);
        }
        let mut trends = analyze(counts, &self.params).ok_or_else(|| TrendError::NoRows {
            path: name.to_path_buf(),
            why: String::new(),
        })?;
        trends.filters = filters;
        Ok((trends, summary))
    }

    /// The positions of the columns that [`Plan::run`] would read from `input` (the date,
    /// the places, the level, its probability, the topic, the id; the text with `model`),
    /// ascending, from its header alone, with the errors `run` would give about the model and
    /// the header. For input whose fields cost something to make, such as a data frame's in
    /// Python: only these need making.
    pub fn columns_read<R: Read>(
        &self,
        name: &Path,
        input: R,
        model: Option<&Model>,
    ) -> Result<Vec<usize>, TrendError> {
        if let Some(model) = model {
            check_model(model, &self.level_target, &self.options)?;
        }
        let rows = RowReader::new(name, input, self.options.clone(), model.is_none())?;
        let c = &rows.columns;
        let mut read: Vec<usize> = std::iter::once(c.date)
            .chain(c.by.iter().copied())
            .chain([c.level, c.probability, c.topic, c.id].into_iter().flatten())
            .collect();
        if let Some(model) = model {
            read.extend(text_columns_read(name, &c.header, model, &self.text_columns)?);
        }
        read.sort_unstable();
        read.dedup();
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_nothing_reads_are_refused_and_settings_checked() {
        let refused = |r: TrendRequest, written: Option<Written>| r.check(written).unwrap_err().to_string();
        let e = refused(
            TrendRequest {
                input: InputOptions {
                    topic_column: Some("t".into()),
                    ..InputOptions::default()
                },
                ..TrendRequest::default()
            },
            None,
        );
        assert!(
            e.starts_with("--topic-column names the column that --topic reads"),
            "{e}"
        );
        let e = refused(
            TrendRequest {
                classify: true,
                input: InputOptions {
                    probability_column: Some("p".into()),
                    topic_column: Some("t".into()),
                    ..InputOptions::default()
                },
                ..TrendRequest::default()
            },
            None,
        );
        assert!(
            e.starts_with("--probability-column and --topic-column name columns of classified input"),
            "{e}"
        );
        // the output's own refusals need the output
        let ids = TrendRequest {
            input: InputOptions {
                id_column: Some("url".into()),
                ..InputOptions::default()
            },
            ..TrendRequest::default()
        };
        let csv = Written {
            format: Format::Csv,
            alerts_only: false,
            shrinkage_given: false,
        };
        assert!(ids.check(None).is_ok());
        assert!(refused(ids.clone(), Some(csv)).starts_with("--id-column only shapes the articles"));
        let alerts = Written {
            alerts_only: true,
            shrinkage_given: true,
            ..csv
        };
        assert!(refused(TrendRequest::default(), Some(alerts)).starts_with("--shrinkage sets the mean level"));
        let e = refused(
            TrendRequest {
                since: Some("soon".into()),
                ..TrendRequest::default()
            },
            None,
        );
        assert_eq!(
            e,
            "invalid setting: --since `soon` is not a date: expected 4 digits of the year at character 1"
        );
        let by = |columns: &[&str]| TrendRequest {
            input: InputOptions {
                by: columns.iter().map(|c| c.to_string()).collect(),
                ..InputOptions::default()
            },
            ..TrendRequest::default()
        };
        let e = refused(by(&["country", " "]), None);
        assert!(e.starts_with("--by names an empty column"), "{e}");
        let e = refused(by(&["country", " country"]), None);
        assert_eq!(
            e,
            "--by names the column `country` twice; name each column once, like country,admin1"
        );
        let e = refused(
            TrendRequest {
                since: Some("2025-03-20".into()),
                until: Some("2025-03-14".into()),
                ..TrendRequest::default()
            },
            None,
        );
        assert_eq!(
            e,
            "--since 2025-03-20 is after --until 2025-03-14: the dates are the wrong way round; swap them"
        );
        let plan = TrendRequest {
            input: InputOptions {
                by: vec![" country ".into()],
                ..InputOptions::default()
            },
            until: Some("2025-03-14".into()),
            ..TrendRequest::default()
        }
        .check(None)
        .expect("valid");
        assert_eq!(plan.options.by, ["country"]);
        assert_eq!(
            plan.options.until,
            Some(super::super::dates::days_from_civil(2025, 3, 14))
        );
        assert_eq!(plan.level_target, "escalation");
    }

    #[test]
    fn the_columns_read_are_those_the_run_reads() {
        let header = "text,id, date ,escalation,country,note,topic\n";
        let plan = TrendRequest::default().check(None).expect("valid");
        let read = plan
            .columns_read(Path::new("frame"), header.as_bytes(), None)
            .expect("found");
        assert_eq!(read, [1, 2, 3, 4, 6]);
        let e = plan
            .columns_read(Path::new("frame"), "text,id\n".as_bytes(), None)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("frame: no column named `date`"), "{e}");
    }
}
