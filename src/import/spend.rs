//! Spend (花费) per day and category, from a finance sheet or a channel's own report such as
//! a 直通车 export, which has no category column: then the upload names the category.
//!
//! A day may appear several times with different categories; the same day and category
//! twice is an error, like a repeated day in actuals (add the amounts up in the file).

use std::collections::HashMap;
use std::hash::Hash;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::header::Field;
use super::row::{RowReader, Rows, SeenDays, duplicate_date};
use super::table::Cell;
use super::{FileError, Rejection, Report, RowErrors, values};
use crate::i18n::Msg;

const DATE: usize = 0;
const CATEGORY: usize = 1;
const AMOUNT: usize = 2;
const ATTRIBUTED: usize = 3;

/// The columns of a spend file, in the order of the constants above.
const FIELDS: &[Field] = &[
    Field {
        name: "date",
        aliases: &["date", "日期"],
        required: true,
    },
    Field {
        name: "category",
        aliases: &["category", "类别", "渠道"],
        required: false,
    },
    Field {
        name: "amount",
        aliases: &["amount", "花费", "金额"],
        required: true,
    },
    Field {
        name: "attributed_sales",
        aliases: &["attributed_sales", "成交金额"],
        required: false,
    },
];

/// One valid spend entry. `C` is the category as the caller's resolver returns it (its id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpendRow<C> {
    /// Where the row is in the file (1-based, title lines counted).
    pub line: u64,
    pub date: NaiveDate,
    pub category: C,
    /// Spend (花费), as written: not rounded.
    pub amount: Decimal,
    /// The sales the channel attributes to itself (成交金额).
    pub attributed_sales: Option<Decimal>,
}

/// What a spend file holds, for the preview before it is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpendSummary<C> {
    /// Data rows read, valid or not (blank rows are skipped).
    pub rows: u64,
    pub valid_rows: u64,
    /// The distinct days of the file (of every row whose date could be read).
    pub dates: Vec<NaiveDate>,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    /// The categories of the valid rows, in order of first appearance.
    pub categories: Vec<C>,
    /// Totals over the valid rows.
    pub amount: Decimal,
    pub attributed_sales: Decimal,
}

impl<C: PartialEq + Clone> SpendSummary<C> {
    fn add(&mut self, row: &SpendRow<C>) {
        self.valid_rows += 1;
        self.amount = self.amount.saturating_add(row.amount);
        let attributed = row.attributed_sales.unwrap_or_default();
        self.attributed_sales = self.attributed_sales.saturating_add(attributed);
        if !self.categories.contains(&row.category) {
            self.categories.push(row.category.clone());
        }
    }
}

/// What a row is checked against besides its own cells.
struct Checks<C, F> {
    today: NaiveDate,
    default: Option<C>,
    resolve: F,
    /// The last category text and what it resolved to: files come one category at a time.
    last: Option<(String, C)>,
    days: SeenDays,
    entries: HashMap<(NaiveDate, C), u64>,
}

/// Streams the valid rows of a spend upload; invalid rows are collected on the side.
/// Call [`SpendReader::finish`] for the errors and the summary.
pub struct SpendReader<'a, C, F> {
    rows: Rows<'a>,
    checks: Checks<C, F>,
    summary: SpendSummary<C>,
}

impl<'a, C, F> SpendReader<'a, C, F>
where
    C: Clone + Eq + Hash,
    F: Fn(&str) -> Option<C>,
{
    /// Reads an upload (CSV, XLSX or XLS) up to its header row. `resolve` turns a category
    /// cell (trimmed; a code such as `ztc` or a label such as 直通车) into the organization's
    /// category; `default_category` (the upload's `?category=`) fills rows without one.
    pub fn new(
        bytes: &'a [u8],
        today: NaiveDate,
        default_category: Option<C>,
        resolve: F,
    ) -> Result<Self, FileError> {
        let rows = Rows::open(bytes, FIELDS)?;
        if rows.header().columns[CATEGORY].is_none() && default_category.is_none() {
            return Err(FileError::NoCategory);
        }
        let checks = Checks {
            today,
            default: default_category,
            resolve,
            last: None,
            days: SeenDays::default(),
            entries: HashMap::new(),
        };
        let summary = SpendSummary {
            rows: 0,
            valid_rows: 0,
            dates: Vec::new(),
            first_date: None,
            last_date: None,
            categories: Vec::new(),
            amount: Decimal::ZERO,
            attributed_sales: Decimal::ZERO,
        };
        Ok(Self {
            rows,
            checks,
            summary,
        })
    }

    /// The line of the header row.
    pub fn header_line(&self) -> u64 {
        self.rows.header().line
    }

    /// The errors found so far: a streaming caller may stop sending rows at the first.
    pub fn errors(&self) -> &RowErrors {
        self.rows.errors()
    }

    /// Reads what is left and returns every error and the summary.
    pub fn finish(mut self) -> Result<Report<SpendSummary<C>>, FileError> {
        self.by_ref().for_each(drop);
        let mut summary = self.summary;
        summary.rows = self.rows.read;
        summary.dates = self.checks.days.dates();
        summary.first_date = summary.dates.first().copied();
        summary.last_date = summary.dates.last().copied();
        let errors = self.rows.finish()?;
        Ok(Report { summary, errors })
    }
}

impl<C, F> Iterator for SpendReader<'_, C, F>
where
    C: Clone + Eq + Hash,
    F: Fn(&str) -> Option<C>,
{
    type Item = SpendRow<C>;

    fn next(&mut self) -> Option<SpendRow<C>> {
        loop {
            let mut cells = self.rows.next(DATE)?;
            if let Some(row) = self.checks.read_row(&mut cells) {
                self.summary.add(&row);
                return Some(row);
            }
        }
    }
}

impl<C, F> Checks<C, F>
where
    C: Clone + Eq + Hash,
    F: Fn(&str) -> Option<C>,
{
    fn read_row(&mut self, cells: &mut RowReader<'_, '_>) -> Option<SpendRow<C>> {
        let date = cells.date(DATE, self.today);
        let category = self.category(cells);
        let amount = cells.money(AMOUNT);
        let attributed_sales = cells.optional(ATTRIBUTED, values::money);
        if let Some(date) = date {
            self.days.insert(date, cells.line);
            if let Some(category) = &category {
                self.check_repeat(cells, date, category);
            }
        }
        if cells.failed {
            return None;
        }
        Some(SpendRow {
            line: cells.line,
            date: date?,
            category: category?,
            amount: amount?,
            attributed_sales,
        })
    }

    /// The row's category: its cell resolved, else the upload's default.
    fn category(&mut self, cells: &mut RowReader<'_, '_>) -> Option<C> {
        let text = match cells.cell(CATEGORY) {
            Cell::Text(bytes) if !values::is_blank(bytes) => {
                String::from_utf8_lossy(bytes).trim().to_string()
            }
            Cell::Number(n) => n.to_string(),
            _ => {
                if self.default.is_none() {
                    cells.report(CATEGORY, Msg::new("import-category-missing"));
                }
                return self.default.clone();
            }
        };
        if let Some((last, category)) = &self.last
            && *last == text
        {
            return Some(category.clone());
        }
        let Some(category) = (self.resolve)(&text) else {
            let msg = Msg::new("import-unknown-category")
                .arg("value", values::shown(Cell::Text(text.as_bytes())));
            cells.report(CATEGORY, msg);
            return None;
        };
        self.last = Some((text, category.clone()));
        Some(category)
    }

    /// The same day and category twice: name both lines.
    fn check_repeat(&mut self, cells: &mut RowReader<'_, '_>, date: NaiveDate, category: &C) {
        let line = cells.line;
        let first = *self.entries.entry((date, category.clone())).or_insert(line);
        if first == line {
            return;
        }
        let msg = match cells.cell(CATEGORY) {
            Cell::Text(bytes) if !values::is_blank(bytes) => Msg::new("import-duplicate-spend")
                .arg("date", date)
                .arg("category", String::from_utf8_lossy(bytes).trim())
                .arg("first", first)
                .arg("line", line),
            _ => duplicate_date(date, first, line),
        };
        cells.report(DATE, msg);
    }
}

/// Validates a whole spend file without keeping its rows: the upload preview.
pub fn preview_spend<C, F>(
    bytes: &[u8],
    today: NaiveDate,
    default_category: Option<C>,
    resolve: F,
) -> Result<Report<SpendSummary<C>>, FileError>
where
    C: Clone + Eq + Hash,
    F: Fn(&str) -> Option<C>,
{
    SpendReader::new(bytes, today, default_category, resolve)?.finish()
}

/// All or nothing: every row when all are valid, else every error. For small files and
/// tests; stream large ones with [`SpendReader`].
pub fn read_spend<C, F>(
    bytes: &[u8],
    today: NaiveDate,
    default_category: Option<C>,
    resolve: F,
) -> Result<(Vec<SpendRow<C>>, SpendSummary<C>), Rejection>
where
    C: Clone + Eq + Hash,
    F: Fn(&str) -> Option<C>,
{
    let mut reader = SpendReader::new(bytes, today, default_category, resolve)?;
    let mut rows = Vec::new();
    while let Some(row) = reader.next() {
        if reader.errors().is_empty() {
            rows.push(row);
        } else {
            rows = Vec::new();
        }
    }
    let report = reader.finish()?;
    if !report.is_valid() {
        return Err(Rejection::Rows(report.errors));
    }
    Ok((rows, report.summary))
}
