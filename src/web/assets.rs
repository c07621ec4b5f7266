//! Static files from `static/`, embedded in the binary and served under names that carry a
//! hash of their content, so they can be cached for a year and change name when they change.

use std::sync::LazyLock;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::error::AppError;
use crate::web::extract::Path;

struct Asset {
    name: &'static str,
    bytes: &'static [u8],
    content_type: &'static str,
}

const FILES: &[Asset] = &[
    Asset {
        name: "app.css",
        bytes: include_bytes!("../../static/app.css"),
        content_type: "text/css; charset=utf-8",
    },
    Asset {
        name: "print.css",
        bytes: include_bytes!("../../static/print.css"),
        content_type: "text/css; charset=utf-8",
    },
    Asset {
        name: "app.js",
        bytes: include_bytes!("../../static/app.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    Asset {
        name: "favicon.svg",
        bytes: include_bytes!("../../static/favicon.svg"),
        content_type: "image/svg+xml",
    },
];

/// Each file's served name, such as `app.3f2a9c1b0d4e.css`.
static HASHED: LazyLock<Vec<String>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|f| {
            let digest = Sha256::digest(f.bytes);
            let hash: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
            match f.name.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
                None => format!("{}.{hash}", f.name),
            }
        })
        .collect()
});

/// The URL to use in pages for a file of `static/`.
pub fn url(name: &str) -> String {
    match FILES.iter().position(|f| f.name == name) {
        Some(i) => format!("/static/{}", HASHED[i]),
        None => format!("/static/{name}"),
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/static/{file}", axum::routing::get(serve))
}

async fn serve(Path(file): Path<String>) -> Result<Response, AppError> {
    if let Some(i) = HASHED.iter().position(|h| *h == file) {
        return Ok(respond(&FILES[i], "public, max-age=31536000, immutable"));
    }
    // An unhashed or outdated name still works (during a rolling deploy, a page from the old
    // version may ask for it), but must not be cached for long.
    let plain = strip_hash(&file);
    match FILES.iter().find(|f| f.name == plain) {
        Some(asset) => Ok(respond(asset, "public, max-age=60")),
        None => Err(AppError::NotFound),
    }
}

fn respond(asset: &Asset, cache: &'static str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        asset.bytes,
    )
        .into_response()
}

/// `app.0123456789ab.css` → `app.css`; other names unchanged.
fn strip_hash(file: &str) -> String {
    let parts: Vec<&str> = file.split('.').collect();
    if parts.len() == 3 && parts[1].len() == 12 && parts[1].chars().all(|c| c.is_ascii_hexdigit()) {
        format!("{}.{}", parts[0], parts[2])
    } else {
        file.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_a_content_hash() {
        let u = url("app.css");
        assert!(u.starts_with("/static/app.") && u.ends_with(".css"), "{u}");
        assert_eq!(strip_hash(u.trim_start_matches("/static/")), "app.css");
    }
}
