//! The test harness: the real router over a fresh PostgreSQL database per test, clients that
#![allow(dead_code)] // Helpers serve tests across the suite; not every one uses each.
//! keep their cookies, and HTML assertions through CSS selectors.

pub mod accounts;
pub mod db;
pub mod html;
pub mod plans;
pub mod proxy;
pub mod smtp;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use serde_json::Value;
use shopplan::config::{MailConfig, SecretString};
use shopplan::notify::mail::{self, Mailer};
use shopplan::{AppState, Config};
use tower::ServiceExt;

pub use html::Page;

/// One application over its own database.
pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub db: db::TestDb,
}

impl TestApp {
    /// An application with the default configuration.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// An application whose configuration the test adjusts first.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let db = db::TestDb::create().await;
        let mut config = Config::from_lookup(|_| None).expect("default config");
        adjust(&mut config);
        let pool = db.app_pool();
        let state = AppState::new(pool, config);
        TestApp {
            router: shopplan::app(state.clone()),
            state,
            db,
        }
    }

    /// An application that mails through `sink`, with its delivery worker running.
    pub async fn with_mail(sink: &smtp::SmtpSink) -> TestApp {
        let url = sink.url();
        let app = Self::spawn_with(|c| {
            c.mail = Some(MailConfig {
                smtp_url: SecretString::new(url),
                from: "ShopPlan <noreply@plan.example.com>".to_string(),
            })
        })
        .await;
        let mailer = Mailer::new(app.state.config.mail.as_ref().unwrap()).unwrap();
        tokio::spawn(mail::run(
            app.state.db.clone(),
            mailer,
            app.state.outbox.clone(),
        ));
        app
    }

    /// A new visitor with an empty cookie jar.
    pub fn client(&self) -> Client {
        Client::of(self.router.clone())
    }

    /// Another server over the same database, with its own state and page cache, as a
    /// second instance behind a load balancer would be.
    pub fn second_server(&self) -> Server {
        let state = AppState::new(
            self.db.app_pool(),
            Config::from_lookup(|_| None).expect("default config"),
        );
        Server {
            router: shopplan::app(state.clone()),
            state,
        }
    }
}

/// An application server without a database of its own (see [`TestApp::second_server`]).
pub struct Server {
    pub router: Router,
    pub state: AppState,
}

impl Server {
    pub fn client(&self) -> Client {
        Client::of(self.router.clone())
    }
}

/// A visitor: keeps cookies like a browser, or sends a bearer token like a program.
#[derive(Clone)]
pub struct Client {
    router: Router,
    jar: Arc<Mutex<BTreeMap<String, String>>>,
    bearer: Option<String>,
    accept_language: Option<String>,
    accept_encoding: Option<&'static str>,
    /// The `Sec-Fetch-Site` a browser would send with a form post.
    fetch_site: &'static str,
    ip: SocketAddr,
}

impl Client {
    /// A new visitor of `router`, with an empty cookie jar.
    pub fn of(router: Router) -> Client {
        Client {
            router,
            jar: Arc::new(Mutex::new(BTreeMap::new())),
            bearer: None,
            accept_language: None,
            accept_encoding: None,
            fetch_site: "same-origin",
            ip: SocketAddr::from(([10, 0, 0, 1], 40000)),
        }
    }

    pub fn with_bearer(mut self, token: &str) -> Self {
        self.bearer = Some(token.to_string());
        self
    }

    pub fn with_language(mut self, accept_language: &str) -> Self {
        self.accept_language = Some(accept_language.to_string());
        self
    }

    /// Asks for compressed responses, as browsers do (the body is kept as sent).
    pub fn with_encoding(mut self, accept_encoding: &'static str) -> Self {
        self.accept_encoding = Some(accept_encoding);
        self
    }

    /// Posts as if from another site (a forged cross-site form).
    pub fn cross_site(mut self) -> Self {
        self.fetch_site = "cross-site";
        self
    }

    pub fn with_ip(mut self, ip: [u8; 4]) -> Self {
        self.ip = SocketAddr::from((ip, 40000));
        self
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar.lock().unwrap().get(name).cloned()
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        self.jar
            .lock()
            .unwrap()
            .insert(name.to_string(), value.to_string());
    }

    /// Forgets all cookies (a new browser).
    pub fn clear_cookies(&self) {
        self.jar.lock().unwrap().clear();
    }

    pub async fn get(&self, path: &str) -> Response {
        self.send(Method::GET, path, None, Body::empty()).await
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.send(Method::DELETE, path, None, Body::empty()).await
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.send(
            Method::POST,
            path,
            Some("application/x-www-form-urlencoded"),
            Body::from(encode_form(fields)),
        )
        .await
    }

    /// Fills the form `css` of the page at `path` and submits it, as a person would: with
    /// the form's own method, to its own action, with its own field names.
    pub async fn submit(&self, path: &str, css: &str, typed: &[(&str, &str)]) -> Response {
        let page = self.get(path).await.page();
        let form = page.form(css, typed);
        let action = if form.action.is_empty() {
            path.split('?').next().unwrap().to_string()
        } else {
            form.action.split('#').next().unwrap().to_string()
        };
        let fields: Vec<(&str, &str)> = form
            .fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        if form.method == "post" {
            self.post_form(&action, &fields).await
        } else {
            let query = encode_form(&fields);
            self.get(&format!("{action}?{query}")).await
        }
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.json(Method::POST, path, body).await
    }

    pub async fn put_json(&self, path: &str, body: &Value) -> Response {
        self.json(Method::PUT, path, body).await
    }

    pub async fn patch_json(&self, path: &str, body: &Value) -> Response {
        self.json(Method::PATCH, path, body).await
    }

    pub async fn json(&self, method: Method, path: &str, body: &Value) -> Response {
        self.send(
            method,
            path,
            Some("application/json"),
            Body::from(body.to_string()),
        )
        .await
    }

    /// Sends raw bytes with a content type (file uploads through the API).
    pub async fn post_bytes(&self, path: &str, content_type: &str, bytes: Vec<u8>) -> Response {
        self.send(Method::POST, path, Some(content_type), Body::from(bytes))
            .await
    }

    /// A `multipart/form-data` post, as a browser sends a form with a file.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> Response {
        let boundary = "----shopplan-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        if let Some((name, filename, bytes)) = file {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.send(Method::POST, path, Some(&content_type), Body::from(body))
            .await
    }

    /// Sends a request built by the test, adding this client's cookies and headers.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: Body,
    ) -> Response {
        let mut builder = Request::builder()
            .method(method.clone())
            .uri(path)
            .header(header::HOST, "localhost");
        if let Some(ct) = content_type {
            builder = builder.header(header::CONTENT_TYPE, ct);
        }
        if method != Method::GET && method != Method::HEAD {
            builder = builder.header("sec-fetch-site", self.fetch_site);
        }
        if let Some(token) = &self.bearer {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(lang) = &self.accept_language {
            builder = builder.header(header::ACCEPT_LANGUAGE, lang);
        }
        if let Some(encoding) = self.accept_encoding {
            builder = builder.header(header::ACCEPT_ENCODING, encoding);
        }
        let cookies = self
            .jar
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        if !cookies.is_empty() {
            builder = builder.header(header::COOKIE, cookies);
        }
        // A real client states the length of a known body; the body limit checks it first.
        if let Some(length) = axum::body::HttpBody::size_hint(&body).exact()
            && length > 0
        {
            builder = builder.header(header::CONTENT_LENGTH, length);
        }
        let mut request = builder.body(body).expect("request");
        request.extensions_mut().insert(ConnectInfo(self.ip));
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        self.store_cookies(response.headers());
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX).await.expect("body");
        Response {
            status: parts.status,
            headers: parts.headers,
            body: bytes,
        }
    }

    fn store_cookies(&self, headers: &HeaderMap) {
        let mut jar = self.jar.lock().unwrap();
        for value in headers.get_all(header::SET_COOKIE) {
            let Ok(text) = value.to_str() else { continue };
            let first = text.split(';').next().unwrap_or("");
            let Some((name, value)) = first.split_once('=') else {
                continue;
            };
            let expired = text.to_ascii_lowercase().contains("max-age=0");
            if expired || value.is_empty() {
                jar.remove(name.trim());
            } else {
                jar.insert(name.trim().to_string(), value.trim().to_string());
            }
        }
    }
}

fn encode_form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A finished response, body read.
pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn page(&self) -> Page {
        Page::parse(&self.text())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Where a redirect points.
    pub fn location(&self) -> &str {
        self.header("location")
            .unwrap_or_else(|| panic!("no Location header; status {}", self.status))
    }

    /// Panics with the body when the status differs: failures show what the server said.
    #[track_caller]
    pub fn assert_status(&self, expected: u16) -> &Self {
        assert_eq!(
            self.status.as_u16(),
            expected,
            "unexpected status; body: {}",
            self.text().chars().take(3000).collect::<String>()
        );
        self
    }

    /// The contract's error code of a JSON error body.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code in {}", self.text()))
            .to_string()
    }
}
