//! Tables as downloads: every dashboard offers its figures as CSV and XLSX (contract.md,
//! "Dashboards"). A `Sheet` holds typed cells so that the CSV carries the same text as the
//! JSON API (amounts to the fen, rates to four places) and the XLSX real numbers with
//! number formats a spreadsheet can sum.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use crate::domain::{Money, Rate, Ratio};
use crate::error::AppError;

/// One cell of a download.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Count(i64),
    Money(Money),
    Rate(Rate),
    Ratio(Ratio),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
}

impl From<Option<Money>> for Cell {
    fn from(v: Option<Money>) -> Cell {
        v.map(Cell::Money).unwrap_or(Cell::Empty)
    }
}

impl From<Option<Rate>> for Cell {
    fn from(v: Option<Rate>) -> Cell {
        v.map(Cell::Rate).unwrap_or(Cell::Empty)
    }
}

impl From<Option<Ratio>> for Cell {
    fn from(v: Option<Ratio>) -> Cell {
        v.map(Cell::Ratio).unwrap_or(Cell::Empty)
    }
}

impl From<Option<i64>> for Cell {
    fn from(v: Option<i64>) -> Cell {
        v.map(Cell::Count).unwrap_or(Cell::Empty)
    }
}

impl From<Money> for Cell {
    fn from(v: Money) -> Cell {
        Cell::Money(v)
    }
}

impl From<i64> for Cell {
    fn from(v: i64) -> Cell {
        Cell::Count(v)
    }
}

/// A table with a header row.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    /// The worksheet's name (at most 31 characters in XLSX; longer names are cut).
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn new(name: impl Into<String>, headers: Vec<String>) -> Sheet {
        Sheet {
            name: name.into(),
            headers,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(
            row.len(),
            self.headers.len(),
            "a row of sheet {}",
            self.name
        );
        self.rows.push(row);
    }
}

/// The two download formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DownloadFormat {
    Csv,
    Xlsx,
}

impl DownloadFormat {
    pub fn extension(self) -> &'static str {
        match self {
            DownloadFormat::Csv => "csv",
            DownloadFormat::Xlsx => "xlsx",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            DownloadFormat::Csv => "text/csv; charset=utf-8",
            DownloadFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }
}

/// Text a spreadsheet would take for a formula is prefixed with an apostrophe, so that a
/// shop or note named "=HYPERLINK(…)" stays text when the file is opened.
fn neutralised(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

fn csv_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(t) => neutralised(t),
        Cell::Count(n) => n.to_string(),
        Cell::Money(m) => m.to_string(),
        // As the pages write it (3.45%), not as a fraction.
        Cell::Rate(r) => r.percent().to_string(),
        Cell::Ratio(r) => r.to_string(),
    }
}

/// One sheet as a UTF-8 CSV with a byte-order mark (so Excel reads the Chinese right).
pub fn to_csv(sheet: &Sheet) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::from(*b"\xEF\xBB\xBF");
    {
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        writer.write_record(sheet.headers.iter().map(|h| neutralised(h)))?;
        for row in &sheet.rows {
            writer.write_record(row.iter().map(csv_text))?;
        }
        writer.flush()?;
    }
    Ok(out)
}

fn sheet_name(name: &str, taken: &[String]) -> String {
    // Worksheet names cannot hold []:*?/\ and are at most 31 characters.
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .take(28)
        .collect();
    let clean = if clean.trim().is_empty() {
        "Sheet".to_string()
    } else {
        clean.trim().to_string()
    };
    let mut candidate = clean.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        candidate = format!("{clean} {n}");
        n += 1;
    }
    candidate
}

/// The sheets as an XLSX workbook: numbers as numbers (amounts "#,##0.00", rates as
/// percentages with two decimals, counts "#,##0"), text as text, a frozen bold header.
pub fn to_xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, AppError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let money = Format::new().set_num_format("#,##0.00");
    let rate = Format::new().set_num_format("0.00%");
    let ratio = Format::new().set_num_format("0.00");
    let count = Format::new().set_num_format("#,##0");
    let mut names: Vec<String> = Vec::new();
    for sheet in sheets {
        let name = sheet_name(&sheet.name, &names);
        names.push(name.clone());
        let ws = book.add_worksheet();
        ws.set_name(&name)?;
        for (c, h) in sheet.headers.iter().enumerate() {
            let col = c as u16;
            ws.write_string_with_format(0, col, h, &bold)?;
            let widest = sheet
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|cell| csv_text(cell).chars().count())
                .chain(std::iter::once(h.chars().count() * 2))
                .max()
                .unwrap_or(8);
            ws.set_column_width(col, (widest as f64 + 2.0).clamp(8.0, 40.0))?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = (r + 1) as u32;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(t) => {
                        ws.write_string(r, c, t)?;
                    }
                    Cell::Count(n) => {
                        ws.write_number_with_format(r, c, *n as f64, &count)?;
                    }
                    Cell::Money(m) => {
                        ws.write_number_with_format(r, c, number(m.value()), &money)?;
                    }
                    Cell::Rate(x) => {
                        ws.write_number_with_format(r, c, number(x.value()), &rate)?;
                    }
                    Cell::Ratio(x) => {
                        ws.write_number_with_format(r, c, number(x.value()), &ratio)?;
                    }
                }
            }
        }
    }
    Ok(book.save_to_buffer()?)
}

fn number(d: rust_decimal::Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f64().unwrap_or(0.0)
}

/// Serves the sheets as a download named `<stem>.<csv|xlsx>`.
/// The one table a CSV holds: the `table`th (1-based, the query's `table`) of several, the
/// first when none is asked for; 404 for a table the page does not have.
fn csv_table(mut sheets: Vec<Sheet>, table: &str) -> Result<Sheet, AppError> {
    let index = match table.trim() {
        "" => 0,
        n => n
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .ok_or(AppError::NotFound)?,
    };
    if index >= sheets.len() {
        return Err(AppError::NotFound);
    }
    Ok(sheets.swap_remove(index))
}

/// A page's tables as a download: an XLSX with one sheet each, or a CSV of one of them
/// (`table`, see [`csv_table`]), whose file name then says which when there are several.
pub fn download(
    format: DownloadFormat,
    stem: &str,
    sheets: Vec<Sheet>,
    table: &str,
) -> Result<Response, AppError> {
    let several = sheets.len() > 1;
    let (body, stem) = match format {
        DownloadFormat::Xlsx => (to_xlsx(&sheets)?, stem.to_string()),
        DownloadFormat::Csv => {
            let sheet = csv_table(sheets, table)?;
            let stem = if several {
                format!("{stem} {}", sheet.name)
            } else {
                stem.to_string()
            };
            (to_csv(&sheet)?, stem)
        }
    };
    // Slashes and control characters have no place in a file name.
    let stem: String = stem
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    let file = format!("{stem}.{}", format.extension());
    // An ASCII fallback for old clients and the UTF-8 name (RFC 6266 / 5987) for the rest.
    let ascii: String = file
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        crate::web::percent_encode(&file)
    );
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

impl From<csv::Error> for AppError {
    fn from(e: csv::Error) -> AppError {
        AppError::Internal(anyhow::Error::new(e).context("writing a CSV download"))
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> AppError {
        AppError::Internal(anyhow::Error::new(e).context("writing a download"))
    }
}

impl From<XlsxError> for AppError {
    fn from(e: XlsxError) -> AppError {
        AppError::Internal(anyhow::Error::new(e).context("writing an XLSX download"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn sample() -> Sheet {
        let mut s = Sheet::new(
            "月份",
            vec!["店铺".into(), "销售额".into(), "转化率".into()],
        );
        s.push(vec![
            Cell::text("=HYPERLINK(\"x\")"),
            Cell::Money(Money::new(dec!(-4725.60))),
            Cell::Rate(Rate::new(dec!(0.0312))),
        ]);
        s.push(vec![Cell::text("旗舰店"), Cell::Empty, Cell::Empty]);
        s
    }

    #[test]
    fn csv_has_a_bom_keeps_amounts_and_neutralises_formulas() {
        let bytes = to_csv(&sample()).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "店铺,销售额,转化率");
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"x\"\")\",-4725.60,3.12%");
        assert_eq!(lines[2], "旗舰店,,");
    }

    #[test]
    fn xlsx_reads_back_as_numbers() {
        use calamine::{Data, Reader, Xlsx};
        let bytes = to_xlsx(&[sample(), sample()]).unwrap();
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec!["月份", "月份 2"]);
        let range = book.worksheet_range("月份").unwrap();
        assert_eq!(range.get((0, 1)), Some(&Data::String("销售额".into())));
        assert_eq!(range.get((1, 1)), Some(&Data::Float(-4725.6)));
        assert_eq!(
            range.get((1, 0)),
            Some(&Data::String("=HYPERLINK(\"x\")".into()))
        );
    }

    #[test]
    fn a_csv_is_the_table_asked_for_the_first_by_default() {
        let named = |name: &str| Sheet::new(name, vec!["x".into()]);
        let three = || vec![named("a"), named("b"), named("c")];
        assert_eq!(csv_table(three(), "").unwrap().name, "a");
        assert_eq!(csv_table(three(), "2").unwrap().name, "b");
        for bad in ["0", "4", "two"] {
            assert!(
                matches!(csv_table(three(), bad), Err(AppError::NotFound)),
                "{bad}"
            );
        }
    }

    #[test]
    fn sheet_names_are_made_valid() {
        assert_eq!(sheet_name("a/b:c", &[]), "a b c");
        assert_eq!(sheet_name("", &[]), "Sheet");
        assert_eq!(sheet_name("x", &["X".into()]), "x 2");
    }
}
