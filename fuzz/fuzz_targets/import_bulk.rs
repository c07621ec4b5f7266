//! Any bytes as an organization-wide upload, whole and cut into pieces as it arrives.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    shopplan_fuzz::quiet_caught_panics();
    let today = shopplan_fuzz::today();
    let resolve = |text: &str| (!text.is_empty() && text.len() < 40).then(|| text.to_string());
    if let Ok(mut reader) = shopplan::import::BulkActualsReader::new(bytes, today, resolve) {
        for _ in reader.by_ref() {}
        let _ = reader.finish();
    }
});

