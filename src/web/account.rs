//! The signed-in person's own pages: profile and language, password, signing out everywhere,
//! the organizations they belong to (switching, creating another), and personal API tokens.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::account::{self, SignedIn};
use crate::auth::{CurrentUser, clear_session_cookie};
use crate::db::members::{self, Membership};
use crate::db::tokens::{self, TokenInfo};
use crate::db::{self, users};
use crate::domain::ids::{TenantId, TokenId};
use crate::error::{AppError, ErrorDetail};
use crate::i18n::{LANG_COOKIE, Lang, Msg};
use crate::web::extract::{Form, Path};
use crate::web::forms::FormErrors;
use crate::web::sessions::signed_in;
use crate::web::{PageContext, html};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(show_account))
        .route("/account/profile", post(update_profile))
        .route("/account/password", post(change_password))
        .route("/account/logout-everywhere", post(logout_everywhere))
        .route("/account/tokens", get(list_tokens).post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
        .route(
            "/organizations",
            get(list_organizations).post(create_organization),
        )
        .route("/organizations/switch", post(switch_organization))
}

#[derive(Template)]
#[template(path = "account/account.html")]
pub struct AccountPage {
    pub ctx: PageContext,
    pub email: String,
    pub profile: ProfileForm,
    pub profile_errors: FormErrors,
    pub password_errors: FormErrors,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    pub name: String,
    pub language: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    pub current_password: String,
    pub new_password: String,
    pub confirm_password: String,
}

async fn account_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
) -> Result<AccountPage, AppError> {
    let mut conn = state.db.acquire().await?;
    let profile = users::get_profile(&mut conn, user.user_id).await?;
    Ok(AccountPage {
        ctx,
        email: profile.email,
        profile: ProfileForm {
            name: profile.name,
            language: profile.language.unwrap_or_default(),
        },
        profile_errors: FormErrors::none(),
        password_errors: FormErrors::none(),
    })
}

async fn show_account(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> Result<Response, AppError> {
    html(StatusCode::OK, account_page(&state, &user, ctx).await?)
}

async fn update_profile(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Form(form): Form<ProfileForm>,
) -> Result<Response, AppError> {
    let mut errors = Vec::new();
    let name = account::required("name", &form.name, 80, &mut errors);
    let language = match form.language.as_str() {
        "" => None,
        code => match Lang::from_code(code) {
            Some(lang) => Some(lang),
            None => {
                errors.push(ErrorDetail::field(
                    "language",
                    Msg::new("error-unknown-language"),
                ));
                None
            }
        },
    };
    if !errors.is_empty() {
        let mut page = account_page(&state, &user, ctx).await?;
        page.profile = form;
        page.profile_errors = FormErrors::from_error(AppError::invalid(errors), page.ctx.lang)?;
        return html(StatusCode::UNPROCESSABLE_ENTITY, page);
    }
    let mut tx = user.begin(&state).await?;
    users::update_profile(tx.conn(), user.user_id, &name, language.map(Lang::code)).await?;
    tx.commit().await?;
    let mut response = Redirect::to("/account?notice=profile-saved").into_response();
    // The profile's language also goes into the cookie, so pages rendered before the
    // session is known (error pages) follow it too.
    if let Some(lang) = language
        && let Ok(value) = HeaderValue::from_str(&format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
            lang.code()
        ))
    {
        response.headers_mut().append(SET_COOKIE, value);
    }
    Ok(response)
}

async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let result = account::change_password(
        &state,
        &user,
        form.current_password,
        form.new_password,
        &form.confirm_password,
    )
    .await;
    match result {
        Ok(()) => Ok(Redirect::to("/account?notice=password-changed").into_response()),
        Err(e) => {
            let lang = ctx.lang;
            let mut page = account_page(&state, &user, ctx).await?;
            page.password_errors = FormErrors::from_error(e, lang)?;
            html(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}

async fn logout_everywhere(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, AppError> {
    account::sign_out_everywhere(&state, &user).await?;
    let mut response = Redirect::to("/login?notice=signed-out-everywhere").into_response();
    clear_session_cookie(&mut response, &state.config);
    Ok(response)
}

#[derive(Template)]
#[template(path = "account/tokens.html")]
pub struct TokensPage {
    pub ctx: PageContext,
    pub tokens: Vec<TokenInfo>,
    /// A token just created: shown this once.
    pub created: Option<String>,
    pub form: TokenForm,
    pub errors: FormErrors,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    pub name: String,
    /// Days of validity; empty means no expiry.
    pub valid_days: String,
}

async fn tokens_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
) -> Result<TokensPage, AppError> {
    let mut tx = user.begin(state).await?;
    let tokens = tokens::list_tokens(&mut tx, user.user_id).await?;
    tx.commit().await?;
    Ok(TokensPage {
        ctx,
        tokens,
        created: None,
        form: TokenForm {
            valid_days: "90".into(),
            ..TokenForm::default()
        },
        errors: FormErrors::none(),
    })
}

async fn list_tokens(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> Result<Response, AppError> {
    html(StatusCode::OK, tokens_page(&state, &user, ctx).await?)
}

async fn create_token(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    let mut errors = Vec::new();
    let name = account::required("name", &form.name, 80, &mut errors);
    let valid_days = match form.valid_days.as_str() {
        "" => None,
        "30" | "90" | "365" => form.valid_days.parse().ok(),
        _ => {
            errors.push(ErrorDetail::field(
                "valid_days",
                Msg::new("token-validity-unknown"),
            ));
            None
        }
    };
    let lang = ctx.lang;
    if !errors.is_empty() {
        let mut page = tokens_page(&state, &user, ctx).await?;
        page.errors = FormErrors::from_error(AppError::invalid(errors), lang)?;
        page.form = form;
        return html(StatusCode::UNPROCESSABLE_ENTITY, page);
    }
    let who = SignedIn::from(&user);
    let (_, token) = account::issue_token(&state, &who, &name, valid_days, &user.ip).await?;
    let mut page = tokens_page(&state, &user, ctx).await?;
    page.created = Some(token);
    html(StatusCode::CREATED, page)
}

async fn revoke_token(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<TokenId>,
) -> Result<Response, AppError> {
    account::revoke_token(&state, &user, id).await?;
    Ok(Redirect::to("/account/tokens?notice=token-revoked").into_response())
}

#[derive(Template)]
#[template(path = "account/organizations.html")]
pub struct OrganizationsPage {
    pub ctx: PageContext,
    pub current: TenantId,
    pub memberships: Vec<Membership>,
    pub form: NewOrganizationForm,
    pub errors: FormErrors,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewOrganizationForm {
    pub name: String,
}

#[derive(Deserialize)]
pub struct SwitchForm {
    tenant_id: TenantId,
}

async fn organizations_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
) -> Result<OrganizationsPage, AppError> {
    let mut tx = db::begin_scoped(&state.db, None, Some(user.user_id)).await?;
    let memberships = members::memberships_of(&mut tx, user.user_id).await?;
    tx.commit().await?;
    Ok(OrganizationsPage {
        ctx,
        current: user.tenant_id,
        memberships,
        form: NewOrganizationForm::default(),
        errors: FormErrors::none(),
    })
}

async fn list_organizations(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> Result<Response, AppError> {
    html(
        StatusCode::OK,
        organizations_page(&state, &user, ctx).await?,
    )
}

async fn switch_organization(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Form(form): Form<SwitchForm>,
) -> Result<Response, AppError> {
    let mut tx = db::begin_scoped(&state.db, None, Some(user.user_id)).await?;
    let memberships = members::memberships_of(&mut tx, user.user_id).await?;
    tx.commit().await?;
    let target = memberships
        .into_iter()
        .find(|m| m.tenant_id == form.tenant_id)
        .ok_or(AppError::NotFound)?;
    let who = SignedIn {
        tenant_id: target.tenant_id,
        tenant_name: target.tenant_name,
        role: target.role,
        ..SignedIn::from(&user)
    };
    signed_in(&state, &headers, &user.ip, &who, "/?notice=switched").await
}

async fn create_organization(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    headers: HeaderMap,
    Form(form): Form<NewOrganizationForm>,
) -> Result<Response, AppError> {
    match account::create_organization(&state, &user, &form.name).await {
        Ok(who) => signed_in(&state, &headers, &user.ip, &who, "/?notice=switched").await,
        Err(e) => {
            let lang = ctx.lang;
            let mut page = organizations_page(&state, &user, ctx).await?;
            page.errors = FormErrors::from_error(e, lang)?;
            page.form = form;
            html(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}
