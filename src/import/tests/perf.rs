//! A measurement, not a check: how fast a million-row upload is read, validated and turned
//! into COPY text. Run it in release mode:
//! `cargo test --release --lib import::tests::perf -- --ignored --nocapture`

use std::time::Instant;

use encoding_rs::GB18030;

use super::*;

/// A 生意参谋-shaped file with `rows` consecutive days from 2000-01-01 (a million rows run
/// to the year 4737, so the caller passes a far "today"), optionally GBK with quoted
/// thousands separators and a percentage column, as Excel saves it.
pub(crate) fn generate(rows: usize, gbk: bool) -> Vec<u8> {
    let mut text = String::with_capacity(rows * 64);
    if gbk {
        text.push_str("店铺整体\r\n统计日期,访客数,浏览量,支付金额,支付买家数,支付子订单数,支付转化率,客单价,成功退款金额\r\n");
    } else {
        text.push_str("date,uv,pv,sales,buyers,orders,refunds\n");
    }
    let mut day = EARLIEST_DATE;
    for i in 0..rows {
        let uv = 1_000 + (i * 7919) % 9_000;
        let buyers = uv / 30;
        let cents = buyers * 13_152 + i % 100;
        let (whole, cents) = (cents / 100, cents % 100);
        let date = day.format("%Y-%m-%d");
        if gbk {
            let money = format!("\"{},{:03}.{cents:02}\"", whole / 1000, whole % 1000);
            text.push_str(&format!(
                "{date},{uv},{},{money},{buyers},{},3.33%,131.52,\"520.82\"\r\n",
                uv * 3,
                buyers + 1
            ));
        } else {
            text.push_str(&format!(
                "{date},{uv},{},{whole}.{cents:02},{buyers},{},520.82\n",
                uv * 3,
                buyers + 1
            ));
        }
        day = day.succ_opt().unwrap_or(day);
    }
    if gbk {
        GB18030.encode(&text).0.into_owned()
    } else {
        text.into_bytes()
    }
}

/// The best of three runs of `work`, in seconds.
fn best_of_three(mut work: impl FnMut()) -> f64 {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min)
}

/// Reads, validates and writes COPY text, sending it on in 1 MiB pieces as the caller would.
fn import(bytes: &[u8], rows: usize, copy: bool) {
    let prefix = CopyPrefix::new(&["0190b3c4-0000-7000-8000-000000000001", "42", "7"]);
    let mut reader = ActualsReader::new(bytes, date(9999, 12, 31)).expect("header");
    let mut buf = Vec::with_capacity(1 << 20);
    for row in reader.by_ref() {
        if copy {
            write_actual(&mut buf, &prefix, &row);
        }
        if buf.len() >= 1 << 20 {
            std::hint::black_box(&buf);
            buf.clear();
        }
    }
    let report = reader.finish().expect("report");
    assert!(report.is_valid(), "{:?}", report.errors.errors.first());
    assert_eq!(report.summary.valid_rows as usize, rows);
}

/// Only splitting the text into records: the floor under everything else.
fn split_only(bytes: &[u8]) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        std::hint::black_box(&record);
    }
}

fn measure(name: &str, bytes: &[u8], rows: usize) {
    let mib = bytes.len() as f64 / f64::from(1 << 20);
    let runs = [
        ("csv split only", best_of_three(|| split_only(bytes))),
        (
            "parse + validate",
            best_of_three(|| import(bytes, rows, false)),
        ),
        (
            "parse + validate + COPY text",
            best_of_three(|| import(bytes, rows, true)),
        ),
    ];
    for (what, seconds) in runs {
        println!(
            "{name}, {rows} rows, {mib:.1} MiB, {what}: {seconds:.3} s, {:.0} rows/s",
            rows as f64 / seconds
        );
    }
}

#[test]
#[ignore = "a measurement; run in release mode with --ignored --nocapture"]
fn a_million_rows_parse_validate_and_become_copy_text() {
    const ROWS: usize = 1_000_000;
    measure("UTF-8", &generate(ROWS, false), ROWS);
    measure("GBK 生意参谋 shape", &generate(ROWS, true), ROWS);
}

#[test]
fn the_generated_file_is_valid() {
    for gbk in [false, true] {
        let (rows, summary) = read_actuals(&generate(50, gbk), date(2000, 3, 1)).expect("valid");
        assert_eq!((rows.len(), summary.dates.len()), (50, 50));
    }
}
