//! The body of a file upload through the API, read whole up to the upload limit, with its
//! content type: a file (CSV, XLSX, XLS, told apart by its bytes) or a JSON array of rows.
#![allow(clippy::disallowed_types)]

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;

use crate::actuals::ImportBody;
use crate::error::AppError;
use crate::i18n::Msg;

/// Content types taken as a file: detection reads the bytes, so any of these will do.
const FILE_TYPES: &[&str] = &[
    "text/csv",
    "text/plain",
    "text/tab-separated-values",
    "application/csv",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
];

/// An upload's bytes and content type (without parameters, lower case).
pub struct Upload {
    pub content_type: String,
    pub bytes: Bytes,
}

impl Upload {
    /// The body for an import: a file or JSON rows; 415 for any other content type.
    pub fn body(self, file_name: Option<String>) -> Result<ImportBody, AppError> {
        let is_json = self.content_type == "application/json";
        if !(is_json || FILE_TYPES.contains(&self.content_type.as_str())) {
            let expected = "text/csv, application/json or an Excel workbook";
            return Err(AppError::UnsupportedMediaType(
                Msg::new("error-expected-content-type").arg("expected", expected),
            ));
        }
        Ok(ImportBody {
            bytes: self.bytes,
            json: is_json,
            file_name: file_name.filter(|n| !n.trim().is_empty()),
        })
    }
}

impl<S: Send + Sync> FromRequest<S> for Upload {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .unwrap_or_default();
        // The upload routes raise the extractor's body limit to the configured one.
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status().as_u16() == 413 {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest(
                    Msg::new("error-malformed-request").arg("detail", e.body_text()),
                )
            }
        })?;
        Ok(Self {
            content_type,
            bytes,
        })
    }
}
