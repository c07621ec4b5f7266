//! Daily actuals (实际数据): one row per day of visitors, paying buyers, orders, sales,
//! refunds and page views, as 生意参谋 exports them.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::cell::Cell;
use super::header::Field;
use super::row::{RowReader, Rows, SeenDays, duplicate_date};
use super::{FileError, Rejection, Report, RowErrors, values};
use crate::i18n::Msg;

pub(crate) const DATE: usize = 0;
const UV: usize = 1;
const BUYERS: usize = 2;
const SALES: usize = 3;
const ORDERS: usize = 4;
const REFUNDS: usize = 5;
const PV: usize = 6;
const SHOP_NAME: usize = 7;

/// The columns of a daily actuals file, in the order of the constants above.
pub(crate) const FIELDS: [Field; 8] = [
    field("date", &["date", "日期", "统计日期"], true),
    field("uv", &["uv", "访客数"], true),
    field("buyers", &["buyers", "支付买家数"], true),
    field("sales", &["sales", "支付金额", "销售额"], true),
    field("orders", &["orders", "支付子订单数", "支付订单数"], false),
    field("refunds", &["refunds", "成功退款金额", "退款金额"], false),
    field("pv", &["pv", "浏览量"], false),
    // Read only to warn when the file names another shop than the one it is uploaded to.
    field("shop_name", &["shop_name", "店铺名称"], false),
];

/// At most this many different shop names are kept from a file.
const NAMED_SHOPS: usize = 5;

const fn field(name: &'static str, aliases: &'static [&'static str], required: bool) -> Field {
    Field {
        name,
        aliases,
        required,
    }
}

/// One valid day of a shop's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActualRow {
    /// Where the row is in the file (1-based, title lines counted).
    pub line: u64,
    pub date: NaiveDate,
    /// Visitors (访客数).
    pub uv: i64,
    /// Paying buyers (支付买家数), never more than `uv`.
    pub buyers: i64,
    /// Paid orders (支付子订单数).
    pub orders: Option<i64>,
    /// Paid amount (支付金额), as written: not rounded.
    pub sales: Decimal,
    /// Successful refunds (成功退款金额).
    pub refunds: Option<Decimal>,
    /// Page views (浏览量).
    pub pv: Option<i64>,
}

/// What an actuals file holds, for the preview before it is stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActualsSummary {
    /// Data rows read, valid or not (blank rows are skipped).
    pub rows: u64,
    pub valid_rows: u64,
    /// The distinct days of the file (of every row whose date could be read): the days an
    /// import would replace.
    pub dates: Vec<NaiveDate>,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    /// Totals over the valid rows; a blank optional value counts as zero.
    pub uv: i64,
    pub buyers: i64,
    pub orders: i64,
    pub sales: Decimal,
    pub refunds: Decimal,
    pub pv: i64,
    /// The shops the file names (its 生意参谋 title line, a 店铺名称 column), at most five.
    pub named_shops: Vec<String>,
}

impl ActualsSummary {
    fn name_shop(&mut self, name: &str) {
        let name = name.trim();
        if !name.is_empty()
            && self.named_shops.len() < NAMED_SHOPS
            && !self.named_shops.iter().any(|n| n == name)
        {
            self.named_shops.push(name.to_string());
        }
    }

    pub(crate) fn add(&mut self, row: &ActualRow) {
        self.valid_rows += 1;
        self.uv = self.uv.saturating_add(row.uv);
        self.buyers = self.buyers.saturating_add(row.buyers);
        self.orders = self.orders.saturating_add(row.orders.unwrap_or(0));
        self.sales = self.sales.saturating_add(row.sales);
        self.refunds = self.refunds.saturating_add(row.refunds.unwrap_or_default());
        self.pv = self.pv.saturating_add(row.pv.unwrap_or(0));
    }
}

/// Streams the valid rows of an actuals upload; invalid rows are collected on the side.
/// Call [`ActualsReader::finish`] for the errors and the summary.
pub struct ActualsReader<'a> {
    rows: Rows<'a>,
    today: NaiveDate,
    seen: SeenDays,
    summary: ActualsSummary,
}

impl<'a> ActualsReader<'a> {
    /// Reads an upload (CSV, XLSX or XLS) up to its header row. `today` is the
    /// organization's date: later days are refused.
    pub fn new(bytes: &'a [u8], today: NaiveDate) -> Result<Self, FileError> {
        let rows = Rows::open(bytes, &FIELDS)?;
        let mut summary = ActualsSummary::default();
        for title in &rows.header().titles {
            if let Some(shop) = titled_shop(title) {
                summary.name_shop(shop);
            }
        }
        Ok(Self {
            rows,
            today,
            seen: SeenDays::default(),
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
    pub fn finish(mut self) -> Result<Report<ActualsSummary>, FileError> {
        self.by_ref().for_each(drop);
        let mut summary = self.summary;
        summary.rows = self.rows.read;
        summary.dates = self.seen.dates();
        summary.first_date = summary.dates.first().copied();
        summary.last_date = summary.dates.last().copied();
        let errors = self.rows.finish()?;
        Ok(Report { summary, errors })
    }
}

impl Iterator for ActualsReader<'_> {
    type Item = ActualRow;

    fn next(&mut self) -> Option<ActualRow> {
        loop {
            let mut cells = self.rows.next(DATE)?;
            let seen = &mut self.seen;
            let check = |cells: &mut RowReader<'_, '_>, date: NaiveDate| {
                if let Some(first) = seen.insert(date, cells.line) {
                    cells.report(DATE, duplicate_date(date, first, cells.line));
                }
            };
            if let Cell::Text(bytes) = cells.cell(SHOP_NAME) {
                self.summary.name_shop(&String::from_utf8_lossy(bytes));
            }
            if let Some(row) = read_row(&mut cells, self.today, check) {
                self.summary.add(&row);
                return Some(row);
            }
        }
    }
}

/// The shop a 生意参谋 title line names: `婚庆用品旗舰店 - 生意参谋 - 取数 - 店铺整体`.
fn titled_shop(title: &str) -> Option<&str> {
    let (shop, _) = title.split_once("生意参谋")?;
    let shop = shop.trim().trim_end_matches(['-', '—', '|']).trim();
    (!shop.is_empty()).then_some(shop)
}

/// Reads one day's figures; `check_date` sees each readable date (for repeated days).
pub(crate) fn read_row(
    cells: &mut RowReader<'_, '_>,
    today: NaiveDate,
    mut check_date: impl FnMut(&mut RowReader<'_, '_>, NaiveDate),
) -> Option<ActualRow> {
    let date = cells.date(DATE, today);
    let uv = cells.count(UV);
    let buyers = cells.count(BUYERS);
    let sales = cells.money(SALES);
    let orders = cells.optional(ORDERS, values::count);
    let refunds = cells.optional(REFUNDS, values::money);
    let pv = cells.optional(PV, values::count);
    if let Some(date) = date {
        check_date(cells, date);
    }
    if let (Some(uv), Some(buyers), Some(sales)) = (uv, buyers, sales) {
        check_funnel(cells, uv, buyers, sales);
    }
    if cells.failed {
        return None;
    }
    Some(ActualRow {
        line: cells.line,
        date: date?,
        uv: uv?,
        buyers: buyers?,
        orders,
        sales: sales?,
        refunds,
        pv,
    })
}

/// Buyers are a subset of visitors, and sales need buyers (and the reverse).
fn check_funnel(cells: &mut RowReader<'_, '_>, uv: i64, buyers: i64, sales: Decimal) {
    let (uv_column, buyers_column, sales_column) =
        (cells.name(UV), cells.name(BUYERS), cells.name(SALES));
    let names = |msg: Msg| {
        msg.arg("uv_column", uv_column)
            .arg("buyers_column", buyers_column)
            .arg("sales_column", sales_column)
            .arg("uv", uv)
            .arg("buyers", buyers)
            .arg("sales", sales)
    };
    if buyers > uv {
        let msg = names(Msg::new("import-buyers-exceed-uv"));
        cells.report(BUYERS, msg);
    }
    if buyers == 0 && !sales.is_zero() {
        let msg = names(Msg::new("import-sales-without-buyers"));
        cells.report(BUYERS, msg);
    } else if buyers > 0 && sales.is_zero() {
        let msg = names(Msg::new("import-buyers-without-sales"));
        cells.report(SALES, msg);
    }
}

/// Validates a whole actuals file without keeping its rows: the upload preview.
pub fn preview_actuals(
    bytes: &[u8],
    today: NaiveDate,
) -> Result<Report<ActualsSummary>, FileError> {
    ActualsReader::new(bytes, today)?.finish()
}

/// All or nothing: every row when all are valid, else every error. For small files and
/// tests; stream large ones with [`ActualsReader`].
pub fn read_actuals(
    bytes: &[u8],
    today: NaiveDate,
) -> Result<(Vec<ActualRow>, ActualsSummary), Rejection> {
    let mut reader = ActualsReader::new(bytes, today)?;
    let mut rows = Vec::new();
    while let Some(row) = reader.next() {
        // Once a row failed nothing will be stored: stop holding rows.
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
