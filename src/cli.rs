//! What the three binaries share: exit codes, error printing, finding the model.

use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::file::{self as model_file, ModelFileError};
use crate::model::Model;

/// Everything worked.
pub const EXIT_OK: u8 = 0;
/// The run finished, but some rows had problems (each reported on stderr).
pub const EXIT_ROW_PROBLEMS: u8 = 1;
/// Nothing useful was done: bad arguments, unreadable input, bad model file, bad CSV.
pub const EXIT_ERROR: u8 = 2;

/// True when the error is a closed output pipe (`sitrep-classify ... | head -1`), which is
/// not a failure: the reader has all it wanted.
pub fn is_broken_pipe(err: &(dyn Error + 'static)) -> bool {
    let mut current: Option<&(dyn Error + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return true;
            }
        }
        if let Some(csv) = e.downcast_ref::<csv::Error>() {
            if let csv::ErrorKind::Io(io) = csv.kind() {
                if io.kind() == std::io::ErrorKind::BrokenPipe {
                    return true;
                }
            }
        }
        current = e.source();
    }
    false
}

/// Runs a verb and turns its outcome into the process exit code, printing errors as one
/// line prefixed with the program name.
pub fn main_with(program: &str, run: impl FnOnce() -> Result<u8, Box<dyn Error>>) -> std::process::ExitCode {
    match run() {
        Ok(code) => std::process::ExitCode::from(code),
        Err(e) if is_broken_pipe(e.as_ref()) => std::process::ExitCode::from(EXIT_OK),
        Err(e) if e.is::<clap::Error>() => match e.downcast::<clap::Error>() {
            Ok(clap_error) => argument_error(program, &clap_error),
            Err(_) => std::process::ExitCode::from(EXIT_ERROR),
        },
        Err(e) => {
            // one line, whatever the message holds (file names and CSV fields can have newlines)
            let message = e.to_string().replace(['\n', '\r'], " ");
            let _ = writeln!(std::io::stderr().lock(), "{program}: error: {message}");
            std::process::ExitCode::from(EXIT_ERROR)
        }
    }
}

/// `--help` and `--version` print as clap made them; a bad argument becomes one error line
/// like any other, pointing to `--help` instead of repeating the usage.
fn argument_error(program: &str, e: &clap::Error) -> std::process::ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return std::process::ExitCode::from(EXIT_OK);
    }
    // the first paragraph, on one line (a list of missing arguments is indented below it)
    let rendered = e.render().to_string();
    let paragraph: Vec<&str> = rendered
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    let joined = paragraph.join(" ");
    let message = joined.strip_prefix("error: ").unwrap_or(&joined);
    let _ = writeln!(
        std::io::stderr().lock(),
        "{program}: error: {message} (see {program} --help)"
    );
    std::process::ExitCode::from(EXIT_ERROR)
}

/// Prints `PROGRAM: warning: MESSAGE` on stderr. A closed or full stderr is ignored: a
/// warning that cannot be shown is no reason to stop, and `eprintln!` would panic.
pub fn warn(program: &str, message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{program}: warning: {message}");
}

/// Standard output could not be written (a full disk, a closed pipe: see [`is_broken_pipe`]).
#[derive(Debug, Error)]
#[error("cannot write output: {0}")]
pub struct OutputError(#[from] pub std::io::Error);

/// Writes `text` to standard output and flushes it. `print!` would panic on a full disk or a
/// closed pipe; this returns the error instead.
pub fn write_stdout(text: &str) -> Result<(), OutputError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Refuses a run whose output file is one of its input files (`--out data.csv` once
/// replaced the labelled data with a model). Each path comes with the option that named it;
/// `-` (stdin) is no file. Two paths are the same file when they name it through links or
/// other spellings too (same device and inode, else the same canonical path); an output
/// that does not exist yet cannot be an input.
pub fn refuse_overwriting_inputs(outputs: &[(&str, &Path)], inputs: &[(&str, &Path)]) -> Result<(), String> {
    for (out_option, out) in outputs {
        let clash = inputs
            .iter()
            .find(|(_, input)| input.as_os_str() != "-" && same_file(out, input));
        if let Some((in_option, input)) = clash {
            return Err(format!(
                "{out_option} {} is the file {in_option} {} reads, and writing it would destroy that input; give {out_option} another path",
                out.display(),
                input.display()
            ));
        }
    }
    Ok(())
}

/// Whether two paths name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// Reads a labeled CSV for training or cross-validation: the rows (text, the targets' labels,
/// then `extra` columns such as a group column) and the targets encoded. Replaced invalid
/// UTF-8 (`--lossy`) is reported through `warn` with the program's name.
pub fn load_training_data(
    program: &str,
    path: &Path,
    text_columns: &[String],
    targets: &[crate::model::targets::TargetSpec],
    extra: &[String],
    filter: Option<&crate::data::RowFilter>,
    utf8: crate::data::Utf8Mode,
) -> Result<
    (
        crate::data::LabeledData,
        Vec<crate::model::targets::EncodedTarget>,
    ),
    Box<dyn Error>,
> {
    let mut columns: Vec<String> = targets.iter().map(|t| t.column.clone()).collect();
    columns.extend(extra.iter().cloned());
    // the extra columns group rows (`--group`, `--by`): a blank value is a group of its own
    let data = crate::data::read_labeled_grouped(path, text_columns, &columns, extra.len(), filter, utf8)?;
    let replaced = data.replaced_lines.len() as u64;
    if let Some(w) = crate::data::replaced_warning(path, replaced, data.replaced_lines.first().copied()) {
        warn(program, &w);
    }
    let encoded = targets
        .iter()
        .zip(&data.labels)
        .map(|(spec, labels)| crate::model::targets::encode_target(spec, labels, &data.lines))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            let e = e.with_filter(filter.map(ToString::to_string));
            format!("{}: {e}", path.display())
        })?;
    for t in &encoded {
        for w in crate::model::targets::label_warnings(t, &data.lines, "line") {
            warn(program, &format!("{}: {w}", path.display()));
        }
    }
    Ok((data, encoded))
}

/// Where the model comes from when the user names none.
pub const DEFAULT_MODEL_PATH: &str = "models/default.sitrep";

/// The name [`load_model`] gives the model built into the binary.
pub const BUILT_IN_MODEL: &str = "built-in default model";

/// The model named by `--model`, else `models/default.sitrep` under the current directory,
/// else the default model built into the binary. A model trained by a sitrep that read
/// text differently is loaded with a warning on stderr from `program`.
pub fn load_model(program: &str, path: Option<&Path>) -> Result<(Model, String), ModelFileError> {
    let (model, name) = find_model(path)?;
    if let Some(w) = model.vectorizer.config.analysis_warning(&name) {
        warn(program, &w);
    }
    Ok((model, name))
}

/// Which model file `--show-model` describes, after [`load_model`] named it `name`: the one
/// given (`given`), the one found here, or none (the model built into `program`), since all
/// three are possible without the user seeing which.
pub fn model_origin(program: &str, given: bool, name: &str) -> String {
    if given {
        format!("{name} (--model)")
    } else if name == BUILT_IN_MODEL {
        format!("none, the model built into {program} (no --model given, and no {DEFAULT_MODEL_PATH} in the current folder)")
    } else {
        format!("{name} (in the current folder, as no --model was given)")
    }
}

fn find_model(path: Option<&Path>) -> Result<(Model, String), ModelFileError> {
    if let Some(p) = path {
        return Ok((model_file::load(p)?, p.display().to_string()));
    }
    let local = PathBuf::from(DEFAULT_MODEL_PATH);
    if local.is_file() {
        return Ok((model_file::load(&local)?, local.display().to_string()));
    }
    match crate::model::default::DEFAULT_MODEL {
        Some(bytes) => Ok((
            model_file::decode(Path::new("<built-in default model>"), bytes)?,
            BUILT_IN_MODEL.into(),
        )),
        None => Err(ModelFileError::Read {
            path: local,
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no --model given, no models/default.sitrep here, and this build has no built-in model",
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_that_is_an_input_is_refused_by_any_name() {
        let dir = std::env::temp_dir().join(format!("sitrep-cli-same-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).expect("dir");
        let data = dir.join("data.csv");
        std::fs::write(&data, "text,topic\n").expect("write");
        let other = dir.join("sub/../data.csv");
        let e = refuse_overwriting_inputs(&[("--out", &other)], &[("--data", &data)]).expect_err("same file");
        assert!(e.starts_with("--out "), "{e}");
        assert!(e.contains("is the file --data "), "{e}");
        #[cfg(unix)]
        {
            let link = dir.join("link.csv");
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink(&data, &link).expect("link");
            assert!(refuse_overwriting_inputs(&[("--out", &link)], &[("--data", &data)]).is_err());
        }
        let fresh = dir.join("model.sitrep");
        assert!(refuse_overwriting_inputs(&[("--out", &fresh)], &[("--data", &data)]).is_ok());
        let stdin = Path::new("-");
        assert!(refuse_overwriting_inputs(&[("--out", &data)], &[("--input", stdin)]).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn broken_pipe_is_found_inside_wrappers() {
        let io = std::io::Error::new(std::io::ErrorKind::BrokenPipe, "closed");
        let wrapped = crate::classify::ClassifyError::Write(io);
        assert!(is_broken_pipe(&wrapped));
        let other = crate::classify::ClassifyError::Write(std::io::Error::other("disk full"));
        assert!(!is_broken_pipe(&other));
        let output = OutputError(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "closed"));
        assert!(is_broken_pipe(&output));
    }
}
