//! The checks on CSV input that the csv crate does not make.
//!
//! [`QuoteCheck`] sits between the file and the csv reader and watches the bytes go by. It
//! follows RFC 4180 quoting exactly as the csv crate does, to catch a quoted field left open
//! at the end of the file (which the crate accepts silently, swallowing every later line
//! into one field) and text after a field's closing quote (`"abc" x`, which the crate
//! silently joins into the field as `abc x`), and it bounds the length of a row, so that
//! input with no line ends (a binary file, `/dev/zero`) fails with a clear error instead of
//! filling memory.
//!
//! It also numbers lines itself, for every message that names one: the csv crate's own
//! line count sees only `\n` and stops short of a record's first byte (it counts the `\n`
//! of a CRLF, and any blank lines, into the record after), so its lines are one short in
//! CRLF files and all 1 in files with CR line ends (BurntSushi/rust-csv#395).

use std::collections::VecDeque;
use std::io::Read;

use thiserror::Error;

/// The longest row (record) or article accepted, in bytes: far beyond any news article
/// (a 50 MB field is fine), small enough to hold in memory a few times over.
pub const MAX_RECORD_BYTES: u64 = 256 << 20;

/// The error [`QuoteCheck`] raises when a row passes [`MAX_RECORD_BYTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("line {line}: a row runs past the limit on row length without ending")]
pub struct RecordTooLong {
    /// The line the row starts on.
    pub line: u64,
    /// The quoted field still open at that point, if any (a quote left open is the usual
    /// reason a row never ends).
    pub open_quote: Option<UnclosedQuote>,
}

/// The error [`QuoteCheck`] raises at the end of input inside a quoted field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("line {line}: field {field} opens a quote that is never closed")]
pub struct UnclosedQuote {
    /// The line the quoted field starts on.
    pub line: u64,
    /// 1-based field number within its record.
    pub field: usize,
}

/// The error [`QuoteCheck`] raises at a byte other than a comma or a line end right after
/// the closing quote of a quoted field: `1,"abc" x` is malformed quoting (often a quote that
/// should have been doubled), not a field `abc x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("line {line}: field {field} has text after its closing quote")]
pub struct TextAfterQuote {
    /// The line of that text.
    pub line: u64,
    /// 1-based field number within its record.
    pub field: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    FieldStart,
    Unquoted,
    Quoted,
    /// A `"` inside a quoted field: either the closing quote or the first of a doubled one.
    QuoteInQuoted,
}

/// A reader that follows RFC 4180 quoting exactly as the csv crate does (a `"` opens a quoted
/// field only at the start of a field; `""` inside one is a literal quote) and fails the read
/// that hits the end of input while a quoted field is open, with the line where it opened.
/// The csv crate reports that failure as an I/O error, which
/// [`csv_error`](crate::data::csv_error) turns back into
/// [`DataError::UnclosedQuote`](crate::data::DataError::UnclosedQuote); the same goes for
/// [`RecordTooLong`].
#[derive(Debug)]
pub struct QuoteCheck<R> {
    inner: R,
    state: QuoteState,
    /// The physical line of the next byte: `\n`, `\r\n` and a lone `\r` each end a line.
    line: u64,
    /// The last byte seen was `\r` (so a `\n` now ends no further line).
    after_cr: bool,
    /// Inside a record (since its first byte, until a line end outside quotes).
    in_record: bool,
    /// The line each record starts on, from record `first_start` on, for the records the
    /// csv reader has not asked about yet. The reader is at most one buffer behind, so
    /// this holds a few thousand lines at most.
    starts: VecDeque<u64>,
    first_start: u64,
    field: usize,
    open: UnclosedQuote,
    /// Bytes of a leading UTF-8 byte-order mark seen so far (csv_core skips it before parsing).
    bom: usize,
    /// Bytes of the current row so far, and the line it started on.
    record_bytes: u64,
    record_line: u64,
    /// The longest row accepted ([`MAX_RECORD_BYTES`] but in tests).
    limit: u64,
    /// Set once text follows a closing quote: every later read fails with it, so that the
    /// csv reader gets the records before it and then the error, never the bad field.
    misquoted: Option<TextAfterQuote>,
}

const BOM: &[u8; 3] = b"\xef\xbb\xbf";

impl<R> QuoteCheck<R> {
    pub fn new(inner: R) -> Self {
        QuoteCheck::with_limit(inner, MAX_RECORD_BYTES)
    }

    /// A check that refuses rows longer than `limit` bytes.
    pub(crate) fn with_limit(inner: R, limit: u64) -> Self {
        QuoteCheck {
            inner,
            state: QuoteState::FieldStart,
            line: 1,
            after_cr: false,
            in_record: false,
            starts: VecDeque::new(),
            first_start: 0,
            field: 1,
            open: UnclosedQuote { line: 1, field: 1 },
            bom: 0,
            record_bytes: 0,
            record_line: 1,
            limit,
            misquoted: None,
        }
    }

    /// Follows the state over `bytes`; returns how many of them were read before text after
    /// a closing quote (all of them when there was none).
    fn scan(&mut self, all: &[u8]) -> usize {
        use QuoteState::*;
        let mut bytes = all;
        while self.bom < BOM.len() {
            match bytes.split_first() {
                Some((&b, rest)) if b == BOM[self.bom] => {
                    self.bom += 1;
                    bytes = rest;
                }
                Some(_) => {
                    // a partial mark is field content, as in csv_core
                    if self.bom > 0 {
                        self.state = QuoteState::Unquoted;
                        self.start_record();
                    }
                    self.bom = BOM.len();
                }
                None => return all.len(),
            }
        }
        let offset = all.len() - bytes.len();
        // Inside a quoted field only `"` matters and inside an unquoted one only `,` and line
        // ends, so those stretches are skipped with memchr; other bytes go one at a time.
        let mut i = 0;
        while i < bytes.len() {
            let rest = &bytes[i..];
            match self.state {
                Quoted => match memchr::memchr(b'"', rest) {
                    Some(p) => {
                        self.line += count_line_ends(&rest[..p], &mut self.after_cr);
                        self.record_bytes += p as u64;
                        i += p;
                    }
                    None => {
                        self.line += count_line_ends(rest, &mut self.after_cr);
                        self.record_bytes += rest.len() as u64;
                        return all.len();
                    }
                },
                // (a `\r` ends an unquoted field, so `after_cr` is false here and stays so)
                Unquoted => match memchr::memchr3(b',', b'\n', b'\r', rest) {
                    Some(p) => {
                        self.record_bytes += p as u64;
                        i += p;
                    }
                    None => {
                        self.record_bytes += rest.len() as u64;
                        return all.len();
                    }
                },
                FieldStart | QuoteInQuoted => {}
            }
            self.step(bytes[i]);
            if self.misquoted.is_some() {
                return offset + i;
            }
            i += 1;
        }
        all.len()
    }

    fn step(&mut self, b: u8) {
        use QuoteState::*;
        let line_end = b == b'\n' || b == b'\r';
        if !self.in_record && !line_end {
            // as in csv_core, line ends between records are skipped: a record starts at
            // the first byte of anything else
            self.start_record();
        }
        self.state = match (self.state, b) {
            (Quoted, b'"') => QuoteInQuoted,
            (Quoted, _) => Quoted,
            (FieldStart, b'"') => {
                self.open = UnclosedQuote {
                    line: self.line,
                    field: self.field,
                };
                Quoted
            }
            (QuoteInQuoted, b'"') => Quoted,
            (QuoteInQuoted, _) if !line_end && b != b',' => {
                self.misquoted = Some(TextAfterQuote {
                    line: self.line,
                    field: self.field,
                });
                Unquoted
            }
            (_, b',') => {
                self.field += 1;
                FieldStart
            }
            (_, b'\n' | b'\r') => {
                self.field = 1;
                FieldStart
            }
            _ => Unquoted,
        };
        self.line += count_line_ends(&[b], &mut self.after_cr);
        if self.state == FieldStart && self.field == 1 && line_end {
            // a line end outside quotes ends the row
            self.in_record = false;
            self.record_bytes = 0;
            self.record_line = self.line;
        } else {
            self.record_bytes += 1;
        }
    }

    fn start_record(&mut self) {
        self.in_record = true;
        self.record_line = self.line;
        self.starts.push_back(self.line);
    }

    /// The physical line on which record `index` starts (0 is the header), once the csv
    /// reader has read it; the lines of earlier records are forgotten, so records are asked
    /// about in order. `None` for a record not yet seen or already forgotten.
    pub fn record_line(&mut self, index: u64) -> Option<u64> {
        while self.first_start < index && self.starts.pop_front().is_some() {
            self.first_start += 1;
        }
        let at = index.checked_sub(self.first_start)?;
        self.starts.get(usize::try_from(at).ok()?).copied()
    }
}

/// The line ends in `bytes`: `\n`, `\r\n` and a lone `\r` end one line each, as they end a
/// record for the csv crate. `after_cr` says whether the byte before `bytes` was `\r`, and
/// is updated to say whether the last of `bytes` is.
fn count_line_ends(bytes: &[u8], after_cr: &mut bool) -> u64 {
    let mut n = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        let previous_cr = if i == 0 { *after_cr } else { bytes[i - 1] == b'\r' };
        n += u64::from(bytes[i] == b'\r' || !previous_cr);
    }
    if let Some(&last) = bytes.last() {
        *after_cr = last == b'\r';
    }
    n
}

impl<R: Read> Read for QuoteCheck<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let misquoted = |bad| std::io::Error::new(std::io::ErrorKind::InvalidData, bad);
        if let Some(bad) = self.misquoted {
            return Err(misquoted(bad));
        }
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() && self.state == QuoteState::Quoted {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, self.open));
        }
        let good = self.scan(&buf[..n]);
        if let Some(bad) = self.misquoted {
            // the bytes before the bad one go to the reader first (0 would read as the end)
            return if good > 0 { Ok(good) } else { Err(misquoted(bad)) };
        }
        if self.record_bytes > self.limit {
            let too_long = RecordTooLong {
                line: self.record_line,
                open_quote: (self.state == QuoteState::Quoted).then_some(self.open),
            };
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, too_long));
        }
        Ok(n)
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_check_follows_state_across_reads() {
        // one byte per read: the state machine must carry over between buffers
        struct OneByte<'a>(&'a [u8]);
        impl Read for OneByte<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                match self.0.split_first() {
                    Some((&b, rest)) if !buf.is_empty() => {
                        buf[0] = b;
                        self.0 = rest;
                        Ok(1)
                    }
                    _ => Ok(0),
                }
            }
        }
        let mut ok = QuoteCheck::new(OneByte(b"a,\"b\"\"\nc\"\r\n\"d\",e\n"));
        let mut out = Vec::new();
        ok.read_to_end(&mut out).expect("balanced");
        let mut open = QuoteCheck::new(OneByte(b"a,b\r\nc,\"\"\"d\n"));
        let e = open.read_to_end(&mut out).unwrap_err();
        let open = e
            .get_ref()
            .and_then(|e| e.downcast_ref::<UnclosedQuote>())
            .copied();
        assert_eq!(open, Some(UnclosedQuote { line: 2, field: 2 }));
        // whole buffers (the memchr path) and single bytes agree, newlines in quotes included
        let text = b"a,\"x\ny\n\"\"z\",b\nc,d\r\ne,\"f\ng\n";
        let whole = QuoteCheck::new(&text[..]).read_to_end(&mut out).unwrap_err();
        let single = QuoteCheck::new(OneByte(text)).read_to_end(&mut out).unwrap_err();
        let opened = |e: &std::io::Error| {
            e.get_ref()
                .and_then(|e| e.downcast_ref::<UnclosedQuote>())
                .copied()
        };
        assert_eq!(opened(&whole), Some(UnclosedQuote { line: 5, field: 2 }));
        assert_eq!(opened(&single), opened(&whole));
        // record lines, whole and byte by byte: a CRLF split between reads ends one line
        fn record_lines<R: Read>(mut check: QuoteCheck<R>) -> Vec<Option<u64>> {
            check.read_to_end(&mut Vec::new()).expect("balanced");
            let mut lines: Vec<Option<u64>> = (0..5).map(|r| check.record_line(r)).collect();
            // forgotten once a later record was asked about
            lines.push(check.record_line(1));
            lines
        }
        let text = b"a\r\n\"x\r\ny\"\r\n\r\nb\rc";
        let expected = [Some(1), Some(2), Some(5), Some(6), None, None];
        assert_eq!(record_lines(QuoteCheck::new(&text[..])), expected);
        assert_eq!(record_lines(QuoteCheck::new(OneByte(text))), expected);
    }

    #[test]
    fn text_after_a_closing_quote_fails_after_the_rows_before_it() {
        let text = b"a,b\n1,\"x\"\n2,\"p\nq\" r\n3,z\n";
        let expected = TextAfterQuote { line: 4, field: 2 };
        for chunk in [1, 2, 3, 7, text.len()] {
            let mut check = QuoteCheck::new(Chunks(&text[..], chunk));
            let mut out = Vec::new();
            let e = check.read_to_end(&mut out).unwrap_err();
            let bad = e
                .get_ref()
                .and_then(|e| e.downcast_ref::<TextAfterQuote>())
                .copied();
            assert_eq!(bad, Some(expected), "reads of {chunk} bytes");
            // every byte before the bad one was handed on, none after it
            assert_eq!(out, &text[..text.len() - 7], "reads of {chunk} bytes");
        }
        // a doubled quote, a comma or a line end after the closing quote is fine
        let ok = b"a,b\r\n\"x\"\"y\",\"z\"\r\"1\"\n";
        QuoteCheck::new(&ok[..])
            .read_to_end(&mut Vec::new())
            .expect("well quoted");
    }

    /// Reads of at most `.1` bytes.
    struct Chunks<'a>(&'a [u8], usize);
    impl Read for Chunks<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// A small limit, so that tests need not build 256 MB inputs.
    const LIMIT: u64 = 1 << 20;

    /// The [`RecordTooLong`] error reading `input` (rows of at most [`LIMIT`]) raises, if any.
    fn too_long(input: &[u8]) -> Option<RecordTooLong> {
        let e = QuoteCheck::with_limit(input, LIMIT)
            .read_to_end(&mut Vec::new())
            .err()?;
        e.get_ref()
            .and_then(|e| e.downcast_ref::<RecordTooLong>())
            .copied()
    }

    #[test]
    fn a_row_without_end_is_refused_where_it_starts() {
        // an endless unquoted row on line 2
        let endless = b"text\n".iter().copied().chain(std::iter::repeat(b'x'));
        let input: Vec<u8> = endless.take(LIMIT as usize + 100).collect();
        let expected = RecordTooLong {
            line: 2,
            open_quote: None,
        };
        assert_eq!(too_long(&input), Some(expected));
        // a quote opened on line 3 and never closed: the error says so
        let mut input = b"text\nok\n\"open\n".to_vec();
        input.resize(LIMIT as usize + 100, b'y');
        let open_quote = Some(UnclosedQuote { line: 3, field: 1 });
        assert_eq!(too_long(&input), Some(RecordTooLong { line: 3, open_quote }));
        // long rows that end are fine, however many
        let row = format!("{}\r\n", "z".repeat(LIMIT as usize));
        assert_eq!(too_long(row.repeat(40).as_bytes()), None);
    }
}
