//! Where articles come from: the rows of a CSV file (or of stdin), the `.txt` files of a
//! folder, one text file, the lines of a text stream, or articles already in memory, all
//! read a batch at a time through [`ArticleSource`], so that memory does not grow with the
//! input. Every article is bounded by [`MAX_RECORD_BYTES`].

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use super::article::{Article, ClassifyError};
use super::csv_rows::{CsvColumns, CsvRows};
use super::folder::Folder;
use crate::data::{Utf8Mode, MAX_RECORD_BYTES};
use crate::model::Model;

/// Where articles come from, read a batch at a time: the rows of a CSV file (or of
/// standard input, `-`), the `.txt` files of a folder, one text file, the lines of a text
/// stream, or articles already in memory. When the input goes bad part way, the articles
/// read before the problem come out first and the error with the next batch, so that
/// nothing read is lost.
pub struct ArticleSource {
    input: Input,
    failed: Option<ClassifyError>,
}

enum Input {
    Csv(Box<CsvRows<Box<dyn Read>>>),
    Files {
        paths: std::vec::IntoIter<PathBuf>,
        utf8: Utf8Mode,
    },
    Lines {
        input: Box<dyn BufRead>,
        /// Lines read so far.
        line: u64,
        utf8: Utf8Mode,
        /// The longest line accepted ([`MAX_RECORD_BYTES`] but in tests).
        limit: u64,
    },
    Articles(std::vec::IntoIter<Article>),
}

impl ArticleSource {
    fn new(input: Input) -> Self {
        ArticleSource { input, failed: None }
    }

    pub fn from_articles(articles: Vec<Article>) -> Self {
        ArticleSource::new(Input::Articles(articles.into_iter()))
    }

    /// Whether article ids are places in one input (`line 3` of a CSV file or of stdin)
    /// rather than names of their own (a file name, `arg 1`).
    pub fn ids_are_places(&self) -> bool {
        matches!(self.input, Input::Csv(_) | Input::Lines { .. })
    }

    /// `csv` says whether `input` is CSV (the caller decides, by name). What a folder holds
    /// but is not read (subfolders, other files) is reported through `warn`.
    pub fn open(
        model: &Model,
        input: &Path,
        csv: bool,
        columns: CsvColumns,
        utf8: Utf8Mode,
        mut warn: impl FnMut(&str),
    ) -> Result<Self, ClassifyError> {
        if csv {
            let (name, reader) = open_input(input)?;
            let rows = CsvRows::new(model, &name, reader, columns, utf8)?;
            return Ok(ArticleSource::new(Input::Csv(Box::new(rows))));
        }
        let paths = if input.is_dir() {
            let folder = Folder::read(input)?;
            for skipped in folder.skipped() {
                warn(&format!("{}: {skipped}", input.display()));
            }
            folder.files
        } else {
            // a .tsv or a file without an extension was read whole as one article, and so
            // was a pipe (`--input <(zcat feed.csv.gz)`), CSV header and all
            let txt = input.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"));
            if input.exists() && !txt {
                let path = input.to_path_buf();
                return Err(if input.is_file() {
                    ClassifyError::UnknownFileKind { path }
                } else {
                    ClassifyError::UnnamedStream { path }
                });
            }
            vec![input.to_path_buf()]
        };
        Ok(ArticleSource::new(Input::Files {
            paths: paths.into_iter(),
            utf8,
        }))
    }

    /// Standard input (or any text stream) as articles: one per line (a blank line is an
    /// empty article), or, with `whole`, all of it as one article.
    pub fn text_stream(input: Box<dyn BufRead>, whole: bool, utf8: Utf8Mode) -> Result<Self, ClassifyError> {
        ArticleSource::text_stream_with_limit(input, whole, utf8, MAX_RECORD_BYTES)
    }

    fn text_stream_with_limit(
        input: Box<dyn BufRead>,
        whole: bool,
        utf8: Utf8Mode,
        limit: u64,
    ) -> Result<Self, ClassifyError> {
        if !whole {
            return Ok(ArticleSource::new(Input::Lines {
                input,
                line: 0,
                utf8,
                limit,
            }));
        }
        let path = Path::new("<stdin>");
        let bytes = read_bounded(input, limit, || path.display().to_string())?;
        let (text, replaced) = decode_text(path, 1, "input", without_bom(bytes), utf8)?;
        let articles = vec![Article {
            id: "stdin".into(),
            text,
            replaced,
            column_id: None,
        }];
        Ok(ArticleSource::from_articles(articles))
    }

    /// Up to `max` more articles, fewer once their texts pass `max_bytes` (a file is never
    /// split); an empty batch means the input is done.
    pub fn next_batch(&mut self, max: usize, max_bytes: usize) -> Result<Vec<Article>, ClassifyError> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let mut articles = Vec::new();
        match self.input.fill(&mut articles, max, max_bytes) {
            Ok(()) => Ok(articles),
            Err(e) if articles.is_empty() => Err(e),
            Err(e) => {
                self.failed = Some(e);
                Ok(articles)
            }
        }
    }
}

impl Input {
    fn fill(
        &mut self,
        articles: &mut Vec<Article>,
        max: usize,
        max_bytes: usize,
    ) -> Result<(), ClassifyError> {
        match self {
            Input::Csv(rows) => rows.fill(articles, max, max_bytes),
            Input::Files { paths, utf8 } => {
                let mut bytes = 0;
                while articles.len() < max && bytes < max_bytes {
                    let Some(path) = paths.next() else { break };
                    let article = read_text_file(&path, *utf8)?;
                    bytes += article.text.len();
                    articles.push(article);
                }
                Ok(())
            }
            Input::Lines {
                input,
                line,
                utf8,
                limit,
            } => {
                let path = Path::new("<stdin>");
                let mut bytes = 0;
                let mut buf = Vec::new();
                while articles.len() < max && bytes < max_bytes {
                    buf.clear();
                    let n = (&mut **input)
                        .take(*limit + 1)
                        .read_until(b'\n', &mut buf)
                        .map_err(|source| ClassifyError::Read {
                            path: path.to_path_buf(),
                            source,
                        })?;
                    if n == 0 {
                        break;
                    }
                    *line += 1;
                    if buf.len() as u64 > *limit {
                        return Err(ClassifyError::TooLong {
                            place: format!("{}:{line}", path.display()),
                            limit: *limit,
                        });
                    }
                    let mut raw = std::mem::take(&mut buf);
                    if *line == 1 {
                        raw = without_bom(raw);
                    }
                    let (text, replaced) = decode_text(path, *line, "line", raw, *utf8)?;
                    let text = text.trim_end_matches(['\n', '\r']);
                    // a blank line is an empty article, reported and kept like an empty CSV
                    // row, so that no line goes missing from the output unsaid
                    bytes += text.len();
                    articles.push(Article {
                        id: format!("line {line}"),
                        text: text.to_string(),
                        replaced,
                        column_id: None,
                    });
                }
                Ok(())
            }
            Input::Articles(rest) => {
                articles.extend(rest.by_ref().take(max));
                Ok(())
            }
        }
    }
}

/// A whole text file as one article.
pub fn read_text_file(path: &Path, utf8: Utf8Mode) -> Result<Article, ClassifyError> {
    let read_err = |source| ClassifyError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_err)?;
    let bytes = read_bounded(file, MAX_RECORD_BYTES, || path.display().to_string())?;
    let (text, replaced) = decode_text(path, 1, "file", without_bom(bytes), utf8)?;
    let id = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Article {
        id,
        text,
        replaced,
        column_id: None,
    })
}

/// All of `input`, refused past `limit` bytes (input without end, such as `/dev/zero`,
/// must not fill memory). `place` names it in the error.
fn read_bounded(input: impl Read, limit: u64, place: impl Fn() -> String) -> Result<Vec<u8>, ClassifyError> {
    let mut bytes = Vec::new();
    input
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ClassifyError::Read {
            path: PathBuf::from(place()),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(ClassifyError::TooLong {
            place: place(),
            limit,
        });
    }
    Ok(bytes)
}

/// `bytes` without the UTF-8 byte-order mark that may start a text file or stream: editors
/// such as Notepad write one, and it is a marker, not a character of the article (CSV input
/// drops it too).
fn without_bom(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    bytes
}

/// Bytes of an article as text; `first_line` is the line the bytes start on, and `what`
/// what they are (`file`, `line`), for messages. The flag says whether invalid UTF-8 was
/// replaced ([`Utf8Mode::Lossy`] only).
fn decode_text(
    path: &Path,
    first_line: u64,
    what: &'static str,
    bytes: Vec<u8>,
    utf8: Utf8Mode,
) -> Result<(String, bool), ClassifyError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, false)),
        Err(e) if utf8 == Utf8Mode::Lossy => Ok((String::from_utf8_lossy(e.as_bytes()).into_owned(), true)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let newlines = e.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count() as u64;
            // a text has no columns: it was once `column 1 (`text`)`, as if it were CSV
            Err(ClassifyError::TextUtf8 {
                place: format!("{}:{}", path.display(), first_line + newlines),
                byte: offset,
                what,
            })
        }
    }
}

/// How messages name an input: `-` is standard input, `<stdin>`.
pub fn input_name(path: &Path) -> &Path {
    if path == Path::new("-") {
        Path::new("<stdin>")
    } else {
        path
    }
}

/// Opens an input by name: a file, or standard input for `-`. Returns the name to use in
/// messages ([`input_name`]) and the reader.
pub fn open_input(path: &Path) -> Result<(PathBuf, Box<dyn Read>), ClassifyError> {
    if path == Path::new("-") {
        return Ok((input_name(path).to_path_buf(), Box::new(std::io::stdin().lock())));
    }
    let file = std::fs::File::open(path).map_err(|source| ClassifyError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((path.to_path_buf(), Box::new(std::io::BufReader::new(file))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every article of a text stream, read in batches of two.
    fn read_stdin(input: &'static [u8], whole: bool, utf8: Utf8Mode) -> Result<Vec<Article>, ClassifyError> {
        let mut source = ArticleSource::text_stream(Box::new(input), whole, utf8)?;
        let mut all = Vec::new();
        loop {
            let batch = source.next_batch(2, usize::MAX)?;
            if batch.is_empty() {
                return Ok(all);
            }
            all.extend(batch);
        }
    }

    #[test]
    fn stdin_lines_become_articles_and_blank_lines_empty_ones() {
        let a = read_stdin(
            b"first article\r\n\nsecond one\n \r\nthird",
            false,
            Utf8Mode::Strict,
        )
        .expect("reads");
        assert_eq!(
            a,
            [
                Article::new("line 1", "first article"),
                Article::new("line 2", ""),
                Article::new("line 3", "second one"),
                Article::new("line 4", " "),
                Article::new("line 5", "third")
            ]
        );
        let w = read_stdin(b"one\ntwo\n", true, Utf8Mode::Strict).expect("reads");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].text, "one\ntwo\n");
        // a byte-order mark starts the stream, not the article; later it is text
        let b = read_stdin(b"\xef\xbb\xbfone\n\xef\xbb\xbftwo", false, Utf8Mode::Strict).expect("reads");
        assert_eq!(
            b,
            [
                Article::new("line 1", "one"),
                Article::new("line 2", "\u{feff}two")
            ]
        );
        let b = read_stdin(b"\xef\xbb\xbfone\n", true, Utf8Mode::Lossy).expect("reads");
        assert_eq!(b, [Article::new("stdin", "one\n")]);
        let e = read_stdin(b"ok\nbad \xff\n", false, Utf8Mode::Strict)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("<stdin>:2: the text is not valid UTF-8 (at byte 4 of the line); convert it to UTF-8, or give --lossy to replace what is not"),
            "{e}"
        );
        let l = read_stdin(b"ok\nbad \xff\n", false, Utf8Mode::Lossy).expect("reads");
        assert_eq!(l[1].text, "bad \u{fffd}");
        assert!(!l[0].replaced && l[1].replaced);
    }

    #[test]
    fn input_without_end_is_refused_not_held() {
        let endless = std::io::repeat(b'x');
        let e = read_bounded(endless, 1 << 20, || "endless".into())
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "endless: more than 1 MB in one article; expected articles shorter than that"
        );
        let mut lines = ArticleSource::text_stream_with_limit(
            Box::new(std::io::BufReader::new(b"short\n".chain(std::io::repeat(b'y')))),
            false,
            Utf8Mode::Strict,
            1 << 20,
        )
        .expect("opens");
        // the line read before the problem comes out first, then the error
        let first = lines.next_batch(10, usize::MAX).expect("the good line");
        assert_eq!(first, [Article::new("line 1", "short")]);
        let e = lines.next_batch(10, usize::MAX).unwrap_err().to_string();
        assert_eq!(
            e,
            "<stdin>:2: more than 1 MB in one article; expected articles shorter than that"
        );
    }
}
