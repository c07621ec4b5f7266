//! The body of a file upload through the API, read whole up to the upload limit, with its
//! content type: a file (CSV, XLSX, XLS, told apart by its bytes) or a JSON array of rows.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use futures_util::StreamExt;

use crate::actuals::ImportBody;
use crate::app::AppState;
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

impl FromRequest<AppState> for Upload {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let (content_type, declared) = {
            let header = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
            let content_type = header(CONTENT_TYPE)
                .and_then(|v| v.split(';').next())
                .map(|v| v.trim().to_ascii_lowercase())
                .unwrap_or_default();
            let declared = header(CONTENT_LENGTH).and_then(|v| v.parse::<usize>().ok());
            (content_type, declared)
        };
        let bytes = read_body(req, declared, state.config.max_upload_bytes).await?;
        Ok(Self {
            content_type,
            bytes,
        })
    }
}

/// Reads a body of at most `limit` bytes into one buffer sized by its declared length, so a
/// large upload is held once (collecting chunks and joining them would hold it twice).
async fn read_body(req: Request, declared: Option<usize>, limit: usize) -> Result<Bytes, AppError> {
    if declared.is_some_and(|n| n > limit) {
        return Err(AppError::PayloadTooLarge);
    }
    let mut buf = Vec::with_capacity(declared.unwrap_or(0));
    let mut stream = req.into_body().into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            if too_large(&e) {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest(Msg::new("error-malformed-request").arg("detail", e))
            }
        })?;
        if buf.len() + chunk.len() > limit {
            return Err(AppError::PayloadTooLarge);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(buf))
}

/// Whether a body error is the edge's size limit (a body without a declared length that
/// grew past it); the limit's error type is private to its crate, its message is not.
fn too_large(error: &axum::Error) -> bool {
    let mut cause: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = cause {
        if e.to_string().contains("length limit exceeded") {
            return true;
        }
        cause = e.source();
    }
    false
}
