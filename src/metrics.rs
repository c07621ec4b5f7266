//! Request metrics in the Prometheus text format, served at `/metrics`.
//!
//! A counter and a latency histogram per route and status, plus the pool's gauges. Written
//! here rather than taken from a metrics crate: it is a few atomics behind one map, and the
//! exporter crates bring an HTTP client and a second async stack into a 2-core build.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::app::AppState;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 11] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

#[derive(Default)]
struct Series {
    count: u64,
    sum_seconds: f64,
    buckets: [u64; BUCKETS.len()],
}

/// The metrics of one process.
#[derive(Default)]
pub struct Metrics {
    series: Mutex<BTreeMap<(String, String, u16), Series>>,
    /// Shop dashboards shown from the page cache, and computed.
    page_hits: AtomicU64,
    page_misses: AtomicU64,
}

impl Metrics {
    /// Counts a shop dashboard shown from the page cache (`hit`) or computed.
    pub fn page_cache(&self, hit: bool) {
        let counter = if hit {
            &self.page_hits
        } else {
            &self.page_misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one finished request.
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut series = self.series.lock().unwrap_or_else(|e| e.into_inner());
        let entry = series
            .entry((method.to_string(), route.to_string(), status))
            .or_default();
        entry.count += 1;
        entry.sum_seconds += seconds;
        for (bucket, bound) in entry.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
    }

    /// The Prometheus exposition text, with the pool's current gauges.
    pub fn render(&self, pool: &sqlx::PgPool) -> String {
        let mut out = String::new();
        let series = self.series.lock().unwrap_or_else(|e| e.into_inner());
        out.push_str(
            "# HELP shopplan_http_requests_total Requests answered, by route and status.\n",
        );
        out.push_str("# TYPE shopplan_http_requests_total counter\n");
        for ((method, route, status), s) in series.iter() {
            let _ = writeln!(
                out,
                "shopplan_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {}",
                escape(route),
                s.count
            );
        }
        out.push_str("# HELP shopplan_http_request_duration_seconds Time to answer a request.\n");
        out.push_str("# TYPE shopplan_http_request_duration_seconds histogram\n");
        for ((method, route, status), s) in series.iter() {
            let labels = format!(
                "method=\"{method}\",route=\"{}\",status=\"{status}\"",
                escape(route)
            );
            for (bound, count) in BUCKETS.iter().zip(s.buckets) {
                let _ = writeln!(
                    out,
                    "shopplan_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "shopplan_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "shopplan_http_request_duration_seconds_sum{{{labels}}} {}",
                s.sum_seconds
            );
            let _ = writeln!(
                out,
                "shopplan_http_request_duration_seconds_count{{{labels}}} {}",
                s.count
            );
        }
        out.push_str(
            "# HELP shopplan_dashboard_pages_total Shop dashboards shown, from the page cache or computed.\n",
        );
        out.push_str("# TYPE shopplan_dashboard_pages_total counter\n");
        for (result, counter) in [("hit", &self.page_hits), ("miss", &self.page_misses)] {
            let _ = writeln!(
                out,
                "shopplan_dashboard_pages_total{{result=\"{result}\"}} {}",
                counter.load(Ordering::Relaxed)
            );
        }
        out.push_str("# HELP shopplan_db_connections Connections in the request pool.\n");
        out.push_str("# TYPE shopplan_db_connections gauge\n");
        let _ = writeln!(
            out,
            "shopplan_db_connections{{state=\"open\"}} {}",
            pool.size()
        );
        let _ = writeln!(
            out,
            "shopplan_db_connections{{state=\"idle\"}} {}",
            pool.num_idle()
        );
        out
    }
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Middleware: times each request and counts it under its route pattern (never the raw
/// path, which would create a series per id).
pub async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let response = next.run(request).await;
    state.metrics.observe(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative() {
        let m = Metrics::default();
        m.observe("GET", "/shops/{id}", 200, 0.003);
        m.observe("GET", "/shops/{id}", 200, 0.2);
        let series = m.series.lock().unwrap();
        let s = &series[&("GET".to_string(), "/shops/{id}".to_string(), 200)];
        assert_eq!(s.count, 2);
        assert_eq!(s.buckets[0], 0); // ≤ 1 ms
        assert_eq!(s.buckets[2], 1); // ≤ 5 ms
        assert_eq!(s.buckets[7], 2); // ≤ 250 ms
    }
}
