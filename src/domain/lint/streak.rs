//! Rule 7, for dashboards: a metric below target three complete months in a row
//! (连续三个月未达标) is flagged for review.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Subject, Warning, WarningCode};
use crate::domain::month::YearMonth;
use crate::i18n::Msg;

/// The shortest run of missed months that is flagged.
const STREAK_MONTHS: usize = 3;

/// A metric a dashboard compares with its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Sales,
    Uv,
    Buyers,
    Conversion,
    Aov,
}

impl Metric {
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Sales => "sales",
            Metric::Uv => "uv",
            Metric::Buyers => "buyers",
            Metric::Conversion => "conversion",
            Metric::Aov => "aov",
        }
    }
}

/// One month's target and actual of a metric (money, count or rate, as a plain number).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetricMonth {
    pub month: YearMonth,
    pub target: Decimal,
    pub actual: Decimal,
    /// Whether the month has ended; a month in progress never counts as missed.
    pub complete: bool,
}

/// A run of consecutive complete months below target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MissedStreak {
    pub first: YearMonth,
    pub last: YearMonth,
    pub months: usize,
}

impl MissedStreak {
    /// The warning a dashboard shows for this run of `metric`.
    pub fn warning(&self, metric: Metric) -> Warning {
        let msg = Msg::new("domain-lint-missed-three-months")
            .arg("metric", metric.as_str())
            .arg("months", self.months)
            .arg("first", self.first)
            .arg("last", self.last);
        let subject = Subject::Months {
            first: self.first,
            last: self.last,
        };
        Warning::new(WarningCode::MissedThreeMonths, subject, msg)
    }
}

/// Every run of three or more calendar-consecutive complete months whose actual is below its
/// target, in month order. A month missing from `results`, in progress or on target ends a run.
pub fn missed_streaks(results: &[MetricMonth]) -> Vec<MissedStreak> {
    let mut sorted = results.to_vec();
    sorted.sort_by_key(|result| result.month);
    let mut streaks = Vec::new();
    let mut current: Option<MissedStreak> = None;
    for result in sorted {
        let missed = result.complete && result.actual < result.target;
        current = match (current, missed) {
            (Some(run), true) if run.last.succ() == result.month => Some(MissedStreak {
                last: result.month,
                months: run.months + 1,
                ..run
            }),
            (run, true) => {
                streaks.extend(run);
                Some(MissedStreak {
                    first: result.month,
                    last: result.month,
                    months: 1,
                })
            }
            (run, false) => {
                streaks.extend(run);
                None
            }
        };
    }
    streaks.extend(current);
    streaks.retain(|run| run.months >= STREAK_MONTHS);
    streaks
}
