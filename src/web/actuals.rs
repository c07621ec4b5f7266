//! A shop's actual data in the browser: the month view of its days and spend, editing a day,
//! recording spend by hand, and undoing an import from the shop's history.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::actuals::{
    self, DayInput, DayView, ImportView, MonthView, ShopFigures, SpendInput, Text,
};
use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::db::reference::{self, RefItem, RefList};
use crate::db::shops::{self as shop_db, Shop};
use crate::domain::ids::{ImportId, ShopId};
use crate::domain::{Money, Rate, YearMonth};
use crate::error::AppError;
use crate::web::extract::{Form, Path, Query};
use crate::web::forms::FormErrors;
use crate::web::plan_view::ShowFigures;
use crate::web::{PageContext, html};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/shops/{id}/actuals", get(show_month))
        .route("/shops/{id}/actuals/{date}", get(edit_day).post(save_day))
        .route("/shops/{id}/spend", post(record_spend))
        .route("/imports/{id}/undo", post(undo_import))
}

/// The shop page's part about actual data: the upload form and the import history.
pub struct ShopActuals {
    pub imports: Vec<ImportView>,
    pub categories: Vec<RefItem>,
    pub can_import_actuals: bool,
    pub can_import_spend: bool,
}

impl ShopActuals {
    /// Loads the history and the categories for a shop's page.
    pub async fn load(
        state: &AppState,
        user: &CurrentUser,
        shop: ShopId,
    ) -> Result<Self, AppError> {
        let imports = actuals::history(state, user, shop).await?;
        let mut tx = user.begin(state).await?;
        let mut categories = reference::list(&mut tx, RefList::Category).await?;
        tx.commit().await?;
        categories.retain(|c| !c.archived);
        Ok(Self {
            imports,
            categories,
            can_import_actuals: user.can(Permission::ImportActuals),
            can_import_spend: user.can(Permission::ImportSpend),
        })
    }

    /// Whether the member may undo an import of this kind.
    pub fn can_undo(&self, import: &ImportView) -> bool {
        import.undoable
            && if import.kind == "spend" {
                self.can_import_spend
            } else {
                self.can_import_actuals
            }
    }
}

/// A rate as a percentage with two decimals, rounded half-up, so a column of them aligns
/// (`3.50%`).
pub fn percent(rate: &Rate) -> String {
    rate.percent().to_string()
}

/// One line of the month view: a day, its figures if any, its spend per category shown.
pub struct DayLine {
    pub date: NaiveDate,
    pub day: Option<DayView>,
    pub spend: Vec<Option<Money>>,
}

#[derive(Template)]
#[template(path = "actuals/month.html")]
pub struct MonthPage {
    pub ctx: PageContext,
    pub shop: Shop,
    pub month: YearMonth,
    pub lines: Vec<DayLine>,
    /// The categories with spend this month, as columns.
    pub columns: Vec<RefItem>,
    pub total: Option<MonthView>,
    pub spend_totals: Vec<Money>,
    pub categories: Vec<RefItem>,
    pub can_edit: bool,
    pub can_spend: bool,
    pub spend_form: SpendForm,
    pub errors: FormErrors,
    /// Today in the organization: later days cannot have figures yet.
    pub today: NaiveDate,
}

impl ShowFigures for MonthPage {}

impl MonthPage {
    /// The month before and after, for the picker.
    pub fn prev(&self) -> YearMonth {
        self.month.pred()
    }

    pub fn next(&self) -> YearMonth {
        self.month.succ()
    }
}

/// The manual spend form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SpendForm {
    pub date: String,
    pub category: String,
    pub amount: String,
    pub attributed_sales: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MonthQuery {
    month: String,
}

async fn month_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
    shop: ShopId,
    month: YearMonth,
    spend_form: SpendForm,
    errors: FormErrors,
) -> Result<MonthPage, AppError> {
    let (from, to) = (month.first_day(), month.last_day());
    let figures = actuals::shop_figures(state, user, shop, from, to).await?;
    let mut tx = user.begin(state).await?;
    let shop_row = shop_db::get_shop(&mut tx, shop)
        .await?
        .ok_or(AppError::NotFound)?;
    let categories = reference::list(&mut tx, RefList::Category).await?;
    let today = crate::db::tenants::today(tx.conn(), user.tenant_id).await?;
    tx.commit().await?;
    let columns: Vec<RefItem> = categories
        .iter()
        .filter(|c| figures.spend.iter().any(|s| s.category == c.code))
        .cloned()
        .collect();
    let lines = day_lines(&figures, &columns, from, to);
    let spend_totals = columns
        .iter()
        .map(|c| {
            let rows = figures.spend_months.iter().filter(|m| m.category == c.code);
            rows.map(|m| m.amount).fold(Money::ZERO, |a, b| a + b)
        })
        .collect();
    Ok(MonthPage {
        ctx,
        shop: shop_row,
        month,
        lines,
        columns,
        total: figures.months.into_iter().next(),
        spend_totals,
        categories: categories.into_iter().filter(|c| !c.archived).collect(),
        can_edit: user.can(Permission::ImportActuals),
        can_spend: user.can(Permission::ImportSpend),
        spend_form,
        errors,
        today,
    })
}

/// Every day from `from` to `to`, with its figures and its spend in each column's category.
fn day_lines(
    figures: &ShopFigures,
    columns: &[RefItem],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<DayLine> {
    from.iter_days()
        .take_while(|d| *d <= to)
        .map(|date| DayLine {
            date,
            day: figures.days.iter().find(|d| d.date == date).cloned(),
            spend: columns
                .iter()
                .map(|c| {
                    let entry = figures
                        .spend
                        .iter()
                        .find(|s| s.date == date && s.category == c.code);
                    entry.map(|s| s.amount)
                })
                .collect(),
        })
        .collect()
}

async fn show_month(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<ShopId>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, AppError> {
    let month = YearMonth::parse(&q.month)
        .unwrap_or_else(|_| YearMonth::of(chrono::Utc::now().date_naive()));
    let page = month_page(
        &state,
        &user,
        ctx,
        id,
        month,
        SpendForm::default(),
        FormErrors::none(),
    )
    .await?;
    html(StatusCode::OK, page)
}

async fn record_spend(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<ShopId>,
    Form(form): Form<SpendForm>,
) -> Result<Response, AppError> {
    let input = SpendInput {
        amount: Some(Text(form.amount.clone())),
        attributed_sales: Some(Text(form.attributed_sales.clone())),
    };
    let result = match actuals::parse_date(&form.date, "date") {
        Ok(date) => actuals::record_spend(&state, &user, id, date, &form.category, &input)
            .await
            .map(|_| date),
        Err(e) => Err(e),
    };
    match result {
        Ok(date) => {
            let month = YearMonth::of(date);
            Ok(Redirect::to(&format!(
                "/shops/{id}/actuals?month={month}&notice=spend-recorded"
            ))
            .into_response())
        }
        Err(e) => {
            let errors = FormErrors::from_error(e, ctx.lang)?;
            let month = NaiveDate::parse_from_str(&form.date, "%Y-%m-%d")
                .map(YearMonth::of)
                .unwrap_or_else(|_| YearMonth::of(chrono::Utc::now().date_naive()));
            let page = month_page(&state, &user, ctx, id, month, form, errors).await?;
            html(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}

#[derive(Template)]
#[template(path = "actuals/day.html")]
pub struct DayPage {
    pub ctx: PageContext,
    pub shop: Shop,
    pub date: NaiveDate,
    pub form: DayForm,
    pub errors: FormErrors,
}

/// The day form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct DayForm {
    pub uv: String,
    pub buyers: String,
    pub orders: String,
    pub sales: String,
    pub refunds: String,
    pub pv: String,
}

impl DayForm {
    fn of(day: &DayView) -> Self {
        let opt = |v: Option<String>| v.unwrap_or_default();
        Self {
            uv: day.uv.to_string(),
            buyers: day.buyers.to_string(),
            orders: opt(day.orders.map(|n| n.to_string())),
            sales: day.sales.to_string(),
            refunds: opt(day.refunds.map(|m| m.to_string())),
            pv: opt(day.pv.map(|n| n.to_string())),
        }
    }

    fn input(&self) -> DayInput {
        let t = |s: &String| Some(Text(s.clone()));
        DayInput {
            uv: t(&self.uv),
            buyers: t(&self.buyers),
            orders: t(&self.orders),
            sales: t(&self.sales),
            refunds: t(&self.refunds),
            pv: t(&self.pv),
        }
    }
}

async fn day_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
    shop: ShopId,
    date: NaiveDate,
    form: Option<DayForm>,
    errors: FormErrors,
) -> Result<DayPage, AppError> {
    user.require(Permission::ImportActuals)?;
    let figures = actuals::shop_figures(state, user, shop, date, date).await?;
    let mut tx = user.begin(state).await?;
    let shop_row = shop_db::get_shop(&mut tx, shop)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    let form = form.unwrap_or_else(|| figures.days.first().map(DayForm::of).unwrap_or_default());
    Ok(DayPage {
        ctx,
        shop: shop_row,
        date,
        form,
        errors,
    })
}

async fn edit_day(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path((id, date)): Path<(ShopId, String)>,
) -> Result<Response, AppError> {
    let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|_| AppError::NotFound)?;
    let page = day_page(&state, &user, ctx, id, date, None, FormErrors::none()).await?;
    html(StatusCode::OK, page)
}

async fn save_day(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path((id, date)): Path<(ShopId, String)>,
    Form(form): Form<DayForm>,
) -> Result<Response, AppError> {
    let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|_| AppError::NotFound)?;
    match actuals::edit_day(&state, &user, id, date, &form.input()).await {
        Ok(_) => {
            let month = YearMonth::of(date);
            Ok(Redirect::to(&format!(
                "/shops/{id}/actuals?month={month}&notice=day-saved"
            ))
            .into_response())
        }
        Err(e) => {
            let errors = FormErrors::from_error(e, ctx.lang)?;
            let page = day_page(&state, &user, ctx, id, date, Some(form), errors).await?;
            html(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}

async fn undo_import(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ImportId>,
) -> Result<Response, AppError> {
    let shops = actuals::undo_import(&state, &user, id).await?;
    let target = match shops.as_slice() {
        [shop] => format!("/shops/{shop}?notice=import-undone"),
        _ => "/shops?notice=import-undone".to_string(),
    };
    Ok(Redirect::to(&target).into_response())
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn percentages_have_two_decimals_rounded_half_up() {
        assert_eq!(percent(&Rate::new(dec!(0.035))), "3.50%");
        assert_eq!(percent(&Rate::new(dec!(0.03525))), "3.53%");
        assert_eq!(percent(&Rate::new(dec!(0.0352))), "3.52%");
    }
}
