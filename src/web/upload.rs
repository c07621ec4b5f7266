//! The body of a file upload through the API, read whole up to the upload limit, with its
//! content type: a file (CSV, XLSX, XLS, told apart by its bytes) or a JSON array of rows.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use futures_util::StreamExt;

use crate::actuals::{BulkBody, ImportBody};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::ids::TenantId;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::slots::Slot;

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

/// An upload's bytes and content type (without parameters, lower case), and the place it
/// holds among the files being read (taken before the body is read).
pub struct Upload {
    pub content_type: String,
    pub bytes: Bytes,
    pub slot: Slot,
}

impl Upload {
    /// The body for an import: a file or JSON rows; 415 for any other content type.
    pub fn body(self, file_name: Option<String>) -> Result<ImportBody, AppError> {
        let is_json = self.content_type == "application/json";
        if !(is_json || FILE_TYPES.contains(&self.content_type.as_str())) {
            return Err(unsupported());
        }
        Ok(ImportBody {
            bytes: self.bytes,
            json: is_json,
            file_name: file_name.filter(|n| !n.trim().is_empty()),
            slot: self.slot,
        })
    }
}

/// An organization-wide upload, left to arrive while it is read: only JSON rows, which are
/// converted to CSV first, are read whole.
pub struct StreamedUpload {
    content_type: String,
    declared: Option<usize>,
    body: Body,
    slot: Slot,
}

impl StreamedUpload {
    /// The body for an organization-wide import; 413 when its declared length is over
    /// `limit`, 415 for a content type that is neither a file nor JSON.
    pub async fn body(self, file_name: Option<String>, limit: usize) -> Result<BulkBody, AppError> {
        let file_name = file_name.filter(|n| !n.trim().is_empty());
        if self.declared.is_some_and(|n| n > limit) {
            return Err(AppError::PayloadTooLarge);
        }
        if self.content_type == "application/json" {
            let upload = Upload {
                content_type: self.content_type,
                bytes: collect(self.body, self.declared, limit).await?,
                slot: self.slot,
            };
            return Ok(BulkBody::Whole(upload.body(file_name)?));
        }
        if !FILE_TYPES.contains(&self.content_type.as_str()) {
            return Err(unsupported());
        }
        Ok(BulkBody::Streamed {
            body: self.body,
            limit,
            file_name,
            slot: self.slot,
        })
    }
}

impl FromRequest<AppState> for StreamedUpload {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let (content_type, declared) = describe(&req);
        let slot = upload_slot(tenant_of(&req), state).await?;
        Ok(Self {
            content_type,
            declared,
            body: req.into_body(),
            slot,
        })
    }
}

/// A place among the files being read, for the organization of the member the request's
/// earlier extractors identified (an upload with no member is refused before its body is
/// read, so it never gets here with one).
async fn upload_slot(tenant: Option<TenantId>, state: &AppState) -> Result<Slot, AppError> {
    Ok(state.imports.acquire(tenant.as_ref()).await?)
}

/// The organization of the member the request's earlier extractors identified.
fn tenant_of(req: &Request) -> Option<TenantId> {
    req.extensions()
        .get::<Option<CurrentUser>>()
        .and_then(|user| user.as_ref().map(|u| u.tenant_id))
}

/// The content type (lower case, without parameters) and declared length of a request.
fn describe(req: &Request) -> (String, Option<usize>) {
    let header = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
    let content_type = header(CONTENT_TYPE)
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let declared = header(CONTENT_LENGTH).and_then(|v| v.parse::<usize>().ok());
    (content_type, declared)
}

fn unsupported() -> AppError {
    let expected = "text/csv, application/json or an Excel workbook";
    AppError::UnsupportedMediaType(
        Msg::new("error-expected-content-type").arg("expected", expected),
    )
}

impl FromRequest<AppState> for Upload {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let (content_type, declared) = describe(&req);
        let limit = state.config.max_upload_bytes;
        let slot = upload_slot(tenant_of(&req), state).await?;
        let bytes = collect(req.into_body(), declared, limit).await?;
        Ok(Self {
            content_type,
            bytes,
            slot,
        })
    }
}

/// Reads a body of at most `limit` bytes into one buffer sized by its declared length, so a
/// large upload is held once (collecting chunks and joining them would hold it twice).
async fn collect(body: Body, declared: Option<usize>, limit: usize) -> Result<Bytes, AppError> {
    if declared.is_some_and(|n| n > limit) {
        return Err(AppError::PayloadTooLarge);
    }
    let mut buf = Vec::with_capacity(declared.unwrap_or(0));
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(body_error)?;
        if buf.len() + chunk.len() > limit {
            return Err(AppError::PayloadTooLarge);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(buf))
}

/// A body that could not be read: 413 when it grew past the limit on its way in.
pub fn body_error(e: axum::Error) -> AppError {
    if too_large(&e) {
        AppError::PayloadTooLarge
    } else {
        AppError::BadRequest(Msg::new("error-malformed-request").arg("detail", e))
    }
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
