//! The cells of one row, as CSV text or as a workbook's typed values.

use calamine::{Data, Range};
use chrono::NaiveDate;

use super::values::is_blank;

/// One cell's value, borrowed from the current row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Cell<'r> {
    Empty,
    /// Text as UTF-8 bytes: CSV fields are checked only when the fast paths cannot read them.
    Text(&'r [u8]),
    /// A number cell of a workbook.
    Number(f64),
    /// A date cell of a workbook.
    Date(NaiveDate),
    /// An Excel error value such as `#DIV/0!`.
    Error(&'r calamine::CellErrorType),
}

/// The current row of a table.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Row<'r> {
    Csv(&'r csv::ByteRecord),
    /// A worksheet and a row index within it.
    Sheet(&'r Range<Data>, usize),
}

impl<'r> Row<'r> {
    /// The cell at a column index; past the end of a short row it is empty.
    pub fn cell(&self, column: usize) -> Cell<'r> {
        match *self {
            Row::Csv(record) => match record.get(column) {
                None | Some([]) => Cell::Empty,
                Some(text) => Cell::Text(text),
            },
            Row::Sheet(range, row) => range.get((row, column)).map_or(Cell::Empty, sheet_cell),
        }
    }

    /// Whether every cell is blank (Excel writes such rows as `,,,,`).
    pub fn is_blank(&self) -> bool {
        match self {
            Row::Csv(record) => record.iter().all(is_blank),
            Row::Sheet(..) => (0..self.width()).all(|c| match self.cell(c) {
                Cell::Empty => true,
                Cell::Text(s) => is_blank(s),
                _ => false,
            }),
        }
    }

    /// Every cell as text, for header matching.
    pub fn texts(&self) -> Vec<String> {
        match self {
            Row::Csv(record) => record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect(),
            Row::Sheet(range, row) => (0..range.width())
                .map(|c| {
                    range
                        .get((*row, c))
                        .map_or_else(String::new, ToString::to_string)
                })
                .collect(),
        }
    }

    fn width(&self) -> usize {
        match self {
            Row::Csv(record) => record.len(),
            Row::Sheet(range, _) => range.width(),
        }
    }
}

fn sheet_cell(data: &Data) -> Cell<'_> {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.as_bytes()),
        Data::Float(f) => Cell::Number(*f),
        // Whole numbers above 2^53 are no count anyone uploads; they fail as too large.
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(true) => Cell::Text(b"TRUE"),
        Data::Bool(false) => Cell::Text(b"FALSE"),
        Data::DateTime(d) if d.is_datetime() => d
            .as_datetime()
            .map_or(Cell::Number(d.as_f64()), |t| Cell::Date(t.date())),
        Data::DateTime(d) => Cell::Number(d.as_f64()),
        Data::Error(e) => Cell::Error(e),
    }
}
