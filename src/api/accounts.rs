//! Sign-up, API tokens, the current member, members and invitations, and the audit log.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::account::{self, SignedIn};
use crate::auth::membership;
use crate::auth::signup::{self, SignUpOutcome, Signup};
use crate::auth::{CurrentUser, Permission, Role};
use crate::db::audit::{self, Filter};
use crate::db::invitations::{self, Invitation};
use crate::db::members::{self, Member};
use crate::domain::ids::{InvitationId, TenantId, UserId};
use crate::error::AppError;
use crate::web::extract::{Json, Path, Query};
use crate::web::members::accept_url;
use crate::web::{ApiLang, RequestInfo};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_up))
        .routes(routes!(confirm_sign_up))
        .routes(routes!(create_token))
        .routes(routes!(revoke_current_token))
        .routes(routes!(me))
        .routes(routes!(list_members))
        .routes(routes!(update_member, remove_member))
        .routes(routes!(create_invitation, list_invitations))
        .routes(routes!(revoke_invitation))
        .routes(routes!(accept_invitation))
        .routes(routes!(list_audit))
}

/// Tokens handed out by sign-up, log-in and invitation acceptance are valid this long.
const LOGIN_TOKEN_DAYS: i64 = 90;

#[derive(Deserialize, ToSchema)]
pub struct SignupRequest {
    organization: String,
    name: String,
    email: String,
    password: String,
}

#[derive(Serialize, ToSchema)]
pub struct OrganizationRef {
    #[schema(value_type = String, format = Uuid)]
    id: TenantId,
    name: String,
}

#[derive(Serialize, ToSchema)]
pub struct UserRef {
    #[schema(value_type = String, format = Uuid)]
    id: UserId,
    email: String,
    name: String,
}

/// A member signed in by sign-up or by accepting an invitation, with an API token.
#[derive(Serialize, ToSchema)]
pub struct SessionResponse {
    organization: OrganizationRef,
    user: UserRef,
    role: Role,
    token: String,
}

impl SessionResponse {
    fn new(who: SignedIn, token: String) -> Self {
        Self {
            organization: OrganizationRef {
                id: who.tenant_id,
                name: who.tenant_name,
            },
            user: UserRef {
                id: who.user_id,
                email: who.email,
                name: who.name,
            },
            role: who.role,
            token,
        }
    }
}

/// Creates an organization with its first admin, and returns an API token for them. Where
/// the server sends mail, it answers 202 instead, for a new address and a known one alike: the
/// address receives a confirmation link (or, if it has an account, a note saying so), and the
/// link's token is confirmed with `POST /signup/confirm`.
#[utoipa::path(post, path = "/signup", tag = "accounts", request_body = SignupRequest,
    responses((status = 201, body = SessionResponse),
              (status = 202, body = SignupPending, description = "A confirmation link was mailed"),
              (status = 422, description = "Invalid fields")))]
async fn sign_up(
    State(state): State<AppState>,
    info: RequestInfo,
    ApiLang(lang): ApiLang,
    Json(body): Json<SignupRequest>,
) -> Result<Response, AppError> {
    let email = body.email.trim().to_lowercase();
    let input = Signup {
        organization: body.organization,
        name: body.name,
        email: body.email,
        password: body.password,
    };
    match signup::sign_up(&state.signup(), input, &info.ip, lang).await? {
        SignUpOutcome::SignedIn(who) => signed_up(&state, who, &info.ip).await,
        SignUpOutcome::ConfirmationSent => Ok((
            StatusCode::ACCEPTED,
            Json(SignupPending {
                status: "confirmation_sent",
                email,
            }),
        )
            .into_response()),
    }
}

/// Uses a mailed sign-up link's token: creates the organization and its admin, once.
#[utoipa::path(post, path = "/signup/confirm", tag = "accounts", request_body = ConfirmRequest,
    responses((status = 201, body = SessionResponse),
              (status = 404, description = "The token is unknown, used or out of date")))]
async fn confirm_sign_up(
    State(state): State<AppState>,
    info: RequestInfo,
    Json(body): Json<ConfirmRequest>,
) -> Result<Response, AppError> {
    let who = signup::confirm(&state.signup(), &body.token, &info.ip)
        .await?
        .ok_or(AppError::NotFound)?;
    signed_up(&state, who, &info.ip).await
}

async fn signed_up(state: &AppState, who: SignedIn, ip: &str) -> Result<Response, AppError> {
    let (_, token) =
        account::issue_token(state, &who, "API sign-up", Some(LOGIN_TOKEN_DAYS), ip).await?;
    Ok((StatusCode::CREATED, Json(SessionResponse::new(who, token))).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct SignupPending {
    /// Always `confirmation_sent`.
    status: &'static str,
    email: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ConfirmRequest {
    /// The `token` of the link in the sign-up message.
    token: String,
}

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    email: String,
    password: String,
    /// Needed only for a member of several organizations.
    #[schema(value_type = Option<String>, format = Uuid)]
    organization_id: Option<TenantId>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    token: String,
    #[schema(value_type = String, format = Uuid)]
    organization_id: TenantId,
}

/// Signs in with e-mail and password and returns an API token (valid 90 days).
#[utoipa::path(post, path = "/tokens", tag = "accounts", request_body = TokenRequest,
    responses((status = 201, body = TokenResponse),
              (status = 401, description = "Wrong e-mail or password"),
              (status = 422, description = "organization_id needed"),
              (status = 429, description = "Throttled; see Retry-After")))]
async fn create_token(
    State(state): State<AppState>,
    info: RequestInfo,
    Json(body): Json<TokenRequest>,
) -> Result<Response, AppError> {
    let who = account::sign_in(
        &state,
        &body.email,
        body.password,
        body.organization_id,
        false,
        &info.ip,
    )
    .await?;
    let (_, token) =
        account::issue_token(&state, &who, "API log-in", Some(LOGIN_TOKEN_DAYS), &info.ip).await?;
    let response = TokenResponse {
        token,
        organization_id: who.tenant_id,
    };
    Ok((StatusCode::CREATED, Json(response)).into_response())
}

/// Revokes the token the request is made with.
#[utoipa::path(delete, path = "/tokens/current", tag = "accounts",
    responses((status = 204), (status = 401)), security(("bearer" = [])))]
async fn revoke_current_token(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<StatusCode, AppError> {
    account::sign_out(&state, &user).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct MeResponse {
    organization: OrganizationRef,
    user: UserRef,
    role: Role,
}

/// Who the token acts for.
#[utoipa::path(get, path = "/me", tag = "accounts",
    responses((status = 200, body = MeResponse), (status = 401)), security(("bearer" = [])))]
async fn me(user: CurrentUser) -> Json<MeResponse> {
    Json(MeResponse {
        organization: OrganizationRef {
            id: user.tenant_id,
            name: user.tenant_name,
        },
        user: UserRef {
            id: user.user_id,
            email: user.email,
            name: user.name,
        },
        role: user.role,
    })
}

/// The members of the organization.
#[utoipa::path(get, path = "/members", tag = "members",
    responses((status = 200, body = Vec<Member>)), security(("bearer" = [])))]
async fn list_members(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Member>>, AppError> {
    let mut tx = user.begin(&state).await?;
    let list = members::list_members(&mut tx).await?;
    tx.commit().await?;
    Ok(Json(list))
}

#[derive(Deserialize, ToSchema)]
pub struct RoleRequest {
    role: String,
}

/// Changes a member's role (admin). The last admin cannot be demoted (409 `last_admin`).
#[utoipa::path(patch, path = "/members/{user_id}", tag = "members", request_body = RoleRequest,
    params(("user_id" = String, Path, format = Uuid)),
    responses((status = 200, body = Member), (status = 403), (status = 404), (status = 409)),
    security(("bearer" = [])))]
async fn update_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(member): Path<UserId>,
    Json(body): Json<RoleRequest>,
) -> Result<Json<Member>, AppError> {
    membership::change_role(&state, &user, member, &body.role).await?;
    let mut tx = user.begin(&state).await?;
    let updated = members::find_member(&mut tx, member)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(Json(updated))
}

/// Removes a member (admin); their sessions and tokens here end. Not the last admin.
#[utoipa::path(delete, path = "/members/{user_id}", tag = "members",
    params(("user_id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 403), (status = 404), (status = 409)),
    security(("bearer" = [])))]
async fn remove_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(member): Path<UserId>,
) -> Result<StatusCode, AppError> {
    membership::remove(&state, &user, member).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct InvitationRequest {
    email: String,
    role: String,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationResponse {
    #[schema(value_type = String, format = Uuid)]
    id: InvitationId,
    email: String,
    role: Role,
    /// The link to send to the person (there is no mail server).
    accept_url: String,
    /// The secret of the link, for `POST /invitations/{token}/accept`.
    token: String,
}

/// Invites a person by e-mail with a role (admin). The link works once, for 7 days.
#[utoipa::path(post, path = "/invitations", tag = "members", request_body = InvitationRequest,
    responses((status = 201, body = InvitationResponse), (status = 403), (status = 422)),
    security(("bearer" = [])))]
async fn create_invitation(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Json(body): Json<InvitationRequest>,
) -> Result<Response, AppError> {
    let (id, token) = membership::invite(&state, &user, &body.email, &body.role).await?;
    let response = InvitationResponse {
        id,
        email: body.email.trim().to_lowercase(),
        role: Role::parse(&body.role).unwrap_or(Role::Viewer),
        accept_url: accept_url(&state, &headers, &token),
        token,
    };
    Ok((StatusCode::CREATED, Json(response)).into_response())
}

/// Open invitations (admin).
#[utoipa::path(get, path = "/invitations", tag = "members",
    responses((status = 200, body = Vec<Invitation>), (status = 403)), security(("bearer" = [])))]
async fn list_invitations(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Invitation>>, AppError> {
    user.require(Permission::ManageMembers)?;
    let mut tx = user.begin(&state).await?;
    let list = invitations::list_open(&mut tx).await?;
    tx.commit().await?;
    Ok(Json(list))
}

/// Withdraws an open invitation (admin).
#[utoipa::path(delete, path = "/invitations/{id}", tag = "members",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 403), (status = 404)), security(("bearer" = [])))]
async fn revoke_invitation(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<InvitationId>,
) -> Result<StatusCode, AppError> {
    membership::revoke_invitation(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AcceptRequest {
    name: String,
    password: String,
}

/// Accepts an invitation: as a new person (`name`, `password`), or, with a bearer token, as
/// the existing person the invitation is addressed to. Returns a token for the organization.
#[utoipa::path(post, path = "/invitations/{token}/accept", tag = "members",
    params(("token" = String, Path)), request_body = AcceptRequest,
    responses((status = 201, body = SessionResponse), (status = 404),
              (status = 409, description = "Expired, used, withdrawn, or the account exists"),
              (status = 422)))]
async fn accept_invitation(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    info: RequestInfo,
    Path(token): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let who = match &user {
        Some(user) => membership::accept_as_existing(&state, &token, user).await?,
        None => {
            // The body is optional (an existing person sends none), so it is read by hand.
            let body: AcceptRequest = if body.is_empty() {
                AcceptRequest::default()
            } else {
                serde_json::from_slice(&body).map_err(|e| {
                    AppError::BadRequest(
                        crate::i18n::Msg::new("error-malformed-json").arg("detail", e),
                    )
                })?
            };
            membership::accept_as_new(&state, &token, &body.name, body.password, &info.ip).await?
        }
    };
    let (_, api_token) = account::issue_token(
        &state,
        &who,
        "API invitation",
        Some(LOGIN_TOKEN_DAYS),
        &info.ip,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(SessionResponse::new(who, api_token)),
    )
        .into_response())
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// An action such as `member.role_changed`.
    action: Option<String>,
    #[param(value_type = Option<String>, format = Uuid)]
    actor: Option<UserId>,
    /// First day, `YYYY-MM-DD`, in the organization's time zone.
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    /// The `next_before` of the previous page.
    before: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    id: i64,
    at: DateTime<Utc>,
    actor: Option<String>,
    action: String,
    object_type: Option<String>,
    object_id: Option<String>,
    details: serde_json::Value,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    entries: Vec<AuditEntry>,
    /// Pass as `before` for the next (older) page; null on the last page.
    next_before: Option<i64>,
}

/// The audit log, newest first, 50 entries a page (admin, manager).
#[utoipa::path(get, path = "/audit", tag = "members", params(AuditParams),
    responses((status = 200, body = AuditPage), (status = 403)), security(("bearer" = [])))]
async fn list_audit(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(params): Query<AuditParams>,
) -> Result<Json<AuditPage>, AppError> {
    user.require(Permission::ViewAudit)?;
    let filter = Filter {
        action: params.action,
        actor: params.actor,
        from: params.from,
        to: params.to,
        before: params.before,
    };
    let size = crate::web::audit::PAGE_SIZE;
    let mut tx = user.begin(&state).await?;
    let mut records = audit::list(&mut tx, &filter, size + 1).await?;
    tx.commit().await?;
    let more = records.len() as i64 > size;
    records.truncate(size as usize);
    let next_before = if more {
        records.last().map(|r| r.id)
    } else {
        None
    };
    let entries = records
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            at: r.at,
            actor: r.actor_name,
            action: r.action,
            object_type: r.object_type,
            object_id: r.object_id,
            details: r.details,
        })
        .collect();
    Ok(Json(AuditPage {
        entries,
        next_before,
    }))
}
