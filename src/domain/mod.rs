//! Pure types and rules of the domain: no I/O, unit-tested. Both the HTML pages and the JSON
//! API call these, so their numbers cannot disagree.

pub mod ids;
pub mod number;
