//! Reading the daily figures and spend that operators export from the platforms' back-offices
//! (生意参谋, 直通车 …): CSV in UTF-8 or GBK, XLSX or XLS, validated row by row and streamed.
//!
//! Pure: no database, no HTTP. A reader finds the header row below any title lines, then
//! yields valid rows one at a time (for `COPY … FROM STDIN`) while it collects every invalid
//! row's line, column and message and a summary for the upload preview. The contract's upload
//! is all or nothing: store the rows only when the finished report has no errors.
//!
//! ```ignore
//! let mut reader = ActualsReader::new(&body, today)?;       // FileError: 422 for the file
//! let prefix = CopyPrefix::new(&[&tenant, &shop, &import]);
//! let mut buf = Vec::with_capacity(1 << 20);
//! for row in reader.by_ref() {
//!     write_actual(&mut buf, &prefix, &row);                 // then send buf when it is large
//! }
//! let report = reader.finish()?;                             // every error, the summary
//! if !report.is_valid() { /* roll back; 422 invalid_rows with report.errors.details() */ }
//! ```
//!
//! A preview page reads the file once with `preview_actuals` (rows are not kept); small
//! files and tests may use `read_actuals`, which returns every row or every error.

mod actuals;
mod bulk;
mod cell;
mod copy;
mod decode;
mod header;
mod row;
mod segment;
mod spend;
mod table;
mod values;
mod workbook;

#[cfg(test)]
mod tests;

pub use actuals::{ActualRow, ActualsReader, ActualsSummary, preview_actuals, read_actuals};
pub use bulk::{BulkActualsReader, BulkRow, BulkState, BulkSummary, ShopSpan};
pub use copy::{ACTUAL_COLUMNS, CopyPrefix, SPEND_COLUMNS, write_actual, write_spend};
pub use header::HEADER_SEARCH_ROWS;
pub use segment::{BulkStream, PIECE_BYTES};
pub use spend::{SpendReader, SpendRow, SpendSummary, preview_spend, read_spend};
pub use values::{MAX_COUNT, MAX_MONEY};
pub use workbook::Limit;

use crate::error::ErrorDetail;
use crate::i18n::Msg;

/// At most this many row errors are kept; the rest are only counted.
pub const MAX_REPORTED_ERRORS: usize = 1000;

/// Dates before this are refused as mistyped years.
pub const EARLIEST_DATE: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(date) => date,
    None => chrono::NaiveDate::MIN,
};

/// One invalid row (a row may have several): where it is and what to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line in the file (the spreadsheet row number for workbooks), title lines counted.
    pub line: u64,
    /// The column's header as written in the file, e.g. `访客数`.
    pub column: Option<String>,
    pub msg: Msg,
}

impl RowError {
    pub(crate) fn new(line: u64, column: Option<String>, msg: Msg) -> Self {
        Self { line, column, msg }
    }
}

/// The invalid rows of a file: the first [`MAX_REPORTED_ERRORS`] in file order, and a count
/// of the rest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowErrors {
    pub errors: Vec<RowError>,
    /// Errors found but not kept.
    pub omitted: u64,
}

impl RowErrors {
    pub(crate) fn push(&mut self, error: RowError) {
        if self.errors.len() < MAX_REPORTED_ERRORS {
            self.errors.push(error);
        } else {
            self.omitted += 1;
        }
    }

    /// No error at all.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.omitted == 0
    }

    /// Every error found, kept or not.
    pub fn total(&self) -> u64 {
        self.errors.len() as u64 + self.omitted
    }

    /// The errors as the contract's `details` (`line`, `column`, `message`), followed by a
    /// line-less note when some were omitted.
    pub fn details(&self) -> Vec<ErrorDetail> {
        let mut details: Vec<ErrorDetail> = self
            .errors
            .iter()
            .map(|e| ErrorDetail::line(e.line, e.column.clone(), e.msg.clone()))
            .collect();
        if let Some(msg) = self.omitted_msg() {
            details.push(ErrorDetail {
                field: None,
                line: None,
                column: None,
                msg,
            });
        }
        details
    }

    /// "… and N more errors", when the list was cut.
    pub fn omitted_msg(&self) -> Option<Msg> {
        (self.omitted > 0).then(|| Msg::new("import-more-errors").arg("count", self.omitted))
    }
}

/// Why a whole file cannot be read. Report as a 422 with [`FileError::msg`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("the file is empty")]
    Empty,
    /// A workbook (by its first bytes) that cannot be read; `detail` is the reader's own
    /// words, for the log, not for the person.
    #[error("the workbook cannot be read: {detail}")]
    Unreadable { detail: String },
    /// No row near the top names the columns; `expected` describes the required ones.
    #[error("no header row")]
    NoHeader { expected: Vec<String> },
    /// The row most like a header (at `line`) lacks required columns.
    #[error("missing columns {missing:?}")]
    MissingColumns {
        line: u64,
        missing: Vec<String>,
        found: Vec<String>,
    },
    /// A spend file without a category column, uploaded without a default category.
    #[error("no category")]
    NoCategory,
    /// A header row and nothing below it.
    #[error("no data rows")]
    NoRows { header_line: u64 },
    /// A workbook over one of the readers' bounds, refused before it is built.
    #[error("over the {limit:?} limit: {found}")]
    TooLarge { limit: Limit, found: u64 },
}

impl FileError {
    /// The message to show a person.
    pub fn msg(&self) -> Msg {
        match self {
            FileError::Empty => Msg::new("import-file-empty"),
            FileError::Unreadable { .. } => Msg::new("import-file-unreadable"),
            FileError::NoHeader { expected } => Msg::new("import-file-no-header")
                .arg("rows", HEADER_SEARCH_ROWS)
                .arg("expected", expected.join(", ")),
            FileError::MissingColumns {
                line,
                missing,
                found,
            } => Msg::new("import-file-missing-columns")
                .arg("line", line)
                .arg("missing", missing.join(", "))
                .arg("found", found.join(", ")),
            FileError::NoCategory => Msg::new("import-file-no-category"),
            FileError::NoRows { header_line } => {
                Msg::new("import-file-no-rows").arg("line", header_line)
            }
            FileError::TooLarge { limit, found } => Msg::new(limit.key())
                .arg("max", limit.max())
                .arg("found", found),
        }
    }
}

/// What a finished read found: the preview of an upload.
#[derive(Clone, Debug, PartialEq)]
pub struct Report<S> {
    pub summary: S,
    pub errors: RowErrors,
}

impl<S> Report<S> {
    /// True when the file can be stored: no row has an error.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Why an all-or-nothing read stored nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error(transparent)]
    File(#[from] FileError),
    #[error("{} invalid rows", .0.total())]
    Rows(RowErrors),
}
