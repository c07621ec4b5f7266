//! Dashboards: plan against actuals. The figures are computed once here and both the pages
//! and the JSON API show them, so they cannot disagree.

pub mod calendar;
pub mod charts;
pub mod figures;
pub mod gates;
pub mod status;
