//! Dashboards: plan against actuals. The figures are computed once here and both the pages
//! and the JSON API show them, so they cannot disagree.

pub mod calendar;
pub mod charts;
pub mod figures;
pub mod finance;
pub mod gates;
pub mod notes;
pub mod plan;
pub mod portfolio;
pub mod sheets;
pub mod status;

use chrono::NaiveDate;

use crate::db::{TenantTx, tenants};
use crate::error::AppError;
use crate::i18n::Msg;

/// The as-of date asked for (`YYYY-MM-DD`), or today in the organization's time zone.
pub async fn as_of(tx: &mut TenantTx, asked: Option<&str>) -> Result<NaiveDate, AppError> {
    match parse_as_of(asked.unwrap_or_default())? {
        Some(day) => Ok(day),
        None => {
            let tenant = tx.tenant();
            Ok(tenants::today(tx.conn(), tenant).await?)
        }
    }
}

/// The as-of date asked for, `None` when none was (blank).
pub fn parse_as_of(asked: &str) -> Result<Option<NaiveDate>, AppError> {
    let asked = asked.trim();
    if asked.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(asked, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| AppError::invalid_field("as_of", Msg::new("form-date-invalid")))
}

/// Rows grouped by a key, in their order: what was read for many shops or plans at once,
/// handed to each without scanning everything for each.
pub fn group_by<K: std::hash::Hash + Eq, T>(
    rows: &[T],
    key: impl Fn(&T) -> K,
) -> std::collections::HashMap<K, Vec<&T>> {
    let mut groups: std::collections::HashMap<K, Vec<&T>> = std::collections::HashMap::new();
    for row in rows {
        groups.entry(key(row)).or_default().push(row);
    }
    groups
}
