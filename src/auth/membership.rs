//! Member management shared by the pages and the API: invitations (single use, seven days),
//! accepting them as a new or an existing person, role changes and removal.

use serde_json::json;

use crate::app::AppState;
use crate::auth::account::{self, SignedIn};
use crate::auth::secret::{hash_secret, new_secret};
use crate::auth::{CurrentUser, Permission, Role, password};
use crate::db::audit::{self, Actor, Entry};
use crate::db::invitations::{self, Pending, Unusable};
use crate::db::{TenantTx, members, tenants, users};
use crate::domain::ids::{InvitationId, TenantId, UserId};
use crate::error::{AppError, ErrorDetail};
use crate::i18n::Msg;

/// An invitation as the person who received the link sees it.
#[derive(Clone, Debug)]
pub struct InvitationView {
    pub tenant_name: String,
    pub email: String,
    pub role: Role,
    pub usable: Result<(), Unusable>,
    /// Whether a person with the invited e-mail address already has an account.
    pub account_exists: bool,
}

/// Invitation tokens carry their organization (`<tenant id>.<secret>`), so that the
/// invitation is looked up under that organization's row-level security.
fn token_tenant(token: &str) -> Option<TenantId> {
    token.split_once('.')?.0.parse().ok()
}

/// Invites a person by e-mail with a role. Returns the invitation and its token.
pub async fn invite(
    state: &AppState,
    admin: &CurrentUser,
    email_text: &str,
    role_text: &str,
) -> Result<(InvitationId, String), AppError> {
    admin.require(Permission::ManageMembers)?;
    let mut errors = Vec::new();
    let email = account::email("email", email_text, &mut errors);
    let role = Role::parse(role_text);
    if role.is_none() {
        errors.push(ErrorDetail::field("role", Msg::new("member-role-unknown")));
    }
    crate::auth::throttle::invitation(&state.db, admin.tenant_id).await?;
    let mut tx = admin.begin(state).await?;
    if errors.is_empty() && members::is_member_email(&mut tx, &email).await? {
        errors.push(ErrorDetail::field("email", Msg::new("member-already")));
    }
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return Err(AppError::invalid(errors));
    };
    let token = format!("{}.{}", admin.tenant_id, new_secret());
    let id = InvitationId::new();
    invitations::create_invitation(
        &mut tx,
        id,
        &email,
        role,
        &hash_secret(&token),
        admin.user_id,
    )
    .await?;
    audit::record(
        &mut tx,
        &admin.actor(),
        Entry::new("member.invited")
            .object("invitation", id)
            .details(json!({ "email": email, "role": role.as_str() })),
    )
    .await?;
    tx.commit().await?;
    Ok((id, token))
}

/// Opens an invitation by its token and locks it; 404 when there is no such invitation.
async fn open(state: &AppState, token: &str) -> Result<(TenantTx, Pending), AppError> {
    let tenant = token_tenant(token).ok_or(AppError::NotFound)?;
    let mut tx = TenantTx::begin(&state.db, tenant, None).await?;
    let pending = invitations::find_for_accept(&mut tx, &hash_secret(token))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((tx, pending))
}

fn usable(pending: &Pending) -> Result<(), AppError> {
    pending.usable.map_err(|why| {
        let (code, key) = match why {
            Unusable::Expired => ("invitation_expired", "invitation-expired"),
            Unusable::Used => ("invitation_used", "invitation-used"),
            Unusable::Revoked => ("invitation_revoked", "invitation-revoked"),
        };
        AppError::Conflict {
            code,
            msg: Msg::new(key),
        }
    })
}

/// What the invitation page shows.
pub async fn view(state: &AppState, token: &str) -> Result<InvitationView, AppError> {
    let (mut tx, pending) = open(state, token).await?;
    let tenant = tx.tenant();
    let (tenant_name, _) = tenants::get_tenant(tx.conn(), tenant).await?;
    let account_exists = users::exists_with_email(tx.conn(), &pending.email).await?;
    Ok(InvitationView {
        tenant_name,
        email: pending.email,
        role: pending.role,
        usable: pending.usable,
        account_exists,
    })
}

/// Accepts an invitation as a new person, who sets a name and password.
pub async fn accept_as_new(
    state: &AppState,
    token: &str,
    name_text: &str,
    password_text: String,
    ip: &str,
) -> Result<SignedIn, AppError> {
    let (mut tx, pending) = open(state, token).await?;
    usable(&pending)?;
    if users::exists_with_email(tx.conn(), &pending.email).await? {
        return Err(AppError::Conflict {
            code: "account_exists",
            msg: Msg::new("invitation-account-exists"),
        });
    }
    let mut errors = Vec::new();
    let name = account::required("name", name_text, 80, &mut errors);
    account::new_password(
        "password",
        &password_text,
        &[&pending.email, &name],
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    // Hashing takes a moment; the invitation row stays locked meanwhile, which is what
    // keeps a second acceptance out.
    let hash = password::hash(&state.hashing, password_text).await?;
    let user = UserId::new();
    tx.act_as(user).await?;
    users::create_user(tx.conn(), user, &pending.email, &name, &hash).await?;
    join(tx, &pending, user, &name, ip).await
}

/// Accepts an invitation as a person who already has an account (signed in, possibly in
/// another organization). The invitation must be addressed to their e-mail.
pub async fn accept_as_existing(
    state: &AppState,
    token: &str,
    user: &CurrentUser,
) -> Result<SignedIn, AppError> {
    let (mut tx, pending) = open(state, token).await?;
    usable(&pending)?;
    if pending.email != user.email {
        return Err(AppError::Conflict {
            code: "invitation_for_another",
            msg: Msg::new("invitation-other-email").arg("email", &pending.email),
        });
    }
    if members::find_member(&mut tx, user.user_id).await?.is_some() {
        return Err(AppError::Conflict {
            code: "already_member",
            msg: Msg::new("member-already"),
        });
    }
    join(tx, &pending, user.user_id, &user.name, &user.ip).await
}

async fn join(
    mut tx: TenantTx,
    pending: &Pending,
    user: UserId,
    name: &str,
    ip: &str,
) -> Result<SignedIn, AppError> {
    members::add_member(&mut tx, user, pending.role).await?;
    invitations::mark_accepted(&mut tx, pending.id, user).await?;
    let actor = Actor {
        id: Some(user),
        name: name.to_string(),
        ip: Some(ip.to_string()),
    };
    audit::record(
        &mut tx,
        &actor,
        Entry::new("member.joined")
            .object("user", user)
            .details(json!({ "role": pending.role.as_str(), "invitation": pending.id })),
    )
    .await?;
    let tenant = tx.tenant();
    let (tenant_name, _) = tenants::get_tenant(tx.conn(), tenant).await?;
    tx.commit().await?;
    Ok(SignedIn {
        user_id: user,
        tenant_id: tenant,
        tenant_name,
        name: name.to_string(),
        email: pending.email.clone(),
        role: pending.role,
    })
}

/// Changes a member's role; the last admin stays an admin.
pub async fn change_role(
    state: &AppState,
    admin: &CurrentUser,
    member: UserId,
    role_text: &str,
) -> Result<(), AppError> {
    admin.require(Permission::ManageMembers)?;
    let role = Role::parse(role_text)
        .ok_or_else(|| AppError::invalid_field("role", Msg::new("member-role-unknown")))?;
    let mut tx = admin.begin(state).await?;
    let before = members::find_member(&mut tx, member)
        .await?
        .ok_or(AppError::NotFound)?;
    members::change_role(&mut tx, member, role).await?;
    audit::record(
        &mut tx,
        &admin.actor(),
        Entry::new("member.role_changed")
            .object("user", member)
            .details(
                json!({ "name": before.name, "from": before.role.as_str(), "to": role.as_str() }),
            ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a member (their sessions and tokens here end); the last admin stays.
pub async fn remove(state: &AppState, admin: &CurrentUser, member: UserId) -> Result<(), AppError> {
    admin.require(Permission::ManageMembers)?;
    let mut tx = admin.begin(state).await?;
    let before = members::find_member(&mut tx, member)
        .await?
        .ok_or(AppError::NotFound)?;
    members::remove_member(&mut tx, member).await?;
    audit::record(
        &mut tx,
        &admin.actor(),
        Entry::new("member.removed").object("user", member).details(
            json!({ "name": before.name, "email": before.email, "role": before.role.as_str() }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws an open invitation.
pub async fn revoke_invitation(
    state: &AppState,
    admin: &CurrentUser,
    id: InvitationId,
) -> Result<(), AppError> {
    admin.require(Permission::ManageMembers)?;
    let mut tx = admin.begin(state).await?;
    let email = invitations::revoke(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut tx,
        &admin.actor(),
        Entry::new("invitation.revoked")
            .object("invitation", id)
            .details(json!({ "email": email })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
