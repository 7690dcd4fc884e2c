//! A compressed sparse row (CSR) matrix of documents x features.
//!
//! linfa 0.8's classifiers only take dense `Array2` input; a dense TF-IDF matrix of 20,000
//! documents x 30,000 terms is gigabytes. This type keeps only the non-zero entries and
//! implements linfa's `Records` trait, so our models can still be used through linfa's
//! `Fit` / `Predict` / `Dataset` machinery.

use std::ops::Range;

use linfa::dataset::Records;

use crate::prefetch::prefetch;

/// Rows are documents, columns are features; `indices` within a row are strictly increasing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CsrMatrix {
    ncols: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    data: Vec<f64>,
}

/// One row of a [`CsrMatrix`]: parallel slices of column indices and values.
#[derive(Debug, Clone, Copy)]
pub struct SparseRow<'a> {
    pub indices: &'a [u32],
    pub values: &'a [f64],
}

impl<'a> SparseRow<'a> {
    /// Dot product with a dense weight vector (columns outside `w` count as zero).
    pub fn dot(&self, w: &[f64]) -> f64 {
        let mut sum = 0.0;
        for (&j, &v) in self.indices.iter().zip(self.values) {
            if let Some(wj) = w.get(j as usize) {
                sum += wj * v;
            }
        }
        sum
    }

    /// `w += scale * row`, the update step of every linear solver here.
    pub fn add_to(&self, w: &mut [f64], scale: f64) {
        for (&j, &v) in self.indices.iter().zip(self.values) {
            if let Some(wj) = w.get_mut(j as usize) {
                *wj += scale * v;
            }
        }
    }

    pub fn squared_norm(&self) -> f64 {
        self.values.iter().map(|v| v * v).sum()
    }

    pub fn iter(&self) -> impl Iterator<Item = (usize, f64)> + 'a {
        self.indices
            .iter()
            .zip(self.values)
            .map(|(&j, &v)| (j as usize, v))
    }
}

/// At most this many cache lines of a row's indices, and as many of its values, are
/// prefetched: past that the CPU's own prefetcher has noticed the row is read in order.
const PREFETCH_LINES: usize = 8;

impl CsrMatrix {
    /// An empty matrix with `ncols` columns, ready for [`CsrMatrix::push_row`].
    pub fn new(ncols: usize) -> Self {
        CsrMatrix {
            ncols,
            indptr: vec![0],
            indices: Vec::new(),
            data: Vec::new(),
        }
    }

    /// An empty matrix with room for `rows` rows holding `nnz` entries in all: filling it
    /// that far never moves it (growing by doubling could hold twice its size at once).
    pub fn with_capacity(ncols: usize, rows: usize, nnz: usize) -> Self {
        let mut indptr = Vec::with_capacity(rows + 1);
        indptr.push(0);
        CsrMatrix {
            ncols,
            indptr,
            indices: Vec::with_capacity(nnz),
            data: Vec::with_capacity(nnz),
        }
    }

    /// Appends the rows of `other`, which has the same column count.
    pub fn append(&mut self, other: &CsrMatrix) {
        debug_assert_eq!(self.ncols, other.ncols);
        let offset = self.indices.len();
        self.indices.extend_from_slice(&other.indices);
        self.data.extend_from_slice(&other.data);
        self.indptr
            .extend(other.indptr[1..].iter().map(|&end| end + offset));
    }

    /// Appends a row given as (column, value) pairs sorted by column with no repeats.
    /// Columns >= `ncols` are a programming error and are dropped in release builds.
    pub fn push_row(&mut self, entries: impl IntoIterator<Item = (u32, f64)>) {
        for (j, v) in entries {
            debug_assert!((j as usize) < self.ncols, "column {j} out of range");
            debug_assert!(
                self.indices.len() == *self.indptr.last().unwrap_or(&0)
                    || self.indices.last().is_some_and(|&last| last < j)
            );
            if (j as usize) < self.ncols {
                self.indices.push(j);
                self.data.push(v);
            }
        }
        self.indptr.push(self.indices.len());
    }

    pub fn nrows(&self) -> usize {
        self.indptr.len() - 1
    }

    pub fn ncols(&self) -> usize {
        self.ncols
    }

    /// Number of stored (non-zero) entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    pub fn row(&self, i: usize) -> SparseRow<'_> {
        self.row_at(self.row_range(i))
    }

    /// Where row `i`'s entries sit, for callers that keep it beside other per-row data (see
    /// [`CsrMatrix::row_at`]).
    pub fn row_range(&self, i: usize) -> Range<usize> {
        self.indptr[i]..self.indptr[i + 1]
    }

    /// The row whose entries sit at `range`, as given by [`CsrMatrix::row_range`].
    pub fn row_at(&self, range: Range<usize>) -> SparseRow<'_> {
        SparseRow {
            indices: &self.indices[range.clone()],
            values: &self.data[range],
        }
    }

    /// Starts loading the row at `range` into cache (see [`crate::prefetch`]), for loops
    /// that visit rows out of order and know which comes next.
    pub fn prefetch_row(&self, range: &Range<usize>) {
        if let (Some(indices), Some(values)) = (self.indices.get(range.clone()), self.data.get(range.clone()))
        {
            for index in indices.iter().step_by(16).take(PREFETCH_LINES) {
                prefetch(index);
            }
            for value in values.iter().step_by(8).take(PREFETCH_LINES) {
                prefetch(value);
            }
        }
    }

    pub fn rows(&self) -> impl Iterator<Item = SparseRow<'_>> + '_ {
        (0..self.nrows()).map(|i| self.row(i))
    }

    /// A new matrix holding the given rows, in the given order (used for folds and splits).
    pub fn select_rows(&self, rows: &[usize]) -> CsrMatrix {
        let mut out = CsrMatrix::new(self.ncols);
        for &i in rows {
            let row = self.row(i);
            out.indices.extend_from_slice(row.indices);
            out.data.extend_from_slice(row.values);
            out.indptr.push(out.indices.len());
        }
        out
    }

    /// Stacks matrices with the same column count on top of each other.
    pub fn vstack(parts: &[CsrMatrix]) -> CsrMatrix {
        let ncols = parts.first().map_or(0, |p| p.ncols);
        let rows = parts.iter().map(CsrMatrix::nrows).sum();
        let nnz = parts.iter().map(CsrMatrix::nnz).sum();
        let mut out = CsrMatrix::with_capacity(ncols, rows, nnz);
        for part in parts {
            out.append(part);
        }
        out
    }
}

impl Records for CsrMatrix {
    type Elem = f64;

    fn nsamples(&self) -> usize {
        self.nrows()
    }

    fn nfeatures(&self) -> usize {
        self.ncols
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> CsrMatrix {
        let mut m = CsrMatrix::new(4);
        m.push_row([(0, 1.0), (3, 2.0)]);
        m.push_row([]);
        m.push_row([(1, -1.0), (2, 0.5)]);
        m
    }

    #[test]
    fn shape_and_rows() {
        let m = sample();
        assert_eq!((m.nrows(), m.ncols(), m.nnz()), (3, 4, 4));
        assert_eq!(m.row(1).indices.len(), 0);
        assert_eq!(m.row(2).indices, &[1, 2]);
        assert_eq!(m.nsamples(), 3);
        assert_eq!(m.nfeatures(), 4);
    }

    #[test]
    fn dot_and_update() {
        let m = sample();
        let w = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(m.row(0).dot(&w), 9.0);
        assert_eq!(m.row(2).dot(&w), -0.5);
        let mut w = vec![0.0; 4];
        m.row(0).add_to(&mut w, 2.0);
        assert_eq!(w, vec![2.0, 0.0, 0.0, 4.0]);
        assert_eq!(m.row(0).squared_norm(), 5.0);
    }

    #[test]
    fn select_and_stack_keep_row_contents() {
        let m = sample();
        let s = m.select_rows(&[2, 0]);
        assert_eq!(s.row(0).indices, &[1, 2]);
        assert_eq!(s.row(1).values, &[1.0, 2.0]);
        let st = CsrMatrix::vstack(&[s.clone(), m.clone()]);
        assert_eq!(st.nrows(), 5);
        assert_eq!(st.row(4).indices, m.row(2).indices);
    }
}
