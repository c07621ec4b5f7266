//! The language switch: remembers the choice in a cookie and returns to the page.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use serde::Deserialize;

use crate::app::AppState;
use crate::error::AppError;
use crate::i18n::{LANG_COOKIE, Lang, Msg};
use crate::web::extract::Form;
use crate::web::is_local_path;

pub fn router() -> Router<AppState> {
    Router::new().route("/language", post(switch_language))
}

#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    #[serde(default)]
    next: String,
}

async fn switch_language(
    axum::extract::State(state): axum::extract::State<AppState>,
    Form(form): Form<LanguageForm>,
) -> Result<Response, AppError> {
    let lang = Lang::from_code(&form.lang)
        .ok_or_else(|| AppError::BadRequest(Msg::new("error-unknown-language")))?;
    let next = if is_local_path(&form.next) {
        form.next.as_str()
    } else {
        "/"
    };
    let secure = if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        lang.code()
    );
    let mut response = Redirect::to(next).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| AppError::Internal(e.into()))?,
    );
    Ok(response)
}
