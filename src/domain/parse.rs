//! Reading what operators type into forms: amounts with Chinese units (`20万`, `1.5亿`), rates
//! (`3%`, `0.03`), ROI (`1:3`) and counts (`2.4万`). Every refusal says what to type instead.
//!
//! Unit suffixes, for money and counts alike: 万 or `w`/`W` = 10,000, 亿 = 100,000,000, 千 or
//! `k`/`K` = 1,000 (operators write budgets as `3k` as often as `3千`). A trailing 元 is allowed.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::money::Money;
use super::number::parse_decimal;
use super::rate::{Rate, Ratio};
use crate::i18n::Msg;

/// Amounts of yuan at or above this do not fit the database's `NUMERIC(18,2)`.
const MONEY_LIMIT: i64 = 10_000_000_000_000_000;

/// No shop counts ten billion visitors in a month; the cap keeps products of counts and amounts
/// far from `Decimal`'s range.
const COUNT_LIMIT: u64 = 10_000_000_000;

/// Reads a non-negative amount of yuan: `1,234.5`, `¥1,234`, `20万`, `20W`, `1.5亿`, `3k`,
/// `20万元`. Decimals beyond the fen are kept (rounding happens only at output).
pub fn parse_money(text: &str) -> Result<Money, Msg> {
    let invalid = || Msg::new("domain-money-invalid").arg("input", echo(text));
    let value = parse_with_unit(text).ok_or_else(invalid)?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(Msg::new("domain-money-negative").arg("input", echo(text)));
    }
    if value >= Decimal::from(MONEY_LIMIT) {
        return Err(Msg::new("domain-money-too-large").arg("input", echo(text)));
    }
    Ok(Money::new(value))
}

/// Reads a rate between 0% and 100%: `3%`, `3.05 %`, `３％`, `5‰`, or a fraction `0.03`.
/// A bare number above 1 (`3`) is refused as ambiguous rather than guessed: 3% or 300%?
pub fn parse_rate(text: &str) -> Result<Rate, Msg> {
    let invalid = || Msg::new("domain-rate-invalid").arg("input", echo(text));
    let trimmed = text.trim();
    let (number, divisor) = if let Some(rest) = trimmed.strip_suffix(['%', '％']) {
        (rest, Decimal::ONE_HUNDRED)
    } else if let Some(rest) = trimmed.strip_suffix('‰') {
        (rest, Decimal::ONE_THOUSAND)
    } else {
        (trimmed, Decimal::ONE)
    };
    let value = parse_decimal(number).ok_or_else(invalid)? / divisor;
    if divisor == Decimal::ONE && value > Decimal::ONE {
        return Err(Msg::new("domain-rate-ambiguous").arg("input", echo(text)));
    }
    if (value.is_sign_negative() && !value.is_zero()) || value > Decimal::ONE {
        return Err(Msg::new("domain-rate-out-of-range").arg("input", echo(text)));
    }
    Ok(Rate::new(value))
}

/// Reads an ROI (sales per yuan of marketing): `1:3`, `1：3`, `1比3`, `2:7` (= 3.5), or the
/// ratio alone, `3` or `3.5`. It must be above zero.
pub fn parse_roi(text: &str) -> Result<Ratio, Msg> {
    let invalid = || Msg::new("domain-roi-invalid").arg("input", echo(text));
    let ratio = match text.trim().split_once([':', '：', '比']) {
        Some((spend, sales)) => {
            let spend = parse_decimal(spend).ok_or_else(invalid)?;
            let sales = parse_decimal(sales).ok_or_else(invalid)?;
            if spend <= Decimal::ZERO {
                return Err(Msg::new("domain-roi-not-positive").arg("input", echo(text)));
            }
            sales.checked_div(spend).ok_or_else(invalid)?
        }
        None => parse_decimal(text).ok_or_else(invalid)?,
    };
    if ratio <= Decimal::ZERO {
        return Err(Msg::new("domain-roi-not-positive").arg("input", echo(text)));
    }
    Ok(Ratio::new(ratio))
}

/// Reads a whole, non-negative count such as visitors or buyers: `24,000`, `2.4万`, `3k`.
pub fn parse_count(text: &str) -> Result<u64, Msg> {
    let invalid = || Msg::new("domain-count-invalid").arg("input", echo(text));
    let value = parse_with_unit(text).ok_or_else(invalid)?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(invalid());
    }
    if value.fract() != Decimal::ZERO {
        return Err(Msg::new("domain-count-not-whole")
            .arg("input", echo(text))
            .arg("value", value.normalize()));
    }
    match value.to_u64() {
        Some(count) if count <= COUNT_LIMIT => Ok(count),
        _ => Err(Msg::new("domain-count-too-large").arg("input", echo(text))),
    }
}

/// A number with an optional unit suffix and trailing 元, multiplied out.
fn parse_with_unit(text: &str) -> Option<Decimal> {
    let text = text.trim();
    let text = text.strip_suffix('元').unwrap_or(text).trim_end();
    let (number, unit) = match text.chars().last()? {
        '万' | 'w' | 'W' | 'ｗ' | 'Ｗ' => (text, Decimal::from(10_000)),
        '亿' => (text, Decimal::from(100_000_000)),
        '千' | 'k' | 'K' | 'ｋ' | 'Ｋ' => (text, Decimal::ONE_THOUSAND),
        _ => return parse_decimal(text),
    };
    let mut chars = number.chars();
    chars.next_back();
    parse_decimal(chars.as_str())?.checked_mul(unit)
}

/// The input as it may be quoted back in a message: trimmed, and cut if very long.
fn echo(text: &str) -> String {
    const MAX_CHARS: usize = 40;
    let text = text.trim();
    match text.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests;
