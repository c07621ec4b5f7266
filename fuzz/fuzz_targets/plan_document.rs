//! Any JSON as a plan document sent to the API, validated as a save would.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shopplan::plans::input::{Known, PlanInput, validate};

fuzz_target!(|bytes: &[u8]| {
    let Ok(input) = serde_json::from_slice::<PlanInput>(bytes) else {
        return;
    };
    let known = Known {
        categories: &[],
        members: &[],
    };
    let _ = validate(&input, &known);
});
