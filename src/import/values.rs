//! Reading one cell as a date, a count or an amount of money, by hand and without
//! allocating for the plain forms, since a file may have a million rows.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::table::Cell;
use crate::domain::number::parse_decimal;

/// Why a cell could not be read as the value its column needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bad {
    NotDate,
    NotNumber,
    NotWhole,
    Negative,
    TooLarge,
    ExcelError,
}

/// The largest count accepted: it fits a PostgreSQL `integer` column whatever the schema.
pub const MAX_COUNT: i64 = i32::MAX as i64;

/// The largest amount of money accepted: the largest `NUMERIC(18,2)` holds,
/// 9999999999999999.99 (the 96-bit mantissa's low and middle words, scale 2).
pub const MAX_MONEY: Decimal = Decimal::from_parts(2_808_348_671, 232_830_643, 0, false, 2);

/// A date cell; `Ok(None)` when blank.
pub(crate) fn date(cell: Cell<'_>) -> Result<Option<NaiveDate>, Bad> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Text(bytes) => match iso_date(bytes) {
            Some(date) => Ok(Some(date)),
            None if is_blank(bytes) => Ok(None),
            None => as_str(bytes)
                .and_then(parse_date)
                .map(Some)
                .ok_or(Bad::NotDate),
        },
        Cell::Date(date) => Ok(Some(date)),
        Cell::Number(n) => date_from_number(n).map(Some).ok_or(Bad::NotDate),
        Cell::Error(_) => Err(Bad::ExcelError),
    }
}

/// A whole, non-negative number; `Ok(None)` when blank.
pub(crate) fn count(cell: Cell<'_>) -> Result<Option<i64>, Bad> {
    let value = match cell {
        Cell::Empty => return Ok(None),
        Cell::Text(bytes) => {
            if let Some(n) = plain_integer(bytes) {
                return if n > MAX_COUNT {
                    Err(Bad::TooLarge)
                } else {
                    Ok(Some(n))
                };
            }
            if is_blank(bytes) {
                return Ok(None);
            }
            let plain = plain_decimal(bytes).map(|(d, _)| d);
            plain
                .or_else(|| slow_decimal(bytes))
                .ok_or(Bad::NotNumber)?
        }
        Cell::Number(n) => decimal_from_f64(n).ok_or(Bad::NotNumber)?,
        Cell::Date(_) => return Err(Bad::NotNumber),
        Cell::Error(_) => return Err(Bad::ExcelError),
    };
    check_sign_and_size(value, Decimal::from(MAX_COUNT))?;
    if !value.is_integer() {
        return Err(Bad::NotWhole);
    }
    value.to_i64().map(Some).ok_or(Bad::TooLarge)
}

/// A non-negative amount of money; `Ok(None)` when blank.
pub(crate) fn money(cell: Cell<'_>) -> Result<Option<Decimal>, Bad> {
    let value = match cell {
        Cell::Empty => return Ok(None),
        Cell::Text(bytes) => match plain_decimal(bytes) {
            // Fewer than sixteen digits before the point cannot exceed the maximum.
            Some((d, whole_digits)) if whole_digits < 16 => return Ok(Some(d)),
            Some((d, _)) => d,
            None if is_blank(bytes) => return Ok(None),
            None => slow_decimal(bytes).ok_or(Bad::NotNumber)?,
        },
        Cell::Number(n) => decimal_from_f64(n).ok_or(Bad::NotNumber)?,
        Cell::Date(_) => return Err(Bad::NotNumber),
        Cell::Error(_) => return Err(Bad::ExcelError),
    };
    check_sign_and_size(value, MAX_MONEY)?;
    Ok(Some(value))
}

fn as_str(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok()
}

/// Empty or only spaces (full-width ones too).
pub(crate) fn is_blank(bytes: &[u8]) -> bool {
    bytes.trim_ascii().is_empty() || as_str(bytes).is_some_and(|s| s.trim().is_empty())
}

/// Every other way of writing a number that `parse_decimal` accepts.
fn slow_decimal(bytes: &[u8]) -> Option<Decimal> {
    as_str(bytes).and_then(parse_decimal)
}

fn check_sign_and_size(value: Decimal, max: Decimal) -> Result<(), Bad> {
    if value.is_sign_negative() && !value.is_zero() {
        Err(Bad::Negative)
    } else if value > max {
        Err(Bad::TooLarge)
    } else {
        Ok(())
    }
}

/// `2027-01-05` exactly: the common case, read without splitting.
fn iso_date(bytes: &[u8]) -> Option<NaiveDate> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *bytes else {
        return None;
    };
    let number = |digits: &[u8]| plain_integer(digits);
    ymd(
        number(&[y1, y2, y3, y4])?,
        number(&[m1, m2])?,
        number(&[d1, d2])?,
    )
}

/// Digits only, at most 18 of them: the common case, read without `parse_decimal`.
fn plain_integer(bytes: &[u8]) -> Option<i64> {
    if bytes.is_empty() || bytes.len() > 18 {
        return None;
    }
    bytes.iter().try_fold(0i64, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
    })
}

/// `123`, `123.45` or `12,345.60`, and the number of digits before the point: the common
/// forms. `parse_decimal` gives the same value (it drops commas too); this only skips its
/// normalising copy. Anything else (signs, spaces, currency) goes to `parse_decimal`.
fn plain_decimal(bytes: &[u8]) -> Option<(Decimal, usize)> {
    let mut buf = [0u8; 32];
    let (mut len, mut whole_digits, mut point) = (0, 0, None);
    for &b in bytes {
        match b {
            b',' => continue,
            b'0'..=b'9' if point.is_none() => whole_digits += 1,
            b'0'..=b'9' => {}
            b'.' if point.is_none() => point = Some(len),
            _ => return None,
        }
        *buf.get_mut(len)? = b;
        len += 1;
    }
    if whole_digits == 0 || point.is_some_and(|p| p + 1 == len) {
        return None;
    }
    let plain = std::str::from_utf8(&buf[..len]).ok()?;
    Some((Decimal::from_str(plain).ok()?, whole_digits))
}

/// A workbook number as Excel shows it: to 15 significant digits, so that the binary
/// float `9469.440000000001` reads as `9469.44`.
pub(crate) fn decimal_from_f64(n: f64) -> Option<Decimal> {
    if !n.is_finite() {
        return None;
    }
    Decimal::from_scientific(&format!("{n:.14e}"))
        .ok()
        .map(|d| d.normalize())
}

/// Reads `2027-01-05`, `2027/1/5`, `2027.1.5`, `20270105` and `2027年1月5日`, ignoring a time
/// of day after a space or `T` (`2027-01-05 00:00:00`).
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let (day, time) = text.split_once([' ', 'T']).unwrap_or((text, ""));
    if !time
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
    {
        return None;
    }
    let bytes = day.as_bytes();
    if bytes.len() == 8
        && let Some(n) = plain_integer(bytes)
    {
        return ymd(n / 10_000, n / 100 % 100, n % 100);
    }
    if let Some(rest) = day.strip_suffix('日') {
        let (year, rest) = rest.split_once('年')?;
        let (month, day) = rest.split_once('月')?;
        return ymd_text(year, month, day);
    }
    let separator = *bytes.get(4)?;
    if !matches!(separator, b'-' | b'/' | b'.') {
        return None;
    }
    let mut parts = day.split(char::from(separator));
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    ymd_text(year, month, day)
}

fn ymd_text(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    let short = |s: &str| (1..=2).contains(&s.len());
    if year.len() != 4 || !short(month) || !short(day) {
        return None;
    }
    let number = |s: &str| plain_integer(s.as_bytes());
    ymd(number(year)?, number(month)?, number(day)?)
}

fn ymd(year: i64, month: i64, day: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )
}

/// A number in a workbook's date column: `20270105` typed as a number, or an Excel serial
/// day (days since 1899-12-30; `46388` is 2027-01-01).
fn date_from_number(n: f64) -> Option<NaiveDate> {
    if !(1.0..1e8).contains(&n) || n.fract() != 0.0 {
        return None;
    }
    let n = n as i64;
    if n >= 10_000_000 {
        return ymd(n / 10_000, n / 100 % 100, n % 100);
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_signed(chrono::TimeDelta::try_days(n)?)
}

/// A cell's value as the person sees it, for messages; long text is cut.
pub(crate) fn shown(cell: Cell<'_>) -> String {
    const MAX_CHARS: usize = 40;
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(bytes) => {
            let text = String::from_utf8_lossy(bytes);
            let text = text.trim();
            match text.char_indices().nth(MAX_CHARS) {
                Some((cut, _)) => format!("{}…", &text[..cut]),
                None => text.to_string(),
            }
        }
        Cell::Number(n) => n.to_string(),
        Cell::Date(d) => d.to_string(),
        Cell::Error(e) => e.to_string(),
    }
}

#[cfg(test)]
mod tests;
