use thiserror::Error;

/// Why a model could not be fitted. Hyperparameter errors of each algorithm convert into it.
#[derive(Debug, Error)]
pub enum ModelError {
    #[error("cannot train on an empty dataset")]
    Empty,
    #[error("expected records and targets to have the same number of rows, got {0} != {1}")]
    Shape(usize, usize),
    #[error("class index {index} is out of range for {n_classes} classes")]
    ClassIndex { index: usize, n_classes: usize },
    #[error("only one class is present ({0} rows); a classifier needs examples of at least two classes")]
    OneClass(usize),
    #[error("invalid hyperparameter: {0}")]
    Param(String),
    #[error(transparent)]
    Linfa(#[from] linfa::Error),
}
