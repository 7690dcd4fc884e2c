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
        available: header
            .iter()
            .map(|h| format!("`{h}`"))
            .collect::<Vec<_>>()
            .join(", "),
    }
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
                None => ["predicted_escalation", "escalation"]
                    .into_iter()
                    .find(|c| has(c).is_some())
                    .ok_or_else(|| missing(path, &header, "predicted_escalation` or `escalation"))?
                    .to_string(),
            };
            level = Some(find(path, &header, &level_name)?);
            probability = match &o.probability_column {
                Some(c) => Some(find(path, &header, c)?),
                None => has(&format!("{level_name}_probability")),
            };
            topic = match &o.topic_column {
                Some(c) => Some(find(path, &header, c)?),
                None if level_name.starts_with("predicted_") => has("predicted_topic"),
                None => has("topic"),
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
