//! Shop pages: the list, a shop's page with its plans, the form to create or edit, archiving.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::db::TenantTx;
use crate::db::reference::{self, RefItem, RefList};
use crate::db::shops::{self as shop_db, Shop};
use crate::domain::ids::ShopId;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::shops::{self, STATUSES, ShopInput};
use crate::web::extract::{Form, Path, Query};
use crate::web::forms::FormErrors;
use crate::web::{PageContext, html};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/shops", get(list_shops).post(create_shop))
        .route("/shops/new", get(new_shop))
        .route("/shops/{id}", get(show_shop).post(update_shop))
        .route("/shops/{id}/edit", get(edit_shop))
        .route("/shops/{id}/archive", post(archive_shop))
        .route("/shops/{id}/restore", post(restore_shop))
}

/// The names of platforms and store types, for showing codes in the page's language.
pub struct Labels {
    pub platforms: Vec<RefItem>,
    pub store_types: Vec<RefItem>,
    pub lang: Lang,
}

impl Labels {
    pub async fn load(tx: &mut TenantTx, lang: Lang) -> Result<Self, AppError> {
        let platforms = reference::list(tx, RefList::Platform).await?;
        let store_types = reference::list(tx, RefList::StoreType).await?;
        Ok(Self {
            platforms,
            store_types,
            lang,
        })
    }

    pub fn platform(&self, code: &str) -> String {
        name_of(&self.platforms, code, self.lang)
    }

    pub fn store_type(&self, code: &Option<String>) -> String {
        code.as_deref()
            .map(|c| name_of(&self.store_types, c, self.lang))
            .unwrap_or_default()
    }
}

fn name_of(items: &[RefItem], code: &str, lang: Lang) -> String {
    items
        .iter()
        .find(|i| i.code == code)
        .map(|i| i.name(&lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

#[derive(Template)]
#[template(path = "shops/list.html")]
pub struct ShopsPage {
    pub ctx: PageContext,
    pub shops: Vec<Shop>,
    pub labels: Labels,
    pub show_archived: bool,
    pub can_edit: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    archived: bool,
}

async fn list_shops(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let mut tx = user.begin(&state).await?;
    let labels = Labels::load(&mut tx, ctx.lang).await?;
    let shops = shop_db::list_shops(&mut tx, q.archived).await?;
    tx.commit().await?;
    html(
        StatusCode::OK,
        ShopsPage {
            ctx,
            shops,
            labels,
            show_archived: q.archived,
            can_edit: user.can(Permission::EditShops),
        },
    )
}

#[derive(Template)]
#[template(path = "shops/form.html")]
pub struct ShopFormPage {
    pub ctx: PageContext,
    /// The shop being edited; `None` for a new one.
    pub shop_id: Option<ShopId>,
    pub form: ShopForm,
    pub errors: FormErrors,
    pub labels: Labels,
    pub statuses: [&'static str; 3],
}

/// The shop form's fields as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShopForm {
    pub name: String,
    pub platform: String,
    pub store_type: String,
    pub category: String,
    pub currency: String,
    pub opened_on: String,
    pub status: String,
}

impl ShopForm {
    fn input(&self) -> ShopInput {
        let some = |s: &String| Some(s.clone());
        ShopInput {
            name: self.name.clone(),
            platform: self.platform.clone(),
            store_type: some(&self.store_type),
            category: some(&self.category),
            currency: some(&self.currency),
            opened_on: some(&self.opened_on),
            status: some(&self.status),
        }
    }

    fn of(shop: &Shop) -> Self {
        Self {
            name: shop.name.clone(),
            platform: shop.platform.clone(),
            store_type: shop.store_type.clone().unwrap_or_default(),
            category: shop.category.clone().unwrap_or_default(),
            currency: shop.currency.clone(),
            opened_on: shop.opened_on.map(|d| d.to_string()).unwrap_or_default(),
            status: shop.status.clone(),
        }
    }
}

async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
    shop_id: Option<ShopId>,
    form: ShopForm,
    errors: FormErrors,
) -> Result<ShopFormPage, AppError> {
    user.require(Permission::EditShops)?;
    let mut tx = user.begin(state).await?;
    let labels = Labels::load(&mut tx, ctx.lang).await?;
    tx.commit().await?;
    Ok(ShopFormPage {
        ctx,
        shop_id,
        form,
        errors,
        labels,
        statuses: STATUSES,
    })
}

async fn new_shop(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> Result<Response, AppError> {
    let form = ShopForm {
        platform: "tmall".into(),
        currency: "CNY".into(),
        ..ShopForm::default()
    };
    let page = form_page(&state, &user, ctx, None, form, FormErrors::none()).await?;
    html(StatusCode::OK, page)
}

async fn create_shop(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Form(form): Form<ShopForm>,
) -> Result<Response, AppError> {
    match shops::create(&state, &user, &form.input()).await {
        Ok(shop) => Ok(Redirect::to(&format!("/shops/{}", shop.id)).into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e, ctx.lang)?;
            let page = form_page(&state, &user, ctx, None, form, errors).await?;
            html(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}

async fn edit_shop(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<ShopId>,
) -> Result<Response, AppError> {
    let shop = shops::get(&state, &user, id).await?;
    let page = form_page(
        &state,
        &user,
        ctx,
        Some(id),
        ShopForm::of(&shop),
        FormErrors::none(),
    )
    .await?;
    html(StatusCode::OK, page)
}

async fn update_shop(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<ShopId>,
    Form(form): Form<ShopForm>,
) -> Result<Response, AppError> {
    match shops::update(&state, &user, id, &form.input()).await {
        Ok(_) => Ok(Redirect::to(&format!("/shops/{id}?notice=shop-saved")).into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e, ctx.lang)?;
            let page = form_page(&state, &user, ctx, Some(id), form, errors).await?;
            html(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}

async fn archive_shop(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ShopId>,
) -> Result<Response, AppError> {
    shops::set_archived(&state, &user, id, true).await?;
    Ok(Redirect::to(&format!("/shops/{id}?notice=shop-archived")).into_response())
}

async fn restore_shop(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ShopId>,
) -> Result<Response, AppError> {
    shops::set_archived(&state, &user, id, false).await?;
    Ok(Redirect::to(&format!("/shops/{id}?notice=shop-restored")).into_response())
}

#[derive(Template)]
#[template(path = "shops/show.html")]
pub struct ShopPage {
    pub ctx: PageContext,
    pub shop: Shop,
    pub labels: Labels,
    pub can_edit: bool,
    pub actuals: crate::web::actuals::ShopActuals,
}

async fn show_shop(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<ShopId>,
) -> Result<Response, AppError> {
    let mut tx = user.begin(&state).await?;
    let shop = shop_db::get_shop(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let labels = Labels::load(&mut tx, ctx.lang).await?;
    tx.commit().await?;
    let actuals = crate::web::actuals::ShopActuals::load(&state, &user, id).await?;
    html(
        StatusCode::OK,
        ShopPage {
            ctx,
            shop,
            labels,
            can_edit: user.can(Permission::EditShops),
            actuals,
        },
    )
}
