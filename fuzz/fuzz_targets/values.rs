//! Any text through the parsers of typed-in values: money (`2.4万`), rates (`3%`), ROI,
//! counts, decimals, months and dates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shopplan::domain::parse;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let _ = parse::parse_money(text);
    let _ = parse::parse_rate(text);
    let _ = parse::parse_roi(text);
    let _ = parse::parse_count(text);
    let _ = shopplan::domain::number::parse_decimal(text);
    let _ = shopplan::domain::month::YearMonth::parse(text);
    let _ = shopplan::actuals::parse_date(text, "date");
});
