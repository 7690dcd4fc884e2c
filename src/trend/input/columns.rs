//! Finding the columns of an input by name.

use std::path::Path;

use crate::data::{self, DataError};

use super::InputOptions;

/// The column indexes of one input.
#[derive(Debug, Clone)]
pub struct Columns {
    pub header: Vec<String>,
    pub date: usize,
    pub by: Vec<usize>,
    pub level: Option<usize>,
    pub probability: Option<usize>,
    pub topic: Option<usize>,
    pub id: Option<usize>,
}

fn find(path: &Path, header: &[String], name: &str) -> Result<usize, DataError> {
    Ok(data::find_columns(path, header, &[name.to_string()])?[0])
}

fn missing(path: &Path, header: &[String], names: &str) -> DataError {
    DataError::MissingColumn {
        path: path.to_path_buf(),
        column: names.to_string(),
        available: data::header_list(header),
    }
}

/// The most `predicted_` prefixes looked for on a level column: output classified this many
/// times over.
const MAX_PREFIXES: usize = 8;

/// Whether `prefix` is `predicted_` repeated (or empty).
fn is_prefix_chain(prefix: &str) -> bool {
    prefix.split("predicted_").all(str::is_empty)
}

impl Columns {
    /// Finds the columns in `header`. With `classified`, the level comes from the input (else
    /// from a model: `--classify`), so its column must be there.
    pub fn resolve(
        path: &Path,
        header: Vec<String>,
        o: &InputOptions,
        classified: bool,
    ) -> Result<Columns, DataError> {
        let has = |name: &str| header.iter().position(|h| h == name);
        let date = find(path, &header, &o.date_column)?;
        let by =
            o.by.iter()
                .map(|c| find(path, &header, c))
                .collect::<Result<Vec<_>, _>>()?;
        let (mut level, mut probability, mut topic) = (None, None, None);
        if classified {
            let level_name = match &o.level_column {
                Some(c) => c.clone(),
                // sitrep-classify prefixes its columns with `predicted_` until no input column
                // has their name, so the most prefixes are the latest predictions
                None => (0..=MAX_PREFIXES)
                    .rev()
                    .map(|k| format!("{}escalation", "predicted_".repeat(k)))
                    .find(|c| has(c).is_some())
                    .ok_or_else(|| missing(path, &header, "predicted_escalation` or `escalation"))?,
            };
            level = Some(find(path, &header, &level_name)?);
            probability = match &o.probability_column {
                Some(c) => Some(find(path, &header, c)?),
                None => has(&format!("{level_name}_probability")),
            };
            topic = match &o.topic_column {
                Some(c) => Some(find(path, &header, c)?),
                // the topic of the same run as the level: the same prefixes
                None => match level_name.strip_suffix("escalation") {
                    Some(prefix) if is_prefix_chain(prefix) => has(&format!("{prefix}topic")),
                    _ => has("topic"),
                },
            };
            if o.topic.is_some() && topic.is_none() {
                return Err(missing(path, &header, "predicted_topic` or `topic"));
            }
        }
        let id = match &o.id_column {
            Some(c) => Some(find(path, &header, c)?),
            None => has("id"),
        };
        Ok(Columns {
            header,
            date,
            by,
            level,
            probability,
            topic,
            id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trend::input::InputOptions;

    #[test]
    fn the_latest_predictions_are_read_from_output_classified_twice() {
        // sitrep-classify run on its own output appends `predicted_predicted_…` columns
        let header: Vec<String> = [
            "date",
            "country",
            "escalation",
            "predicted_topic",
            "predicted_escalation",
            "predicted_predicted_topic",
            "predicted_predicted_escalation",
            "predicted_predicted_escalation_probability",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let c =
            Columns::resolve(Path::new("f.csv"), header, &InputOptions::default(), true).expect("resolves");
        assert_eq!((c.level, c.topic, c.probability), (Some(6), Some(5), Some(7)));
        let plain: Vec<String> = ["date", "country", "escalation", "topic"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let c =
            Columns::resolve(Path::new("f.csv"), plain, &InputOptions::default(), true).expect("resolves");
        assert_eq!((c.level, c.topic, c.probability), (Some(2), Some(3), None));
    }
}
