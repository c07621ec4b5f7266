//! The application state, the one router factory used by the server and the tests, the
//! layers at the edge, and serving with graceful shutdown.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::middleware;
use axum::routing::get;
use sqlx::PgPool;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::csrf::CsrfLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::auth::signup::{MailLinks, SignupServices};
use crate::config::Config;
use crate::domain::ids::TenantId;
use crate::metrics::Metrics;
use crate::notify::Outbox;
use crate::slots::Slots;
use crate::web::page_cache::PageCache;
use crate::{api, web};

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The request pool; its connections run as the application role, under row-level security.
    pub db: PgPool,
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
    /// Rendered shop dashboards with the version of the figures they show.
    pub pages: Arc<PageCache>,
    /// Places for reading uploaded files, overall and per organization.
    pub imports: Arc<Slots<TenantId>>,
    /// Places for hashing passwords (each hash holds 19 MiB for tens of milliseconds).
    pub hashing: Arc<Slots<()>>,
    /// Wakes this server's mail worker when mail was queued.
    pub outbox: Outbox,
}

impl AppState {
    pub fn new(db: PgPool, config: Config) -> Self {
        Self {
            db,
            pages: Arc::new(PageCache::new(config.page_cache_bytes)),
            imports: Arc::new(Slots::new(
                config.import_slots,
                config.import_slots.div_ceil(2),
                config.import_slots * 4,
                config.import_wait,
            )),
            hashing: Arc::new(Slots::new(
                config.hash_slots,
                config.hash_slots,
                config.hash_slots * 8,
                config.hash_wait,
            )),
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            outbox: Outbox::default(),
        }
    }
}

impl AppState {
    /// What sign-up needs of this server.
    pub fn signup(&self) -> SignupServices<'_> {
        SignupServices {
            db: &self.db,
            hashing: &self.hashing,
            mail: self.config.mail.as_ref().map(|_| MailLinks {
                base: self.config.public_base(),
                outbox: &self.outbox,
            }),
        }
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The content security policy: no inline script or style, nothing from elsewhere, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
                   base-uri 'none'; object-src 'none'";

/// Builds the whole application: pages, the JSON API, health and metrics, and the layers.
pub fn app(state: AppState) -> Router {
    let config = state.config.clone();
    let csrf = match &config.public_url {
        Some(url) => CsrfLayer::new()
            .add_trusted_origin(url)
            .unwrap_or_else(|_| CsrfLayer::new()),
        None => CsrfLayer::new(),
    };

    // Ordinary requests get the short timeout and the default body limit of the extractors;
    // file uploads (added with their own router) get the upload limit and a longer timeout.
    let (documented, mut openapi) = OpenApiRouter::with_openapi(api::ApiDoc::openapi())
        .nest("/api/v1", api::router())
        .merge(web::health::router())
        .split_for_parts();
    let (upload_api, upload_doc) = OpenApiRouter::new()
        .nest("/api/v1", api::upload_router())
        .split_for_parts();
    openapi.merge(upload_doc);
    api::statuses::document(&mut openapi);
    let openapi = Arc::new(openapi.to_json().unwrap_or_default());
    let uploads = Router::new()
        .merge(web::upload_router())
        .merge(upload_api)
        .layer(DefaultBodyLimit::max(config.max_upload_bytes))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            config.import_timeout,
        ));

    let routes = Router::new()
        .merge(web::router())
        .merge(documented)
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let openapi = openapi.clone();
                async move {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        (*openapi).clone(),
                    )
                }
            }),
        )
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .merge(uploads)
        .fallback(web::errors::not_found)
        .with_state(state.clone());

    // Layers listed outermost first.
    let edge = ServiceBuilder::new()
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(TraceLayer::new_for_http().make_span_with(make_span))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::metrics::record,
        ))
        .layer(security_header(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(security_header(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(security_header(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(security_header(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(middleware::from_fn(private_no_store))
        .option_layer(config.secure_cookies().then(|| {
            security_header(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000; includeSubDomains"),
            )
        }))
        // gzip at its fastest level, as web servers compress dynamic pages by default: a
        // dashboard page (108 KB) goes out as 23 KB instead of the default level's 16 KB,
        // and the server's CPU per page fell from 3.2 to 2.3 ms (compressing at the default
        // level had been a third of its work on the page).
        .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
        // Errors from here inwards (timeouts, body limit, refused cross-site posts, panics and
        // handler errors) are rendered as JSON or as a page by one middleware.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::errors::render,
        ))
        .layer(CatchPanicLayer::custom(web::errors::panic_response))
        .layer(RequestBodyLimitLayer::new(config.max_upload_bytes))
        .layer(csrf);

    routes.layer(edge)
}

/// What a signed-in member is shown (pages, JSON, downloads) is theirs alone: no cache on the
/// way or in the browser keeps it, unless the handler said otherwise.
async fn private_no_store(
    request: Request<axum::body::Body>,
    next: middleware::Next,
) -> axum::response::Response {
    let headers = request.headers();
    let signed_in = headers.contains_key(header::AUTHORIZATION)
        || headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.contains(crate::auth::SESSION_COOKIE));
    let mut response = next.run(request).await;
    if signed_in && !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn security_header(name: HeaderName, value: HeaderValue) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, value)
}

fn make_span<B>(request: &Request<B>) -> tracing::Span {
    let request_id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    tracing::info_span!(
        "request",
        method = %request.method(),
        uri = %request.uri().path(),
        request_id,
        tenant = tracing::field::Empty,
        user = tracing::field::Empty,
    )
}

/// Serves until SIGTERM or Ctrl-C, then lets requests in flight finish.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    let router = app(state);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// How long the readiness check waits for the database before answering 503.
pub const READINESS_LIMIT: Duration = Duration::from_millis(1000);
