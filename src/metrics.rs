//! Request metrics in the Prometheus text format, served at `/metrics` to the addresses the
//! configuration allows (or with its token), kept with the Prometheus project's own client.
//!
//! Every label takes a bounded set of values: methods outside the HTTP standard ones are
//! `other`, a path that matched no route is `unmatched` (never the raw path), and statuses
//! are the server's own. So the text stays the same size whatever requests arrive.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use std::fmt::Write;

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::app::AppState;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 11] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

/// A request's method, folded to the standard ones.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub struct MethodLabel(&'static str);

impl From<&Method> for MethodLabel {
    fn from(method: &Method) -> Self {
        const KNOWN: [Method; 7] = [
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ];
        let known = KNOWN.iter().find(|m| *m == method);
        Self(known.map_or("other", |m| m.as_str()))
    }
}

impl EncodeLabelValue for MethodLabel {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        encoder.write_str(self.0)
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: MethodLabel,
    /// The route pattern (`/shops/{id}`), or `unmatched`.
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PageLabels {
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

/// The metrics of one process.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RequestLabels, Histogram>,
    pages: Family<PageLabels, Counter>,
    connections: Family<PoolLabels, Gauge>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("shopplan");
        let requests = Family::<RequestLabels, Counter>::default();
        let durations = Family::<RequestLabels, Histogram>::new_with_constructor(
            (|| Histogram::new(BUCKETS)) as fn() -> Histogram,
        );
        let pages = Family::<PageLabels, Counter>::default();
        let connections = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "http_requests",
            "Requests answered, by route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request",
            durations.clone(),
        );
        registry.register(
            "dashboard_pages",
            "Shop dashboards shown, from the page cache or computed",
            pages.clone(),
        );
        registry.register(
            "db_connections",
            "Connections in the request pool",
            connections.clone(),
        );
        Self {
            registry,
            requests,
            durations,
            pages,
            connections,
        }
    }
}

impl Metrics {
    /// Counts a shop dashboard shown from the page cache (`hit`) or computed.
    pub fn page_cache(&self, hit: bool) {
        let result = if hit { "hit" } else { "miss" };
        self.pages.get_or_create(&PageLabels { result }).inc();
    }

    /// Counts one finished request.
    pub fn observe(&self, method: &Method, route: Option<&str>, status: u16, seconds: f64) {
        let labels = RequestLabels {
            method: method.into(),
            route: route.unwrap_or("unmatched").to_string(),
            status,
        };
        self.requests.get_or_create(&labels).inc();
        self.durations.get_or_create(&labels).observe(seconds);
    }

    /// The Prometheus exposition text, with the pool's current gauges.
    pub fn render(&self, pool: &sqlx::PgPool) -> String {
        let gauge = |state| {
            self.connections
                .get_or_create(&PoolLabels { state })
                .clone()
        };
        gauge("open").set(i64::from(pool.size()));
        gauge("idle").set(pool.num_idle() as i64);
        for result in ["hit", "miss"] {
            let _ = self.pages.get_or_create(&PageLabels { result });
        }
        let mut out = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            tracing::error!(error = %e, "metrics could not be written");
        }
        out
    }
}

/// Middleware: times each request and counts it under its route pattern.
pub async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().cloned();
    let response = next.run(request).await;
    state.metrics.observe(
        &method,
        route.as_ref().map(MatchedPath::as_str),
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn invented_methods_and_unknown_paths_fold_into_one_series() {
        let m = Metrics::default();
        for i in 0..1000 {
            let method = Method::from_bytes(format!("M{i}").as_bytes()).unwrap();
            m.observe(&method, None, 404, 0.001);
        }
        m.observe(&Method::GET, Some("/shops/{id}"), 200, 0.003);
        let text = m.render(&sqlx::PgPool::connect_lazy("postgres://x@localhost/x").unwrap());
        let series = text
            .lines()
            .filter(|l| l.starts_with("shopplan_http_requests_total"))
            .collect::<Vec<_>>();
        assert_eq!(series.len(), 2, "{text}");
        assert!(text.contains(r#"shopplan_http_requests_total{method="other",route="unmatched",status="404"} 1000"#), "{text}");
    }
}
