//! Who is asking and what they may do: passwords, secrets, roles and permissions, and the
//! `CurrentUser` extractor that reads a session cookie or a bearer token.

pub mod account;
pub mod membership;
pub mod password;
pub mod roles;
pub mod secret;
pub mod signup;
pub mod throttle;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, OptionalFromRequestParts};
use axum::http::header::{AUTHORIZATION, HeaderValue, SET_COOKIE};
use axum::http::request::Parts;
use axum::response::Response;

pub use roles::{Permission, Role};

use crate::app::AppState;
use crate::config::Config;
use crate::db::audit::Actor;
use crate::db::sessions::{self, Principal};
use crate::db::{TenantTx, tokens};
use crate::domain::ids::{TenantId, TokenId, UserId};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::web::cookie;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "sp_session";

/// How the request proved who it is.
#[derive(Clone, Debug)]
pub enum Credential {
    /// A browser session; the hash of its cookie.
    Session(Vec<u8>),
    /// An API token.
    Token(TokenId),
    /// The command line acting as a member (`shopplan demo`): nothing to sign out of.
    Command,
}

/// The member making the request: a user acting in one organization with one role.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user_id: UserId,
    pub tenant_id: TenantId,
    pub role: Role,
    pub name: String,
    pub email: String,
    /// The language chosen in the profile, if any.
    pub language: Option<Lang>,
    pub tenant_name: String,
    /// The organization's clock, on which pages show every time.
    pub time_zone: chrono_tz::Tz,
    pub credential: Credential,
    /// The client's address, for the audit log.
    pub ip: String,
}

impl CurrentUser {
    /// Fails with 403 unless the member's role allows `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.role.can(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.role.can(permission)
    }

    /// The member as the audit log names them.
    pub fn actor(&self) -> Actor {
        Actor {
            id: Some(self.user_id),
            name: self.name.clone(),
            ip: Some(self.ip.clone()),
        }
    }

    /// A transaction in the member's organization, as the member.
    pub async fn begin(&self, state: &AppState) -> Result<TenantTx, AppError> {
        Ok(TenantTx::begin(&state.db, self.tenant_id, Some(self.user_id)).await?)
    }

    /// A transaction for the dashboards' reads (see [`TenantTx::begin_read`]).
    pub async fn begin_read(&self, state: &AppState) -> Result<TenantTx, AppError> {
        Ok(TenantTx::begin_read(&state.db, self.tenant_id, Some(self.user_id)).await?)
    }

    /// The session's cookie hash, when the request came with a session.
    pub fn session_hash(&self) -> Option<&[u8]> {
        match &self.credential {
            Credential::Session(hash) => Some(hash),
            Credential::Token(_) | Credential::Command => None,
        }
    }

    fn from_principal(p: Principal, credential: Credential, ip: String) -> Option<Self> {
        Some(Self {
            user_id: p.user_id,
            tenant_id: p.tenant_id,
            role: Role::parse(&p.role)?,
            name: p.name,
            email: p.email,
            language: p.language.as_deref().and_then(Lang::from_code),
            tenant_name: p.tenant_name,
            // A zone PostgreSQL knows and this build's database does not is shown as
            // China's, the product's home; both track the IANA database.
            time_zone: p.time_zone.parse().unwrap_or(chrono_tz::Asia::Shanghai),
            credential,
            ip,
        })
    }
}

/// The client's address: the socket peer, or, behind `trusted_proxies` proxies that each
/// append the address they were reached from to `X-Forwarded-For`, the entry that many from
/// the right (entries further left are the client's own words and are never believed).
pub fn client_ip(parts: &Parts, config: &Config) -> String {
    let peer = || {
        parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".to_string())
    };
    if config.trusted_proxies == 0 {
        return peer();
    }
    forwarded_client(&parts.headers, config.trusted_proxies).unwrap_or_else(peer)
}

/// The address `proxies` entries from the right of every `X-Forwarded-For` header (in order),
/// when it is an IP address.
fn forwarded_client(headers: &axum::http::HeaderMap, proxies: usize) -> Option<String> {
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let at = entries.len().checked_sub(proxies)?;
    let ip: std::net::IpAddr = entries[at].parse().ok()?;
    Some(ip.to_string())
}

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

async fn authenticate(parts: &Parts, state: &AppState) -> Result<Option<CurrentUser>, AppError> {
    let ip = client_ip(parts, &state.config);
    if let Some(token) = bearer(parts) {
        let hash = secret::hash_secret(token);
        let Some((id, principal)) = tokens::find_token(&state.db, &hash).await? else {
            return Ok(None);
        };
        if principal.touch_due {
            tokens::touch_token(&state.db, &hash).await?;
        }
        return Ok(CurrentUser::from_principal(
            principal,
            Credential::Token(id),
            ip,
        ));
    }
    let Some(value) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = secret::hash_secret(value);
    let Some(principal) = sessions::find_session(&state.db, &hash).await? else {
        return Ok(None);
    };
    if principal.touch_due {
        sessions::touch_session(&state.db, &hash).await?;
    }
    Ok(CurrentUser::from_principal(
        principal,
        Credential::Session(hash),
        ip,
    ))
}

/// Looks the member up once per request; later extractions reuse the result.
async fn current(parts: &mut Parts, state: &AppState) -> Result<Option<CurrentUser>, AppError> {
    if let Some(found) = parts.extensions.get::<Option<CurrentUser>>() {
        return Ok(found.clone());
    }
    let found = authenticate(parts, state).await?;
    if let Some(user) = &found {
        let span = tracing::Span::current();
        span.record("tenant", tracing::field::display(user.tenant_id));
        span.record("user", tracing::field::display(user.user_id));
    }
    parts.extensions.insert(found.clone());
    Ok(found)
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        current(parts, state)
            .await?
            .ok_or(AppError::Unauthenticated)
    }
}

impl OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, AppError> {
        current(parts, state).await
    }
}

/// Adds the session cookie for a new session to a response.
pub fn set_session_cookie(response: &mut Response, value: &str, config: &Config) {
    let secure = if config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        sessions::ABSOLUTE.as_secs()
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(SET_COOKIE, value);
    }
}

/// Adds a header that removes the session cookie.
pub fn clear_session_cookie(response: &mut Response, config: &Config) {
    let secure = if config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};

    use super::forwarded_client;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn the_client_is_the_entry_the_proxies_appended_not_what_the_client_wrote() {
        // The client wrote 6.6.6.6; the one proxy appended the address it saw.
        let forged = headers(&["6.6.6.6, 203.0.113.7"]);
        assert_eq!(forwarded_client(&forged, 1).as_deref(), Some("203.0.113.7"));
        // Two proxies: the outer one's entry is the client.
        let two = headers(&["6.6.6.6", "203.0.113.7, 10.0.0.2"]);
        assert_eq!(forwarded_client(&two, 2).as_deref(), Some("203.0.113.7"));
        assert_eq!(forwarded_client(&two, 1).as_deref(), Some("10.0.0.2"));
    }

    #[test]
    fn too_few_entries_or_no_address_fall_back_to_the_peer() {
        assert_eq!(forwarded_client(&headers(&[]), 1), None);
        assert_eq!(forwarded_client(&headers(&["203.0.113.7"]), 2), None);
        assert_eq!(forwarded_client(&headers(&["203.0.113.7:443"]), 1), None);
        assert_eq!(forwarded_client(&headers(&["not-an-address"]), 1), None);
    }
}
