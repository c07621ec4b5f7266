//! Any bytes as an upload of daily figures: CSV in any encoding, XLSX, XLS. Must never panic
//! past the reader's guard, loop, or allocate beyond the workbook bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    shopplan_fuzz::quiet_caught_panics();
    let today = shopplan_fuzz::today();
    let _ = shopplan::import::read_actuals(bytes, today);
    let _ = shopplan::import::preview_actuals(bytes, today);
});

