//! A data frame's columns read as the CSV file they would be written as (pandas'
//! `df.to_csv(index=False)`): the header line, then one record per row, made as they are
//! read. A run on a data frame thus reads it as it would read that file: the same columns
//! found by name, the same fields. Columns that are not read are written empty (the run
//! numbers the rows by position, `Numbering::Rows`, so their line breaks would not count).

use std::io::{self, Read};

/// Rows written per refill of the buffer.
const ROWS_PER_FILL: usize = 256;

pub struct FrameCsv<'a> {
    header: &'a [String],
    /// Each column's fields, or `None` for a column that is not read.
    columns: Vec<Option<&'a [&'a str]>>,
    rows: usize,
    /// The next row to write; `None` before the header.
    next: Option<usize>,
    buffer: Vec<u8>,
    at: usize,
}

impl<'a> FrameCsv<'a> {
    /// `columns` follow `header`; the given ones hold `rows` fields each.
    pub fn new(header: &'a [String], columns: Vec<Option<&'a [&'a str]>>, rows: usize) -> Self {
        FrameCsv {
            header,
            columns,
            rows,
            next: None,
            buffer: Vec::new(),
            at: 0,
        }
    }

    /// The header line alone.
    pub fn header(header: &'a [String]) -> Self {
        FrameCsv::new(header, vec![None; header.len()], 0)
    }

    /// Writes the header or the next rows into the buffer; false at the end.
    fn fill(&mut self) -> io::Result<bool> {
        if self.next.is_some_and(|next| next >= self.rows) {
            return Ok(false);
        }
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear();
        let mut writer = csv::Writer::from_writer(buffer);
        match self.next {
            None => {
                writer.write_record(self.header)?;
                self.next = Some(0);
            }
            Some(start) => {
                let end = (start + ROWS_PER_FILL).min(self.rows);
                for i in start..end {
                    writer.write_record(self.columns.iter().map(|c| c.map_or("", |c| c[i])))?;
                }
                self.next = Some(end);
            }
        }
        self.buffer = writer.into_inner().map_err(|e| e.into_error())?;
        self.at = 0;
        Ok(true)
    }
}

impl Read for FrameCsv<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.at == self.buffer.len() {
            if !self.fill()? {
                return Ok(0);
            }
        }
        let n = out.len().min(self.buffer.len() - self.at);
        out[..n].copy_from_slice(&self.buffer[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
