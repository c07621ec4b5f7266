//! The organization timeline of the manager view: each shop's phases as bars across one
//! window of months, the months marked, today's line.

use chrono::{Datelike, Days, NaiveDate};

use crate::dashboard::portfolio::ShopBoard;
use crate::domain::ids::PlanId;
use crate::domain::{PhaseKind, YearMonth};

/// A phase bar on the organization timeline, in percent of the window.
pub struct Bar {
    pub kind: PhaseKind,
    pub x: f64,
    pub width: f64,
    pub title: String,
}

/// A shop's row on the timeline.
pub struct TimelineRow {
    pub shop: String,
    pub plan_id: PlanId,
    pub current: Option<PhaseKind>,
    pub bars: Vec<Bar>,
}

/// A month's start on the organization timeline: where (percent of the window) and its label,
/// the year shown at the first tick and at each January.
#[derive(Clone, Debug)]
pub struct MonthTick {
    pub x: f64,
    pub label: String,
}

/// The months starting within the window; past a year, every third month is labelled.
fn month_ticks(start: NaiveDate, end: NaiveDate, x: impl Fn(NaiveDate) -> f64) -> Vec<MonthTick> {
    let months: Vec<YearMonth> = YearMonth::range(YearMonth::of(start), YearMonth::of(end))
        .filter(|m| m.first_day() >= start)
        .collect();
    let every = if months.len() > 12 { 3 } else { 1 };
    months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let first = m.first_day();
            let label = if i % every != 0 {
                String::new()
            } else if i == 0 || first.month() == 1 {
                m.to_string()
            } else {
                format!("{:02}", first.month())
            };
            MonthTick { x: x(first), label }
        })
        .collect()
}

pub fn timeline(
    boards: &[ShopBoard],
    as_of: NaiveDate,
) -> (
    (NaiveDate, NaiveDate),
    f64,
    Vec<TimelineRow>,
    Vec<MonthTick>,
) {
    let start = boards
        .iter()
        .flat_map(|b| b.phases.iter().map(|p| p.start_date))
        .min()
        .unwrap_or(as_of);
    let end = boards
        .iter()
        .flat_map(|b| b.phases.iter().map(|p| p.end_date))
        .max()
        .unwrap_or(as_of);
    let days = ((end - start).num_days() + 1).max(1) as f64;
    let x = |d: NaiveDate| ((d - start).num_days() as f64 / days * 100.0).clamp(0.0, 100.0);
    let rows = boards
        .iter()
        .map(|b| TimelineRow {
            shop: b.shop.name.clone(),
            plan_id: b.plan.id,
            current: b.current_phase(),
            bars: b
                .phases
                .iter()
                .filter_map(|p| {
                    let kind = PhaseKind::parse(&p.kind).ok()?;
                    Some(Bar {
                        kind,
                        x: x(p.start_date),
                        width: (x(p.end_date + Days::new(1)) - x(p.start_date)).max(0.3),
                        title: format!("{} – {}", p.start_date, p.end_date),
                    })
                })
                .collect(),
        })
        .collect();
    ((start, end), x(as_of), rows, month_ticks(start, end, x))
}
