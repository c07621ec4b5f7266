//! Pure types and rules of the domain: no I/O, unit-tested. Both the HTML pages and the JSON
//! API call these, so their numbers cannot disagree.

mod fixed;

/// Money in yuan, exact, shown with 2 decimals.
pub mod money;
/// Reading plain decimal numbers.
pub mod number;
/// Rates (fractions) and ratios (ROI), shown with 4 decimals.
pub mod rate;

pub use money::Money;
pub use rate::{Rate, Ratio};
