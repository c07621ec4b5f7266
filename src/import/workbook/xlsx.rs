//! XLSX: the archive is unzipped once into nothing, to count its members and bytes and read
//! the string table's declared count; then the first sheet is read cell by cell, each cell's
//! place and text checked before the sheet is built.

use std::io::{Cursor, Read};

use calamine::{Cell, Data, DataRef, Range, Reader, Xlsx};

use super::{Extent, Limit, check_declared, guarded, unreadable};
use crate::import::FileError;

/// The first worksheet of an XLSX workbook, within the bounds.
pub(crate) fn first_sheet(bytes: &[u8]) -> Result<Range<Data>, FileError> {
    check_archive(bytes)?;
    guarded(|| read_first_sheet(bytes))
}

/// Counts the archive's members and unzipped bytes (what they really hold, not what their
/// headers claim) and checks the shared strings' declared count, which the reader reserves.
fn check_archive(bytes: &[u8]) -> Result<(), FileError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    Limit::ZipEntries.check(archive.len() as u64)?;
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 << 10];
    for index in 0..archive.len() {
        let mut member = archive.by_index(index).map_err(|e| unreadable(&e))?;
        let strings = member
            .name()
            .map_err(|e| unreadable(&e))?
            .to_ascii_lowercase()
            .ends_with("sharedstrings.xml");
        let mut head = Vec::new();
        loop {
            let n = member.read(&mut buf).map_err(|e| unreadable(&e))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            Limit::UnzippedBytes.check(total)?;
            if strings && head.len() < HEAD_BYTES {
                let take = n.min(HEAD_BYTES - head.len());
                head.extend_from_slice(&buf[..take]);
            }
        }
        if strings {
            Limit::Cells.check(declared_string_count(&head))?;
        }
    }
    Ok(())
}

/// How much of the string table is read for its `<sst uniqueCount="…">` element.
const HEAD_BYTES: usize = 4096;

/// The `uniqueCount` of the `<sst>` element at the start of a shared-strings part, or 0.
fn declared_string_count(head: &[u8]) -> u64 {
    let text = String::from_utf8_lossy(head);
    let Some(start) = text.find("<sst") else {
        return 0;
    };
    let element = &text[start..];
    let element = &element[..element.find('>').unwrap_or(element.len())];
    let Some(at) = element.find("uniqueCount=") else {
        return 0;
    };
    let value = element[at + "uniqueCount=".len()..].trim_start_matches(['"', '\'']);
    let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
    // The reader parses the same digits into a usize; one too long for that it ignores.
    digits.parse::<u64>().unwrap_or(0)
}

fn read_first_sheet(bytes: &[u8]) -> Result<Range<Data>, FileError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let Some(name) = workbook.sheet_names().into_iter().next() else {
        return Err(FileError::Empty);
    };
    let mut reader = workbook
        .worksheet_cells_reader(&name)
        .map_err(|e| unreadable(&e))?;
    let declared = reader.dimensions();
    check_declared(
        (u64::from(declared.start.0), u64::from(declared.end.0)),
        (u64::from(declared.start.1), u64::from(declared.end.1)),
    )?;
    let mut extent = Extent::default();
    let mut text = 0u64;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
        let (row, column) = cell.get_position();
        let value = cell.get_value();
        text += match value {
            DataRef::Empty => continue,
            DataRef::SharedString(s) => s.len(),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len(),
            _ => 0,
        } as u64;
        Limit::TextBytes.check(text)?;
        extent.take(row, column)?;
        cells.push(Cell::new((row, column), Data::from(value.clone())));
    }
    Ok(Range::from_sparse(cells))
}
