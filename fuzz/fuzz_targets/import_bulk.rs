//! Any bytes as an organization-wide upload, whole and cut into pieces as it arrives.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let resolve = |text: &str| (!text.is_empty() && text.len() < 40).then(|| text.to_string());
    if let Ok(mut reader) = shopplan::import::BulkActualsReader::new(bytes, today, resolve) {
        for _ in reader.by_ref() {}
        let _ = reader.finish();
    }
});
