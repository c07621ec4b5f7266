//! Uploading a file in the browser: the form, the preview of what the file holds (and what
//! it would replace, and every error), then confirming or cancelling.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::actuals::{self, PENDING_MINUTES, Preview, UploadKind};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::shops::{self as shop_db, Shop};
use crate::domain::ids::{ShopId, UploadId};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::web::actuals::ShopActuals;
use crate::web::extract::Path;
use crate::web::forms::FormErrors;
use crate::web::{PageContext, html};

/// The form page and the confirm and cancel buttons: ordinary requests.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/shops/{id}/upload", get(upload_form))
        .route("/uploads/{id}/confirm", post(confirm_upload))
        .route("/uploads/{id}/cancel", post(cancel_upload))
}

/// The upload itself: served with the upload size limit and timeout.
pub fn upload_router() -> Router<AppState> {
    Router::new().route("/shops/{id}/uploads", post(upload_file))
}

#[derive(Template)]
#[template(path = "actuals/upload.html")]
pub struct UploadPage {
    pub ctx: PageContext,
    pub shop: Shop,
    pub actuals: ShopActuals,
    pub form: UploadForm,
    pub errors: FormErrors,
}

impl UploadPage {
    /// The kind and category the person chose, kept when the file is refused.
    pub fn upload_choice(&self) -> (&str, &str) {
        (&self.form.kind, &self.form.category)
    }
}

/// The upload form's fields besides the file.
#[derive(Clone, Debug, Default)]
pub struct UploadForm {
    pub kind: String,
    pub category: String,
}

#[derive(Template)]
#[template(path = "actuals/preview.html")]
pub struct PreviewPage {
    pub ctx: PageContext,
    pub shop: Shop,
    pub preview: Preview,
    pub minutes: i64,
}

impl PreviewPage {
    /// Each error as (line, column, message) in the page's language.
    pub fn errors(&self) -> Vec<(u64, String, String)> {
        self.preview
            .errors
            .errors
            .iter()
            .map(|e| {
                (
                    e.line,
                    e.column.clone().unwrap_or_default(),
                    e.msg.render(self.ctx.lang),
                )
            })
            .collect()
    }

    /// A sentence with one number (`$count` or `$minutes`) in the page's language.
    /// The warning for a file that names another shop than this one.
    pub fn other_shop_warning(&self, named: &str) -> String {
        Msg::new("actuals-other-shop")
            .arg("named", named)
            .arg("shop", &self.shop.name)
            .render(self.ctx.lang)
    }

    pub fn say(&self, key: &'static str, n: impl std::fmt::Display) -> String {
        let n = n.to_string();
        Msg::new(key)
            .arg("count", &n)
            .arg("minutes", n)
            .render(self.ctx.lang)
    }

    /// "… and N more errors", when the list was cut.
    pub fn omitted(&self) -> Option<String> {
        self.preview
            .errors
            .omitted_msg()
            .map(|m| m.render(self.ctx.lang))
    }
}

async fn upload_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
    shop: ShopId,
    form: UploadForm,
    errors: FormErrors,
) -> Result<UploadPage, AppError> {
    let actuals = ShopActuals::load(state, user, shop).await?;
    let mut tx = user.begin(state).await?;
    let shop = shop_db::get_shop(&mut tx, shop)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(UploadPage {
        ctx,
        shop,
        actuals,
        form,
        errors,
    })
}

async fn upload_form(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<ShopId>,
) -> Result<Response, AppError> {
    let page = upload_page(
        &state,
        &user,
        ctx,
        id,
        UploadForm::default(),
        FormErrors::none(),
    )
    .await?;
    html(StatusCode::OK, page)
}

/// The parts of the upload form.
struct Parts {
    form: UploadForm,
    file_name: String,
    bytes: Bytes,
}

async fn read_parts(mut multipart: Multipart) -> Result<Parts, AppError> {
    let mut parts = Parts {
        form: UploadForm::default(),
        file_name: String::new(),
        bytes: Bytes::new(),
    };
    let failed = |e: axum::extract::multipart::MultipartError| {
        if e.status().as_u16() == 413 {
            AppError::PayloadTooLarge
        } else {
            AppError::BadRequest(Msg::new("error-malformed-request").arg("detail", e.body_text()))
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(failed)? {
        match field.name().unwrap_or_default() {
            "file" => {
                parts.file_name = field.file_name().unwrap_or_default().to_string();
                parts.bytes = field.bytes().await.map_err(failed)?;
            }
            "kind" => parts.form.kind = field.text().await.map_err(failed)?,
            "category" => parts.form.category = field.text().await.map_err(failed)?,
            _ => {}
        }
    }
    Ok(parts)
}

async fn upload_file(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<ShopId>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    // Held until the preview is built: the file is read once it has a place.
    let _slot = state.imports.acquire(Some(&user.tenant_id)).await?;
    let parts = read_parts(multipart).await?;
    let kind = UploadKind::parse(&parts.form.kind)
        .ok_or_else(|| AppError::invalid_field("kind", Msg::new("actuals-kind-unknown")));
    let result = match kind {
        Ok(kind) => {
            let name = if parts.file_name.is_empty() {
                "upload".to_string()
            } else {
                parts.file_name
            };
            let category = Some(parts.form.category.as_str());
            actuals::preview_upload(&state, &user, id, kind, category, name, parts.bytes).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(preview) => {
            let mut tx = user.begin(&state).await?;
            let shop = shop_db::get_shop(&mut tx, id)
                .await?
                .ok_or(AppError::NotFound)?;
            tx.commit().await?;
            let status = if preview.upload_id.is_some() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let page = PreviewPage {
                ctx,
                shop,
                preview,
                minutes: PENDING_MINUTES,
            };
            html(status, page)
        }
        Err(e) => {
            let errors = FormErrors::from_error(e, ctx.lang)?;
            let page = upload_page(&state, &user, ctx, id, parts.form, errors).await?;
            html(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}

async fn confirm_upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<UploadId>,
) -> Result<Response, AppError> {
    let (shop, _) = actuals::confirm_upload(&state, &user, id).await?;
    Ok(Redirect::to(&format!("/shops/{shop}?notice=import-done")).into_response())
}

async fn cancel_upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<UploadId>,
) -> Result<Response, AppError> {
    let shop = actuals::cancel_upload(&state, &user, id).await?;
    Ok(Redirect::to(&format!("/shops/{shop}?notice=upload-cancelled")).into_response())
}
