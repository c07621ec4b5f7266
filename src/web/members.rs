//! Members of the organization and invitations: the admin's page, and the page a person
//! opens from an invitation link.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::account::SignedIn;
use crate::auth::membership::{self, InvitationView};
use crate::auth::{CurrentUser, Role};
use crate::db::invitations::{self, Invitation, Unusable};
use crate::db::members::{self, Member};
use crate::domain::ids::{InvitationId, UserId};
use crate::error::AppError;
use crate::web::extract::{Form, Path};
use crate::web::forms::FormErrors;
use crate::web::sessions::signed_in;
use crate::web::{PageContext, RequestInfo, html};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/members", get(list_members))
        .route("/members/invite", post(invite_member))
        .route("/members/{user_id}/role", post(change_role))
        .route("/members/{user_id}/remove", post(remove_member))
        .route("/members/invitations/{id}/revoke", post(revoke_invitation))
        .route("/invitations/{token}", get(show_invitation))
        .route("/invitations/{token}/accept", post(accept_invitation))
}

#[derive(Template)]
#[template(path = "members/list.html")]
pub struct MembersPage {
    pub ctx: PageContext,
    pub me: UserId,
    pub members: Vec<Member>,
    pub invitations: Vec<Invitation>,
    pub roles: Vec<Role>,
    pub form: InviteForm,
    pub errors: FormErrors,
    /// The link of an invitation just made, for the admin to copy.
    pub invited: Option<(String, String)>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    pub email: String,
    pub role: String,
}

impl Default for InviteForm {
    fn default() -> Self {
        Self {
            email: String::new(),
            role: Role::Operator.as_str().into(),
        }
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

/// The address invitation links point to: the configured public address, else the one the
/// admin's browser used.
pub fn accept_url(state: &AppState, headers: &HeaderMap, token: &str) -> String {
    let base = state.config.public_url.clone().unwrap_or_else(|| {
        let host = headers
            .get("host")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("localhost:8080");
        format!("http://{host}")
    });
    format!("{base}/invitations/{token}")
}

async fn members_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
) -> Result<MembersPage, AppError> {
    let mut tx = user.begin(state).await?;
    let members = members::list_members(&mut tx).await?;
    let invitations = if user.can(crate::auth::Permission::ManageMembers) {
        invitations::list_open(&mut tx).await?
    } else {
        Vec::new()
    };
    tx.commit().await?;
    Ok(MembersPage {
        ctx,
        me: user.user_id,
        members,
        invitations,
        roles: Role::ALL.to_vec(),
        form: InviteForm::default(),
        errors: FormErrors::none(),
        invited: None,
    })
}

async fn list_members(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> Result<Response, AppError> {
    html(StatusCode::OK, members_page(&state, &user, ctx).await?)
}

async fn invite_member(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    headers: HeaderMap,
    Form(form): Form<InviteForm>,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    match membership::invite(&state, &user, &form.email, &form.role).await {
        Ok((_, token)) => {
            let mut page = members_page(&state, &user, ctx).await?;
            page.invited = Some((
                form.email.trim().to_lowercase(),
                accept_url(&state, &headers, &token),
            ));
            html(StatusCode::CREATED, page)
        }
        Err(e) => {
            let errors = FormErrors::from_error(e, lang)?;
            let mut page = members_page(&state, &user, ctx).await?;
            page.errors = errors;
            page.form = form;
            html(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}

/// Runs a member change; a conflict (the last admin) comes back as the page with a message.
async fn member_change(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
    result: Result<(), AppError>,
    notice: &str,
) -> Result<Response, AppError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/members?notice={notice}")).into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e, ctx.lang)?;
            let mut page = members_page(state, user, ctx).await?;
            page.errors = errors;
            html(StatusCode::CONFLICT, page)
        }
    }
}

async fn change_role(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(member): Path<UserId>,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    let result = membership::change_role(&state, &user, member, &form.role).await;
    member_change(&state, &user, ctx, result, "member-updated").await
}

async fn remove_member(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(member): Path<UserId>,
) -> Result<Response, AppError> {
    let result = membership::remove(&state, &user, member).await;
    member_change(&state, &user, ctx, result, "member-removed").await
}

async fn revoke_invitation(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<InvitationId>,
) -> Result<Response, AppError> {
    membership::revoke_invitation(&state, &user, id).await?;
    Ok(Redirect::to("/members?notice=invitation-revoked").into_response())
}

#[derive(Template)]
#[template(path = "members/invitation.html")]
pub struct InvitationPage {
    pub ctx: PageContext,
    pub token: String,
    pub invitation: InvitationView,
    /// The signed-in person, if the link was opened while signed in.
    pub signed_in_email: Option<String>,
    pub form: AcceptForm,
    pub errors: FormErrors,
}

impl InvitationPage {
    pub fn problem_key(&self) -> Option<&'static str> {
        match self.invitation.usable {
            Ok(()) => None,
            Err(Unusable::Expired) => Some("invitation-expired"),
            Err(Unusable::Used) => Some("invitation-used"),
            Err(Unusable::Revoked) => Some("invitation-revoked"),
        }
    }

    pub fn login_link(&self) -> String {
        format!("/login?next=/invitations/{}", self.token)
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct AcceptForm {
    pub name: String,
    pub password: String,
}

async fn invitation_page(
    state: &AppState,
    token: String,
    user: Option<&CurrentUser>,
    ctx: PageContext,
) -> Result<InvitationPage, AppError> {
    let invitation = membership::view(state, &token).await?;
    Ok(InvitationPage {
        ctx,
        token,
        invitation,
        signed_in_email: user.map(|u| u.email.clone()),
        form: AcceptForm::default(),
        errors: FormErrors::none(),
    })
}

async fn show_invitation(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let page = invitation_page(&state, token, user.as_ref(), ctx).await?;
    let status = if page.invitation.usable.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    html(status, page)
}

/// Accepts as the signed-in person when there is one, else as a new person; either way the
/// browser continues in the organization just joined.
async fn accept_invitation(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    ctx: PageContext,
    info: RequestInfo,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<AcceptForm>,
) -> Result<Response, AppError> {
    let result = match &user {
        Some(user) => membership::accept_as_existing(&state, &token, user).await,
        None => {
            membership::accept_as_new(&state, &token, &form.name, form.password.clone(), &info.ip)
                .await
        }
    };
    let who: SignedIn = match result {
        Ok(who) => who,
        Err(e) => {
            let lang = ctx.lang;
            let errors = FormErrors::from_error(e, lang)?;
            let mut page = invitation_page(&state, token, user.as_ref(), ctx).await?;
            page.errors = errors;
            page.form = AcceptForm {
                password: String::new(),
                ..form
            };
            return html(StatusCode::UNPROCESSABLE_ENTITY, page);
        }
    };
    signed_in(&state, &headers, &info.ip, &who, "/?notice=joined").await
}
