//! Editing one day of figures and recording spend by hand, checked by the same rules as an
//! imported row (the input is read as a one-row file), each with its audit entry and the
//! rollup of its month refreshed.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};
use serde_json::json;

use super::{json, lock_shop, open_categories, resolver, today};
use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::db::actuals::{self as actuals_db, DayFigures, DayRow, Months};
use crate::db::audit::{self, Entry};
use crate::db::spend::{self as spend_db, SpendRow};
use crate::domain::ids::ShopId;
use crate::error::{AppError, ErrorDetail};
use crate::i18n::Msg;
use crate::import::{ActualRow, Rejection, read_actuals, read_spend};

/// A value as typed in a form or sent in JSON: text, or a number taken as its text.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Null => Ok(Text(String::new())),
            serde_json::Value::String(s) => Ok(Text(s)),
            other => Ok(Text(other.to_string())),
        }
    }
}

fn text(value: &Option<Text>) -> String {
    value.as_ref().map(|t| t.0.clone()).unwrap_or_default()
}

/// One day's figures as typed or sent; counts and amounts as text or numbers.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct DayInput {
    #[schema(value_type = Option<i64>)]
    pub uv: Option<Text>,
    #[schema(value_type = Option<i64>)]
    pub buyers: Option<Text>,
    #[schema(value_type = Option<i64>)]
    pub orders: Option<Text>,
    /// Money as a string, e.g. `"9469.44"`.
    #[schema(value_type = Option<String>)]
    pub sales: Option<Text>,
    #[schema(value_type = Option<String>)]
    pub refunds: Option<Text>,
    #[schema(value_type = Option<i64>)]
    pub pv: Option<Text>,
}

/// A spend entry as typed or sent.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SpendInput {
    /// Money as a string, e.g. `"349.75"`.
    #[schema(value_type = Option<String>)]
    pub amount: Option<Text>,
    #[schema(value_type = Option<String>)]
    pub attributed_sales: Option<Text>,
}

/// A date from a path or a form; 422 on `field` when it is not `YYYY-MM-DD`.
pub fn parse_date(text: &str, field: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid_field(field, Msg::new("form-date-invalid")))
}

/// One row of CSV text under `keys`.
fn one_row(keys: &[&str], cells: &[String]) -> Result<Vec<u8>, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let internal = |e: csv::Error| AppError::Internal(e.into());
    out.write_record(keys).map_err(internal)?;
    out.write_record(cells).map_err(internal)?;
    out.into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))
}

/// Row errors as field messages (the columns are named by the keys).
fn field_errors(rejection: Rejection) -> AppError {
    match rejection {
        Rejection::File(e) => AppError::invalid_field("date", e.msg()),
        Rejection::Rows(errors) => AppError::invalid(
            errors
                .errors
                .into_iter()
                .map(|e| ErrorDetail::field(e.column.unwrap_or_else(|| "date".into()), e.msg))
                .collect(),
        ),
    }
}

fn figures(row: &ActualRow) -> Result<DayFigures, AppError> {
    // The reader caps counts at i32::MAX.
    let small = |n: i64| i32::try_from(n).map_err(|e| AppError::Internal(e.into()));
    Ok(DayFigures {
        uv: small(row.uv)?,
        buyers: small(row.buyers)?,
        orders: row.orders.map(small).transpose()?,
        sales: row.sales,
        refunds: row.refunds,
        pv: row.pv.map(small).transpose()?,
    })
}

/// Sets one day of a shop's figures by hand (operators, managers, admins).
pub async fn edit_day(
    state: &AppState,
    user: &CurrentUser,
    shop: ShopId,
    date: NaiveDate,
    input: &DayInput,
) -> Result<DayRow, AppError> {
    user.require(Permission::ImportActuals)?;
    let mut tx = user.begin(state).await?;
    lock_shop(&mut tx, shop).await?;
    let today = today(&mut tx).await?;
    let cells = [
        date.to_string(),
        text(&input.uv),
        text(&input.buyers),
        text(&input.orders),
        text(&input.sales),
        text(&input.refunds),
        text(&input.pv),
    ];
    let csv = one_row(json::ACTUAL_KEYS, &cells)?;
    let (rows, _) = read_actuals(&csv, today).map_err(field_errors)?;
    let row = rows.first().ok_or(AppError::NotFound)?;
    let before = actuals_db::put_day(&mut tx, shop, date, &figures(row)?).await?;
    let mut months = Months::default();
    months.push(shop, date);
    actuals_db::refresh_months(&mut tx, &months).await?;
    let after = actuals_db::list_days(&mut tx, shop, date, date)
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let details =
        json!({ "date": date, "before": before.as_ref().map(day_json), "after": day_json(&after) });
    let entry = Entry::new("actuals.edited")
        .object("shop", shop)
        .details(details);
    audit::record(&mut tx, &user.actor(), entry).await?;
    tx.commit().await?;
    Ok(after)
}

fn day_json(d: &DayRow) -> serde_json::Value {
    json!({ "uv": d.uv, "buyers": d.buyers, "orders": d.orders, "sales": d.sales,
            "refunds": d.refunds, "pv": d.pv })
}

/// Records a day's spend in a category by hand (finance, admins), replacing what the day had
/// for that category.
pub async fn record_spend(
    state: &AppState,
    user: &CurrentUser,
    shop: ShopId,
    date: NaiveDate,
    category: &str,
    input: &SpendInput,
) -> Result<SpendRow, AppError> {
    user.require(Permission::ImportSpend)?;
    let mut tx = user.begin(state).await?;
    lock_shop(&mut tx, shop).await?;
    let today = today(&mut tx).await?;
    let resolve = resolver(open_categories(&mut tx).await?);
    let cells = [
        date.to_string(),
        category.to_string(),
        text(&input.amount),
        text(&input.attributed_sales),
    ];
    let csv = one_row(json::SPEND_KEYS, &cells)?;
    let (rows, _) = read_spend(&csv, today, None, resolve).map_err(field_errors)?;
    let row = rows.first().ok_or(AppError::NotFound)?;
    let before = spend_db::put_entry(
        &mut tx,
        shop,
        date,
        &row.category,
        row.amount,
        row.attributed_sales,
    )
    .await?;
    let mut months = Months::default();
    months.push(shop, date);
    spend_db::refresh_months(&mut tx, &months).await?;
    let after = spend_db::list_entries(&mut tx, shop, date, date)
        .await?
        .into_iter()
        .find(|e| e.category == row.category)
        .ok_or(AppError::NotFound)?;
    let details = json!({
        "date": date, "category": row.category,
        "before": before.map(|b| json!({"amount": b.amount, "attributed_sales": b.attributed_sales})),
        "after": {"amount": after.amount, "attributed_sales": after.attributed_sales},
    });
    let entry = Entry::new("spend.recorded")
        .object("shop", shop)
        .details(details);
    audit::record(&mut tx, &user.actor(), entry).await?;
    tx.commit().await?;
    Ok(after)
}
