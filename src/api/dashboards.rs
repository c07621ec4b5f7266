//! Dashboards: a plan against its shop's actuals, and the monthly review notes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::dashboard::plan::PlanDashboard;
use crate::dashboard::{self, notes};
use crate::db::reviews::Note;
use crate::domain::ids::{PlanId, ShopId};
use crate::error::AppError;
use crate::web::extract::{Json, Path, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(plan_dashboard))
        .routes(routes!(list_notes, add_note))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct AsOfParams {
    /// `YYYY-MM-DD`; by default today in the organization's time zone.
    as_of: Option<String>,
}

/// Plan against actuals per plan month, up to `as_of`: targets (the month containing
/// `as_of` prorated by days elapsed), actuals, the sales variance split into UV, conversion
/// and AOV effects, ROI and budget burn; and the totals of the months up to `as_of`.
#[utoipa::path(get, path = "/plans/{id}/dashboard", tag = "dashboards",
    params(("id" = String, Path, format = Uuid), AsOfParams),
    responses((status = 200, body = PlanDashboard), (status = 404), (status = 422)),
    security(("bearer" = [])))]
async fn plan_dashboard(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PlanId>,
    Query(params): Query<AsOfParams>,
) -> Result<Json<PlanDashboard>, AppError> {
    let mut tx = user.begin_read(&state).await?;
    let plan = crate::db::plans::get_plan(&mut tx, id, false)
        .await?
        .ok_or(AppError::NotFound)?;
    let as_of = dashboard::as_of(&mut tx, params.as_of.as_deref()).await?;
    let (board, _) = dashboard::plan::load(&mut tx, &plan, as_of).await?;
    tx.end_read();
    Ok(Json(board))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct NotesParams {
    /// First month, `YYYY-MM`.
    from: Option<String>,
    /// Last month, `YYYY-MM`.
    to: Option<String>,
}

/// A shop's monthly review notes (复盘), oldest first.
#[utoipa::path(get, path = "/shops/{shop_id}/notes", tag = "dashboards",
    params(("shop_id" = String, Path, format = Uuid), NotesParams),
    responses((status = 200, body = Vec<Note>), (status = 404), (status = 422)), security(("bearer" = [])))]
async fn list_notes(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(shop): Path<ShopId>,
    Query(params): Query<NotesParams>,
) -> Result<Json<Vec<Note>>, AppError> {
    let list = notes::list(
        &state,
        &user,
        shop,
        params.from.as_deref(),
        params.to.as_deref(),
    )
    .await?;
    Ok(Json(list))
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct NoteRequest {
    /// `YYYY-MM`.
    month: String,
    body: String,
}

/// Adds a review note to a shop's month (every role but viewer).
#[utoipa::path(post, path = "/shops/{shop_id}/notes", tag = "dashboards",
    params(("shop_id" = String, Path, format = Uuid)), request_body = NoteRequest,
    responses((status = 201, body = Note), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
async fn add_note(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(shop): Path<ShopId>,
    Json(body): Json<NoteRequest>,
) -> Result<Response, AppError> {
    let note = notes::add(&state, &user, shop, &body.month, &body.body).await?;
    Ok((StatusCode::CREATED, Json(note)).into_response())
}
