//! Writing validated rows as PostgreSQL `COPY … FROM STDIN` text: tab-separated, `\N` for
//! NULL, one row per line. Numbers and dates are formatted by hand, without `fmt`.

use std::fmt::{self, Display, Write as _};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::{ActualRow, SpendRow};

/// The columns [`write_actual`] writes after the caller's leading ones, in order.
pub const ACTUAL_COLUMNS: &[&str] = &["date", "uv", "buyers", "orders", "sales", "refunds", "pv"];

/// The columns [`write_spend`] writes after the caller's leading ones, in order.
pub const SPEND_COLUMNS: &[&str] = &["date", "category", "amount", "attributed_sales"];

/// The caller's leading columns (tenant, shop, import …), escaped once for every row.
#[derive(Clone, Debug, Default)]
pub struct CopyPrefix {
    bytes: Vec<u8>,
}

impl CopyPrefix {
    /// Escapes the values for COPY text and joins them with tabs.
    pub fn new(leading: &[&str]) -> Self {
        let mut bytes = Vec::new();
        for value in leading {
            escape_into(&mut bytes, value);
            bytes.push(b'\t');
        }
        Self { bytes }
    }
}

/// Appends one actuals row: the prefix's columns, then [`ACTUAL_COLUMNS`].
pub fn write_actual(buf: &mut Vec<u8>, prefix: &CopyPrefix, row: &ActualRow) {
    buf.extend_from_slice(&prefix.bytes);
    write_date(buf, row.date);
    buf.push(b'\t');
    write_int(buf, row.uv);
    buf.push(b'\t');
    write_int(buf, row.buyers);
    buf.push(b'\t');
    write_opt(buf, row.orders, write_int);
    buf.push(b'\t');
    write_decimal(buf, row.sales);
    buf.push(b'\t');
    write_opt(buf, row.refunds, write_decimal);
    buf.push(b'\t');
    write_opt(buf, row.pv, write_int);
    buf.push(b'\n');
}

/// Appends one spend row: the prefix's columns, then [`SPEND_COLUMNS`]; the category is
/// written with its `Display` (an id, say).
pub fn write_spend<C: Display>(buf: &mut Vec<u8>, prefix: &CopyPrefix, row: &SpendRow<C>) {
    buf.extend_from_slice(&prefix.bytes);
    write_date(buf, row.date);
    buf.push(b'\t');
    // Writing into a Vec cannot fail.
    let _ = write!(Escaped(buf), "{}", row.category);
    buf.push(b'\t');
    write_decimal(buf, row.amount);
    buf.push(b'\t');
    write_opt(buf, row.attributed_sales, write_decimal);
    buf.push(b'\n');
}

fn write_opt<T>(buf: &mut Vec<u8>, value: Option<T>, write: fn(&mut Vec<u8>, T)) {
    match value {
        Some(value) => write(buf, value),
        None => buf.extend_from_slice(b"\\N"),
    }
}

/// COPY text's escapes: a backslash, and the characters that end a field or a row.
fn escape_into(buf: &mut Vec<u8>, text: &str) {
    for &b in text.as_bytes() {
        match b {
            b'\\' => buf.extend_from_slice(b"\\\\"),
            b'\t' => buf.extend_from_slice(b"\\t"),
            b'\n' => buf.extend_from_slice(b"\\n"),
            b'\r' => buf.extend_from_slice(b"\\r"),
            _ => buf.push(b),
        }
    }
}

struct Escaped<'b>(&'b mut Vec<u8>);

impl fmt::Write for Escaped<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        escape_into(self.0, s);
        Ok(())
    }
}

fn write_date(buf: &mut Vec<u8>, date: NaiveDate) {
    let (year, month, day) = (date.year(), date.month(), date.day());
    if !(0..=9999).contains(&year) {
        // Outside what ISO's four digits hold; PostgreSQL reads chrono's form too.
        let _ = write!(Escaped(buf), "{date}");
        return;
    }
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let y = year.unsigned_abs();
    buf.extend_from_slice(&[
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ]);
}

fn write_int(buf: &mut Vec<u8>, n: i64) {
    write_digits(buf, i128::from(n), 0);
}

fn write_decimal(buf: &mut Vec<u8>, d: Decimal) {
    write_digits(buf, d.mantissa(), d.scale());
}

/// Writes `mantissa × 10^-scale` in plain notation (`-12.50`, `0.05`).
fn write_digits(buf: &mut Vec<u8>, mantissa: i128, scale: u32) {
    if mantissa < 0 {
        buf.push(b'-');
    }
    let magnitude = mantissa.unsigned_abs();
    let mut digits = Digits::new(scale);
    // 128-bit division is done in software: use 64 bits whenever the value fits, as money does.
    match u64::try_from(magnitude) {
        Ok(mut rest) => {
            while rest > 0 || digits.needs_more() {
                digits.push((rest % 10) as u8);
                rest /= 10;
            }
        }
        Err(_) => {
            let mut rest = magnitude;
            while rest > 0 || digits.needs_more() {
                digits.push((rest % 10) as u8);
                rest /= 10;
            }
        }
    }
    buf.extend_from_slice(digits.written());
}

/// Decimal digits written right to left, with the point placed `scale` digits from the end.
struct Digits {
    bytes: [u8; 42],
    at: usize,
    count: u32,
    scale: u32,
}

impl Digits {
    fn new(scale: u32) -> Self {
        Self {
            bytes: [0; 42],
            at: 42,
            count: 0,
            scale,
        }
    }

    /// A leading zero is still due (`0.05`).
    fn needs_more(&self) -> bool {
        self.count <= self.scale
    }

    fn push(&mut self, digit: u8) {
        if self.count == self.scale && self.scale > 0 {
            self.at -= 1;
            self.bytes[self.at] = b'.';
        }
        self.at -= 1;
        self.bytes[self.at] = b'0' + digit;
        self.count += 1;
    }

    fn written(&self) -> &[u8] {
        &self.bytes[self.at..]
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn numbers_are_written_plainly() {
        let cases = [
            (dec!(0), "0"),
            (dec!(0.05), "0.05"),
            (dec!(12.50), "12.50"),
            (dec!(-1234.5), "-1234.5"),
            (dec!(9469.44), "9469.44"),
            (Decimal::MAX, "79228162514264337593543950335"),
            (Decimal::MIN, "-79228162514264337593543950335"),
            (
                dec!(0.0000000000000000000000000001),
                "0.0000000000000000000000000001",
            ),
        ];
        for (value, text) in cases {
            let mut buf = Vec::new();
            write_decimal(&mut buf, value);
            assert_eq!(String::from_utf8_lossy(&buf), text);
            assert_eq!(text, value.to_string());
        }
        let mut buf = Vec::new();
        write_int(&mut buf, i64::MIN);
        assert_eq!(String::from_utf8_lossy(&buf), i64::MIN.to_string());
    }

    #[test]
    fn rows_become_copy_lines_with_escaped_prefixes_and_nulls() {
        let row = ActualRow {
            line: 5,
            date: NaiveDate::from_ymd_opt(2026, 4, 1).expect("date"),
            uv: 2043,
            buyers: 72,
            orders: None,
            sales: dec!(9469.44),
            refunds: Some(dec!(520.82)),
            pv: Some(6086),
        };
        let prefix = CopyPrefix::new(&["t1", "a\tb\\c\nd"]);
        let mut buf = Vec::new();
        write_actual(&mut buf, &prefix, &row);
        assert_eq!(
            String::from_utf8_lossy(&buf),
            "t1\ta\\tb\\\\c\\nd\t2026-04-01\t2043\t72\t\\N\t9469.44\t520.82\t6086\n"
        );
        let spend = SpendRow {
            line: 2,
            date: NaiveDate::from_ymd_opt(987, 1, 2).expect("date"),
            category: "ztc",
            amount: dec!(349.75),
            attributed_sales: None,
        };
        buf.clear();
        write_spend(&mut buf, &CopyPrefix::new(&[]), &spend);
        assert_eq!(
            String::from_utf8_lossy(&buf),
            "0987-01-02\tztc\t349.75\t\\N\n"
        );
    }
}
