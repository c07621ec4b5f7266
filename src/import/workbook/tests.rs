//! Hostile workbooks: each would have made the reader allocate far more than the file holds
//! (or loop for ever) had it been opened without the checks.

use std::io::{Cursor, Read, Write};

use super::*;

const XLSX: &[u8] = include_bytes!("../../../tests/fixtures/sycm-daily-2026Q2.xlsx");
const XLS: &[u8] = include_bytes!("../../../tests/fixtures/sycm-daily-sample.xls");

/// The fixture's members, with `edit` applied to each (name, bytes), plus `extra` members.
fn rezip(
    edit: impl Fn(&str, Vec<u8>) -> Vec<u8>,
    extra: &[(&str, &[u8])],
    method: zip::CompressionMethod,
) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(XLSX)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for index in 0..archive.len() {
        let mut member = archive.by_index(index).unwrap();
        let name = member.name().unwrap().to_string();
        let mut bytes = Vec::new();
        member.read_to_end(&mut bytes).unwrap();
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(&edit(&name, bytes)).unwrap();
    }
    for (name, bytes) in extra {
        out.start_file(*name, options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The fixture with `sheet` rewritten by `edit` (as text).
fn with_sheet(edit: impl Fn(String) -> String) -> Vec<u8> {
    rezip(
        |name, bytes| {
            if name == "xl/worksheets/sheet1.xml" {
                edit(String::from_utf8(bytes).unwrap()).into_bytes()
            } else {
                bytes
            }
        },
        &[],
        zip::CompressionMethod::Deflated,
    )
}

fn too_large(result: Result<Range<Data>, FileError>) -> (Limit, u64) {
    match result {
        Err(FileError::TooLarge { limit, found }) => (limit, found),
        other => panic!("expected a refusal for size, got {other:?}"),
    }
}

const LAST_ROW: &str = "</sheetData>";

#[test]
fn the_fixtures_still_read_whole() {
    let sheet = xlsx_first_sheet(XLSX).unwrap();
    assert_eq!((sheet.height(), sheet.width()), (95, 9));
    let sheet = xls_first_sheet(XLS).unwrap();
    assert_eq!(sheet.width(), 9);
}

#[test]
fn one_cell_at_the_last_place_of_a_sheet_is_refused_before_the_sheet_is_built() {
    // The report that took the server down: 10 KB, one cell at XFD1048576.
    let bomb = with_sheet(|s| {
        s.replace(
            LAST_ROW,
            r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>"#,
        )
    });
    assert!(bomb.len() < 20_000);
    assert_eq!(too_large(xlsx_first_sheet(&bomb)), (Limit::Columns, 16_384));
}

#[test]
fn a_sheet_spanning_too_many_cells_is_refused_with_the_count() {
    let far = with_sheet(|s| {
        s.replace(
            LAST_ROW,
            r#"<row r="1000000"><c r="A1000000" t="n"><v>1</v></c></row></sheetData>"#,
        )
    });
    assert_eq!(too_large(xlsx_first_sheet(&far)), (Limit::Cells, 9_000_000));
}

#[test]
fn a_declared_extent_over_the_bounds_is_refused() {
    let declared = with_sheet(|s| s.replace(r#"ref="A1:I95""#, r#"ref="A1:XFD1048576""#));
    assert_eq!(too_large(xlsx_first_sheet(&declared)).0, Limit::Columns);
    let tall = with_sheet(|s| s.replace(r#"ref="A1:I95""#, r#"ref="A1:I1048577""#));
    assert_eq!(too_large(xlsx_first_sheet(&tall)).0, Limit::Rows);
}

#[test]
fn a_string_table_declaring_billions_of_strings_is_refused() {
    let table = br#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="4000000000"><si><t>x</t></si></sst>"#;
    let bomb = rezip(
        |_, bytes| bytes,
        &[("xl/sharedStrings.xml", table)],
        zip::CompressionMethod::Deflated,
    );
    assert_eq!(
        too_large(xlsx_first_sheet(&bomb)),
        (Limit::Cells, 4_000_000_000)
    );
}

#[test]
fn an_archive_that_unzips_past_the_bound_is_refused_by_what_it_holds() {
    let zeros = vec![0u8; (MAX_UNZIPPED_BYTES + 1) as usize];
    let bomb = rezip(
        |_, bytes| bytes,
        &[("xl/media/padding.bin", &zeros)],
        zip::CompressionMethod::Deflated,
    );
    assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
    assert_eq!(too_large(xlsx_first_sheet(&bomb)).0, Limit::UnzippedBytes);
}

#[test]
fn an_archive_of_too_many_members_is_refused() {
    let names: Vec<String> = (0..MAX_ZIP_ENTRIES).map(|i| format!("x/{i}")).collect();
    let extra: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let many = rezip(|_, b| b, &extra, zip::CompressionMethod::Stored);
    assert_eq!(
        too_large(xlsx_first_sheet(&many)),
        (Limit::ZipEntries, MAX_ZIP_ENTRIES + 9)
    );
}

#[test]
fn text_repeated_into_every_cell_is_counted_per_cell() {
    let long = "长".repeat(30_000);
    let cells: String = (1..=1000)
        .map(|r| {
            format!(
                r#"<row r="{}"><c r="A{}" t="inlineStr"><is><t>{long}</t></is></c></row>"#,
                r + 100,
                r + 100
            )
        })
        .collect();
    let text = with_sheet(|s| s.replace(LAST_ROW, &format!("{cells}</sheetData>")));
    assert_eq!(too_large(xlsx_first_sheet(&text)).0, Limit::TextBytes);
}

/// Where a BIFF record of `kind` and `len` starts in `bytes` (the fixture's workbook stream
/// is stored in order, so its records can be changed in the file itself).
fn record_at(bytes: &[u8], kind: u16, len: u16) -> usize {
    let mut head = kind.to_le_bytes().to_vec();
    head.extend(len.to_le_bytes());
    bytes
        .windows(4)
        .position(|w| w == head)
        .unwrap_or_else(|| panic!("no record {kind:#06x}"))
}

#[test]
fn an_xls_declaring_four_billion_rows_is_refused() {
    let mut bomb = XLS.to_vec();
    let at = record_at(&bomb, 0x0200, 14) + 4;
    bomb[at + 4..at + 8].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(too_large(xls_first_sheet(&bomb)).0, Limit::Rows);
}

#[test]
fn an_xls_cell_far_down_and_right_is_refused_before_the_sheets_are_built() {
    let mut bomb = XLS.to_vec();
    let at = record_at(&bomb, 0x00FD, 10) + 4;
    bomb[at..at + 2].copy_from_slice(&65_535u16.to_le_bytes());
    bomb[at + 2..at + 4].copy_from_slice(&200u16.to_le_bytes());
    let (limit, found) = too_large(xls_first_sheet(&bomb));
    assert_eq!(limit, Limit::Cells);
    assert!(found > 65_000 * 201, "{found}");
}

#[test]
fn an_xls_whose_directory_chain_loops_is_unreadable_not_endless() {
    let mut bomb = XLS.to_vec();
    let size = 512;
    let directory = u32::from_le_bytes(bomb[48..52].try_into().unwrap()) as usize;
    let first_fat = u32::from_le_bytes(bomb[76..80].try_into().unwrap()) as usize;
    let entry = size * (first_fat + 1) + 4 * directory;
    bomb[entry..entry + 4].copy_from_slice(&(directory as u32).to_le_bytes());
    assert!(matches!(
        xls_first_sheet(&bomb),
        Err(FileError::Unreadable { .. })
    ));
}

/// A BIFF record.
fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = kind.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
    out
}

#[test]
fn a_shared_string_shown_in_many_xls_cells_is_counted_for_each() {
    // One string of 8,000 characters, shown in 3,000 cells: 72 MB of text from 42 KB.
    let mut sst = 1u32.to_le_bytes().to_vec();
    sst.extend(1u32.to_le_bytes());
    sst.extend(8000u16.to_le_bytes());
    sst.push(0);
    let chars = vec![b'x'; 8000];
    let mut globals = record(0x0809, &[0; 16]);
    globals.extend(record(0x00FC, &[sst, chars[..8000 - 11].to_vec()].concat()));
    globals.extend(record(0x003C, &[&[0u8][..], &chars[..11]].concat()));
    let sheet_at = globals.len() + 4 + 8 + 4;
    globals.extend(record(
        0x0085,
        &[(sheet_at as u32).to_le_bytes().to_vec(), vec![0; 4]].concat(),
    ));
    globals.extend(record(0x000A, &[]));
    let mut stream = globals;
    stream.extend(record(0x0809, &[0; 16]));
    for row in 0..3000u16 {
        let mut cell = row.to_le_bytes().to_vec();
        cell.extend([0, 0, 0, 0]);
        cell.extend(0u32.to_le_bytes());
        stream.extend(record(0x00FD, &cell));
    }
    stream.extend(record(0x000A, &[]));
    match xls::check_stream(&stream) {
        Err(FileError::TooLarge { limit, found }) => {
            assert_eq!(limit, Limit::TextBytes);
            assert!(found > MAX_TEXT_BYTES);
        }
        other => panic!("expected a refusal for text, got {other:?}"),
    }
}
