//! One way to walk the rows of any upload, CSV or workbook, with the line number a person
//! sees in a text editor or as Excel's row number, title lines included.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Range};

pub(crate) use super::cell::{Cell, Row};
use super::decode::{Source, detect};
use super::header::{Field, HEADER_SEARCH_ROWS, Header, HeaderSearch};
use super::workbook::{xls_first_sheet, xlsx_first_sheet};
use super::{FileError, RowError, RowErrors};
use crate::i18n::Msg;

type CsvReader<'a> = csv::Reader<Cursor<Cow<'a, [u8]>>>;

/// Line numbers as a text editor shows them. The csv crate counts `\n` bytes, but takes a
/// record's position before the line breaks that precede it (the `\n` of a CRLF, blank
/// lines), so those are added here. Old Mac files end lines with `\r` alone: csv counts
/// nothing there, so their breaks are counted here in one pass.
#[derive(Debug)]
pub(crate) struct LineCounter {
    cr_only: bool,
    counted: usize,
    cr_lines: u64,
}

impl LineCounter {
    fn new(data: &[u8]) -> Self {
        Self {
            cr_only: !data.contains(&b'\n'),
            counted: 0,
            cr_lines: 1,
        }
    }

    /// The line of the record at this position: its first byte after any line breaks.
    fn line_at(&mut self, data: &[u8], position: Option<&csv::Position>) -> u64 {
        let Some(position) = position else {
            return 0;
        };
        let offset = usize::try_from(position.byte()).unwrap_or(usize::MAX);
        let rest = data.get(offset..).unwrap_or_default();
        let breaks = rest.iter().take_while(|b| matches!(b, b'\r' | b'\n'));
        if !self.cr_only {
            return position.line() + breaks.filter(|&&b| b == b'\n').count() as u64;
        }
        let start = offset + breaks.count();
        if let Some(skipped) = data.get(self.counted..start) {
            self.cr_lines += skipped.iter().filter(|&&b| b == b'\r').count() as u64;
            self.counted = start;
        }
        self.cr_lines
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
            Source::Xlsx => Self::sheet(xlsx_first_sheet(bytes)?).with_header(fields),
            Source::Xls => Self::sheet(xls_first_sheet(bytes)?).with_header(fields),
            Source::Text(text) => Self::delimited(text, fields),
        }
    }

    fn delimited(text: Cow<'a, str>, fields: &[Field]) -> Result<(Self, Header), FileError> {
        let data = match text {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        };
        let mut table = Self::csv(data, b',');
        let mut search = match table.search_header(fields) {
            Ok(header) => return Ok((table, header)),
            Err(search) => search,
        };
        let mut table = Self::csv(table.take_data(), b'\t');
        match table.search_header(fields) {
            Ok(header) => Ok((table, header)),
            Err(tab_search) => {
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

    fn with_header(mut self, fields: &[Field]) -> Result<(Self, Header), FileError> {
        match self.search_header(fields) {
            Ok(header) => Ok((self, header)),
            Err(search) => Err(search.into_error(fields)),
        }
    }

    /// Reads rows from the top until one has every required field.
    fn search_header(&mut self, fields: &[Field]) -> Result<Header, HeaderSearch> {
        let mut search = HeaderSearch::default();
        let mut ignored = RowErrors::default();
        for _ in 0..HEADER_SEARCH_ROWS {
            let Some(line) = self.advance(&mut ignored) else {
                break;
            };
            if let Some(header) = search.offer(line, &self.current(), fields) {
                return Ok(header);
            }
        }
        Err(search)
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
