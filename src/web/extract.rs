//! Wrappers around axum's extractors whose rejections become `AppError`s, so a malformed
//! request gets the contract's error (400, 415 or 422 with a message) rather than plain text.
//! `clippy.toml` bans the stock ones elsewhere.
#![allow(clippy::disallowed_types)]

use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::i18n::Msg;

/// A URL-encoded form body.
pub struct Form<T>(pub T);

/// A JSON body (and, as a response, JSON output).
pub struct Json<T>(pub T);

/// Path parameters.
pub struct Path<T>(pub T);

/// Query-string parameters.
pub struct Query<T>(pub T);

fn malformed(detail: String) -> AppError {
    AppError::BadRequest(Msg::new("error-malformed-request").arg("detail", detail))
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(value)) => Ok(Form(value)),
            Err(FormRejection::InvalidFormContentType(_)) => Err(AppError::UnsupportedMediaType(
                Msg::new("error-expected-content-type")
                    .arg("expected", "application/x-www-form-urlencoded"),
            )),
            Err(FormRejection::FailedToDeserializeForm(e)) => Err(AppError::invalid_field(
                "form",
                Msg::new("error-malformed-request").arg("detail", e.body_text()),
            )),
            Err(e) => Err(malformed(e.body_text())),
        }
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::UnsupportedMediaType(
                Msg::new("error-expected-content-type").arg("expected", "application/json"),
            )),
            Err(JsonRejection::JsonDataError(e)) => Err(AppError::Invalid {
                code: "invalid_content",
                msg: Msg::new("error-malformed-request").arg("detail", e.body_text()),
                details: Vec::new(),
            }),
            Err(JsonRejection::BytesRejection(e)) if e.status().as_u16() == 413 => {
                Err(AppError::PayloadTooLarge)
            }
            Err(e) => Err(AppError::BadRequest(
                Msg::new("error-malformed-json").arg("detail", e.body_text()),
            )),
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            // An id that cannot even be parsed names nothing that exists.
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(AppError::NotFound),
            Err(e) => Err(AppError::Internal(anyhow::anyhow!(e.body_text()))),
        }
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => Err(malformed(e.body_text())),
            Err(e) => Err(malformed(e.body_text())),
        }
    }
}
