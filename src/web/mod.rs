//! The HTML side: one router per area, and the layout context every page is built with.

pub mod account;
pub mod actuals;
pub mod assets;
pub mod audit;
pub mod dashboards;
pub mod errors;
pub mod extract;
pub mod finance;
pub mod forms;
#[cfg(feature = "bench")]
pub mod fortunes;
pub mod health;
pub mod home;
pub mod language;
pub mod manager;
pub mod manager_timeline;
pub mod members;
pub mod page_cache;
pub mod plan_compare;
pub mod plan_editor;
pub mod plan_forms;
pub mod plan_view;
pub mod plans;
pub mod sessions;
pub mod settings;
pub mod shops;
pub mod signup;
pub mod upload;
pub mod uploads;

use askama::Template;
use axum::Router;
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use tower::limit::GlobalConcurrencyLimitLayer;

use crate::app::AppState;
use crate::auth::{CurrentUser, Permission, Role};
use crate::error::AppError;
use crate::i18n::{LANG_COOKIE, Lang};

/// All HTML routes (the JSON API lives in `api`).
pub fn router() -> Router<AppState> {
    // The organization-wide views (overview, manager, finance, and their downloads) compute
    // every shop's figures at once: for a 400-shop agency tens of megabytes and most of a
    // second of CPU each. No more of them run at once than there are cores; the others wait
    // their turn (within the request timeout) instead of multiplying the memory in use
    // without finishing any sooner.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let reports = GlobalConcurrencyLimitLayer::new(cores);
    let organization_views = Router::new()
        .merge(home::router())
        .merge(manager::router())
        .merge(finance::router())
        .route_layer(reports);
    let routes = Router::new()
        .merge(organization_views)
        .merge(language::router())
        .merge(assets::router())
        .merge(sessions::router())
        .merge(signup::router())
        .merge(account::router())
        .merge(members::router())
        .merge(audit::router())
        .merge(shops::router())
        .merge(plans::router())
        .merge(plan_editor::router())
        .merge(dashboards::router())
        .merge(actuals::router())
        .merge(uploads::router())
        .merge(settings::router());
    #[cfg(feature = "bench")]
    let routes = routes.merge(fortunes::router());
    routes
}

/// The HTML routes that take file uploads (served with the upload limit and timeout).
pub fn upload_router() -> Router<AppState> {
    uploads::upload_router()
}

/// What the layout of every page needs: the language, where the visitor is (for the language
/// switch to return to), the signed-in member if any, and a one-time notice.
#[derive(Clone, Debug)]
pub struct PageContext {
    pub lang: Lang,
    /// Path and query of the current page.
    pub path: String,
    pub user: Option<NavUser>,
    /// A confirmation shown once after a redirect (`?notice=…`), already translated.
    pub notice: Option<String>,
    /// The organization's clock (China's for a visitor who is not signed in).
    pub time_zone: chrono_tz::Tz,
}

/// The signed-in member as the header shows them.
#[derive(Clone, Debug)]
pub struct NavUser {
    pub name: String,
    pub tenant_name: String,
    pub role: Role,
}

/// Notices a redirect may ask for; anything else in `?notice=` is ignored.
const NOTICES: &[&str] = &[
    "signed-out",
    "signed-out-everywhere",
    "password-changed",
    "profile-saved",
    "member-invited",
    "member-updated",
    "member-removed",
    "invitation-revoked",
    "token-revoked",
    "switched",
    "joined",
    "shop-saved",
    "shop-archived",
    "shop-restored",
    "settings-saved",
    "plan-created",
    "plan-saved",
    "plan-submitted",
    "plan-approved",
    "plan-returned",
    "plan-archived",
    "plan-revised",
    "gate-reviewed",
    "milestone-saved",
    "note-added",
    "import-done",
    "import-undone",
    "upload-cancelled",
    "day-saved",
    "spend-recorded",
];

impl PageContext {
    /// Builds the context from request headers alone (also used for error pages).
    pub fn from_headers(headers: &HeaderMap, path: &str) -> Self {
        Self {
            lang: request_lang(headers).unwrap_or_default(),
            path: path.to_string(),
            user: None,
            notice: None,
            time_zone: chrono_tz::Asia::Shanghai,
        }
    }

    /// Builds the context for a request, with the member when one is signed in.
    pub fn new(parts: &Parts, user: Option<&CurrentUser>) -> Self {
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let mut ctx = Self::from_headers(&parts.headers, path);
        if let Some(user) = user {
            if let Some(lang) = user.language {
                ctx.lang = lang;
            }
            ctx.time_zone = user.time_zone;
            ctx.user = Some(NavUser {
                name: user.name.clone(),
                tenant_name: user.tenant_name.clone(),
                role: user.role,
            });
        }
        ctx.notice = parts
            .uri
            .query()
            .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("notice=")))
            .and_then(|key| NOTICES.iter().find(|n| **n == key))
            .map(|key| ctx.lang.t(&format!("notice-{key}")));
        ctx
    }

    /// The member's role may do `permission` (for showing or hiding controls; the server
    /// checks again on every request).
    fn may(&self, permission: Permission) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.can(permission))
    }

    pub fn can_manage_members(&self) -> bool {
        self.may(Permission::ManageMembers)
    }

    pub fn can_manage_organization(&self) -> bool {
        self.may(Permission::ManageOrganization)
    }

    pub fn can_view_audit(&self) -> bool {
        self.may(Permission::ViewAudit)
    }

    /// The translated name of the member's role.
    pub fn role_label(&self) -> &'static str {
        self.user
            .as_ref()
            .map_or("", |u| self.t(u.role.label_key()))
    }

    /// Whether the current page is `prefix` or below it (for the navigation).
    pub fn at(&self, prefix: &str) -> bool {
        let path = self.path.split('?').next().unwrap_or("");
        if prefix == "/" {
            path == "/"
        } else {
            path == prefix || path.starts_with(&format!("{prefix}/"))
        }
    }

    /// A moment as pages show it, on the organization's clock: `2026-12-07 16:05`.
    pub fn time(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        at.with_timezone(&self.time_zone)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// The organization's date of a moment: `2026-12-07`.
    pub fn date(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        at.with_timezone(&self.time_zone)
            .format("%Y-%m-%d")
            .to_string()
    }

    /// Translates a key into the page's language.
    pub fn t(&self, key: &str) -> &'static str {
        self.lang.text(key)
    }

    /// The cache-busted URL of a file in `static/`.
    pub fn asset(&self, name: &str) -> String {
        assets::url(name)
    }

    /// The languages offered by the switch, each with whether it is the current one.
    pub fn languages(&self) -> Vec<(Lang, bool)> {
        Lang::ALL.iter().map(|&l| (l, l == self.lang)).collect()
    }
}

impl FromRequestParts<AppState> for PageContext {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let user =
            <CurrentUser as OptionalFromRequestParts<AppState>>::from_request_parts(parts, state)
                .await?;
        Ok(Self::new(parts, user.as_ref()))
    }
}

/// Renders a page with a status (a form shown again with its messages answers 422).
pub fn html(status: StatusCode, page: impl Template) -> Result<Response, AppError> {
    let body = page.render().map_err(|e| AppError::Internal(e.into()))?;
    Ok((status, Html(body)).into_response())
}

/// Facts about the request that are not input: the client's address.
pub struct RequestInfo {
    pub ip: String,
}

impl FromRequestParts<AppState> for RequestInfo {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self {
            ip: crate::auth::client_ip(parts, &state.config),
        })
    }
}

/// The language of API messages: `Accept-Language`, English by default.
pub struct ApiLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ApiLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let lang = parts
            .headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::negotiate)
            .unwrap_or(Lang::En);
        Ok(ApiLang(lang))
    }
}

/// The language chosen with the switch (a cookie), else the best of `Accept-Language`.
pub fn request_lang(headers: &HeaderMap) -> Option<Lang> {
    cookie(headers, LANG_COOKIE)
        .and_then(Lang::from_code)
        .or_else(|| {
            headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::negotiate)
        })
}

/// The value of one cookie of the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Whether `target` is a path on this site that a redirect may send the browser to: it
/// starts with one `/`, is plain ASCII without spaces, control characters or backslashes
/// (browsers drop tabs and line breaks and read a backslash as `/`, which would turn `/`, a
/// tab, `/evil` into `//evil`), and parses as a path and query.
pub fn is_local_path(target: &str) -> bool {
    target.starts_with('/')
        && !target.starts_with("//")
        && target.len() <= 2048
        && target.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
        && target.parse::<axum::http::uri::PathAndQuery>().is_ok()
}

/// `path` with `notice=<key>` added to its query, before any fragment: the page a form
/// returns to, with the confirmation it shows once.
pub fn with_notice(path: &str, key: &str) -> String {
    let (base, fragment) = match path.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (path, None),
    };
    let separator = if base.contains('?') { '&' } else { '?' };
    match fragment {
        Some(fragment) => format!("{base}{separator}notice={key}#{fragment}"),
        None => format!("{base}{separator}notice={key}"),
    }
}

/// Percent-encodes a query value or an RFC 5987 file name: unreserved characters and `/`
/// stay as they are, every other byte of the UTF-8 becomes `%XX`.
pub fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_chosen_language_beats_the_browser_header() {
        let mut headers = HeaderMap::new();
        headers.insert("accept-language", HeaderValue::from_static("en-US,en"));
        assert_eq!(request_lang(&headers), Some(Lang::En));
        headers.insert("cookie", HeaderValue::from_static("a=1; lang=zh-CN"));
        assert_eq!(request_lang(&headers), Some(Lang::ZhCn));
    }

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert!(is_local_path("/plans/1?x=2"));
        assert_eq!(
            with_notice("/manager#gates", "gate-reviewed"),
            "/manager?notice=gate-reviewed#gates"
        );
        assert_eq!(
            with_notice("/manager?shop=1", "n"),
            "/manager?shop=1&notice=n"
        );
        assert!(!is_local_path("//evil.example"));
        assert!(!is_local_path("https://evil.example"));
        assert!(!is_local_path("/\\evil.example"));
    }
}
