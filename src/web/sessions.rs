//! Signing up, signing in and signing out in the browser.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::header::{RETRY_AFTER, USER_AGENT};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::account::{self, SignedIn};
use crate::auth::{CurrentUser, SESSION_COOKIE, clear_session_cookie, secret, set_session_cookie};
use crate::db::sessions;
use crate::error::AppError;
use crate::web::extract::{Form, Query};
use crate::web::forms::FormErrors;
use crate::web::{PageContext, RequestInfo, cookie, html, is_local_path};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(show_login).post(create_login))
        .route("/logout", post(logout))
}

#[derive(Template)]
#[template(path = "sessions/login.html")]
pub struct LoginPage {
    pub ctx: PageContext,
    pub form: LoginForm,
    pub errors: FormErrors,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    pub next: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Starts a session for `who` and goes to `next`, ending any session the browser had before:
/// a new id at every sign-in, organization switch or joining.
pub async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
    ip: &str,
    who: &SignedIn,
    next: &str,
) -> Result<Response, AppError> {
    if let Some(old) = cookie(headers, SESSION_COOKIE) {
        let mut conn = state.db.acquire().await?;
        sessions::delete_session(&mut conn, &secret::hash_secret(old)).await?;
    }
    let user_agent = headers.get(USER_AGENT).and_then(|v| v.to_str().ok());
    let value = account::start_session(state, who, user_agent, ip).await?;
    let target = if is_local_path(next) { next } else { "/" };
    let mut response = Redirect::to(target).into_response();
    set_session_cookie(&mut response, &value, &state.config);
    Ok(response)
}

async fn show_login(ctx: PageContext, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    html(
        StatusCode::OK,
        LoginPage {
            ctx,
            form: LoginForm {
                next: q.next,
                ..LoginForm::default()
            },
            errors: FormErrors::none(),
        },
    )
}

async fn create_login(
    State(state): State<AppState>,
    ctx: PageContext,
    headers: HeaderMap,
    parts: RequestInfo,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let result = account::sign_in(
        &state,
        &form.email,
        form.password.clone(),
        None,
        true,
        &parts.ip,
    )
    .await;
    let (status, message, retry) = match result {
        Ok(who) => return signed_in(&state, &headers, &parts.ip, &who, &form.next).await,
        Err(AppError::BadCredentials) => (StatusCode::UNAUTHORIZED, "login-failed", None),
        Err(AppError::TooManyRequests { retry_after_secs }) => (
            StatusCode::TOO_MANY_REQUESTS,
            "login-throttled",
            Some(retry_after_secs),
        ),
        Err(AppError::Conflict { msg, .. }) => (StatusCode::CONFLICT, msg.key, None),
        Err(other) => return Err(other),
    };
    let errors = FormErrors::general(ctx.lang.t(message));
    let form = LoginForm {
        password: String::new(),
        ..form
    };
    let mut response = html(status, LoginPage { ctx, form, errors })?;
    if let Some(secs) = retry {
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(secs));
    }
    Ok(response)
}

async fn logout(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
) -> Result<Response, AppError> {
    if let Some(user) = &user {
        account::sign_out(&state, user).await?;
    }
    let mut response = Redirect::to("/login?notice=signed-out").into_response();
    clear_session_cookie(&mut response, &state.config);
    Ok(response)
}
