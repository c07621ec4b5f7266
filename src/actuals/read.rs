//! What pages and the API show of actual data: days and months with conversion and AOV
//! derived by the domain's funnel, spend entries, and a shop's import history.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::actuals::{self as actuals_db, DayRow, MonthRow};
use crate::db::imports::{self, ImportRecord};
use crate::db::spend::{self as spend_db, SpendMonthRow, SpendRow};
use crate::db::{TenantTx, shops as shop_db};
use crate::domain::ids::{ImportId, ShopId};
use crate::domain::{FunnelActual, Money, Rate, YearMonth};
use crate::error::AppError;

/// How many imports a shop's history lists.
pub const HISTORY_LIMIT: i64 = 100;

/// One day of a shop's figures, with conversion (buyers ÷ UV) and AOV (sales ÷ buyers).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DayView {
    pub date: NaiveDate,
    pub uv: i64,
    pub buyers: i64,
    pub orders: Option<i64>,
    #[schema(value_type = String)]
    pub sales: Money,
    #[schema(value_type = Option<String>)]
    pub refunds: Option<Money>,
    pub pv: Option<i64>,
    #[schema(value_type = Option<String>)]
    pub conversion_rate: Option<Rate>,
    #[schema(value_type = Option<String>)]
    pub aov: Option<Money>,
    /// The import that wrote the day; `null` after an edit by hand.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub import_id: Option<ImportId>,
    pub updated_at: DateTime<Utc>,
}

impl From<&DayRow> for DayView {
    fn from(d: &DayRow) -> Self {
        let funnel = funnel(i64::from(d.uv), i64::from(d.buyers), Money::new(d.sales));
        Self {
            date: d.date,
            uv: d.uv.into(),
            buyers: d.buyers.into(),
            orders: d.orders.map(i64::from),
            sales: Money::new(d.sales),
            refunds: d.refunds.map(Money::new),
            pv: d.pv.map(i64::from),
            conversion_rate: funnel.conversion(),
            aov: funnel.aov(),
            import_id: d.import_id,
            updated_at: d.updated_at,
        }
    }
}

/// A month of the rollup: sums of its days.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MonthView {
    #[schema(value_type = String, example = "2027-01")]
    pub month: YearMonth,
    pub uv: i64,
    pub buyers: i64,
    pub orders: i64,
    #[schema(value_type = String)]
    pub sales: Money,
    #[schema(value_type = String)]
    pub refunds: Money,
    pub pv: i64,
    /// Days with data.
    pub days: i32,
    #[schema(value_type = Option<String>)]
    pub conversion_rate: Option<Rate>,
    #[schema(value_type = Option<String>)]
    pub aov: Option<Money>,
}

impl From<&MonthRow> for MonthView {
    fn from(m: &MonthRow) -> Self {
        let funnel = funnel(m.uv, m.buyers, Money::new(m.sales));
        Self {
            month: YearMonth::of(m.month),
            uv: m.uv,
            buyers: m.buyers,
            orders: m.orders,
            sales: Money::new(m.sales),
            refunds: Money::new(m.refunds),
            pv: m.pv,
            days: m.days,
            conversion_rate: funnel.conversion(),
            aov: funnel.aov(),
        }
    }
}

fn funnel(uv: i64, buyers: i64, sales: Money) -> FunnelActual {
    FunnelActual {
        uv: u64::try_from(uv).unwrap_or(0),
        buyers: u64::try_from(buyers).unwrap_or(0),
        sales,
    }
}

/// One spend entry.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SpendView {
    pub date: NaiveDate,
    /// The category's code, e.g. `ztc`.
    pub category: String,
    #[schema(value_type = String)]
    pub amount: Money,
    #[schema(value_type = Option<String>)]
    pub attributed_sales: Option<Money>,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub import_id: Option<ImportId>,
    pub updated_at: DateTime<Utc>,
}

impl From<&SpendRow> for SpendView {
    fn from(s: &SpendRow) -> Self {
        Self {
            date: s.date,
            category: s.category.clone(),
            amount: Money::new(s.amount),
            attributed_sales: s.attributed_sales.map(Money::new),
            import_id: s.import_id,
            updated_at: s.updated_at,
        }
    }
}

/// A month of the spend rollup for one category.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SpendMonthView {
    #[schema(value_type = String, example = "2027-01")]
    pub month: YearMonth,
    pub category: String,
    #[schema(value_type = String)]
    pub amount: Money,
    #[schema(value_type = String)]
    pub attributed_sales: Money,
}

impl From<&SpendMonthRow> for SpendMonthView {
    fn from(s: &SpendMonthRow) -> Self {
        Self {
            month: YearMonth::of(s.month),
            category: s.category.clone(),
            amount: Money::new(s.amount),
            attributed_sales: Money::new(s.attributed_sales),
        }
    }
}

/// One import in a shop's history.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ImportView {
    #[schema(value_type = String, format = Uuid)]
    pub id: ImportId,
    /// `actuals` or `spend`.
    pub kind: String,
    /// Whether the import came in one organization-wide file.
    pub organization_wide: bool,
    pub file_name: Option<String>,
    /// The import's rows for this shop.
    pub rows: i32,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    pub imported_by: String,
    pub imported_at: DateTime<Utc>,
    /// `imported_at` on the organization's clock, for pages.
    #[serde(skip)]
    pub imported_local: NaiveDateTime,
    pub undone_at: Option<DateTime<Utc>>,
    pub undone_by: Option<String>,
    /// Whether an undo would be taken now: not undone, and none of its rows replaced since
    /// by a later import or a hand edit.
    pub undoable: bool,
}

impl From<ImportRecord> for ImportView {
    fn from(r: ImportRecord) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            organization_wide: r.shop_id.is_none(),
            file_name: r.file_name,
            rows: r.rows,
            first_date: r.first_date,
            last_date: r.last_date,
            imported_by: r.imported_by_name,
            imported_at: r.imported_at,
            imported_local: r.imported_local,
            undoable: r.undone_at.is_none(),
            undone_at: r.undone_at,
            undone_by: r.undone_by_name,
        }
    }
}

/// A shop's figures and spend over a range of days, with the rollup of its months.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ShopFigures {
    #[schema(value_type = String, format = Uuid)]
    pub shop_id: ShopId,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: Vec<DayView>,
    pub months: Vec<MonthView>,
    pub spend: Vec<SpendView>,
    pub spend_months: Vec<SpendMonthView>,
}

/// A shop's spend entries over a range of days, with the rollup by month and category.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ShopSpend {
    #[schema(value_type = String, format = Uuid)]
    pub shop_id: ShopId,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub entries: Vec<SpendView>,
    pub months: Vec<SpendMonthView>,
}

impl From<ShopFigures> for ShopSpend {
    fn from(f: ShopFigures) -> Self {
        Self {
            shop_id: f.shop_id,
            from: f.from,
            to: f.to,
            entries: f.spend,
            months: f.spend_months,
        }
    }
}

/// Reads a shop's days, months and spend between two dates (any member).
pub async fn shop_figures(
    state: &AppState,
    user: &CurrentUser,
    shop: ShopId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<ShopFigures, AppError> {
    let mut tx = user.begin(state).await?;
    let figures = figures_in(&mut tx, shop, from, to).await?;
    tx.commit().await?;
    Ok(figures)
}

pub(super) async fn figures_in(
    tx: &mut TenantTx,
    shop: ShopId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<ShopFigures, AppError> {
    shop_db::get_shop(tx, shop)
        .await?
        .ok_or(AppError::NotFound)?;
    let (first, last) = (
        YearMonth::of(from).first_day(),
        YearMonth::of(to).first_day(),
    );
    let days = actuals_db::list_days(tx, shop, from, to).await?;
    let months = actuals_db::list_months(tx, shop, first, last).await?;
    let spend = spend_db::list_entries(tx, shop, from, to).await?;
    let spend_months = spend_db::list_months(tx, shop, first, last).await?;
    Ok(ShopFigures {
        shop_id: shop,
        from,
        to,
        days: days.iter().map(DayView::from).collect(),
        months: months.iter().map(MonthView::from).collect(),
        spend: spend.iter().map(SpendView::from).collect(),
        spend_months: spend_months.iter().map(SpendMonthView::from).collect(),
    })
}

/// A shop's imports, newest first (any member).
pub async fn history(
    state: &AppState,
    user: &CurrentUser,
    shop: ShopId,
) -> Result<Vec<ImportView>, AppError> {
    let mut tx = user.begin(state).await?;
    shop_db::get_shop(&mut tx, shop)
        .await?
        .ok_or(AppError::NotFound)?;
    let list = imports::list_for_shop(&mut tx, shop, HISTORY_LIMIT).await?;
    let open: Vec<ImportId> = list
        .iter()
        .filter(|i| i.undone_at.is_none())
        .map(|i| i.id)
        .collect();
    let replaced = imports::replaced_since(&mut tx, &open).await?;
    tx.commit().await?;
    Ok(list
        .into_iter()
        .map(|record| {
            let undoable = record.undone_at.is_none() && !replaced.contains(&record.id);
            ImportView {
                undoable,
                ..ImportView::from(record)
            }
        })
        .collect())
}
