//! Opening Excel workbooks within fixed bounds. A workbook is a compressed or indexed format
//! whose reader allocates what the file declares (a sheet's extent, a string table's count),
//! so every such figure is checked against [`Limit`]s before the reader sees the file:
//! a 10 KB file must never ask for gigabytes.
//!
//! Memory of one workbook read is at most about [`MAX_UNZIPPED_BYTES`] of XML text (XLSX),
//! the sheet's cells ([`MAX_SHEET_CELLS`] × 32 bytes) and [`MAX_TEXT_BYTES`] of cell text, on
//! top of the upload itself.

mod cfb;
mod xls;
mod xlsx;

use calamine::{Data, Range};

pub(crate) use xls::first_sheet as xls_first_sheet;
pub(crate) use xlsx::first_sheet as xlsx_first_sheet;

use super::FileError;

/// Rows of a sheet: Excel's own maximum.
pub const MAX_SHEET_ROWS: u64 = 1_048_576;
/// Columns of a sheet (the platforms' exports have fewer than a hundred).
pub const MAX_SHEET_COLUMNS: u64 = 256;
/// Cells of the rectangle a sheet spans (rows × columns), counted over every sheet a reader
/// builds; a larger export is read as CSV, which is streamed.
pub const MAX_SHEET_CELLS: u64 = 2_000_000;
/// Bytes of text held for the cells (a shared string counts once for each cell showing it).
pub const MAX_TEXT_BYTES: u64 = 64 << 20;
/// Bytes of an XLSX archive once unzipped, all members together.
pub const MAX_UNZIPPED_BYTES: u64 = 128 << 20;
/// Members of an XLSX archive (a workbook has a few dozen).
pub const MAX_ZIP_ENTRIES: u64 = 1_000;

/// Which bound a workbook broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Rows,
    Columns,
    Cells,
    TextBytes,
    UnzippedBytes,
    ZipEntries,
}

impl Limit {
    /// The bound's value.
    pub fn max(self) -> u64 {
        match self {
            Limit::Rows => MAX_SHEET_ROWS,
            Limit::Columns => MAX_SHEET_COLUMNS,
            Limit::Cells => MAX_SHEET_CELLS,
            Limit::TextBytes => MAX_TEXT_BYTES,
            Limit::UnzippedBytes => MAX_UNZIPPED_BYTES,
            Limit::ZipEntries => MAX_ZIP_ENTRIES,
        }
    }

    /// Its message key's last part (`import-limit-rows` …).
    pub fn key(self) -> &'static str {
        match self {
            Limit::Rows => "import-limit-rows",
            Limit::Columns => "import-limit-columns",
            Limit::Cells => "import-limit-cells",
            Limit::TextBytes => "import-limit-text",
            Limit::UnzippedBytes => "import-limit-unzipped",
            Limit::ZipEntries => "import-limit-entries",
        }
    }

    /// `Err(TooLarge)` when `found` is over the bound.
    pub fn check(self, found: u64) -> Result<(), FileError> {
        if found > self.max() {
            Err(FileError::TooLarge { limit: self, found })
        } else {
            Ok(())
        }
    }
}

/// The rectangle of cells a sheet spans, grown cell by cell and checked as it grows.
#[derive(Clone, Copy, Debug, Default)]
struct Extent {
    rows: Option<(u32, u32)>,
    columns: Option<(u32, u32)>,
}

impl Extent {
    /// Takes in the cell at (`row`, `column`), both 0-based.
    fn take(&mut self, row: u32, column: u32) -> Result<(), FileError> {
        Limit::Rows.check(u64::from(row) + 1)?;
        Limit::Columns.check(u64::from(column) + 1)?;
        self.rows = Some(widen(self.rows, row));
        self.columns = Some(widen(self.columns, column));
        Limit::Cells.check(self.cells())
    }

    /// Cells of the rectangle: what a dense sheet of this extent allocates.
    fn cells(&self) -> u64 {
        let span = |range: Option<(u32, u32)>| range.map_or(0, |(a, b)| u64::from(b - a) + 1);
        span(self.rows) * span(self.columns)
    }
}

fn widen(range: Option<(u32, u32)>, at: u32) -> (u32, u32) {
    match range {
        None => (at, at),
        Some((low, high)) => (low.min(at), high.max(at)),
    }
}

/// Checks a declared extent (first and last row, first and last column, inclusive) as the
/// reader would allocate it.
fn check_declared(rows: (u64, u64), columns: (u64, u64)) -> Result<(), FileError> {
    let span = |(first, last): (u64, u64)| last.saturating_sub(first) + 1;
    Limit::Rows.check(rows.1.max(rows.0) + 1)?;
    Limit::Columns.check(columns.1.max(columns.0) + 1)?;
    Limit::Cells.check(span(rows).saturating_mul(span(columns)))
}

/// A workbook reader's own error, for the log: the person is told the file is unreadable.
fn unreadable(e: &dyn std::fmt::Display) -> FileError {
    FileError::Unreadable {
        detail: e.to_string(),
    }
}

/// Runs a workbook reader, which may panic on a damaged file (a truncated XLS slices past its
/// end): an upload must not take the request down with it. Allocation failures cannot be
/// caught; the bounds checked before make them impossible.
fn guarded(
    read: impl FnOnce() -> Result<Range<Data>, FileError>,
) -> Result<Range<Data>, FileError> {
    let range =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
            Err(FileError::Unreadable {
                detail: "the workbook reader gave up on a damaged file".into(),
            })
        })?;
    if range.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(range)
}

#[cfg(test)]
mod tests;
