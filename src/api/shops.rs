//! Shops and the organization's reference data (platforms, store types, categories).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::reference::{RefItem, RefList};
use crate::db::shops::{self as shop_db, Shop};
use crate::domain::ids::ShopId;
use crate::error::AppError;
use crate::reference::{self, ItemInput};
use crate::shops::{self, ShopInput};
use crate::web::extract::{Json, Path, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_shops, create_shop))
        .routes(routes!(get_shop, update_shop, archive_shop))
        .routes(routes!(list_reference, add_reference))
        .routes(routes!(update_reference))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Include archived shops.
    archived: bool,
}

/// The organization's shops.
#[utoipa::path(get, path = "/shops", tag = "shops", params(ListParams),
    responses((status = 200, body = Vec<Shop>)), security(("bearer" = [])))]
async fn list_shops(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(params): Query<ListParams>,
) -> Result<Json<Vec<Shop>>, AppError> {
    let mut tx = user.begin(&state).await?;
    let list = shop_db::list_shops(&mut tx, params.archived).await?;
    tx.commit().await?;
    Ok(Json(list))
}

/// Creates a shop (operator, manager, admin). `platform` is a code such as `tmall`, or a
/// platform the organization added.
#[utoipa::path(post, path = "/shops", tag = "shops", request_body = ShopInput,
    responses((status = 201, body = Shop), (status = 403), (status = 422)), security(("bearer" = [])))]
async fn create_shop(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(input): Json<ShopInput>,
) -> Result<Response, AppError> {
    let shop = shops::create(&state, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(shop)).into_response())
}

/// One shop.
#[utoipa::path(get, path = "/shops/{id}", tag = "shops", params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Shop), (status = 404)), security(("bearer" = [])))]
async fn get_shop(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ShopId>,
) -> Result<Json<Shop>, AppError> {
    Ok(Json(shops::get(&state, &user, id).await?))
}

/// Changes a shop: send the fields to change; the others keep their values.
#[utoipa::path(patch, path = "/shops/{id}", tag = "shops", params(("id" = String, Path, format = Uuid)),
    request_body = ShopInput,
    responses((status = 200, body = Shop), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
async fn update_shop(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ShopId>,
    Json(patch): Json<serde_json::Value>,
) -> Result<Json<Shop>, AppError> {
    let current = shops::get(&state, &user, id).await?;
    let input = merge_patch(&current, patch)?;
    Ok(Json(shops::update(&state, &user, id, &input).await?))
}

/// The shop's current fields overlaid with the fields sent.
fn merge_patch(current: &Shop, patch: serde_json::Value) -> Result<ShopInput, AppError> {
    let mut base = serde_json::json!({
        "name": current.name,
        "platform": current.platform,
        "store_type": current.store_type,
        "category": current.category,
        "currency": current.currency,
        "opened_on": current.opened_on.map(|d| d.to_string()),
        "status": current.status,
    });
    let serde_json::Value::Object(changes) = patch else {
        return Err(AppError::BadRequest(
            crate::i18n::Msg::new("error-malformed-json").arg("detail", "expected an object"),
        ));
    };
    for (key, value) in changes {
        base[key] = value;
    }
    serde_json::from_value(base).map_err(|e| AppError::Invalid {
        code: "invalid_content",
        msg: crate::i18n::Msg::new("error-malformed-request").arg("detail", e),
        details: Vec::new(),
    })
}

/// Archives a shop: it leaves the lists, its plans and data stay and can be read.
#[utoipa::path(delete, path = "/shops/{id}", tag = "shops", params(("id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 403), (status = 404)), security(("bearer" = [])))]
async fn archive_shop(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ShopId>,
) -> Result<StatusCode, AppError> {
    shops::set_archived(&state, &user, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn list_of(slug: &str) -> Result<RefList, AppError> {
    RefList::parse(slug).ok_or(AppError::NotFound)
}

/// A reference list: `platforms`, `store-types` or `categories`.
#[utoipa::path(get, path = "/reference/{list}", tag = "shops",
    params(("list" = String, Path, description = "platforms, store-types or categories")),
    responses((status = 200, body = Vec<RefItem>), (status = 404)), security(("bearer" = [])))]
async fn list_reference(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> Result<Json<Vec<RefItem>>, AppError> {
    let list = list_of(&slug)?;
    let mut tx = user.begin(&state).await?;
    let items = crate::db::reference::list(&mut tx, list).await?;
    tx.commit().await?;
    Ok(Json(items))
}

/// Adds an item to a reference list (admin).
#[utoipa::path(post, path = "/reference/{list}", tag = "shops",
    params(("list" = String, Path, description = "platforms, store-types or categories")),
    request_body = ItemInput,
    responses((status = 201), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
async fn add_reference(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Json(input): Json<ItemInput>,
) -> Result<StatusCode, AppError> {
    reference::add(&state, &user, list_of(&slug)?, &input).await?;
    Ok(StatusCode::CREATED)
}

/// Renames or archives an item (admin); its code and kind do not change.
#[utoipa::path(patch, path = "/reference/{list}/{code}", tag = "shops",
    params(("list" = String, Path), ("code" = String, Path)), request_body = ItemInput,
    responses((status = 204), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
async fn update_reference(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((slug, code)): Path<(String, String)>,
    Json(input): Json<ItemInput>,
) -> Result<StatusCode, AppError> {
    reference::update(&state, &user, list_of(&slug)?, &code, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}
