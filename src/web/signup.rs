//! The sign-up pages: the form, "check your inbox" where mail is configured, and the page a
//! confirmation link opens, whose button creates the organization (a link alone never does,
//! so a mail scanner that follows links uses nothing up).

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::signup::{self, LINK_VALID_FOR, LinkDetails, SignUpOutcome, Signup};
use crate::error::AppError;
use crate::web::extract::{Form, Query};
use crate::web::forms::FormErrors;
use crate::web::sessions::signed_in;
use crate::web::{PageContext, RequestInfo, html};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/signup", get(show_signup).post(create_signup))
        .route("/signup/confirm", get(show_confirm).post(confirm))
}

#[derive(Template)]
#[template(path = "sessions/signup.html")]
pub struct SignupPage {
    pub ctx: PageContext,
    pub form: SignupForm,
    pub errors: FormErrors,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignupForm {
    pub organization: String,
    pub name: String,
    pub email: String,
    pub password: String,
}

/// The same page for a new address and a known one.
#[derive(Template)]
#[template(path = "sessions/signup_sent.html")]
pub struct SignupSentPage {
    pub ctx: PageContext,
    pub email: String,
    pub hours: u64,
}

impl SignupSentPage {
    fn valid_text(&self) -> String {
        let hours = self.hours.to_string();
        self.ctx
            .lang
            .t_args("signup-sent-valid", &[("hours", &hours)])
    }
}

/// What a confirmation link would create, with the button that does it; or, for a link that
/// is no good, why not.
#[derive(Template)]
#[template(path = "sessions/signup_confirm.html")]
pub struct SignupConfirmPage {
    pub ctx: PageContext,
    pub token: String,
    pub details: Option<LinkDetails>,
    pub errors: FormErrors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    token: String,
}

async fn show_signup(ctx: PageContext) -> Result<Response, AppError> {
    if ctx.user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    html(
        StatusCode::OK,
        SignupPage {
            ctx,
            form: SignupForm::default(),
            errors: FormErrors::none(),
        },
    )
}

async fn create_signup(
    State(state): State<AppState>,
    ctx: PageContext,
    headers: HeaderMap,
    parts: RequestInfo,
    Form(form): Form<SignupForm>,
) -> Result<Response, AppError> {
    let input = Signup {
        organization: form.organization.clone(),
        name: form.name.clone(),
        email: form.email.clone(),
        password: form.password.clone(),
    };
    match signup::sign_up(&state.signup(), input, &parts.ip, ctx.lang).await {
        Ok(SignUpOutcome::SignedIn(who)) => signed_in(&state, &headers, &parts.ip, &who, "/").await,
        Ok(SignUpOutcome::ConfirmationSent) => html(
            StatusCode::OK,
            SignupSentPage {
                ctx,
                email: form.email.trim().to_lowercase(),
                hours: LINK_VALID_FOR.as_secs() / 3600,
            },
        ),
        Err(e) => {
            let errors = FormErrors::from_error(e, ctx.lang)?;
            let form = SignupForm {
                password: String::new(),
                ..form
            };
            html(
                StatusCode::UNPROCESSABLE_ENTITY,
                SignupPage { ctx, form, errors },
            )
        }
    }
}

fn link_page(
    ctx: PageContext,
    token: String,
    details: Option<LinkDetails>,
) -> Result<Response, AppError> {
    let status = if details.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    html(
        status,
        SignupConfirmPage {
            ctx,
            token,
            details,
            errors: FormErrors::none(),
        },
    )
}

async fn show_confirm(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<TokenForm>,
) -> Result<Response, AppError> {
    let details = signup::link_details(&state.signup(), &q.token).await?;
    link_page(ctx, q.token, details)
}

async fn confirm(
    State(state): State<AppState>,
    ctx: PageContext,
    headers: HeaderMap,
    parts: RequestInfo,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    match signup::confirm(&state.signup(), &form.token, &parts.ip).await {
        Ok(Some(who)) => signed_in(&state, &headers, &parts.ip, &who, "/").await,
        Ok(None) => link_page(ctx, form.token, None),
        Err(e) => {
            let details = signup::link_details(&state.signup(), &form.token).await?;
            // The page has no fields: a field's message (the address taken meanwhile) is
            // shown for the whole form.
            let errors = FormErrors::from_error(e, ctx.lang)?;
            let errors = match errors.get("email") {
                Some(message) => FormErrors::general(message.to_string()),
                None => errors,
            };
            html(
                StatusCode::UNPROCESSABLE_ENTITY,
                SignupConfirmPage {
                    ctx,
                    token: form.token,
                    details,
                    errors,
                },
            )
        }
    }
}
