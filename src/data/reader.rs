//! Opening a CSV input the way every sitrep tool reads one: the settings, the header
//! checked, and each record with the physical line it starts on.
//!
//! Lines come from [`QuoteCheck`], never from the csv crate's positions, which are one line
//! short in CRLF files and always 1 in files with CR line ends (BurntSushi/rust-csv#395):
//! all four tools report lines through [`CsvReader::read_record`], so they agree with what
//! an editor shows.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{DataError, QuoteCheck, RecordTooLong, TextAfterQuote, UnclosedQuote};

/// A CSV input with its header read: records come with the line they start on.
pub struct CsvReader<R> {
    path: PathBuf,
    reader: csv::Reader<QuoteCheck<R>>,
    header: Vec<String>,
}

impl<R: Read> CsvReader<R> {
    /// Reads and checks the header (not empty, no name twice). `path` names the input in
    /// messages. The input is watched for a quoted field left open at the end of the file,
    /// which the csv crate would accept silently (swallowing every later line into one
    /// field); see [`QuoteCheck`].
    pub fn new(path: &Path, input: R) -> Result<Self, DataError> {
        let reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(QuoteCheck::new(input));
        let mut csv = CsvReader {
            path: path.to_path_buf(),
            reader,
            header: Vec::new(),
        };
        csv.header = csv.read_header()?;
        Ok(csv)
    }

    /// The column names, trimmed.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The name of the input in messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the next record into `record`: the line it starts on, or `None` at the end.
    /// Use this line, not `record.position()`, in messages (see the module's doc).
    pub fn read_record(&mut self, record: &mut csv::ByteRecord) -> Result<Option<u64>, DataError> {
        match self.reader.read_byte_record(record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                let position = record.position().cloned();
                Ok(Some(position.map_or(0, |p| self.line_of(&p))))
            }
            Err(e) => Err(super::with_column_name(self.error(e), &self.header)),
        }
    }

    /// The line record `position` starts on. The csv crate's own line is a fallback that
    /// [`QuoteCheck`] makes unneeded (it sees every record the crate does).
    fn line_of(&mut self, position: &csv::Position) -> u64 {
        self.reader
            .get_mut()
            .record_line(position.record())
            .unwrap_or_else(|| position.line())
    }

    fn read_header(&mut self) -> Result<Vec<String>, DataError> {
        let header = match self.reader.byte_headers() {
            Ok(header) => header.clone(),
            Err(e) => return Err(self.error(e)),
        };
        let path = &self.path;
        if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
            return Err(DataError::Empty { path: path.clone() });
        }
        if header[0].starts_with(&[0xFF, 0xFE]) || header[0].starts_with(&[0xFE, 0xFF]) {
            return Err(DataError::Utf16 { path: path.clone() });
        }
        let line = self.reader.get_mut().record_line(0).unwrap_or(1);
        let mut names = Vec::with_capacity(header.len());
        for (i, field) in header.iter().enumerate() {
            let name = std::str::from_utf8(field).map_err(|e| DataError::Utf8 {
                path: path.clone(),
                line,
                index: i + 1,
                column: String::from_utf8_lossy(field).into_owned(),
                byte: e.valid_up_to(),
            })?;
            let name = name.trim().to_string();
            if names.contains(&name) {
                return Err(DataError::DuplicateColumn {
                    path: path.clone(),
                    line,
                    column: name,
                });
            }
            names.push(name);
        }
        Ok(names)
    }

    /// Maps a csv error to a message with file and line.
    fn error(&mut self, err: csv::Error) -> DataError {
        let position = err.position().cloned();
        let line = position.map_or(0, |p| self.line_of(&p));
        let path = self.path.clone();
        match err.into_kind() {
            csv::ErrorKind::Io(source) => {
                // the errors of QuoteCheck carry their own lines
                let inner = source.get_ref();
                if let Some(open) = inner.and_then(|e| e.downcast_ref::<UnclosedQuote>()) {
                    return DataError::UnclosedQuote {
                        path,
                        line: open.line,
                        index: open.field,
                        column: String::new(),
                    };
                }
                if let Some(bad) = inner.and_then(|e| e.downcast_ref::<TextAfterQuote>()) {
                    return DataError::TextAfterQuote {
                        path,
                        line: bad.line,
                        index: bad.field,
                        column: String::new(),
                    };
                }
                match inner.and_then(|e| e.downcast_ref::<RecordTooLong>()) {
                    Some(RecordTooLong {
                        open_quote: Some(open),
                        ..
                    }) => DataError::QuoteTooLong {
                        path,
                        line: open.line,
                        index: open.field,
                        column: String::new(),
                    },
                    Some(RecordTooLong { line, .. }) => DataError::RowTooLong { path, line: *line },
                    None => DataError::Io { path, source },
                }
            }
            csv::ErrorKind::UnequalLengths {
                pos,
                expected_len,
                len,
            } => DataError::Ragged {
                path,
                line: pos.map_or(line, |p| self.line_of(&p)),
                expected: expected_len,
                found: len,
            },
            csv::ErrorKind::Utf8 { pos, err } => DataError::Utf8 {
                path,
                line: pos.map_or(line, |p| self.line_of(&p)),
                index: err.field() + 1,
                column: String::new(),
                byte: err.valid_up_to(),
            },
            other => DataError::Csv {
                path,
                line,
                message: format!("{other:?}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line of every record of `input`, or the error's message.
    fn lines(input: &[u8]) -> Result<Vec<u64>, String> {
        let mut reader = CsvReader::new(Path::new("in.csv"), input).map_err(|e| e.to_string())?;
        let mut record = csv::ByteRecord::new();
        let mut lines = Vec::new();
        while let Some(line) = reader.read_record(&mut record).map_err(|e| e.to_string())? {
            lines.push(line);
        }
        Ok(lines)
    }

    #[test]
    fn lines_are_physical_lines_whatever_the_line_ends() {
        assert_eq!(lines(b"a,b\n1,x\n2,y\n"), Ok(vec![2, 3]));
        // the csv crate alone says 1, 2 (the `\n` of a CRLF counts into the next record)
        assert_eq!(lines(b"a,b\r\n1,x\r\n2,y\r\n"), Ok(vec![2, 3]));
        // and 1, 1 here
        assert_eq!(lines(b"a,b\r1,x\r2,y\r"), Ok(vec![2, 3]));
        // blank lines between records, a byte-order mark, no line end at the end
        assert_eq!(lines(b"\xef\xbb\xbfa,b\r\n\r\n\n1,x\n\r\r2,y"), Ok(vec![4, 7]));
        // line ends inside quotes are lines too, in every style
        assert_eq!(
            lines(b"a,b\r\n1,\"x\r\ny\"\r\n2,\"p\rq\nr\"\r\n3,z\r\n"),
            Ok(vec![2, 4, 7])
        );
        // a header after blank lines
        let dup = lines(b"\r\n\r\na,a\r\n1,2\r\n").unwrap_err();
        assert!(
            dup.starts_with("in.csv:3: column `a` appears more than once"),
            "{dup}"
        );
    }

    #[test]
    fn errors_name_the_physical_line() {
        let ragged = "in.csv:3: expected 2 fields like the header, found 3";
        for input in [
            &b"id,title\n1,a\n2,b,c\n"[..],
            b"id,title\r\n1,a\r\n2,b,c\r\n",
            b"id,title\r1,a\r2,b,c\r",
        ] {
            let e = lines(input).unwrap_err();
            assert!(e.starts_with(ragged), "{e} for {input:?}");
        }
        let e = lines(b"id,title\r\n1,a\r\n2,\"open\r\n").unwrap_err();
        assert!(
            e.starts_with("in.csv:3: column 2 (`title`) opens a quoted field"),
            "{e}"
        );
        let e = lines(b"id,title\r\n1,\"abc\" x\r\n").unwrap_err();
        assert_eq!(
            e,
            "in.csv:2: column 2 (`title`) has text after its closing quote; expected a comma or the end of the line after a closing `\"` (a quote inside a quoted field is written twice: `\"\"`)"
        );
        let e = lines(b"id,title\r1,\"a\rb\"\r2,\"open\r").unwrap_err();
        assert!(
            e.starts_with("in.csv:4: column 2 (`title`) opens a quoted field"),
            "{e}"
        );
    }

    #[test]
    fn lines_survive_records_spread_over_many_buffers() {
        // more records than one buffer of the csv reader holds, so that QuoteCheck reads
        // ahead of the records asked about
        let mut input = b"a,b\r\n".to_vec();
        for i in 0..20_000 {
            input.extend_from_slice(format!("{i},x\r\n").as_bytes());
            if i % 7 == 0 {
                input.extend_from_slice(b"\r\n");
            }
        }
        let got = lines(&input).expect("reads");
        let mut line = 1;
        let expected: Vec<u64> = (0..20_000)
            .map(|i| {
                line += 1;
                let at = line;
                if i % 7 == 0 {
                    line += 1;
                }
                at
            })
            .collect();
        assert_eq!(got, expected);
    }
}
