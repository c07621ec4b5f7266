//! Liveness, readiness and metrics endpoints for load balancers and monitoring.

use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::{AppState, READINESS_LIMIT};
use crate::auth::secret::hash_secret;
use crate::config::Config;
use crate::error::AppError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .route("/metrics", axum::routing::get(metrics))
}

/// Answers while the process runs.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "The process runs", body = String)))]
pub async fn healthz() -> &'static str {
    "ok"
}

/// Answers 200 when the database answers, 503 otherwise.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "The database answers", body = String),
        (status = 503, description = "The database does not answer", body = String)))]
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    if crate::db::ping(&state.db, READINESS_LIMIT).await {
        (StatusCode::OK, "ready")
    } else {
        // Plain text on purpose: probes read the status, and no page should depend on the
        // database being down to render.
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}

/// Prometheus text exposition, for the configured addresses or the metrics token; anyone
/// else is told there is nothing here.
pub async fn metrics(
    State(state): State<AppState>,
    parts: Parts,
) -> Result<impl IntoResponse, AppError> {
    if !may_read_metrics(&parts, &state.config) {
        return Err(AppError::NotFound);
    }
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(&state.db),
    ))
}

fn may_read_metrics(parts: &Parts, config: &Config) -> bool {
    if let Some(token) = &config.metrics_token {
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if let Some(given) = given {
            // Compared as hashes, so the time taken says nothing about the token.
            return hash_secret(given) == hash_secret(token.expose());
        }
    }
    crate::auth::client_ip(parts, config)
        .parse()
        .is_ok_and(|ip| config.metrics_allow.contains(ip))
}
