//! Rendering of every error response: the contract's JSON under `/api`, an HTML page that
//! looks like the rest of the product elsewhere. 5xx errors are logged here, inside the
//! request's span.

use std::any::Any;
use std::net::SocketAddr;
use std::sync::Arc;

use askama::Template;
use axum::extract::{ConnectInfo, OptionalFromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, ErrorInfo};
use crate::i18n::Lang;
use crate::web::extract::Json;
use crate::web::{PageContext, request_lang};

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub ctx: PageContext,
    pub status: u16,
    pub title: String,
    pub message: String,
    pub details: Vec<String>,
    pub request_id: String,
}

/// Router fallback: nothing here.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// Turns a panic inside a handler into an ordinary 500.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let text = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    AppError::Internal(anyhow::anyhow!("panic: {text}")).into_response()
}

/// What is needed to tell who asked, kept from every page request in case it fails: the
/// address, and the cookie, language and forwarding headers (shared buffers, so keeping them
/// costs no copy on the requests that succeed).
struct Asker {
    uri: Uri,
    cookie: Option<HeaderValue>,
    accept_language: Option<HeaderValue>,
    /// Empty (no allocation) unless the request came through proxies.
    forwarded_for: Vec<HeaderValue>,
    peer: Option<ConnectInfo<SocketAddr>>,
}

const FORWARDED_FOR: header::HeaderName = header::HeaderName::from_static("x-forwarded-for");

impl Asker {
    fn of(request: &Request) -> Self {
        let headers = request.headers();
        Self {
            uri: request.uri().clone(),
            cookie: headers.get(header::COOKIE).cloned(),
            accept_language: headers.get(header::ACCEPT_LANGUAGE).cloned(),
            forwarded_for: headers.get_all(FORWARDED_FOR).iter().cloned().collect(),
            peer: request
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .copied(),
        }
    }

    /// The page context of a refused or failed page: the signed-in member's header and
    /// language where the session is good, so a 4xx page does not look like a signed-out one.
    async fn context(self, state: &AppState, look_up: bool) -> PageContext {
        let (mut parts, ()) = Request::new(()).into_parts();
        parts.uri = self.uri;
        let mut headers = HeaderMap::new();
        let single = [
            (header::COOKIE, self.cookie),
            (header::ACCEPT_LANGUAGE, self.accept_language),
        ];
        for (name, value) in single {
            if let Some(value) = value {
                headers.insert(name, value);
            }
        }
        for value in self.forwarded_for {
            headers.append(FORWARDED_FOR, value);
        }
        parts.headers = headers;
        if let Some(peer) = self.peer {
            parts.extensions.insert(peer);
        }
        let user = if look_up {
            signed_in(&mut parts, state).await
        } else {
            None
        };
        PageContext::new(&parts, user.as_ref())
    }
}

async fn signed_in(parts: &mut Parts, state: &AppState) -> Option<CurrentUser> {
    <CurrentUser as OptionalFromRequestParts<AppState>>::from_request_parts(parts, state)
        .await
        .ok()
        .flatten()
}

/// Middleware: renders error responses in the caller's format and language.
pub async fn render(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let page_path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| path.clone());
    let is_api = path.starts_with("/api/");
    let lang = if is_api {
        // Programs read the code; the message follows Accept-Language, English by default.
        request
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::negotiate)
            .unwrap_or(Lang::En)
    } else {
        request_lang(request.headers()).unwrap_or_default()
    };
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();

    let is_get = request.method() == axum::http::Method::GET;
    let asker = (!is_api).then(|| Asker::of(&request));
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    // A page that needs a signed-in member sends the visitor to sign in, and back after.
    if status == StatusCode::UNAUTHORIZED
        && !is_api
        && !response.headers().contains_key(header::CONTENT_TYPE)
    {
        let target = if is_get && crate::web::is_local_path(&page_path) {
            format!("/login?next={}", crate::web::percent_encode(&page_path))
        } else {
            "/login".to_string()
        };
        return Redirect::to(&target).into_response();
    }
    let info = match response.extensions().get::<Arc<ErrorInfo>>() {
        Some(info) => info.clone(),
        // A response that already has a body of its own (a form shown again with its
        // messages, say) is left alone; bare statuses from middleware are dressed.
        None if response.headers().contains_key(header::CONTENT_TYPE)
            && !is_plain_text(&response) =>
        {
            return response;
        }
        // The one bare 403 inside this middleware is the cross-site check's refusal (role
        // checks answer with an `AppError`).
        None if status == StatusCode::FORBIDDEN => Arc::new(ErrorInfo {
            status,
            code: "cross_site_refused",
            msg: crate::i18n::Msg::new("error-cross-site"),
            details: Vec::new(),
            internal: None,
        }),
        None => {
            let (code, msg) = ErrorInfo::generic(status);
            Arc::new(ErrorInfo {
                status,
                code,
                msg,
                details: Vec::new(),
                internal: None,
            })
        }
    };
    log(&info);

    let (parts, _) = response.into_parts();
    let mut out = match asker {
        None => (status, Json(info.to_json(lang))).into_response(),
        Some(asker) => {
            // A server error may be the database's; the page does not ask it again.
            let ctx = asker.context(&state, status.is_client_error()).await;
            error_page(ctx, &info, request_id)
        }
    };
    // Keep what the original response said beyond its body (Retry-After, Allow, …).
    for name in [header::RETRY_AFTER, header::ALLOW, header::WWW_AUTHENTICATE] {
        if let Some(value) = parts.headers.get(&name) {
            out.headers_mut().insert(name, value.clone());
        }
    }
    if status == StatusCode::SERVICE_UNAVAILABLE && !out.headers().contains_key(header::RETRY_AFTER)
    {
        out.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    }
    out.extensions_mut().insert(info);
    out
}

fn error_page(ctx: PageContext, info: &ErrorInfo, request_id: String) -> Response {
    let lang = ctx.lang;
    let status = info.status;
    // What the request's parser said (serde's English) helps a program, not a person on a
    // page: the page says what to do in the member's language.
    let unreadable = |key: &str| key.starts_with("error-malformed");
    let message = if unreadable(info.msg.key) {
        lang.t("error-malformed-page")
    } else {
        info.msg.render(lang)
    };
    let page = ErrorPage {
        ctx,
        status: status.as_u16(),
        title: lang.t(title_key(status)),
        message,
        details: info
            .details
            .iter()
            .filter(|d| !unreadable(d.msg.key))
            .map(|d| d.msg.render(lang))
            .collect(),
        request_id,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            (status, lang.t("error-internal-body")).into_response()
        }
    }
}

fn is_plain_text(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"))
}

fn log(info: &ErrorInfo) {
    let cause = info.internal.as_deref().unwrap_or("");
    if info.status == StatusCode::SERVICE_UNAVAILABLE {
        tracing::warn!(
            status = info.status.as_u16(),
            code = info.code,
            cause,
            "database unavailable"
        );
    } else if info.status.is_server_error() {
        tracing::error!(
            status = info.status.as_u16(),
            code = info.code,
            cause,
            "request failed"
        );
    }
}

fn title_key(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "error-not-found-title",
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => "error-forbidden-title",
        StatusCode::SERVICE_UNAVAILABLE => "error-unavailable-title",
        s if s.is_server_error() => "error-internal-title",
        _ => "error-request-title",
    }
}
