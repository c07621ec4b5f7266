//! Actual data: imports of daily figures and spend (per shop and organization-wide), reading
//! them back, the import history and undo, and editing a day or recording spend by hand.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{NaiveDate, TimeDelta, Utc};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::actuals::{
    self, DayInput, DayView, ImportResult, ImportView, ShopFigures, ShopSpend, SpendInput,
    SpendView,
};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::ids::{ImportId, ShopId};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::web::extract::{Json, Path, Query};
use crate::web::upload::{StreamedUpload, Upload};

/// The longest range one read returns, in days.
const MAX_RANGE_DAYS: i64 = 1100;

/// Reading, history, undo and edits: ordinary requests.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_actuals))
        .routes(routes!(list_spend))
        .routes(routes!(list_imports))
        .routes(routes!(undo_import))
        .routes(routes!(edit_day))
        .routes(routes!(record_spend))
}

/// File uploads: served with the upload size limit and the longer import timeout.
pub fn upload_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_actuals))
        .routes(routes!(import_spend))
        .routes(routes!(import_bulk))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Spend only: the category of a file without a category column (`ztc` or 直通车).
    category: Option<String>,
    /// The file's name, for the import history.
    file_name: Option<String>,
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct RangeParams {
    /// First day, `YYYY-MM-DD` (default: 30 days before `to`).
    from: Option<String>,
    /// Last day, `YYYY-MM-DD` (default: today).
    to: Option<String>,
}

impl RangeParams {
    fn dates(&self) -> Result<(NaiveDate, NaiveDate), AppError> {
        let date = |text: &Option<String>, field: &str| {
            text.as_deref()
                .map(|t| actuals::parse_date(t, field))
                .transpose()
        };
        let to = date(&self.to, "to")?.unwrap_or_else(|| Utc::now().date_naive());
        let from = date(&self.from, "from")?.unwrap_or(to - TimeDelta::days(30));
        if from > to || (to - from).num_days() > MAX_RANGE_DAYS {
            return Err(AppError::invalid_field(
                "from",
                Msg::new("actuals-range-invalid").arg("days", MAX_RANGE_DAYS),
            ));
        }
        Ok((from, to))
    }
}

/// Imports a shop's daily figures from a CSV (UTF-8 or GBK), XLSX or XLS file, or a JSON
/// array of rows. All or nothing; the same days again replace the stored ones.
#[utoipa::path(post, path = "/shops/{shop_id}/actuals", tag = "actuals",
    params(("shop_id" = String, Path, format = Uuid), ImportParams),
    request_body(content = String, content_type = "text/csv",
        description = "A 生意参谋-style export (CSV, XLSX, XLS) or a JSON array of rows"),
    responses((status = 200, body = ImportResult), (status = 403), (status = 404),
        (status = 413), (status = 415), (status = 422, description = "invalid_rows with every bad row")),
    security(("bearer" = [])))]
async fn import_actuals(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(shop): Path<ShopId>,
    Query(params): Query<ImportParams>,
    upload: Upload,
) -> Result<Json<ImportResult>, AppError> {
    let body = upload.body(params.file_name)?;
    Ok(Json(
        actuals::import_actuals(&state, &user, shop, body).await?,
    ))
}

/// Imports a shop's spend: rows of date, category, amount and attributed sales, or a
/// channel's own report with `?category=`.
#[utoipa::path(post, path = "/shops/{shop_id}/spend", tag = "actuals",
    params(("shop_id" = String, Path, format = Uuid), ImportParams),
    request_body(content = String, content_type = "text/csv",
        description = "A spend file (CSV, XLSX, XLS) or a JSON array of rows"),
    responses((status = 200, body = ImportResult), (status = 403), (status = 404),
        (status = 413), (status = 415), (status = 422)),
    security(("bearer" = [])))]
async fn import_spend(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(shop): Path<ShopId>,
    Query(params): Query<ImportParams>,
    upload: Upload,
) -> Result<Json<ImportResult>, AppError> {
    let body = upload.body(params.file_name)?;
    let category = params.category.as_deref();
    Ok(Json(
        actuals::import_spend(&state, &user, shop, category, body).await?,
    ))
}

/// Imports the daily figures of many shops from one file with a `shop` (店铺) column holding
/// each row's shop id or exact name (or a JSON array of rows with a `shop` key). The same
/// shop and day twice is an error. A CSV is read as it arrives: any size up to the limit.
#[utoipa::path(post, path = "/actuals", tag = "actuals", params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportResult), (status = 403), (status = 413),
        (status = 415), (status = 422)),
    security(("bearer" = [])))]
async fn import_bulk(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(params): Query<ImportParams>,
    upload: StreamedUpload,
) -> Result<Json<ImportResult>, AppError> {
    let limit = state.config.max_upload_bytes;
    let body = upload.body(params.file_name, limit).await?;
    Ok(Json(actuals::import_bulk(&state, &user, body).await?))
}

/// A shop's daily figures, the monthly rollup of the months they fall in, and spend.
#[utoipa::path(get, path = "/shops/{shop_id}/actuals", tag = "actuals",
    params(("shop_id" = String, Path, format = Uuid), RangeParams),
    responses((status = 200, body = ShopFigures), (status = 404), (status = 422)),
    security(("bearer" = [])))]
async fn list_actuals(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(shop): Path<ShopId>,
    Query(params): Query<RangeParams>,
) -> Result<Json<ShopFigures>, AppError> {
    let (from, to) = params.dates()?;
    Ok(Json(
        actuals::shop_figures(&state, &user, shop, from, to).await?,
    ))
}

/// A shop's spend entries (and the rollup by month and category).
#[utoipa::path(get, path = "/shops/{shop_id}/spend", tag = "actuals",
    params(("shop_id" = String, Path, format = Uuid), RangeParams),
    responses((status = 200, body = ShopSpend), (status = 404), (status = 422)),
    security(("bearer" = [])))]
async fn list_spend(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(shop): Path<ShopId>,
    Query(params): Query<RangeParams>,
) -> Result<Json<ShopSpend>, AppError> {
    let (from, to) = params.dates()?;
    let figures = actuals::shop_figures(&state, &user, shop, from, to).await?;
    Ok(Json(ShopSpend::from(figures)))
}

/// A shop's imports, newest first, with whether each was undone.
#[utoipa::path(get, path = "/shops/{shop_id}/imports", tag = "actuals",
    params(("shop_id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<ImportView>), (status = 404)), security(("bearer" = [])))]
async fn list_imports(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(shop): Path<ShopId>,
) -> Result<Json<Vec<ImportView>>, AppError> {
    Ok(Json(actuals::history(&state, &user, shop).await?))
}

/// Undoes an import: its rows go and the rows it replaced come back. 409 when a later import
/// or an edit has changed its days since, or when it was undone already.
#[utoipa::path(post, path = "/imports/{id}/undo", tag = "actuals",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 403), (status = 404), (status = 409)),
    security(("bearer" = [])))]
async fn undo_import(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ImportId>,
) -> Result<StatusCode, AppError> {
    actuals::undo_import(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets one day of a shop's figures by hand, checked as an imported row would be.
#[utoipa::path(put, path = "/shops/{shop_id}/actuals/{date}", tag = "actuals",
    params(("shop_id" = String, Path, format = Uuid), ("date" = String, Path, format = Date)),
    request_body = DayInput,
    responses((status = 200, body = DayView), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
async fn edit_day(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((shop, date)): Path<(ShopId, String)>,
    Json(input): Json<DayInput>,
) -> Result<Json<DayView>, AppError> {
    let date = actuals::parse_date(&date, "date")?;
    let day = actuals::edit_day(&state, &user, shop, date, &input).await?;
    Ok(Json(DayView::from(&day)))
}

/// Records a day's spend in a category by hand (replacing what the day had for it).
#[utoipa::path(put, path = "/shops/{shop_id}/spend/{date}/{category}", tag = "actuals",
    params(("shop_id" = String, Path, format = Uuid), ("date" = String, Path, format = Date),
        ("category" = String, Path, description = "A code such as ztc or a label such as 直通车")),
    request_body = SpendInput,
    responses((status = 200, body = SpendView), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
async fn record_spend(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((shop, date, category)): Path<(ShopId, String, String)>,
    Json(input): Json<SpendInput>,
) -> Result<Json<SpendView>, AppError> {
    let date = actuals::parse_date(&date, "date")?;
    let entry = actuals::record_spend(&state, &user, shop, date, &category, &input).await?;
    Ok(Json(SpendView::from(&entry)))
}
