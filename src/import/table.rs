//! One way to walk the rows of any upload, CSV or workbook, with the line number a person
//! sees in a text editor or as Excel's row number, title lines included.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Range, Reader, Xls, Xlsx};
use chrono::NaiveDate;

use super::decode::{Source, detect};
use super::header::{Field, HEADER_SEARCH_ROWS, Header, HeaderSearch};
use super::{FileError, RowError, RowErrors};
use crate::i18n::Msg;

/// One cell's value, borrowed from the current row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Cell<'r> {
    Empty,
    Text(&'r str),
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
            Row::Csv(record) => match record.get(column).map(std::str::from_utf8) {
                None => Cell::Empty,
                Some(Ok(text)) if text.is_empty() => Cell::Empty,
                Some(Ok(text)) => Cell::Text(text),
                // The text was decoded to UTF-8 before parsing, and fields split at ASCII.
                Some(Err(_)) => Cell::Text("\u{fffd}"),
            },
            Row::Sheet(range, row) => range.get((row, column)).map_or(Cell::Empty, sheet_cell),
        }
    }

    /// Whether every cell is blank (Excel writes such rows as `,,,,`).
    pub fn is_blank(&self) -> bool {
        match self {
            Row::Csv(record) => record.iter().all(|f| f.trim_ascii().is_empty()),
            Row::Sheet(..) => (0..self.width()).all(|c| match self.cell(c) {
                Cell::Empty => true,
                Cell::Text(s) => s.trim().is_empty(),
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
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s),
        Data::Float(f) => Cell::Number(*f),
        // Whole numbers above 2^53 are no count anyone uploads; they fail as too large.
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(true) => Cell::Text("TRUE"),
        Data::Bool(false) => Cell::Text("FALSE"),
        Data::DateTime(d) if d.is_datetime() => d
            .as_datetime()
            .map_or(Cell::Number(d.as_f64()), |t| Cell::Date(t.date())),
        Data::DateTime(d) => Cell::Number(d.as_f64()),
        Data::Error(e) => Cell::Error(e),
    }
}

type CsvReader<'a> = csv::Reader<Cursor<Cow<'a, [u8]>>>;

/// Line numbers as a text editor shows them. The csv crate's own count is off after CRLF
/// and blank lines (its record positions point at the previous terminator), so lines are
/// counted here from the records' byte offsets, in one pass over the text.
#[derive(Debug)]
pub(crate) struct LineCounter {
    /// `\n`, or `\r` for old Mac files that have no `\n` at all.
    line_break: u8,
    counted: usize,
    line: u64,
}

impl LineCounter {
    fn new(data: &[u8]) -> Self {
        let line_break = if data.contains(&b'\n') { b'\n' } else { b'\r' };
        Self {
            line_break,
            counted: 0,
            line: 1,
        }
    }

    /// The line of the record at this position: its first byte after any line breaks.
    fn line_at(&mut self, data: &[u8], position: Option<&csv::Position>) -> u64 {
        let offset = position.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let rest = data.get(offset..).unwrap_or_default();
        let start = offset
            + rest
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        if let Some(skipped) = data.get(self.counted..start) {
            let breaks = skipped.iter().filter(|&&b| b == self.line_break).count();
            self.line += breaks as u64;
            self.counted = start;
        }
        self.line
    }
}

/// The rows of an upload, read one at a time.
pub(crate) enum Table<'a> {
    Csv {
        reader: CsvReader<'a>,
        record: csv::ByteRecord,
        lines: LineCounter,
        done: bool,
    },
    Sheet {
        range: Range<Data>,
        next: usize,
        first_line: u64,
    },
}

impl<'a> Table<'a> {
    /// Opens an upload and finds its header row, trying commas, then tabs for delimited text.
    pub fn open(bytes: &'a [u8], fields: &[Field]) -> Result<(Self, Header), FileError> {
        match detect(bytes)? {
            Source::Xlsx => Self::sheet(first_sheet::<Xlsx<_>>(bytes)?).with_header(fields),
            Source::Xls => Self::sheet(first_sheet::<Xls<_>>(bytes)?).with_header(fields),
            Source::Text(text) => Self::delimited(text, fields),
        }
    }

    fn delimited(text: Cow<'a, str>, fields: &[Field]) -> Result<(Self, Header), FileError> {
        let data = match text {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        };
        let (mut table, mut search) = match Self::csv(data, b',').search_header(fields) {
            Ok(found) => return Ok(found),
            Err(failed) => failed,
        };
        let data = table.take_data();
        match Self::csv(data, b'\t').search_header(fields) {
            Ok(found) => Ok(found),
            Err((_, tab_search)) => {
                // Report against the delimiter under which something looked like a header.
                if tab_search.found_any() && !search.found_any() {
                    search = tab_search;
                }
                Err(search.into_error(fields))
            }
        }
    }

    fn csv(data: Cow<'a, [u8]>, delimiter: u8) -> Self {
        let lines = LineCounter::new(&data);
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(Cursor::new(data));
        Table::Csv {
            reader,
            record: csv::ByteRecord::new(),
            lines,
            done: false,
        }
    }

    fn sheet(range: Range<Data>) -> Self {
        let first_line = range.start().map_or(1, |(row, _)| u64::from(row) + 1);
        Table::Sheet {
            range,
            next: 0,
            first_line,
        }
    }

    fn take_data(&mut self) -> Cow<'a, [u8]> {
        match self {
            Table::Csv { reader, .. } => std::mem::take(reader.get_mut().get_mut()),
            Table::Sheet { .. } => Cow::Borrowed(&[]),
        }
    }

    fn with_header(self, fields: &[Field]) -> Result<(Self, Header), FileError> {
        self.search_header(fields)
            .map_err(|(_, search)| search.into_error(fields))
    }

    /// Reads rows from the top until one has every required field.
    fn search_header(mut self, fields: &[Field]) -> Result<(Self, Header), (Self, HeaderSearch)> {
        let mut search = HeaderSearch::default();
        let mut ignored = RowErrors::default();
        for _ in 0..HEADER_SEARCH_ROWS {
            let Some(line) = self.advance(&mut ignored) else {
                break;
            };
            if let Some(header) = search.offer(line, &self.current(), fields) {
                return Ok((self, header));
            }
        }
        Err((self, search))
    }

    /// Moves to the next row and returns its line number; `None` at the end. A line the CSV
    /// reader cannot read ends the table with an error at that line.
    pub fn advance(&mut self, errors: &mut RowErrors) -> Option<u64> {
        match self {
            Table::Csv {
                reader,
                record,
                lines,
                done,
            } => {
                if *done {
                    return None;
                }
                let result = reader.read_byte_record(record);
                let data = reader.get_ref().get_ref();
                match result {
                    Ok(true) => Some(lines.line_at(data, record.position())),
                    Ok(false) => None,
                    Err(e) => {
                        *done = true;
                        let line = lines.line_at(data, e.position());
                        let msg = Msg::new("import-unreadable-line").arg("detail", e);
                        errors.push(RowError::new(line, None, msg));
                        None
                    }
                }
            }
            Table::Sheet {
                range,
                next,
                first_line,
            } => {
                if *next >= range.height() {
                    return None;
                }
                *next += 1;
                Some(*first_line + *next as u64 - 1)
            }
        }
    }

    /// The row [`Table::advance`] moved to.
    pub fn current(&self) -> Row<'_> {
        match self {
            Table::Csv { record, .. } => Row::Csv(record),
            Table::Sheet { range, next, .. } => Row::Sheet(range, next.saturating_sub(1)),
        }
    }
}

/// The first worksheet of a workbook; a workbook calamine cannot open is `Unreadable`.
fn first_sheet<'b, R>(bytes: &'b [u8]) -> Result<Range<Data>, FileError>
where
    R: Reader<Cursor<&'b [u8]>>,
    R::Error: std::fmt::Display,
{
    // calamine panics on some damaged files (a truncated XLS slices past its end): an upload
    // must not take the request down with it.
    std::panic::catch_unwind(|| read_first_sheet::<R>(bytes)).unwrap_or_else(|_| {
        Err(FileError::Unreadable {
            detail: "the workbook reader gave up on a damaged file".into(),
        })
    })
}

fn read_first_sheet<'b, R>(bytes: &'b [u8]) -> Result<Range<Data>, FileError>
where
    R: Reader<Cursor<&'b [u8]>>,
    R::Error: std::fmt::Display,
{
    let unreadable = |e: &dyn std::fmt::Display| FileError::Unreadable {
        detail: e.to_string(),
    };
    let mut workbook = R::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(FileError::Empty)?
        .map_err(|e| unreadable(&e))?;
    if range.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(range)
}
