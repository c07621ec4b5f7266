//! Pure types and rules of the domain: no I/O, unit-tested. Both the HTML pages and the JSON
//! API call these, so their numbers cannot disagree.

mod apportion;
/// Fixed-decimal formatting (half-up) and digit grouping.
pub mod fixed;

/// Default platforms and store types of a new organization.
pub mod defaults;
/// The funnel identity: buyers and sales derived from UV, conversion and AOV.
pub mod funnel;
/// Typed identifiers.
pub mod ids;
/// Phase kinds, category kinds and the default categories.
pub mod kinds;
/// Plan lint: the checks a plan must pass, and the missed-target streaks of dashboards.
pub mod lint;
/// Money in yuan, exact, shown with 2 decimals.
pub mod money;
/// Calendar months (`YearMonth`).
pub mod month;
/// Reading plain decimal numbers.
pub mod number;
/// Reading amounts, rates, ROI and counts as operators type them.
pub mod parse;
/// Rates (fractions) and ratios (ROI), shown with 4 decimals.
pub mod rate;
/// ROI, spend ratio, burn, pacing, run-rate, and progress through a period.
pub mod ratios;
/// Splitting a total over months, to the fen.
pub mod split;
/// The sales variance split into UV, conversion and AOV effects.
pub mod variance;

pub use funnel::{FunnelActual, FunnelTarget};
pub use kinds::{CategoryKind, PhaseKind};
pub use money::Money;
pub use month::YearMonth;
pub use rate::{Rate, Ratio};
pub use variance::VarianceSplit;
