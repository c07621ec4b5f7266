//! Organization-wide actuals: one file with a shop column (店铺) holding the daily figures of
//! many shops, as an agency exports them. The same rules as a shop's own file, except that a
//! day may repeat across shops: the same shop and day twice is the error then.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::{Datelike, NaiveDate};

use super::actuals::{self, ActualRow, ActualsSummary, DATE};
use super::header::Field;
use super::row::{Carried, RowReader, Rows};
use super::table::Cell;
use super::{EARLIEST_DATE, FileError, Report, RowErrors, values};
use crate::i18n::Msg;

const SHOP: usize = 7;

/// The actuals columns, then the shop (its id or exact name).
const FIELDS: [Field; 8] = {
    let a = actuals::FIELDS;
    [
        a[0],
        a[1],
        a[2],
        a[3],
        a[4],
        a[5],
        a[6],
        Field {
            name: "shop",
            aliases: &["shop", "店铺", "shop_id", "店铺名称"],
            required: true,
        },
    ]
};

/// One valid row: the shop (as the resolver returned it) and its day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkRow<S> {
    pub shop: S,
    pub row: ActualRow,
}

/// What a file held for one shop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShopSpan<S> {
    pub shop: S,
    /// Valid days.
    pub days: u64,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    /// First days of the months its rows fall in, in order.
    pub months: Vec<NaiveDate>,
}

/// What an organization-wide file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkSummary<S> {
    /// Totals over the valid rows (`dates` is left empty: see `shops`).
    pub totals: ActualsSummary,
    /// Per shop, in order of first appearance.
    pub shops: Vec<ShopSpan<S>>,
}

/// The days seen for one shop, as the line of each one's first row, in a table that starts at
/// the shop's earliest day so that a thousand shops over three years stay a few megabytes.
#[derive(Debug)]
struct ShopDays<S> {
    shop: S,
    start: i64,
    lines: Vec<u32>,
}

impl<S> ShopDays<S> {
    /// Records a day's line; returns the earlier line when the day was already seen.
    fn insert(&mut self, date: NaiveDate, line: u64) -> Option<u64> {
        let day = (date - EARLIEST_DATE).num_days();
        if self.lines.is_empty() {
            self.start = day;
        } else if day < self.start {
            // Grow downwards by at least the current length, so files sorted newest first
            // stay linear.
            let grow = (self.start - day).max(self.lines.len() as i64);
            let mut lines = vec![0; grow as usize];
            lines.append(&mut self.lines);
            self.lines = lines;
            self.start -= grow;
        }
        let index = (day - self.start) as usize;
        if index >= self.lines.len() {
            self.lines.resize(index + 1, 0);
        }
        match self.lines[index] {
            0 => {
                self.lines[index] = u32::try_from(line.max(1)).unwrap_or(u32::MAX);
                None
            }
            earlier => Some(u64::from(earlier)),
        }
    }

    fn span(self) -> Option<ShopSpan<S>> {
        let mut span: Option<ShopSpan<S>> = None;
        let mut shop = Some(self.shop);
        for (offset, &line) in self.lines.iter().enumerate() {
            if line == 0 {
                continue;
            }
            let date = EARLIEST_DATE + chrono::TimeDelta::days(self.start + offset as i64);
            let month = date.with_day(1).unwrap_or(date);
            match &mut span {
                None => {
                    span = Some(ShopSpan {
                        shop: shop.take()?,
                        days: 1,
                        first_date: date,
                        last_date: date,
                        months: vec![month],
                    })
                }
                Some(s) => {
                    s.days += 1;
                    s.last_date = date;
                    if s.months.last() != Some(&month) {
                        s.months.push(month);
                    }
                }
            }
        }
        span
    }
}

/// Streams the valid rows of an organization-wide actuals file; invalid rows are collected
/// on the side. Call [`BulkActualsReader::finish`] for the errors and the summary.
pub struct BulkActualsReader<'a, S, F> {
    rows: Rows<'a>,
    checks: Checks<S, F>,
}

/// What an organization-wide file's reader carries from one piece of the file to the next
/// (see [`super::segment`]).
pub struct BulkState<S, F> {
    checks: Checks<S, F>,
    carried: Carried,
}

/// What a row is checked against besides its own cells.
struct Checks<S, F> {
    today: NaiveDate,
    /// Turns a shop cell (trimmed: an id or an exact name) into the organization's shop.
    resolve: F,
    /// The last shop text and what it resolved to: files come one shop at a time.
    last: Option<(Vec<u8>, S)>,
    index: HashMap<S, usize>,
    days: Vec<ShopDays<S>>,
    totals: ActualsSummary,
}

impl<'a, S, F> BulkActualsReader<'a, S, F>
where
    S: Clone + Eq + Hash,
    F: Fn(&str) -> Option<S>,
{
    /// Reads an upload up to its header row.
    pub fn new(bytes: &'a [u8], today: NaiveDate, resolve: F) -> Result<Self, FileError> {
        let checks = Checks {
            today,
            resolve,
            last: None,
            index: HashMap::new(),
            days: Vec::new(),
            totals: ActualsSummary::default(),
        };
        Ok(Self {
            rows: Rows::open(bytes, &FIELDS)?,
            checks,
        })
    }

    /// Reads a later piece of a file: its header lines, then its next lines, numbered
    /// `line_offset` further on; checks go on from `state` (repeated days across pieces too).
    pub fn resume(
        bytes: &'a [u8],
        state: BulkState<S, F>,
        line_offset: u64,
    ) -> Result<Self, FileError> {
        Ok(Self {
            rows: Rows::resume(bytes, &FIELDS, state.carried, line_offset)?,
            checks: state.checks,
        })
    }

    /// Reads what is left of this piece and keeps what the next piece goes on from.
    pub fn pause(mut self) -> BulkState<S, F> {
        self.by_ref().for_each(drop);
        BulkState {
            checks: self.checks,
            carried: self.rows.pause(),
        }
    }

    /// The line of the header row, within this piece.
    pub fn header_line(&self) -> u64 {
        self.rows.header().line
    }

    /// The errors found so far: a streaming caller may stop sending rows at the first.
    pub fn errors(&self) -> &RowErrors {
        self.rows.errors()
    }

    /// Reads what is left and returns every error and the summary.
    pub fn finish(mut self) -> Result<Report<BulkSummary<S>>, FileError> {
        self.by_ref().for_each(drop);
        let mut totals = self.checks.totals;
        totals.rows = self.rows.read;
        let spans = self.checks.days.into_iter().filter_map(ShopDays::span);
        let shops: Vec<ShopSpan<S>> = spans.collect();
        totals.first_date = shops.iter().map(|s| s.first_date).min();
        totals.last_date = shops.iter().map(|s| s.last_date).max();
        let errors = self.rows.finish()?;
        Ok(Report {
            summary: BulkSummary { totals, shops },
            errors,
        })
    }
}

impl<S, F> Iterator for BulkActualsReader<'_, S, F>
where
    S: Clone + Eq + Hash,
    F: Fn(&str) -> Option<S>,
{
    type Item = BulkRow<S>;

    fn next(&mut self) -> Option<BulkRow<S>> {
        loop {
            let mut cells = self.rows.next(DATE)?;
            if let Some(row) = self.checks.read_row(&mut cells) {
                self.checks.totals.add(&row.row);
                return Some(row);
            }
        }
    }
}

impl<S, F> Checks<S, F>
where
    S: Clone + Eq + Hash,
    F: Fn(&str) -> Option<S>,
{
    fn read_row(&mut self, cells: &mut RowReader<'_, '_>) -> Option<BulkRow<S>> {
        let shop = self.shop(cells);
        let today = self.today;
        let mut days = shop.as_ref().map(|shop| self.shop_days(shop));
        let check = |cells: &mut RowReader<'_, '_>, date: NaiveDate| {
            if let Some(days) = days.as_deref_mut()
                && let Some(first) = days.insert(date, cells.line)
            {
                cells.report(
                    DATE,
                    duplicate_day(cells.name(SHOP), date, first, cells.line),
                );
            }
        };
        let row = actuals::read_row(cells, today, check)?;
        Some(BulkRow { shop: shop?, row })
    }

    /// The row's shop, resolved from its cell.
    fn shop(&mut self, cells: &mut RowReader<'_, '_>) -> Option<S> {
        let bytes = match cells.cell(SHOP) {
            Cell::Text(bytes) if !values::is_blank(bytes) => bytes.trim_ascii(),
            _ => {
                let msg = Msg::new("import-value-missing").arg("column", cells.name(SHOP));
                cells.report(SHOP, msg);
                return None;
            }
        };
        if let Some((last, shop)) = &self.last
            && last.as_slice() == bytes
        {
            return Some(shop.clone());
        }
        let text = String::from_utf8_lossy(bytes);
        let Some(shop) = (self.resolve)(text.trim()) else {
            let shown = values::shown(Cell::Text(bytes));
            cells.report(SHOP, Msg::new("import-unknown-shop").arg("value", shown));
            return None;
        };
        self.last = Some((bytes.to_vec(), shop.clone()));
        Some(shop)
    }

    fn shop_days(&mut self, shop: &S) -> &mut ShopDays<S> {
        let next = self.days.len();
        let at = *self.index.entry(shop.clone()).or_insert(next);
        if at == next {
            self.days.push(ShopDays {
                shop: shop.clone(),
                start: 0,
                lines: Vec::new(),
            });
        }
        &mut self.days[at]
    }
}

/// The message naming both lines of a shop's repeated day.
fn duplicate_day(shop_column: &str, date: NaiveDate, first: u64, line: u64) -> Msg {
    Msg::new("import-duplicate-shop-date")
        .arg("column", shop_column)
        .arg("date", date)
        .arg("first", first)
        .arg("line", line)
}
