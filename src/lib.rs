//! ShopPlan: online-shop operations planning (网店运营计划) for e-commerce teams and agencies.

/// Actual data: imports of daily figures and spend, preview, undo, edits by hand.
pub mod actuals;
/// The JSON API under `/api/v1` and its OpenAPI document.
pub mod api;
/// `AppState`, the router factory `app()`, edge layers and graceful shutdown.
pub mod app;
/// Sign-up, sign-in, sessions, tokens, roles and permissions.
pub mod auth;
/// The command line.
pub mod cli;
/// Typed configuration from the environment.
pub mod config;
/// Dashboards: plan against actuals, variance, ROI, burn.
pub mod dashboard;
/// All SQL: connections, migrations, one module per entity.
pub mod db;
/// `shopplan demo`: the demo organization, loaded through the product's own services.
pub mod demo;
/// Pure domain types and rules: money, months, funnel, variance, lint.
pub mod domain;
/// The one error type and its HTTP mapping.
pub mod error;
/// Dashboard figures as CSV and XLSX downloads.
pub mod export;
/// Interface languages and translations.
pub mod i18n;
/// Reading uploaded daily figures and spend files (CSV, XLSX, XLS), validated row by row.
pub mod import;
/// Prometheus metrics.
pub mod metrics;
/// Messages that leave the product: the mail outbox and its delivery over SMTP.
pub mod notify;
/// The organization's settings: name, time zone, status thresholds.
pub mod organization;
/// Phased plans: document, validation, template, saving, workflow, revisions.
pub mod plans;
/// Reference data (platforms, store types, categories) as admins edit it.
pub mod reference;
/// Shops: validation and writes shared by pages and API.
pub mod shops;
/// Bounded concurrency for costly work: places overall and per organization, a short queue.
pub mod slots;
/// Logging set-up.
pub mod telemetry;
/// HTML pages, the layout context and the request extractors.
pub mod web;

pub use app::{AppState, app};
pub use config::Config;
