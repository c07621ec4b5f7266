//! The HTML side: one router per area, and the layout context every page is built with.

pub mod assets;
pub mod errors;
pub mod extract;
pub mod health;
pub mod home;
pub mod language;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::app::AppState;
use crate::i18n::{LANG_COOKIE, Lang};

/// All HTML routes (the JSON API lives in `api`).
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(language::router())
        .merge(assets::router())
}

/// What the layout of every page needs: the language, where the visitor is (for the language
/// switch to return to), and later the signed-in user, organization and navigation.
#[derive(Clone, Debug)]
pub struct PageContext {
    pub lang: Lang,
    /// Path and query of the current page.
    pub path: String,
}

impl PageContext {
    /// Builds the context from request headers alone (also used for error pages).
    pub fn from_headers(headers: &HeaderMap, path: &str) -> Self {
        Self {
            lang: request_lang(headers).unwrap_or_default(),
            path: path.to_string(),
        }
    }

    /// Translates a key into the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
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

impl<S: Send + Sync> FromRequestParts<S> for PageContext {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        Ok(Self::from_headers(&parts.headers, path))
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

/// Whether `target` is a path on this site (so redirecting to it cannot leave the site).
pub fn is_local_path(target: &str) -> bool {
    target.starts_with('/') && !target.starts_with("//") && !target.starts_with("/\\")
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
        assert!(!is_local_path("//evil.example"));
        assert!(!is_local_path("https://evil.example"));
        assert!(!is_local_path("/\\evil.example"));
    }
}
