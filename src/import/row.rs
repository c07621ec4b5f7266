//! Reading the cells of one data row with every problem recorded against its line and
//! column, and the date rules both kinds of file share.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::header::{Field, Header};
use super::table::{Cell, Row, Table};
use super::values::{self, Bad};
use super::{EARLIEST_DATE, FileError, RowError, RowErrors};
use crate::i18n::Msg;

/// Reads a cell as a value; `Ok(None)` when blank.
pub(crate) type Read<'r, T> = fn(Cell<'r>) -> Result<Option<T>, Bad>;

/// A problem was recorded already.
struct Reported;

/// One data row being read. Any problem marks it failed, so it is not yielded.
pub(crate) struct RowReader<'r, 'h> {
    pub line: u64,
    row: Row<'r>,
    header: &'h Header,
    errors: &'h mut RowErrors,
    pub failed: bool,
}

impl<'r, 'h> RowReader<'r, 'h> {
    pub fn new(line: u64, row: Row<'r>, header: &'h Header, errors: &'h mut RowErrors) -> Self {
        Self {
            line,
            row,
            header,
            errors,
            failed: false,
        }
    }

    /// The cell of a field; empty when the file has no such column.
    pub fn cell(&self, field: usize) -> Cell<'r> {
        match self.header.columns.get(field).copied().flatten() {
            Some(column) => self.row.cell(column),
            None => Cell::Empty,
        }
    }

    /// A field's header as written in the file.
    pub fn name(&self, field: usize) -> &'h str {
        self.header.name(field)
    }

    /// Records a problem in a field's column.
    pub fn report(&mut self, field: usize, msg: Msg) {
        self.failed = true;
        let column = Some(self.name(field).to_string());
        self.errors.push(RowError::new(self.line, column, msg));
    }

    /// A field that may be blank.
    pub fn optional<T>(&mut self, field: usize, read: Read<'r, T>) -> Option<T> {
        self.read(field, read).ok().flatten()
    }

    /// A field that must have a value.
    pub fn required<T>(&mut self, field: usize, read: Read<'r, T>) -> Option<T> {
        match self.read(field, read) {
            Ok(Some(value)) => Some(value),
            Ok(None) => {
                let msg = Msg::new("import-value-missing").arg("column", self.name(field));
                self.report(field, msg);
                None
            }
            Err(Reported) => None,
        }
    }

    fn read<T>(&mut self, field: usize, read: Read<'r, T>) -> Result<Option<T>, Reported> {
        let cell = self.cell(field);
        read(cell).map_err(|bad| {
            let msg = bad_value(bad, self.name(field), cell);
            self.report(field, msg);
            Reported
        })
    }

    pub fn count(&mut self, field: usize) -> Option<i64> {
        self.required(field, values::count)
    }

    pub fn money(&mut self, field: usize) -> Option<Decimal> {
        self.required(field, values::money)
    }

    /// The row's date, within 2000-01-01 ..= today.
    pub fn date(&mut self, field: usize, today: NaiveDate) -> Option<NaiveDate> {
        let date = self.required(field, values::date)?;
        let problem = if date > today {
            Some(Msg::new("import-date-in-future").arg("today", today))
        } else if date < EARLIEST_DATE {
            Some(Msg::new("import-date-too-early"))
        } else {
            None
        };
        match problem {
            Some(msg) => {
                self.report(field, msg.arg("date", date));
                None
            }
            None => Some(date),
        }
    }
}

/// The message for a value its column cannot take.
fn bad_value(bad: Bad, column: &str, cell: Cell<'_>) -> Msg {
    let key = match bad {
        Bad::NotDate => "import-not-a-date",
        Bad::NotNumber => "import-not-a-number",
        Bad::NotWhole => "import-not-whole",
        Bad::Negative => "import-negative",
        Bad::TooLarge => "import-too-large",
        Bad::ExcelError => "import-excel-error",
    };
    Msg::new(key)
        .arg("column", column)
        .arg("value", values::shown(cell))
}

/// The days seen in a file and the line of each one's first row. A flat table indexed by
/// days since 2000-01-01: dates are checked to lie between then and today before they get
/// here, so it stays small (under 4 KiB per year) and needs no hashing.
#[derive(Debug, Default)]
pub(crate) struct SeenDays {
    first_lines: Vec<u64>,
    count: usize,
}

impl SeenDays {
    /// Records a day's line; returns the earlier line when the day was already seen.
    pub fn insert(&mut self, date: NaiveDate, line: u64) -> Option<u64> {
        let index = usize::try_from((date - EARLIEST_DATE).num_days()).ok()?;
        if index >= self.first_lines.len() {
            self.first_lines.resize(index + 1, 0);
        }
        match self.first_lines[index] {
            0 => {
                self.first_lines[index] = line.max(1);
                self.count += 1;
                None
            }
            earlier => Some(earlier),
        }
    }

    /// The distinct days, in order.
    pub fn dates(&self) -> Vec<NaiveDate> {
        let mut dates = Vec::with_capacity(self.count);
        let mut day = EARLIEST_DATE;
        for &line in &self.first_lines {
            if line != 0 {
                dates.push(day);
            }
            day = day.succ_opt().unwrap_or(day);
        }
        dates
    }
}

/// The message naming both lines of a repeated day.
pub(crate) fn duplicate_date(date: NaiveDate, first: u64, line: u64) -> Msg {
    Msg::new("import-duplicate-date")
        .arg("date", date)
        .arg("first", first)
        .arg("line", line)
}

/// The data rows below a file's header, with the errors found so far.
pub(crate) struct Rows<'a> {
    table: Table<'a>,
    header: Header,
    errors: RowErrors,
    /// Data rows read so far, blank rows not counted.
    pub read: u64,
    /// Added to every line number: the lines of the file before this piece of it.
    offset: u64,
}

/// What reading one piece of a longer file leaves for the next piece.
#[derive(Debug, Default)]
pub(crate) struct Carried {
    pub errors: RowErrors,
    pub read: u64,
}

impl<'a> Rows<'a> {
    /// Opens an upload and finds its header row among the first lines.
    pub fn open(bytes: &'a [u8], fields: &[Field]) -> Result<Self, FileError> {
        Self::resume(bytes, fields, Carried::default(), 0)
    }

    /// Opens a later piece of a file (its header lines, then its next lines), going on from
    /// what the pieces before it left; its lines are numbered `offset` further on.
    pub fn resume(
        bytes: &'a [u8],
        fields: &[Field],
        carried: Carried,
        offset: u64,
    ) -> Result<Self, FileError> {
        let (table, header) = Table::open(bytes, fields)?;
        Ok(Self {
            table,
            header,
            errors: carried.errors,
            read: carried.read,
            offset,
        })
    }

    /// What the next piece goes on from.
    pub fn pause(self) -> Carried {
        Carried {
            errors: self.errors,
            read: self.read,
        }
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    pub fn errors(&self) -> &RowErrors {
        &self.errors
    }

    /// The next data row that is not blank; `date_field` is looked at first, as a row with
    /// a date is never blank.
    pub fn next(&mut self, date_field: usize) -> Option<RowReader<'_, '_>> {
        let date_column = self.header.columns.get(date_field).copied().flatten();
        let line = loop {
            let kept = self.errors.errors.len();
            let advanced = self.table.advance(&mut self.errors);
            for e in &mut self.errors.errors[kept..] {
                e.line += self.offset;
            }
            let line = advanced?;
            let row = self.table.current();
            let dated = date_column.map(|c| row.cell(c));
            if !matches!(dated, Some(Cell::Empty) | None) || !row.is_blank() {
                break line + self.offset;
            }
        };
        self.read += 1;
        let row = self.table.current();
        Some(RowReader::new(line, row, &self.header, &mut self.errors))
    }

    /// The errors of the whole file, once every row was read; a file without data rows is
    /// a file-level error.
    pub fn finish(self) -> Result<RowErrors, FileError> {
        if self.read == 0 && self.errors.is_empty() {
            return Err(FileError::NoRows {
                header_line: self.header.line,
            });
        }
        Ok(self.errors)
    }
}
