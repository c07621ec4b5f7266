//! The TechEmpower "Fortunes" baseline that `bench/dashboard.sh` measures the dashboards
//! against: one query of 12 rows, one row added in memory, a sort and an escaped template,
//! served through the same router, pool and edge layers as every page. Compiled only with the
//! `bench` feature, so production builds have no such route; the `fortune` table is created by
//! the benchmark, never by a migration.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use crate::app::AppState;
use crate::error::AppError;
use crate::web::html;

pub fn router() -> Router<AppState> {
    Router::new().route("/bench/fortunes", get(fortunes))
}

#[derive(sqlx::FromRow)]
pub struct Fortune {
    pub id: i32,
    pub message: String,
}

#[derive(Template)]
#[template(path = "bench/fortunes.html")]
struct FortunesPage {
    fortunes: Vec<Fortune>,
}

async fn fortunes(State(state): State<AppState>) -> Result<Response, AppError> {
    // A runtime query: the table exists only in benchmark databases, so the checked queries'
    // offline data cannot describe it.
    let mut fortunes: Vec<Fortune> = sqlx::query_as("SELECT id, message FROM fortune")
        .fetch_all(&state.db)
        .await?;
    fortunes.push(Fortune {
        id: 0,
        message: "Additional fortune added at request time.".to_string(),
    });
    fortunes.sort_unstable_by(|a, b| a.message.cmp(&b.message));
    html(StatusCode::OK, FortunesPage { fortunes })
}
