//! What the fuzz targets share.

/// The organization's "today" the readers check dates against.
pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

/// The workbook reader panics on some damaged files, and the product catches that (a 422);
/// libFuzzer's hook would abort on the caught panic too. A panic that escapes the product's
/// guard still aborts the run, as a finding.
pub fn quiet_caught_panics() {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
}
