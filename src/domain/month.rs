//! Calendar months (`"2027-03"`), the unit of plans, targets and budgets.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

use crate::i18n::Msg;

/// A month of the calendar. Orders by time; JSON and `Display` give `"YYYY-MM"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    /// The month, or `None` when `month` is not 1–12 or the year has not four digits.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((1000..=9999).contains(&year) && (1..=12).contains(&month)).then_some(Self { year, month })
    }

    /// Reads `"YYYY-MM"` as the contract writes months (`"2027-03"`).
    pub fn parse(text: &str) -> Result<Self, Msg> {
        let invalid = || Msg::new("domain-month-invalid").arg("input", text.trim());
        let (year, month) = text.trim().split_once('-').ok_or_else(invalid)?;
        let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(month, 2) {
            return Err(invalid());
        }
        let year = year.parse().map_err(|_| invalid())?;
        let month = month.parse().map_err(|_| invalid())?;
        Self::new(year, month).ok_or_else(invalid)
    }

    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    /// 1 for January.
    pub fn month(&self) -> u32 {
        self.month
    }

    /// The next month.
    pub fn succ(&self) -> Self {
        self.plus_months(1)
    }

    /// The previous month.
    pub fn pred(&self) -> Self {
        self.plus_months(-1)
    }

    /// The month `count` months later (earlier when negative).
    pub fn plus_months(&self, count: i32) -> Self {
        let index = self.index() + i64::from(count);
        Self {
            year: index.div_euclid(12) as i32,
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    /// How many months from `self` to `later`: 0 for the same month, negative when `later`
    /// comes first.
    pub fn months_until(&self, later: YearMonth) -> i64 {
        later.index() - self.index()
    }

    /// The months from `first` to `last`, both included; empty when `last` is before `first`.
    pub fn range(first: YearMonth, last: YearMonth) -> impl Iterator<Item = YearMonth> {
        let count = first.months_until(last) + 1;
        (0..count.max(0)).map(move |i| first.plus_months(i as i32))
    }

    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a valid month has a first day")
    }

    pub fn last_day(&self) -> NaiveDate {
        self.first_day() + Months::new(1) - chrono::Days::new(1)
    }

    /// Days in the month: 28 to 31.
    pub fn days(&self) -> u32 {
        self.last_day().day()
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        Self::of(date) == *self
    }

    /// Whether the month shares at least one day with the dates `start..=end`.
    pub fn overlaps(&self, start: NaiveDate, end: NaiveDate) -> bool {
        self.first_day() <= end && start <= self.last_day()
    }

    fn index(&self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for YearMonth {
    type Err = Msg;
    fn from_str(text: &str) -> Result<Self, Msg> {
        Self::parse(text)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Serializes a month stored as its first day (`2027-01-01`) as the month (`2027-01`), for
/// `#[serde(serialize_with)]` on rows read from the database.
pub fn serialize_first_day<S: Serializer>(
    first_day: &chrono::NaiveDate,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    YearMonth::of(*first_day).serialize(serializer)
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(|_| {
            de::Error::invalid_value(de::Unexpected::Str(&text), &"a month as YYYY-MM")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(text: &str) -> YearMonth {
        YearMonth::parse(text).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn parses_and_formats_the_contract_form() {
        assert_eq!(ym("2027-03").to_string(), "2027-03");
        assert_eq!(ym(" 2027-12 "), YearMonth::new(2027, 12).unwrap());
        for bad in [
            "2027-3",
            "2027-13",
            "2027-00",
            "27-03",
            "2027/03",
            "",
            "２０２７-03",
        ] {
            let msg = YearMonth::parse(bad).unwrap_err();
            assert_eq!(msg.key, "domain-month-invalid", "{bad}");
        }
    }

    #[test]
    fn steps_across_years() {
        assert_eq!(ym("2027-12").succ(), ym("2028-01"));
        assert_eq!(ym("2028-01").pred(), ym("2027-12"));
        assert_eq!(ym("2027-07").plus_months(18), ym("2029-01"));
        assert_eq!(ym("2027-07").months_until(ym("2028-04")), 9);
        assert_eq!(ym("2028-04").months_until(ym("2027-07")), -9);
        assert!(ym("2027-12") < ym("2028-01"));
    }

    #[test]
    fn ranges_include_both_ends() {
        let half_year: Vec<_> = YearMonth::range(ym("2027-07"), ym("2027-12")).collect();
        assert_eq!(half_year.len(), 6);
        assert_eq!(half_year[5], ym("2027-12"));
        assert_eq!(YearMonth::range(ym("2027-07"), ym("2027-07")).count(), 1);
        assert_eq!(YearMonth::range(ym("2027-07"), ym("2027-06")).count(), 0);
    }

    #[test]
    fn knows_its_days() {
        assert_eq!(ym("2028-02").days(), 29);
        assert_eq!(ym("2027-02").days(), 28);
        assert_eq!(ym("2027-12").last_day(), date(2027, 12, 31));
        assert_eq!(ym("2027-04").first_day(), date(2027, 4, 1));
        assert!(ym("2027-10").contains(date(2027, 10, 30)));
        assert!(!ym("2027-10").contains(date(2027, 11, 1)));
        assert!(ym("2027-10").overlaps(date(2027, 9, 1), date(2027, 10, 1)));
        assert!(!ym("2027-10").overlaps(date(2027, 11, 1), date(2027, 12, 1)));
        assert_eq!(YearMonth::of(date(2028, 1, 20)), ym("2028-01"));
    }

    #[test]
    fn serializes_as_the_string() {
        assert_eq!(
            serde_json::to_string(&ym("2027-01")).unwrap(),
            "\"2027-01\""
        );
        let month: YearMonth = serde_json::from_str("\"2027-06\"").unwrap();
        assert_eq!(month, ym("2027-06"));
        assert!(serde_json::from_str::<YearMonth>("\"2027-6\"").is_err());
    }
}
