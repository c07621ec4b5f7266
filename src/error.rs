//! The one error type of the application, its HTTP statuses and contract codes, and the
//! mapping from named PostgreSQL constraints to messages a person can act on.
//!
//! Handlers return `Result<T>` and use `?`. An `AppError` becomes a response carrying an
//! [`ErrorInfo`] extension; the `web::errors` middleware turns that into the JSON error of the
//! contract under `/api` and into an HTML error page elsewhere, in the caller's language.

use std::sync::Arc;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::i18n::{Lang, Msg};

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// One problem within a request: a form field, a JSON path, or a file's line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorDetail {
    pub field: Option<String>,
    pub line: Option<u64>,
    pub column: Option<String>,
    pub msg: Msg,
}

impl ErrorDetail {
    /// A problem with a named field (`targets[3].aov`, `email`).
    pub fn field(field: impl Into<String>, msg: Msg) -> Self {
        Self {
            field: Some(field.into()),
            line: None,
            column: None,
            msg,
        }
    }

    /// A problem at a line (and optionally a column) of an uploaded file.
    pub fn line(line: u64, column: Option<String>, msg: Msg) -> Self {
        Self {
            field: None,
            line: Some(line),
            column,
            msg,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("not authenticated")]
    Unauthenticated,
    /// A sign-in with a wrong e-mail or password (the same answer for both).
    #[error("bad credentials")]
    BadCredentials,
    #[error("forbidden")]
    Forbidden,
    #[error("bad request: {0:?}")]
    BadRequest(Msg),
    #[error("conflict {code}")]
    Conflict { code: &'static str, msg: Msg },
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType(Msg),
    #[error("invalid content {code}")]
    Invalid {
        code: &'static str,
        msg: Msg,
        details: Vec<ErrorDetail>,
    },
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Every place for this kind of work (reading files, hashing passwords) is taken and the
    /// short queue for them is full or its wait ran out: 503 with Retry-After.
    #[error("busy")]
    Busy { retry_after_secs: u64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// A 422 with field details, the usual answer to invalid input.
    pub fn invalid(details: Vec<ErrorDetail>) -> Self {
        AppError::Invalid {
            code: "validation_failed",
            msg: Msg::new("error-validation"),
            details,
        }
    }

    /// A 422 about one field.
    pub fn invalid_field(field: impl Into<String>, msg: Msg) -> Self {
        Self::invalid(vec![ErrorDetail::field(field, msg)])
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthenticated | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) | AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn info(&self) -> ErrorInfo {
        let (code, msg, details) = match self {
            AppError::BadRequest(msg) => ("bad_request", msg.clone(), Vec::new()),
            AppError::Conflict { code, msg } => (*code, msg.clone(), Vec::new()),
            AppError::UnsupportedMediaType(msg) => {
                ("unsupported_media_type", msg.clone(), Vec::new())
            }
            AppError::Invalid { code, msg, details } => (*code, msg.clone(), details.clone()),
            AppError::BadCredentials => {
                ("invalid_credentials", Msg::new("login-failed"), Vec::new())
            }
            AppError::Busy { retry_after_secs } => (
                "busy",
                Msg::new("error-busy").arg("seconds", retry_after_secs),
                Vec::new(),
            ),
            _ => {
                let (code, msg) = ErrorInfo::generic(self.status());
                (code, msg, Vec::new())
            }
        };
        ErrorInfo {
            status: self.status(),
            code,
            msg,
            details,
            internal: match self {
                AppError::Internal(e) => Some(format!("{e:#}")),
                AppError::Unavailable(e) => Some(e.clone()),
                _ => None,
            },
        }
    }
}

/// What a response needs to be rendered as an error in either format. Attached to the
/// response's extensions by `AppError::into_response`.
#[derive(Clone, Debug)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub code: &'static str,
    pub msg: Msg,
    pub details: Vec<ErrorDetail>,
    /// The underlying cause of a 5xx, for the log only; never shown.
    pub internal: Option<String>,
}

impl ErrorInfo {
    /// The code and message used for a status when nothing more specific is known
    /// (also for errors raised by middleware, such as a timeout or the body limit).
    pub fn generic(status: StatusCode) -> (&'static str, Msg) {
        match status {
            StatusCode::NOT_FOUND => ("not_found", Msg::new("error-not-found-body")),
            StatusCode::UNAUTHORIZED => ("unauthenticated", Msg::new("error-unauthenticated")),
            StatusCode::FORBIDDEN => ("forbidden", Msg::new("error-forbidden")),
            StatusCode::METHOD_NOT_ALLOWED => {
                ("method_not_allowed", Msg::new("error-method-not-allowed"))
            }
            StatusCode::REQUEST_TIMEOUT => ("timeout", Msg::new("error-timeout")),
            StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", Msg::new("error-too-large")),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => (
                "unsupported_media_type",
                Msg::new("error-unsupported-media-type"),
            ),
            StatusCode::TOO_MANY_REQUESTS => ("too_many_requests", Msg::new("error-throttled")),
            StatusCode::SERVICE_UNAVAILABLE => {
                ("database_unavailable", Msg::new("error-unavailable-body"))
            }
            s if s.is_server_error() => ("internal_error", Msg::new("error-internal-body")),
            _ => ("bad_request", Msg::new("error-bad-request")),
        }
    }

    /// The contract's JSON error body.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        #[derive(Serialize)]
        struct Detail<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            field: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            line: Option<u64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            column: Option<&'a str>,
            message: String,
        }
        let mut error = serde_json::json!({
            "code": self.code,
            "message": self.msg.render(lang),
        });
        if !self.details.is_empty() {
            let details: Vec<Detail> = self
                .details
                .iter()
                .map(|d| Detail {
                    field: d.field.as_deref(),
                    line: d.line,
                    column: d.column.as_deref(),
                    message: d.msg.render(lang),
                })
                .collect();
            error["details"] = serde_json::to_value(details).unwrap_or_default();
        }
        serde_json::json!({ "error": error })
    }
}

impl From<crate::slots::Full> for AppError {
    fn from(full: crate::slots::Full) -> Self {
        AppError::Busy {
            retry_after_secs: full.retry_after_secs,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let info = self.info();
        let mut response = info.status.into_response();
        if let AppError::TooManyRequests { retry_after_secs }
        | AppError::Busy { retry_after_secs } = self
        {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_after_secs.max(1)),
            );
        }
        response.extensions_mut().insert(Arc::new(info));
        response
    }
}

/// A named constraint and the friendly error its violation means.
struct ConstraintError {
    name: &'static str,
    field: &'static str,
    key: &'static str,
    /// The 409 code when the violation is a conflict with existing data rather than a
    /// field to correct (422).
    conflict: Option<&'static str>,
}

/// Named constraints whose violation is the user's to fix, not a bug. Later features add
/// their unique and check constraints here instead of matching on errors in handlers.
const CONSTRAINTS: &[ConstraintError] = &[
    ConstraintError {
        name: "app_user_email_key",
        field: "email",
        key: "signup-email-taken",
        conflict: None,
    },
    ConstraintError {
        name: "shop_name_key",
        field: "name",
        key: "shop-name-taken",
        conflict: None,
    },
    ConstraintError {
        name: "plan_revision_key",
        field: "reason",
        key: "plan-revision-open",
        conflict: Some("revision_open"),
    },
    ConstraintError {
        name: "plan_one_open_revision",
        field: "reason",
        key: "plan-revision-open",
        conflict: Some("revision_open"),
    },
    ConstraintError {
        name: "membership_pkey",
        field: "email",
        key: "member-already",
        conflict: Some("already_member"),
    },
];

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => AppError::NotFound,
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_) => AppError::Unavailable(e.to_string()),
            sqlx::Error::Database(db) => {
                let known = db
                    .constraint()
                    .and_then(|name| CONSTRAINTS.iter().find(|c| c.name == name));
                match known {
                    Some(ConstraintError {
                        conflict: Some(code),
                        key,
                        ..
                    }) => AppError::Conflict {
                        code,
                        msg: Msg::new(key),
                    },
                    Some(c) => AppError::invalid_field(c.field, Msg::new(c.key)),
                    // 57P01 admin_shutdown, 57P03 cannot_connect_now: the server is going away.
                    None if matches!(db.code().as_deref(), Some("57P01" | "57P02" | "57P03")) => {
                        AppError::Unavailable(e.to_string())
                    }
                    None => AppError::Internal(e.into()),
                }
            }
            _ => AppError::Internal(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_the_contract_status_and_code() {
        let cases = [
            (AppError::NotFound, 404, "not_found"),
            (AppError::Unauthenticated, 401, "unauthenticated"),
            (AppError::Forbidden, 403, "forbidden"),
            (AppError::PayloadTooLarge, 413, "payload_too_large"),
            (
                AppError::TooManyRequests {
                    retry_after_secs: 3,
                },
                429,
                "too_many_requests",
            ),
            (
                AppError::Unavailable("down".into()),
                503,
                "database_unavailable",
            ),
        ];
        for (error, status, code) in cases {
            let info = error.info();
            assert_eq!(info.status.as_u16(), status);
            assert_eq!(info.code, code);
        }
    }

    #[test]
    fn json_body_lists_details_only_where_they_apply() {
        let info = AppError::invalid(vec![ErrorDetail::line(
            12,
            Some("访客数".into()),
            Msg::new("error-validation"),
        )])
        .info();
        let body = info.to_json(Lang::En);
        assert_eq!(body["error"]["code"], "validation_failed");
        assert_eq!(body["error"]["details"][0]["line"], 12);
        assert_eq!(body["error"]["details"][0]["column"], "访客数");
        assert!(body["error"]["details"][0].get("field").is_none());

        let body = AppError::NotFound.info().to_json(Lang::En);
        assert!(body["error"].get("details").is_none());
        assert!(body["error"]["message"].as_str().unwrap().len() > 10);
    }

    #[test]
    fn pool_timeouts_mean_the_database_is_unavailable() {
        let e: AppError = sqlx::Error::PoolTimedOut.into();
        assert_eq!(e.status(), StatusCode::SERVICE_UNAVAILABLE);
        let e: AppError = sqlx::Error::RowNotFound.into();
        assert_eq!(e.status(), StatusCode::NOT_FOUND);
    }
}
