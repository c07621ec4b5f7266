//! The organization's settings for admins: the platforms, store types and categories that
//! shops, budgets and spend refer to.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::reference::{RefItem, RefList};
use crate::domain::CategoryKind;
use crate::error::AppError;
use crate::organization::SettingsInput;
use crate::reference::{self, ItemInput};
use crate::web::extract::{Form, Path};
use crate::web::forms::FormErrors;
use crate::web::{PageContext, html};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/settings", get(show_settings))
        .route("/settings/organization", post(update_organization))
        .route("/settings/{list}", post(add_item))
        .route("/settings/{list}/{code}", post(update_item))
}

#[derive(Template)]
#[template(path = "settings/show.html")]
pub struct SettingsPage {
    pub ctx: PageContext,
    pub lists: Vec<(RefList, Vec<RefItem>)>,
    /// Which list the last submitted form was for, with its messages and input.
    pub failed: Option<(RefList, FormErrors, ItemForm)>,
    pub organization: SettingsInput,
    pub organization_errors: FormErrors,
    pub kinds: [CategoryKind; 3],
}

impl SettingsPage {
    pub fn title_key(&self, list: &RefList) -> &'static str {
        match list {
            RefList::Platform => "settings-platforms",
            RefList::StoreType => "settings-store-types",
            RefList::Category => "settings-categories",
        }
    }

    pub fn errors_for(&self, list: &RefList) -> FormErrors {
        match &self.failed {
            Some((l, errors, _)) if l == list => errors.clone(),
            _ => FormErrors::none(),
        }
    }

    pub fn form_for(&self, list: &RefList) -> ItemForm {
        match &self.failed {
            Some((l, _, form)) if l == list => form.clone(),
            _ => ItemForm::default(),
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: String,
    pub archived: String,
}

impl ItemForm {
    fn input(&self) -> ItemInput {
        ItemInput {
            code: self.code.clone(),
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            kind: Some(self.kind.clone()).filter(|k| !k.is_empty()),
            archived: Some(self.archived == "true"),
        }
    }
}

fn list_of(slug: &str) -> Result<RefList, AppError> {
    RefList::parse(slug).ok_or(AppError::NotFound)
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
    failed: Option<(RefList, FormErrors, ItemForm)>,
) -> Result<SettingsPage, AppError> {
    let lists = reference::all_lists(state, user).await?;
    let organization = SettingsInput::of(&crate::organization::get(state, user).await?);
    Ok(SettingsPage {
        ctx,
        lists,
        failed,
        kinds: CategoryKind::ALL,
        organization,
        organization_errors: FormErrors::none(),
    })
}

async fn show_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> Result<Response, AppError> {
    user.require(crate::auth::Permission::ManageOrganization)?;
    html(StatusCode::OK, page(&state, &user, ctx, None).await?)
}

async fn add_item(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(slug): Path<String>,
    Form(form): Form<ItemForm>,
) -> Result<Response, AppError> {
    let list = list_of(&slug)?;
    match reference::add(&state, &user, list, &form.input()).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/settings?notice=settings-saved#{}", list.slug()))
                .into_response(),
        ),
        Err(e) => {
            let errors = FormErrors::from_error(e, ctx.lang)?;
            let page = page(&state, &user, ctx, Some((list, errors, form))).await?;
            html(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}

async fn update_item(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path((slug, code)): Path<(String, String)>,
    Form(form): Form<ItemForm>,
) -> Result<Response, AppError> {
    let list = list_of(&slug)?;
    match reference::update(&state, &user, list, &code, &form.input()).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/settings?notice=settings-saved#{}", list.slug()))
                .into_response(),
        ),
        Err(e) => {
            let errors = FormErrors::from_error(e, ctx.lang)?;
            let page = page(&state, &user, ctx, Some((list, errors, form))).await?;
            html(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}

async fn update_organization(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Form(form): Form<SettingsInput>,
) -> Result<Response, AppError> {
    match crate::organization::update(&state, &user, &form).await {
        Ok(_) => Ok(Redirect::to("/settings?notice=settings-saved").into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e, ctx.lang)?;
            let mut page = page(&state, &user, ctx, None).await?;
            page.organization = form;
            page.organization_errors = errors;
            html(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}
