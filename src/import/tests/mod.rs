//! Tests of the importers against the sample exports and hand-written files.

mod files;
mod perf;
mod props;
mod samples;
mod spend;

use chrono::NaiveDate;

use super::*;

/// The organization's "today" in these tests.
fn today() -> NaiveDate {
    date(2026, 11, 23)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The errors of a file that is expected to be rejected for its rows.
fn row_errors(bytes: &[u8]) -> Vec<RowError> {
    match read_actuals(bytes, today()) {
        Err(Rejection::Rows(errors)) => errors.errors,
        other => panic!("expected row errors, got {other:?}"),
    }
}

/// The file-level error of a file that is expected to be unreadable.
fn file_error(bytes: &[u8]) -> FileError {
    match read_actuals(bytes, today()) {
        Err(Rejection::File(error)) => error,
        other => panic!("expected a file error, got {other:?}"),
    }
}

/// `(line, column, key)` of each error, for compact assertions.
fn brief(errors: &[RowError]) -> Vec<(u64, Option<&str>, &'static str)> {
    errors
        .iter()
        .map(|e| (e.line, e.column.as_deref(), e.msg.key))
        .collect()
}

/// The value of a message argument.
fn arg<'m>(msg: &'m crate::i18n::Msg, name: &str) -> &'m str {
    msg.args
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The web side holds a reader across `.await`s while it sends COPY data.
#[test]
fn readers_can_be_held_across_an_await() {
    fn send<T: Send>() {}
    send::<ActualsReader<'static>>();
    send::<SpendReader<'static, uuid::Uuid, fn(&str) -> Option<uuid::Uuid>>>();
    send::<Report<ActualsSummary>>();
}
