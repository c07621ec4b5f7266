//! XLS (BIFF5/8): the reader builds every sheet when it opens a file, reserving what each
//! sheet's DIMENSIONS record declares and cloning a shared string into every cell showing
//! it. So the workbook stream is walked first, record by record as the reader walks it, and
//! the declared and actual extents, cell counts and text of all sheets are checked.

use std::io::Cursor;

use calamine::{Data, Range, Reader, Xls};

use super::{Extent, Limit, cfb, guarded, unreadable};
use crate::import::FileError;

/// The first worksheet of an XLS workbook, within the bounds.
pub(crate) fn first_sheet(bytes: &[u8]) -> Result<Range<Data>, FileError> {
    let stream = cfb::workbook_stream(bytes)?;
    check_stream(&stream)?;
    guarded(|| {
        let mut workbook = Xls::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
        workbook
            .worksheet_range_at(0)
            .ok_or(FileError::Empty)?
            .map_err(|e| unreadable(&e))
    })
}

/// Upper bound of the UTF-8 bytes one byte of BIFF text becomes (a code page's single byte can
/// be a three-byte character, half-width katakana say).
const TEXT_PER_BYTE: u64 = 3;
/// Upper bound of the text a formula's token byte becomes (a name or a sheet reference).
const FORMULA_PER_BYTE: u64 = 256;

/// One BIFF record with the CONTINUE records after it.
struct Record<'a> {
    kind: u16,
    data: &'a [u8],
    more: Vec<&'a [u8]>,
}

/// Records as the reader splits them, each with the CONTINUE records after it; the walk
/// ends where the reader would fail on a record longer than the stream.
fn records(stream: &[u8]) -> impl Iterator<Item = Record<'_>> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let (kind, data, next) = split_record(rest)?;
        rest = next;
        let mut more = Vec::new();
        // The reader takes CONTINUE records only while more than a record header is left.
        while rest.len() > 4 && rest[..2] == [0x3C, 0x00] {
            let (_, cont, next) = split_record(rest)?;
            more.push(cont);
            rest = next;
        }
        Some(Record { kind, data, more })
    })
}

fn split_record(stream: &[u8]) -> Option<(u16, &[u8], &[u8])> {
    if stream.len() < 4 {
        return None;
    }
    let kind = u16::from_le_bytes([stream[0], stream[1]]);
    let len = usize::from(u16::from_le_bytes([stream[2], stream[3]]));
    let record = stream.get(4..4 + len)?;
    Some((kind, record, &stream[4 + len..]))
}

fn u16_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// What the reader will hold for the whole workbook, counted as it grows.
#[derive(Default)]
struct Budget {
    cells: u64,
    extents: u64,
    text: u64,
}

impl Budget {
    fn text(&mut self, bytes: u64) -> Result<(), FileError> {
        self.text = self.text.saturating_add(bytes);
        Limit::TextBytes.check(self.text)
    }

    fn cell(&mut self, extent: &mut Extent, row: u32, column: u32) -> Result<(), FileError> {
        self.cells += 1;
        Limit::Cells.check(self.cells)?;
        extent.take(row, column)
    }
}

pub(super) fn check_stream(stream: &[u8]) -> Result<(), FileError> {
    let mut budget = Budget::default();
    let mut strings = Strings::default();
    let mut sheets = Vec::new();
    for record in records(stream) {
        match record.kind {
            0x0085 => sheets.extend(u32_at(record.data, 0)),
            0x00FC => strings = string_lengths(&record),
            0x0018 => budget.text(record.data.len() as u64 * FORMULA_PER_BYTE)?,
            0x041E => budget.text(record.data.len() as u64 * TEXT_PER_BYTE)?,
            0x000A => break,
            _ => {}
        }
    }
    for position in sheets {
        // The reader panics on a sheet placed past the stream; that is caught.
        if let Some(sheet) = stream.get(position as usize..) {
            budget.extents += check_sheet(sheet, &strings, &mut budget)?;
        }
    }
    Ok(())
}

fn check_sheet(sheet: &[u8], strings: &Strings, budget: &mut Budget) -> Result<u64, FileError> {
    let mut values = Extent::default();
    let mut formulas = Extent::default();
    // Where the reader puts a formula's string value (a STRING record after the FORMULA).
    let mut formula_at = (0, 0);
    let mut seen_bof = false;
    let mut depth = 0usize;
    for record in records(sheet) {
        let data = record.data;
        if depth > 0 {
            match record.kind {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = |a, b| u16_at(data, a).zip(u16_at(data, b));
        match record.kind {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => check_dimensions(data)?,
            0x0203 | 0x0205 | 0x027E => {
                if let Some((row, column)) = at(0, 2) {
                    budget.cell(&mut values, row, column)?;
                }
            }
            0x0204 | 0x00D6 => {
                budget.text(data.len() as u64 * TEXT_PER_BYTE)?;
                if let Some((row, column)) = at(0, 2) {
                    budget.cell(&mut values, row, column)?;
                }
            }
            0x0207 => {
                budget.text(data.len() as u64 * TEXT_PER_BYTE)?;
                budget.cell(&mut values, formula_at.0, formula_at.1)?;
            }
            0x00FD => {
                if let (Some((row, column)), Some(index)) = (at(0, 2), u32_at(data, 6)) {
                    budget.text(strings.bytes(index))?;
                    budget.cell(&mut values, row, column)?;
                }
            }
            0x00BD => {
                let last = data.len().checked_sub(2).and_then(|at| u16_at(data, at));
                if let (Some((row, first)), Some(last)) = (at(0, 2), last) {
                    for column in first..=last {
                        budget.cell(&mut values, row, column)?;
                    }
                }
            }
            0x0006 => {
                budget.text(data.len() as u64 * FORMULA_PER_BYTE)?;
                if let Some((row, column)) = at(0, 2) {
                    formula_at = (row, column);
                    budget.cell(&mut values, row, column)?;
                    budget.cell(&mut formulas, row, column)?;
                }
            }
            0x000A => break,
            _ => {}
        }
        Limit::Cells.check(budget.extents + values.cells() + formulas.cells())?;
    }
    Ok(values.cells() + formulas.cells())
}

/// A DIMENSIONS record, with the arithmetic the reader does on it (wrapping, as a release
/// build does) before it reserves rows × columns cells.
fn check_dimensions(data: &[u8]) -> Result<(), FileError> {
    let (first_row, end_row, first_column, end_column) = match data.len() {
        10 => (
            u16_at(data, 0),
            u16_at(data, 2),
            u16_at(data, 4),
            u16_at(data, 6),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u16_at(data, 8),
            u16_at(data, 10),
        ),
        _ => return Ok(()),
    };
    let (Some(rf), Some(rl), Some(mut cf), Some(cl)) =
        (first_row, end_row, first_column, end_column)
    else {
        return Ok(());
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (last_row, last_column) = if rl >= 1 && cl >= 1 {
        (rl - 1, cl - 1)
    } else {
        (rf, cf)
    };
    let rows = u64::from(last_row.wrapping_sub(rf).wrapping_add(1));
    let columns = u64::from(last_column.wrapping_sub(cf).wrapping_add(1));
    Limit::Rows.check(rows)?;
    Limit::Columns.check(columns)?;
    Limit::Cells.check(rows * columns)
}

/// The UTF-8 bytes each string of the SST record can become.
#[derive(Default)]
struct Strings {
    lengths: Vec<u64>,
    /// What a string past the end of `lengths` may be: nothing when the walk read the whole
    /// record as the reader does, the longest a string can be when it stopped short.
    beyond: u64,
}

impl Strings {
    fn bytes(&self, index: u32) -> u64 {
        self.lengths
            .get(index as usize)
            .copied()
            .unwrap_or(self.beyond)
    }
}

/// Walks an SST record as the reader does: characters may continue into the next CONTINUE
/// record after a new flags byte.
fn string_lengths(record: &Record) -> Strings {
    let total: usize = record.data.len() + record.more.iter().map(|m| m.len()).sum::<usize>();
    let stopped = Strings {
        lengths: Vec::new(),
        beyond: total.min(usize::from(u16::MAX)) as u64 * TEXT_PER_BYTE,
    };
    let mut parts = std::iter::once(record.data).chain(record.more.iter().copied());
    let Some(mut data) = parts.next().and_then(|d| d.get(8..)) else {
        return stopped;
    };
    let mut lengths = Vec::new();
    loop {
        if data.is_empty() {
            match parts.next() {
                Some(next) => data = next,
                None => return Strings { lengths, beyond: 0 },
            }
            continue;
        }
        match one_string(&mut data, &mut parts) {
            Some(bytes) => lengths.push(bytes),
            None => return Strings { lengths, ..stopped },
        }
    }
}

fn one_string<'a>(data: &mut &'a [u8], parts: &mut impl Iterator<Item = &'a [u8]>) -> Option<u64> {
    let cch = u16_at(data, 0)? as usize;
    let flags = *data.get(2)?;
    *data = &data[3..];
    let mut high = flags & 1 != 0;
    let mut runs = 0;
    if flags & 0x8 != 0 {
        runs = u16_at(data, 0)? as usize * 4;
        *data = data.get(2..)?;
    }
    let mut ext = 0;
    if flags & 0x4 != 0 {
        ext = i32::from_le_bytes(data.get(..4)?.try_into().ok()?) as usize;
        *data = data.get(4..)?;
    }
    let mut left = cch;
    let mut bytes = 0u64;
    while left > 0 {
        let width = if high { 2 } else { 1 };
        let took = (data.len() / width).min(left);
        *data = &data[took * width..];
        left -= took;
        bytes += took as u64 * TEXT_PER_BYTE;
        if left > 0 {
            let next = parts.next()?;
            high = *next.first()? & 1 != 0;
            *data = &next[1..];
        }
    }
    let mut skip = runs.saturating_add(ext);
    while skip > 0 {
        if data.is_empty() {
            *data = parts.next()?;
            continue;
        }
        let took = skip.min(data.len());
        *data = &data[took..];
        skip -= took;
    }
    Some(bytes)
}
