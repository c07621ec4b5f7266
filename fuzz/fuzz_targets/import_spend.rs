//! Any bytes as a spend upload, with and without a category for the whole file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let resolve = |text: &str| ["ztc", "ylmf", "staff"].contains(&text).then(|| text.to_string());
    let _ = shopplan::import::read_spend(bytes, today, None, resolve);
    let _ = shopplan::import::read_spend(bytes, today, Some("ztc".to_string()), resolve);
});
