//! Any bytes as a spend upload, with and without a category for the whole file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    shopplan_fuzz::quiet_caught_panics();
    let today = shopplan_fuzz::today();
    let resolve = |text: &str| ["ztc", "ylmf", "staff"].contains(&text).then(|| text.to_string());
    let _ = shopplan::import::read_spend(bytes, today, None, resolve);
    let _ = shopplan::import::read_spend(bytes, today, Some("ztc".to_string()), resolve);
});

