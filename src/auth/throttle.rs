//! Limits on sign-in, sign-up and invitations. A sign-in attempt is counted before its
//! password is checked (so forty in parallel are forty attempts, not forty checks), against
//! three counters: the account at this address, this address, and the account from anywhere.
//! The last one only holds back addresses the account has never signed in from, so an attack
//! from elsewhere slows the attacker without locking the member out.

use std::time::Duration;

use sqlx::PgPool;

use crate::db::throttle::{self, Count};
use crate::domain::ids::TenantId;
use crate::error::AppError;

/// The window every sign-in counter runs over.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Wrong passwords for one account from one address within the window.
pub const PAIR_LIMIT: i64 = 5;
/// Failed sign-ins from one address, over every account, within the window.
pub const IP_LIMIT: i64 = 50;
/// Failed sign-ins for one account from addresses it has not signed in from.
pub const ACCOUNT_LIMIT: i64 = 20;
/// Sign-ups from one address per hour.
pub const SIGNUP_LIMIT: i64 = 10;
/// Sign-up messages mailed to one address per hour (so the form cannot flood an inbox).
pub const SIGNUP_MAIL_LIMIT: i64 = 3;
/// Invitations sent by one organization per hour.
pub const INVITE_LIMIT: i64 = 100;
const HOUR: Duration = Duration::from_secs(3600);

fn pair(email: &str, ip: &str) -> String {
    format!("{email}\u{1f}{ip}")
}

fn refuse(count: Count) -> AppError {
    AppError::TooManyRequests {
        retry_after_secs: count.retry_after_secs,
    }
}

/// Counts a sign-in attempt and refuses it (429) when a limit is passed; call before the
/// password is checked, and [`signed_in`] once it was right.
pub async fn sign_in_attempt(db: &PgPool, email: &str, ip: &str) -> Result<(), AppError> {
    let pair = pair(email, ip);
    let keys = [("pair", pair.as_str()), ("ip", ip), ("account", email)];
    let counts = throttle::count(db, &keys, WINDOW).await?;
    let (by_pair, by_ip, by_account) = (counts[0], counts[1], counts[2]);
    if by_pair.count > PAIR_LIMIT {
        return Err(refuse(by_pair));
    }
    if by_ip.count > IP_LIMIT || by_account.count > ACCOUNT_LIMIT {
        // A member at an address they have signed in from before is held back only by the
        // limit of that address and account together.
        if !throttle::is_known(db, email, ip).await? {
            let over = if by_ip.count > IP_LIMIT {
                by_ip
            } else {
                by_account
            };
            return Err(refuse(over));
        }
    }
    Ok(())
}

/// The attempt was right: it is taken back out of the counters, the pair's failures are
/// forgotten, and the address is remembered for the account.
pub async fn signed_in(db: &PgPool, email: &str, ip: &str) -> Result<(), AppError> {
    throttle::signed_in(db, &pair(email, ip), email, ip).await?;
    Ok(())
}

/// Counts a sign-up from `ip`; 429 past the hourly limit.
pub async fn sign_up_attempt(db: &PgPool, ip: &str) -> Result<(), AppError> {
    let count = throttle::count(db, &[("signup", ip)], HOUR).await?[0];
    if count.count > SIGNUP_LIMIT {
        return Err(refuse(count));
    }
    Ok(())
}

/// Counts a sign-up message to `email`; whether it may still be sent this hour.
pub async fn sign_up_mail(db: &PgPool, email: &str) -> Result<bool, AppError> {
    let count = throttle::count(db, &[("signup-mail", email)], HOUR).await?[0];
    Ok(count.count <= SIGNUP_MAIL_LIMIT)
}

/// Counts an invitation by `tenant`; 429 past the hourly limit.
pub async fn invitation(db: &PgPool, tenant: TenantId) -> Result<(), AppError> {
    let key = tenant.to_string();
    let count = throttle::count(db, &[("invite", key.as_str())], HOUR).await?[0];
    if count.count > INVITE_LIMIT {
        return Err(refuse(count));
    }
    Ok(())
}
