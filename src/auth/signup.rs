//! Sign-up: a new organization with its first admin. Where mail is configured, sign-up mails a
//! confirmation link and answers the same whether or not the address has an account (its
//! owner is told by mail instead), so the form cannot be used to learn who has one. Without
//! mail the organization is created at once.

use std::time::Duration;

use sqlx::PgPool;

use crate::auth::account::{
    SignedIn, email, fail_if_any, found_organization, new_password, required,
};
use crate::auth::secret::{hash_secret, new_secret};
use crate::auth::{Role, password, throttle};
use crate::db::audit::Actor;
use crate::db::mail::{self as pending, PendingSignup};
use crate::db::{TenantTx, users};
use crate::domain::ids::{TenantId, UserId};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::notify::{Message, Outbox};
use crate::slots::Slots;

/// What sign-up needs of the server: the request pool, the places for hashing passwords,
/// and, where mail is configured, where links point and the outbox to wake.
pub struct SignupServices<'a> {
    pub db: &'a PgPool,
    pub hashing: &'a Slots<()>,
    pub mail: Option<MailLinks<'a>>,
}

/// Where mailed links point (`PUBLIC_URL`), and the worker to wake once mail is queued.
pub struct MailLinks<'a> {
    pub base: String,
    pub outbox: &'a Outbox,
}

/// How long a confirmation link stays good.
pub const LINK_VALID_FOR: Duration = Duration::from_secs(24 * 3600);

/// What a person fills in to sign up.
pub struct Signup {
    pub organization: String,
    pub name: String,
    pub email: String,
    pub password: String,
}

/// How a sign-up ended.
#[derive(Debug)]
pub enum SignUpOutcome {
    /// The organization exists and its admin may be signed in.
    SignedIn(SignedIn),
    /// A message went (or would have gone) to the address; nothing else is said.
    ConfirmationSent,
}

/// What a confirmation link stands for, shown before it is used.
pub use crate::db::mail::SignupSummary as LinkDetails;

/// Validated sign-up fields with the password's hash.
struct Checked {
    organization: String,
    name: String,
    email: String,
    password_hash: String,
}

async fn check(
    services: &SignupServices<'_>,
    input: Signup,
    ip: &str,
) -> Result<Checked, AppError> {
    let mut errors = Vec::new();
    let organization = required("organization", &input.organization, 120, &mut errors);
    let name = required("name", &input.name, 80, &mut errors);
    let email = email("email", &input.email, &mut errors);
    new_password("password", &input.password, &[&email, &name], &mut errors);
    fail_if_any(errors)?;
    throttle::sign_up_attempt(services.db, ip).await?;
    // Hashed in both cases below, so a known address costs the same time as a new one.
    let password_hash = password::hash(services.hashing, input.password).await?;
    Ok(Checked {
        organization,
        name,
        email,
        password_hash,
    })
}

/// Signs up in the way the configuration allows; `lang` is the language of any mail sent.
pub async fn sign_up(
    services: &SignupServices<'_>,
    input: Signup,
    ip: &str,
    lang: Lang,
) -> Result<SignUpOutcome, AppError> {
    let checked = check(services, input, ip).await?;
    let Some(mail) = &services.mail else {
        return create(services, checked, ip)
            .await
            .map(SignUpOutcome::SignedIn);
    };
    mail_link(services.db, mail, checked, lang).await?;
    Ok(SignUpOutcome::ConfirmationSent)
}

/// Creates the organization at once, whatever the configuration (the demo).
pub async fn sign_up_now(
    services: &SignupServices<'_>,
    input: Signup,
    ip: &str,
) -> Result<SignedIn, AppError> {
    let checked = check(services, input, ip).await?;
    create(services, checked, ip).await
}

async fn create(services: &SignupServices<'_>, c: Checked, ip: &str) -> Result<SignedIn, AppError> {
    let tenant = TenantId::new();
    let user = UserId::new();
    let mut tx = TenantTx::begin(services.db, tenant, Some(user)).await?;
    let who = create_in(&mut tx, user, c, ip).await?;
    tx.commit().await?;
    Ok(who)
}

async fn create_in(
    tx: &mut TenantTx,
    user: UserId,
    c: Checked,
    ip: &str,
) -> Result<SignedIn, AppError> {
    if users::exists_with_email(tx.conn(), &c.email).await? {
        return Err(AppError::invalid_field(
            "email",
            Msg::new("signup-email-taken"),
        ));
    }
    users::create_user(tx.conn(), user, &c.email, &c.name, &c.password_hash).await?;
    let actor = Actor {
        id: Some(user),
        name: c.name.clone(),
        ip: Some(ip.to_string()),
    };
    found_organization(tx, user, &c.organization, &actor).await?;
    Ok(SignedIn {
        user_id: user,
        tenant_id: tx.tenant(),
        tenant_name: c.organization,
        name: c.name,
        email: c.email,
        role: Role::Admin,
    })
}

/// Mails a confirmation link to a new address, or a note to the owner of a known one. Past
/// the hourly limit for the address, nothing is mailed and the answer is the same.
async fn mail_link(
    db: &PgPool,
    mail: &MailLinks<'_>,
    c: Checked,
    lang: Lang,
) -> Result<(), AppError> {
    if !throttle::sign_up_mail(db, &c.email).await? {
        tracing::info!("sign-up mail for one address over its hourly limit; not sent");
        return Ok(());
    }
    let base = &mail.base;
    let mut tx = db.begin().await?;
    let message = if users::exists_with_email(&mut tx, &c.email).await? {
        let login = format!("{base}/login");
        Message::compose(
            "signup.exists",
            lang,
            &[("login", &login), ("email", &c.email)],
        )
    } else {
        let token = new_secret();
        let signup = PendingSignup {
            token_hash: &hash_secret(&token),
            email: &c.email,
            name: &c.name,
            organization: &c.organization,
            password_hash: &c.password_hash,
            language: lang.code(),
            valid_for_secs: LINK_VALID_FOR.as_secs() as i64,
        };
        pending::begin_signup(&mut tx, &signup).await?;
        let link = format!("{base}/signup/confirm?token={token}");
        let hours = (LINK_VALID_FOR.as_secs() / 3600).to_string();
        let args = [
            ("hours", hours.as_str()),
            ("name", c.name.as_str()),
            ("organization", c.organization.as_str()),
            ("link", link.as_str()),
        ];
        Message::compose("signup.confirm", lang, &args)
    };
    message.queue(&mut tx, None, &c.email).await?;
    tx.commit().await?;
    mail.outbox.wake();
    Ok(())
}

/// What the link `token` would create; `None` when it is unknown, used or out of date.
pub async fn link_details(
    services: &SignupServices<'_>,
    token: &str,
) -> Result<Option<LinkDetails>, AppError> {
    let mut conn = services.db.acquire().await?;
    Ok(pending::peek_signup(&mut conn, &hash_secret(token)).await?)
}

/// Uses the link `token`: creates the organization and its admin once; `None` when the link
/// is unknown, used or out of date.
pub async fn confirm(
    services: &SignupServices<'_>,
    token: &str,
    ip: &str,
) -> Result<Option<SignedIn>, AppError> {
    let tenant = TenantId::new();
    let user = UserId::new();
    let mut tx = TenantTx::begin(services.db, tenant, Some(user)).await?;
    let Some(found) = pending::take_signup(tx.conn(), &hash_secret(token)).await? else {
        return Ok(None);
    };
    let checked = Checked {
        organization: found.organization,
        name: found.name,
        email: found.email,
        password_hash: found.password_hash,
    };
    let who = create_in(&mut tx, user, checked, ip).await?;
    if let Some(lang) = Lang::from_code(&found.language) {
        users::update_profile(tx.conn(), user, &who.name, Some(lang.code())).await?;
    }
    tx.commit().await?;
    Ok(Some(who))
}
