//! Properties: what is written is read back exactly, and no input makes the importer panic.

use std::collections::BTreeSet;

use encoding_rs::GB18030;
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;

/// How a generated file is written.
#[derive(Clone, Debug)]
struct Layout {
    encoding: u8,
    chinese: bool,
    date_format: u8,
    separators: bool,
    crlf: bool,
    title_lines: usize,
    reversed: bool,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        0..3u8,
        any::<bool>(),
        0..4u8,
        any::<bool>(),
        any::<bool>(),
        0..4usize,
        any::<bool>(),
    )
        .prop_map(
            |(encoding, chinese, date_format, separators, crlf, title_lines, reversed)| Layout {
                encoding,
                chinese,
                date_format,
                separators,
                crlf,
                title_lines,
                reversed,
            },
        )
}

/// Valid rows on distinct days: buyers within visitors, sales exactly when there are buyers.
fn rows() -> impl Strategy<Value = Vec<ActualRow>> {
    let row = (
        0..2_000_000i64,
        0.0..1.0f64,
        1..10_000_000_000i64,
        any::<[Option<u32>; 3]>(),
    );
    (
        prop::collection::btree_set(0..9_000u32, 1..40),
        prop::collection::vec(row, 40),
    )
        .prop_map(|(days, values): (BTreeSet<u32>, Vec<_>)| {
            days.into_iter()
                .zip(values)
                .map(|(day, (uv, share, cents, [orders, refunds, pv]))| {
                    let buyers = (uv as f64 * share) as i64;
                    let sales = if buyers == 0 { 0 } else { cents };
                    ActualRow {
                        line: 0,
                        date: EARLIEST_DATE + chrono::Days::new(u64::from(day)),
                        uv,
                        buyers,
                        orders: orders.map(|o| i64::from(o >> 1)),
                        sales: Decimal::new(sales, 2),
                        refunds: refunds.map(|r| Decimal::new(i64::from(r), 2)),
                        pv: pv.map(|p| i64::from(p >> 1)),
                    }
                })
                .collect()
        })
}

fn grouped(n: i64, separators: bool) -> String {
    let digits = n.to_string();
    if !separators {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("\"{out}\"")
}

fn money(d: Decimal, separators: bool) -> String {
    let cents = d.mantissa() as i64;
    let whole = grouped(cents / 100, separators);
    let whole = whole.trim_end_matches('"');
    let quote = if whole.starts_with('"') { "\"" } else { "" };
    format!("{whole}.{:02}{quote}", cents % 100)
}

fn date_text(date: NaiveDate, format: u8) -> String {
    let pattern = ["%Y-%m-%d", "%Y/%-m/%-d", "%Y/%m/%d", "%Y%m%d"][usize::from(format % 4)];
    date.format(pattern).to_string()
}

/// Writes the rows as a file, and notes on each row the line it lands on.
fn write(rows: &mut [ActualRow], layout: &Layout) -> Vec<u8> {
    let newline = if layout.crlf { "\r\n" } else { "\n" };
    let mut text = "报表标题,,\n"
        .repeat(layout.title_lines)
        .replace('\n', newline);
    let mut header = if layout.chinese {
        vec![
            "统计日期",
            "访客数",
            "支付买家数",
            "支付子订单数",
            "支付金额",
            "成功退款金额",
            "浏览量",
        ]
    } else {
        vec!["date", "uv", "buyers", "orders", "sales", "refunds", "pv"]
    };
    if layout.reversed {
        header.reverse();
    }
    text.push_str(&header.join(","));
    text.push_str(newline);
    for (i, row) in rows.iter_mut().enumerate() {
        row.line = (layout.title_lines + i + 2) as u64;
        let sep = layout.separators;
        let mut cells = [
            date_text(row.date, layout.date_format),
            grouped(row.uv, sep),
            grouped(row.buyers, sep),
            row.orders.map_or(String::new(), |o| grouped(o, sep)),
            money(row.sales, sep),
            row.refunds.map_or(String::new(), |r| money(r, sep)),
            row.pv.map_or(String::new(), |p| grouped(p, sep)),
        ];
        if layout.reversed {
            cells.reverse();
        }
        text.push_str(&cells.join(","));
        text.push_str(newline);
    }
    match layout.encoding {
        0 => text.into_bytes(),
        1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        _ => GB18030.encode(&text).0.into_owned(),
    }
}

const PREFIXES: [&[u8]; 6] = [
    b"",
    b"PK\x03\x04",
    b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"date,uv,buyers,sales,category,amount\n",
];

fn read_anything(bytes: &[u8]) {
    let _ = preview_actuals(bytes, today());
    let _ = preview_spend(bytes, today(), None, |s: &str| Some(s.len()));
    let _ = preview_spend(bytes, today(), Some(0), |_: &str| None);
}

proptest! {
    #[test]
    fn written_rows_read_back_exactly(mut rows in rows(), layout in layout()) {
        let bytes = write(&mut rows, &layout);
        let (read, summary) = read_actuals(&bytes, today()).map_err(|e| {
            TestCaseError::fail(format!("{e:?} in {}", String::from_utf8_lossy(&bytes)))
        })?;
        prop_assert_eq!(&read, &rows);
        prop_assert_eq!(summary.rows, rows.len() as u64);
        prop_assert_eq!(summary.uv, rows.iter().map(|r| r.uv).sum::<i64>());
    }

    #[test]
    fn random_bytes_never_panic(prefix in 0..PREFIXES.len(), body in prop::collection::vec(any::<u8>(), 0..2000)) {
        read_anything(&[PREFIXES[prefix], &body].concat());
    }

    #[test]
    fn random_text_never_panics(text in "[0-9a-z,\"\t\r\n/.\\-: 日期访客数支付买家金额]{0,400}") {
        read_anything(format!("date,uv,buyers,sales,category,amount\n{text}").as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn damaged_workbooks_never_panic(
        which in 0..2usize,
        cut in 0.0..1.0f64,
        flips in prop::collection::vec((0.0..1.0f64, any::<u8>()), 0..8),
    ) {
        let mut bytes = [
            include_bytes!("../../../tests/fixtures/sycm-daily-2026Q2.xlsx").as_slice(),
            include_bytes!("../../../tests/fixtures/sycm-daily-sample.xls").as_slice(),
        ][which].to_vec();
        for (at, byte) in flips {
            let at = (at * bytes.len() as f64) as usize;
            if let Some(b) = bytes.get_mut(at) {
                *b = byte;
            }
        }
        bytes.truncate(((cut * 1.2).min(1.0) * bytes.len() as f64) as usize);
        read_anything(&bytes);
    }
}
