//! Rendering of every error response: the contract's JSON under `/api`, an HTML page that
//! looks like the rest of the product elsewhere. 5xx errors are logged here, inside the
//! request's span.

use std::any::Any;
use std::sync::Arc;

use askama::Template;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};

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

/// Middleware: renders error responses in the caller's format and language.
pub async fn render(request: Request, next: Next) -> Response {
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
    let mut out = if is_api {
        (status, Json(info.to_json(lang))).into_response()
    } else {
        let page = ErrorPage {
            ctx: PageContext {
                lang,
                path: page_path,
                user: None,
                notice: None,
            },
            status: status.as_u16(),
            title: lang.t(title_key(status)),
            message: info.msg.render(lang),
            details: info.details.iter().map(|d| d.msg.render(lang)).collect(),
            request_id,
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "error page failed to render");
                (status, lang.t("error-internal-body")).into_response()
            }
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
