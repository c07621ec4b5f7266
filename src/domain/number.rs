//! Reading numbers as people and spreadsheets write them.

use std::str::FromStr;

use rust_decimal::Decimal;

/// Parses a plain decimal number as typed in a form or exported by a spreadsheet: surrounding
/// spaces, thousands separators (`12,345.60`, full-width `１２，３４５`), a currency sign
/// (`¥`, `￥`, a trailing `元`), and accounting negatives (`(1,234.00)`). Returns `None` for
/// anything else, including an empty string. No unit multipliers or percent signs here:
/// see the callers that accept those.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let normalized: String = text
        .trim()
        .chars()
        .map(|c| match c {
            // Full-width digits and punctuation, as typed with a Chinese input method.
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '－' => '-',
            '＋' => '+',
            '（' => '(',
            '）' => ')',
            _ => c,
        })
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{a0}' | '_'))
        .collect();
    let mut s = normalized.as_str();
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner;
    }
    if let Some(rest) = s.strip_prefix('-') {
        negative = !negative;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    let s = s.trim_start_matches(['¥', '￥']);
    let s = s.strip_suffix('元').unwrap_or(s);
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    if s.starts_with('.') || s.ends_with('.') || s.matches('.').count() > 1 {
        return None;
    }
    let value = Decimal::from_str(s).ok()?;
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn reads_what_spreadsheets_export() {
        assert_eq!(parse_decimal("12,345.60"), Some(dec!(12345.60)));
        assert_eq!(parse_decimal(" 9469.44 "), Some(dec!(9469.44)));
        assert_eq!(parse_decimal("¥1,000"), Some(dec!(1000)));
        assert_eq!(parse_decimal("1000元"), Some(dec!(1000)));
        assert_eq!(parse_decimal("(1,234.00)"), Some(dec!(-1234.00)));
        assert_eq!(parse_decimal("-5"), Some(dec!(-5)));
        assert_eq!(parse_decimal("１２，３４５．６"), Some(dec!(12345.6)));
        assert_eq!(parse_decimal("0"), Some(dec!(0)));
    }

    #[test]
    fn refuses_what_is_not_a_plain_number() {
        for bad in [
            "", " ", "abc", "3.05%", "20万", "1.2.3", ".5", "5.", "--5", "1e5", "¥",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }
}
