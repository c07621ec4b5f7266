//! The account flows shared by the pages and the JSON API: sign up, sign in (with
//! throttling), sessions, API tokens, password changes. Each writes in one transaction and
//! leaves an audit entry.

use serde_json::json;

use crate::app::AppState;
use crate::auth::password;
use crate::auth::secret::{hash_secret, new_api_token, new_secret};
use crate::auth::throttle;
use crate::auth::{CurrentUser, Role};
use crate::db::audit::{self, Actor, Entry};
use crate::db::{self, TenantTx, members, sessions, tenants, tokens, users};
use crate::domain::ids::{TenantId, TokenId, UserId};
use crate::error::{AppError, ErrorDetail};
use crate::i18n::Msg;

/// Who signed up or in, and where.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub user_id: UserId,
    pub tenant_id: TenantId,
    pub tenant_name: String,
    pub name: String,
    pub email: String,
    pub role: Role,
}

/// Trims a required text field and checks its length.
pub fn required(field: &str, value: &str, max: usize, errors: &mut Vec<ErrorDetail>) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.push(ErrorDetail::field(field, Msg::new("form-required")));
    } else if value.chars().count() > max {
        errors.push(ErrorDetail::field(
            field,
            Msg::new("form-too-long").arg("max", max),
        ));
    }
    value.to_string()
}

/// Lowercases an e-mail address and checks its shape (one @, a dotted domain, no spaces).
pub fn email(field: &str, value: &str, errors: &mut Vec<ErrorDetail>) -> String {
    let value = value.trim().to_lowercase();
    let valid = value.len() <= 254
        && !value.chars().any(char::is_whitespace)
        && value.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if !valid {
        errors.push(ErrorDetail::field(field, Msg::new("form-email-invalid")));
    }
    value
}

/// Checks a new password against the policy.
pub fn new_password(field: &str, value: &str, personal: &[&str], errors: &mut Vec<ErrorDetail>) {
    if let Err(msg) = password::check_policy(value, personal) {
        errors.push(ErrorDetail::field(field, msg));
    }
}

pub(crate) fn fail_if_any(errors: Vec<ErrorDetail>) -> Result<(), AppError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid(errors))
    }
}

/// Creates the organization of `tx` with `user` as its first admin.
pub(crate) async fn found_organization(
    tx: &mut TenantTx,
    user: UserId,
    name: &str,
    actor: &Actor,
) -> Result<(), AppError> {
    let tenant = tx.tenant();
    tenants::create_tenant(tx.conn(), tenant, name).await?;
    members::add_member(tx, user, Role::Admin).await?;
    users::set_last_tenant(tx.conn(), user, tenant).await?;
    crate::db::reference::seed_defaults(tx).await?;
    audit::record(
        tx,
        actor,
        Entry::new("organization.created")
            .object("organization", tenant)
            .details(json!({ "name": name })),
    )
    .await?;
    Ok(())
}

/// Creates another organization for a signed-in person, who becomes its admin (an agency
/// running shops for several brands, say).
pub async fn create_organization(
    state: &AppState,
    user: &CurrentUser,
    name: &str,
) -> Result<SignedIn, AppError> {
    let mut errors = Vec::new();
    let name = required("name", name, 120, &mut errors);
    fail_if_any(errors)?;
    let tenant = TenantId::new();
    let mut tx = TenantTx::begin(&state.db, tenant, Some(user.user_id)).await?;
    found_organization(&mut tx, user.user_id, &name, &user.actor()).await?;
    tx.commit().await?;
    Ok(SignedIn {
        tenant_id: tenant,
        tenant_name: name,
        role: Role::Admin,
        ..SignedIn::from(user)
    })
}

/// Revokes one of the member's own API tokens.
pub async fn revoke_token(
    state: &AppState,
    user: &CurrentUser,
    id: TokenId,
) -> Result<(), AppError> {
    let mut tx = user.begin(state).await?;
    let name = tokens::revoke_token(&mut tx, user.user_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new("token.revoked")
            .object("token", id)
            .details(json!({ "name": name })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Signs a person in to one of their organizations: the one asked for, else the one used
/// last, else the only one (or, with `pick_first`, the first by name). A wrong e-mail and a wrong password get the same answer in about
/// the same time (a password is always verified, against a dummy hash if need be).
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password_text: String,
    organization: Option<TenantId>,
    pick_first: bool,
    ip: &str,
) -> Result<SignedIn, AppError> {
    let email = email.trim().to_lowercase();
    throttle::sign_in_attempt(&state.db, &email, ip).await?;
    let mut conn = state.db.acquire().await?;
    let found = users::find_for_login(&mut conn, &email).await?;
    drop(conn);
    let stored = found.as_ref().map(|u| u.password_hash.clone());
    let ok = password::verify(&state.hashing, password_text, stored).await?;
    let user = match found {
        Some(user) if ok => user,
        other => {
            if let Some(user) = other {
                record_failed_sign_in(state, user.id, &email, ip).await?;
            }
            return Err(AppError::BadCredentials);
        }
    };
    throttle::signed_in(&state.db, &email, ip).await?;

    let mut tx = db::begin_scoped(&state.db, None, Some(user.id)).await?;
    let memberships = members::memberships_of(&mut tx, user.id).await?;
    tx.commit().await?;
    let wanted = organization.or(user.last_tenant_id);
    let chosen = match wanted.and_then(|t| memberships.iter().find(|m| m.tenant_id == t)) {
        Some(m) => m,
        None if organization.is_some() => return Err(AppError::BadCredentials),
        None if memberships.len() == 1 || (pick_first && !memberships.is_empty()) => {
            &memberships[0]
        }
        None if memberships.is_empty() => {
            return Err(AppError::Conflict {
                code: "no_organization",
                msg: Msg::new("login-no-organization"),
            });
        }
        None => {
            return Err(AppError::Invalid {
                code: "organization_required",
                msg: Msg::new("login-choose-organization"),
                details: memberships
                    .iter()
                    .map(|m| {
                        ErrorDetail::field(
                            "organization_id",
                            Msg::new("login-organization-option")
                                .arg("id", m.tenant_id)
                                .arg("name", &m.tenant_name),
                        )
                    })
                    .collect(),
            });
        }
    };
    Ok(SignedIn {
        user_id: user.id,
        tenant_id: chosen.tenant_id,
        tenant_name: chosen.tenant_name.clone(),
        name: user.name,
        email,
        role: chosen.role,
    })
}

/// A failed sign-in for a known person is recorded in each of their organizations, so
/// their admins see attempts against their members; an unknown e-mail has no organization.
async fn record_failed_sign_in(
    state: &AppState,
    user: UserId,
    email: &str,
    ip: &str,
) -> Result<(), AppError> {
    let mut tx = db::begin_scoped(&state.db, None, Some(user)).await?;
    let memberships = members::memberships_of(&mut tx, user).await?;
    tx.commit().await?;
    let actor = Actor {
        id: None,
        name: email.to_string(),
        ip: Some(ip.to_string()),
    };
    for m in memberships {
        let mut tx = TenantTx::begin(&state.db, m.tenant_id, None).await?;
        audit::record(
            &mut tx,
            &actor,
            Entry::new("auth.sign_in_failed").object("user", user),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Starts a browser session (always a new id) and returns the cookie value.
pub async fn start_session(
    state: &AppState,
    who: &SignedIn,
    user_agent: Option<&str>,
    ip: &str,
) -> Result<String, AppError> {
    let secret = new_secret();
    let mut tx = TenantTx::begin(&state.db, who.tenant_id, Some(who.user_id)).await?;
    sessions::create_session(
        tx.conn(),
        &hash_secret(&secret),
        who.tenant_id,
        who.user_id,
        user_agent.map(|ua| &ua[..ua.len().min(300)]),
    )
    .await?;
    users::set_last_tenant(tx.conn(), who.user_id, who.tenant_id).await?;
    audit::record(
        &mut tx,
        &actor_of(who, ip),
        Entry::new("auth.signed_in").object("user", who.user_id),
    )
    .await?;
    tx.commit().await?;
    Ok(secret)
}

fn actor_of(who: &SignedIn, ip: &str) -> Actor {
    Actor {
        id: Some(who.user_id),
        name: who.name.clone(),
        ip: Some(ip.to_string()),
    }
}

/// Issues an API token for a member; returns it (shown once) with its id.
pub async fn issue_token(
    state: &AppState,
    who: &SignedIn,
    name: &str,
    valid_days: Option<i64>,
    ip: &str,
) -> Result<(TokenId, String), AppError> {
    let token = new_api_token();
    let id = TokenId::new();
    let mut tx = TenantTx::begin(&state.db, who.tenant_id, Some(who.user_id)).await?;
    tokens::create_token(
        tx.conn(),
        tokens::NewToken {
            id,
            hash: &hash_secret(&token),
            tenant: who.tenant_id,
            user: who.user_id,
            name,
            valid_days,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        &actor_of(who, ip),
        Entry::new("token.created")
            .object("token", id)
            .details(json!({ "name": name, "valid_days": valid_days })),
    )
    .await?;
    tx.commit().await?;
    Ok((id, token))
}

impl From<&CurrentUser> for SignedIn {
    fn from(user: &CurrentUser) -> Self {
        SignedIn {
            user_id: user.user_id,
            tenant_id: user.tenant_id,
            tenant_name: user.tenant_name.clone(),
            name: user.name.clone(),
            email: user.email.clone(),
            role: user.role,
        }
    }
}

impl SignedIn {
    /// The member acting from the command line (`shopplan demo`), through the same
    /// services and permission checks as a request.
    pub fn acting(&self) -> CurrentUser {
        CurrentUser {
            user_id: self.user_id,
            tenant_id: self.tenant_id,
            role: self.role,
            name: self.name.clone(),
            email: self.email.clone(),
            language: None,
            tenant_name: self.tenant_name.clone(),
            time_zone: chrono_tz::Asia::Shanghai,
            credential: crate::auth::Credential::Command,
            ip: "command line".into(),
        }
    }
}

/// Ends the request's own credential: the session, or the token.
pub async fn sign_out(state: &AppState, user: &CurrentUser) -> Result<(), AppError> {
    let mut tx = user.begin(state).await?;
    match &user.credential {
        crate::auth::Credential::Session(hash) => {
            sessions::delete_session(tx.conn(), hash).await?;
            audit::record(&mut tx, &user.actor(), Entry::new("auth.signed_out")).await?;
        }
        crate::auth::Credential::Token(id) => {
            tokens::revoke_token(&mut tx, user.user_id, *id).await?;
            audit::record(
                &mut tx,
                &user.actor(),
                Entry::new("token.revoked").object("token", id),
            )
            .await?;
        }
        crate::auth::Credential::Command => {}
    }
    tx.commit().await?;
    Ok(())
}

/// Ends every session of the person and revokes every API token, in every organization.
pub async fn sign_out_everywhere(state: &AppState, user: &CurrentUser) -> Result<u64, AppError> {
    let mut tx = user.begin(state).await?;
    let ended = sessions::delete_user_sessions(tx.conn(), user.user_id, None).await?;
    let tokens = tokens::revoke_user_tokens(tx.conn(), user.user_id, None).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new("auth.signed_out_everywhere")
            .details(json!({ "sessions": ended, "tokens": tokens })),
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// Changes the password after checking the current one, ends the person's other sessions and
/// revokes their API tokens (the session or token making the change stays).
pub async fn change_password(
    state: &AppState,
    user: &CurrentUser,
    current: String,
    new: String,
    confirm: &str,
) -> Result<(), AppError> {
    let mut errors = Vec::new();
    new_password(
        "new_password",
        &new,
        &[&user.email, &user.name],
        &mut errors,
    );
    if new != confirm {
        errors.push(ErrorDetail::field(
            "confirm_password",
            Msg::new("password-mismatch"),
        ));
    }
    let mut tx = user.begin(state).await?;
    let stored = users::own_password_hash(tx.conn()).await?;
    tx.commit().await?;
    if !password::verify(&state.hashing, current, stored).await? {
        errors.insert(
            0,
            ErrorDetail::field("current_password", Msg::new("password-current-wrong")),
        );
    }
    fail_if_any(errors)?;
    let hash = password::hash(&state.hashing, new).await?;
    let mut tx = user.begin(state).await?;
    users::set_password(tx.conn(), user.user_id, &hash).await?;
    let ended =
        sessions::delete_user_sessions(tx.conn(), user.user_id, user.session_hash()).await?;
    let keep = match user.credential {
        crate::auth::Credential::Token(id) => Some(id),
        _ => None,
    };
    let tokens = tokens::revoke_user_tokens(tx.conn(), user.user_id, keep).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new("auth.password_changed")
            .details(json!({ "other_sessions_ended": ended, "tokens_revoked": tokens })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
