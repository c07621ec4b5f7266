//! Plans: create from the template, read and save the whole document, the workflow,
//! revisions and their comparison, phase gates, milestones, and the target-split helper.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::plans::{self as plan_db, PlanSummary};
use crate::domain::PhaseKind;
use crate::domain::ids::{MilestoneId, PlanId, ShopId, UserId};
use crate::domain::kinds::GateChoice;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::plans::compare::{Comparison, compare};
use crate::plans::gates;
use crate::plans::input::PlanInput;
use crate::plans::service::{self, NewPlanInput};
use crate::plans::split::{SplitRequest, SplitResult};
use crate::plans::{PlanDocument, load_document, workflow};
use crate::web::ApiLang;
use crate::web::extract::{Json, Path};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_plans, create_plan))
        .routes(routes!(get_plan, put_plan))
        .routes(routes!(submit_plan))
        .routes(routes!(approve_plan))
        .routes(routes!(return_plan))
        .routes(routes!(archive_plan))
        .routes(routes!(list_revisions, create_revision))
        .routes(routes!(compare_plans))
        .routes(routes!(review_gate))
        .routes(routes!(update_milestone))
        .routes(routes!(split_targets))
}

/// A shop's plans, every revision.
#[utoipa::path(get, path = "/shops/{shop_id}/plans", tag = "plans",
    params(("shop_id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<PlanSummary>), (status = 404)), security(("bearer" = [])))]
async fn list_plans(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(shop): Path<ShopId>,
) -> Result<Json<Vec<PlanSummary>>, AppError> {
    let mut tx = user.begin(&state).await?;
    crate::db::shops::get_shop(&mut tx, shop)
        .await?
        .ok_or(AppError::NotFound)?;
    let list = plan_db::list_for_shop(&mut tx, shop).await?;
    tx.commit().await?;
    Ok(Json(list))
}

/// Creates a draft plan for a shop over 1 to 36 months, laid out from the template: the four
/// phases with default durations, their goals, exit criteria and standard milestones.
#[utoipa::path(post, path = "/shops/{shop_id}/plans", tag = "plans",
    params(("shop_id" = String, Path, format = Uuid)), request_body = NewPlanInput,
    responses((status = 201, body = PlanDocument), (status = 403), (status = 404),
        (status = 409, description = "shop_archived: plans are made for open shops only"),
        (status = 422)),
    security(("bearer" = [])))]
async fn create_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiLang(lang): ApiLang,
    Path(shop): Path<ShopId>,
    Json(body): Json<NewPlanInput>,
) -> Result<Response, AppError> {
    let doc = service::create_plan(&state, &user, shop, &body, lang).await?;
    Ok((StatusCode::CREATED, Json(doc)).into_response())
}

/// The plan document, with derived buyers and sales and the lint warnings.
#[utoipa::path(get, path = "/plans/{id}", tag = "plans", params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = PlanDocument), (status = 404)), security(("bearer" = [])))]
async fn get_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiLang(lang): ApiLang,
    Path(id): Path<PlanId>,
) -> Result<Json<PlanDocument>, AppError> {
    let mut tx = user.begin(&state).await?;
    let doc = load_document(&mut tx, id, lang, &[]).await?;
    tx.commit().await?;
    Ok(Json(doc))
}

/// Saves the whole document with the `version` it was read at. 409 `version_conflict` when
/// someone saved in between (nothing is changed), 409 `plan_locked` unless it is a draft,
/// 422 with field paths for invalid content. Finance may change budget lines only.
#[utoipa::path(put, path = "/plans/{id}", tag = "plans", params(("id" = String, Path, format = Uuid)),
    request_body = PlanInput,
    responses((status = 200, body = PlanDocument), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = [])))]
async fn put_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiLang(lang): ApiLang,
    Path(id): Path<PlanId>,
    Json(body): Json<PlanInput>,
) -> Result<Json<PlanDocument>, AppError> {
    Ok(Json(
        service::save_plan(&state, &user, id, &body, lang).await?,
    ))
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct CommentRequest {
    comment: String,
}

/// Submits a draft for approval (operator, manager, admin).
#[utoipa::path(post, path = "/plans/{id}/submit", tag = "plans", params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = PlanDocument), (status = 403), (status = 404), (status = 409)),
    security(("bearer" = [])))]
async fn submit_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiLang(lang): ApiLang,
    Path(id): Path<PlanId>,
) -> Result<Json<PlanDocument>, AppError> {
    Ok(Json(workflow::submit(&state, &user, id, lang).await?))
}

/// Approves a submitted plan (manager, admin); it becomes the baseline and is read-only.
#[utoipa::path(post, path = "/plans/{id}/approve", tag = "plans", params(("id" = String, Path, format = Uuid)),
    request_body = CommentRequest,
    responses((status = 200, body = PlanDocument), (status = 403), (status = 404), (status = 409)),
    security(("bearer" = [])))]
async fn approve_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiLang(lang): ApiLang,
    Path(id): Path<PlanId>,
    body: axum::body::Bytes,
) -> Result<Json<PlanDocument>, AppError> {
    let body: CommentRequest = optional_json(&body)?;
    Ok(Json(
        workflow::approve(&state, &user, id, &body.comment, lang).await?,
    ))
}

/// Sends a submitted plan back to draft with a comment (manager, admin).
#[utoipa::path(post, path = "/plans/{id}/return", tag = "plans", params(("id" = String, Path, format = Uuid)),
    request_body = CommentRequest,
    responses((status = 200, body = PlanDocument), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = [])))]
async fn return_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiLang(lang): ApiLang,
    Path(id): Path<PlanId>,
    Json(body): Json<CommentRequest>,
) -> Result<Json<PlanDocument>, AppError> {
    Ok(Json(
        workflow::send_back(&state, &user, id, &body.comment, lang).await?,
    ))
}

/// Archives a plan (manager, admin).
#[utoipa::path(post, path = "/plans/{id}/archive", tag = "plans", params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = PlanDocument), (status = 403), (status = 404), (status = 409)),
    security(("bearer" = [])))]
async fn archive_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiLang(lang): ApiLang,
    Path(id): Path<PlanId>,
) -> Result<Json<PlanDocument>, AppError> {
    Ok(Json(workflow::archive(&state, &user, id, lang).await?))
}

/// A body that may be empty.
fn optional_json<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> Result<T, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body)
        .map_err(|e| AppError::BadRequest(Msg::new("error-malformed-json").arg("detail", e)))
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct RevisionRequest {
    /// Why the approved plan changes (动态调整).
    reason: String,
}

/// Every revision of the plan, newest first: who made it, when, why.
#[utoipa::path(get, path = "/plans/{id}/revisions", tag = "plans", params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<PlanSummary>), (status = 404)), security(("bearer" = [])))]
async fn list_revisions(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PlanId>,
) -> Result<Json<Vec<PlanSummary>>, AppError> {
    let mut tx = user.begin(&state).await?;
    let row = plan_db::get_plan(&mut tx, id, false)
        .await?
        .ok_or(AppError::NotFound)?;
    let list = plan_db::list_revisions(&mut tx, row.lineage_id).await?;
    tx.commit().await?;
    Ok(Json(list))
}

/// Starts a new draft revision from an approved plan, with a reason. 409 `revision_open` when
/// a draft or submitted revision of it already exists.
#[utoipa::path(post, path = "/plans/{id}/revisions", tag = "plans", params(("id" = String, Path, format = Uuid)),
    request_body = RevisionRequest,
    responses((status = 201, body = PlanDocument), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = [])))]
async fn create_revision(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiLang(lang): ApiLang,
    Path(id): Path<PlanId>,
    Json(body): Json<RevisionRequest>,
) -> Result<Response, AppError> {
    let doc = workflow::revise(&state, &user, id, &body.reason, lang).await?;
    Ok((StatusCode::CREATED, Json(doc)).into_response())
}

/// What changed from plan `id` to plan `other_id` (two revisions of a plan).
#[utoipa::path(get, path = "/plans/{id}/compare/{other_id}", tag = "plans",
    params(("id" = String, Path, format = Uuid), ("other_id" = String, Path, format = Uuid)),
    responses((status = 200, body = Comparison), (status = 404)), security(("bearer" = [])))]
async fn compare_plans(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiLang(lang): ApiLang,
    Path((id, other)): Path<(PlanId, PlanId)>,
) -> Result<Json<Comparison>, AppError> {
    let mut tx = user.begin(&state).await?;
    let before = load_document(&mut tx, id, lang, &[]).await?;
    let after = load_document(&mut tx, other, lang, &[]).await?;
    tx.commit().await?;
    Ok(Json(compare(&before, &after)))
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct GateRequest {
    /// `approve` or `return`.
    decision: String,
    /// Required when sending back, and for a conditional pass (its reason).
    comment: String,
    /// A pass although some exit criteria are not met.
    conditional: bool,
}

/// A manager signs a phase of an approved plan off, or sends it back, with a comment.
#[utoipa::path(post, path = "/plans/{id}/phases/{kind}/gate", tag = "plans",
    params(("id" = String, Path, format = Uuid), ("kind" = String, Path, description = "preparation, launch, growth or mature")),
    request_body = GateRequest,
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = [])))]
async fn review_gate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, kind)): Path<(PlanId, String)>,
    Json(body): Json<GateRequest>,
) -> Result<StatusCode, AppError> {
    let kind = PhaseKind::parse(&kind).map_err(|_| AppError::NotFound)?;
    let choice = GateChoice::parse(&body.decision, body.conditional).ok_or_else(|| {
        AppError::invalid_field("decision", Msg::new("plan-gate-decision-unknown"))
    })?;
    let mut tx = user.begin(&state).await?;
    gates::review_gate(&mut tx, &user, id, kind, choice, &body.comment).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct MilestoneRequest {
    /// `planned`, `in_progress`, `done` or `missed`.
    status: String,
    #[schema(value_type = Option<String>, format = Uuid)]
    owner_id: Option<UserId>,
    due_on: Option<chrono::NaiveDate>,
}

/// Updates a milestone's progress, owner and due date (on a draft or an approved plan).
#[utoipa::path(patch, path = "/plans/{id}/milestones/{milestone_id}", tag = "plans",
    params(("id" = String, Path, format = Uuid), ("milestone_id" = String, Path, format = Uuid)),
    request_body = MilestoneRequest,
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = [])))]
async fn update_milestone(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, milestone)): Path<(PlanId, MilestoneId)>,
    Json(body): Json<MilestoneRequest>,
) -> Result<StatusCode, AppError> {
    service::update_milestone(
        &state,
        &user,
        id,
        milestone,
        &body.status,
        body.owner_id,
        body.due_on,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Proposes monthly targets for a sales total split over the plan's months (evenly, by
/// weights, or like last year's actual sales), with the UV each month needs at its
/// conversion and order value. Saves nothing: send the targets back with `PUT`.
#[utoipa::path(post, path = "/plans/{id}/split", tag = "plans", params(("id" = String, Path, format = Uuid)),
    request_body = SplitRequest,
    responses((status = 200, body = SplitResult), (status = 404), (status = 422)),
    security(("bearer" = [])))]
async fn split_targets(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiLang(lang): ApiLang,
    Path(id): Path<PlanId>,
    Json(body): Json<SplitRequest>,
) -> Result<Json<SplitResult>, AppError> {
    let mut tx = user.begin(&state).await?;
    let doc = load_document(&mut tx, id, lang, &[]).await?;
    let last_year = crate::plans::split::last_year_sales(&mut tx, &doc).await?;
    tx.commit().await?;
    Ok(Json(crate::plans::split::split(&doc, &body, &last_year)?))
}
