//! The demo's daily figures and spend: made up, deterministic (the same date always gives the
//! same numbers), shaped like a real shop's: weekends a little busier, the platform events
//! (99, 双11, 双12, 618) lifting traffic, conversion and order value wandering around the
//! month's level. Each month's level is the plan's target times how the story says the month
//! went, so the dashboards have something to explain.

use chrono::{Datelike, NaiveDate, Weekday};
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

use crate::domain::YearMonth;

/// How a month went against its target: factors on UV, conversion and AOV.
#[derive(Clone, Copy, Debug)]
pub struct Outcome {
    pub uv: f64,
    pub conversion: f64,
    pub aov: f64,
}

impl Outcome {
    pub const fn new(uv: f64, conversion: f64, aov: f64) -> Outcome {
        Outcome {
            uv,
            conversion,
            aov,
        }
    }
}

/// A month of a shop's story: the target's level and how the month went.
#[derive(Clone, Copy, Debug)]
pub struct MonthStory {
    pub month: YearMonth,
    /// Visitors over the month (the plan's target).
    pub uv: u64,
    pub conversion: f64,
    pub aov: f64,
    pub outcome: Outcome,
}

/// A spend line of the story: so much of a category in a month, spread over its days
/// (marketing) or paid on one day (the others), with the sales the channel reports.
#[derive(Clone, Copy, Debug)]
pub struct SpendStory {
    pub month: YearMonth,
    pub category: &'static str,
    pub amount: i64,
    /// Spend against budget (1.1 = ten per cent over).
    pub pace: f64,
    /// Attributed sales per yuan spent, for channels that report them.
    pub roi: Option<f64>,
    /// The day of the month a one-off payment is made; `None` spreads it over the days.
    pub paid_on: Option<u32>,
}

/// A number in [0, 1) from a seed and a date: the same inputs, the same number.
fn unit(seed: u64, day: NaiveDate, salt: u64) -> f64 {
    let mut x = seed
        ^ (day.num_days_from_ce() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ salt.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    // splitmix64
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// Noise around 1: 1 ± `spread`.
fn around(seed: u64, day: NaiveDate, salt: u64, spread: f64) -> f64 {
    1.0 + (unit(seed, day, salt) * 2.0 - 1.0) * spread
}

/// How much busier than an ordinary day a date is.
fn traffic_weight(day: NaiveDate) -> f64 {
    let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
    let base = if weekend { 1.12 } else { 1.0 };
    let event = match (day.month(), day.day()) {
        (11, 11) => 3.6,
        (11, 1..=10) => 1.5,
        (10, 24..=31) => 1.3,
        (12, 12) => 2.2,
        (6, 18) => 2.6,
        (6, 1..=17) => 1.25,
        (9, 9) => 1.6,
        (3, 8) => 1.8,
        (1, 5..=20) => 1.15,
        _ => 1.0,
    };
    base * event
}

/// Conversion is higher on event days: people come to buy.
fn conversion_weight(day: NaiveDate) -> f64 {
    match (day.month(), day.day()) {
        (11, 11) | (6, 18) | (12, 12) => 1.35,
        (11, 1..=10) => 0.9,
        _ => 1.0,
    }
}

/// One day's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct DayFigures {
    pub date: NaiveDate,
    pub uv: i64,
    pub pv: i64,
    pub buyers: i64,
    pub orders: i64,
    pub sales: Decimal,
    pub refunds: Decimal,
}

fn money(x: f64) -> Decimal {
    Decimal::from_f64((x * 100.0).round() / 100.0)
        .unwrap_or_default()
        .round_dp(2)
}

/// The days of the story from `from` to `to` (both included), for months the story covers.
pub fn days(seed: u64, story: &[MonthStory], from: NaiveDate, to: NaiveDate) -> Vec<DayFigures> {
    let mut out = Vec::new();
    for m in story {
        let first = m.month.first_day().max(from);
        let last = m.month.last_day().min(to);
        if first > last {
            continue;
        }
        let all: Vec<NaiveDate> = m
            .month
            .first_day()
            .iter_days()
            .take_while(|d| *d <= m.month.last_day())
            .collect();
        let total_weight: f64 = all.iter().map(|d| traffic_weight(*d)).sum();
        for day in all.into_iter().filter(|d| first <= *d && *d <= last) {
            let uv = (m.uv as f64 * m.outcome.uv * traffic_weight(day) / total_weight
                * around(seed, day, 1, 0.08))
            .round()
            .max(0.0);
            let conversion = m.conversion
                * m.outcome.conversion
                * conversion_weight(day)
                * around(seed, day, 2, 0.12);
            let buyers = (uv * conversion).round();
            let aov = m.aov * m.outcome.aov * around(seed, day, 3, 0.06);
            let sales = buyers * aov;
            out.push(DayFigures {
                date: day,
                uv: uv as i64,
                pv: (uv * 3.1 * around(seed, day, 4, 0.15)).round() as i64,
                buyers: buyers as i64,
                orders: (buyers * 1.07 * around(seed, day, 5, 0.03)).round() as i64,
                sales: money(sales),
                refunds: money(sales * 0.035 * around(seed, day, 6, 0.6)),
            });
        }
    }
    out
}

/// One spend entry.
#[derive(Clone, Debug, PartialEq)]
pub struct SpendEntry {
    pub date: NaiveDate,
    pub category: &'static str,
    pub amount: Decimal,
    pub attributed_sales: Option<Decimal>,
}

/// The spend of the story from `from` to `to`.
pub fn spend(seed: u64, lines: &[SpendStory], from: NaiveDate, to: NaiveDate) -> Vec<SpendEntry> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let salt = 100 + i as u64;
        match line.paid_on {
            Some(day) => {
                let Some(date) = line.month.first_day().with_day(day) else {
                    continue;
                };
                if from <= date && date <= to {
                    out.push(SpendEntry {
                        date,
                        category: line.category,
                        amount: money(line.amount as f64 * line.pace),
                        attributed_sales: None,
                    });
                }
            }
            None => {
                let days = line.month.days() as f64;
                for date in line
                    .month
                    .first_day()
                    .iter_days()
                    .take_while(|d| *d <= line.month.last_day())
                    .filter(|d| from <= *d && *d <= to)
                {
                    let amount =
                        line.amount as f64 * line.pace / days * around(seed, date, salt, 0.2);
                    out.push(SpendEntry {
                        date,
                        category: line.category,
                        amount: money(amount),
                        attributed_sales: line
                            .roi
                            .map(|r| money(amount * r * around(seed, date, salt + 50, 0.25))),
                    });
                }
            }
        }
    }
    out.sort_by_key(|e| e.date);
    out
}

/// The days as the CSV a 生意参谋 export becomes in English headers.
pub fn days_csv(days: &[DayFigures]) -> String {
    let mut out = String::from("date,uv,pv,buyers,orders,sales,refunds\n");
    for d in days {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            d.date, d.uv, d.pv, d.buyers, d.orders, d.sales, d.refunds
        ));
    }
    out
}

/// The spend as CSV with a category column.
pub fn spend_csv(entries: &[SpendEntry]) -> String {
    let mut out = String::from("date,category,amount,attributed_sales\n");
    for e in entries {
        out.push_str(&format!(
            "{},{},{},{}\n",
            e.date,
            e.category,
            e.amount,
            e.attributed_sales
                .map(|a| a.to_string())
                .unwrap_or_default()
        ));
    }
    out
}

/// Sums for a month, for checks.
pub fn month_sales(days: &[DayFigures], month: YearMonth) -> f64 {
    days.iter()
        .filter(|d| YearMonth::of(d.date) == month)
        .map(|d| d.sales.to_f64().unwrap_or(0.0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story() -> Vec<MonthStory> {
        vec![MonthStory {
            month: YearMonth::new(2026, 11).unwrap(),
            uv: 60_000,
            conversion: 0.025,
            aov: 200.0,
            outcome: Outcome::new(1.0, 1.0, 1.0),
        }]
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_same_dates_give_the_same_figures() {
        let a = days(7, &story(), day("2026-11-01"), day("2026-11-30"));
        let b = days(7, &story(), day("2026-11-10"), day("2026-11-12"));
        assert_eq!(a.len(), 30);
        assert_eq!(&a[9..12], &b[..]);
        assert_ne!(
            days(8, &story(), day("2026-11-10"), day("2026-11-10")),
            b[..1]
        );
    }

    #[test]
    fn a_month_lands_near_its_level() {
        let all = days(7, &story(), day("2026-11-01"), day("2026-11-30"));
        let uv: i64 = all.iter().map(|d| d.uv).sum();
        assert!((55_000..65_000).contains(&uv), "{uv}");
        let sales = month_sales(&all, YearMonth::new(2026, 11).unwrap());
        assert!((250_000.0..350_000.0).contains(&sales), "{sales}");
        let eleventh = &all[10];
        assert!(eleventh.uv > all[20].uv * 2, "双11 stands out");
        assert!(all.iter().all(|d| d.buyers <= d.uv && d.orders >= d.buyers));
    }

    #[test]
    fn spend_is_spread_or_paid_once() {
        let m = YearMonth::new(2026, 11).unwrap();
        let lines = [
            SpendStory {
                month: m,
                category: "ztc",
                amount: 30_000,
                pace: 1.0,
                roi: Some(3.5),
                paid_on: None,
            },
            SpendStory {
                month: m,
                category: "staff",
                amount: 25_000,
                pace: 1.0,
                roi: None,
                paid_on: Some(10),
            },
        ];
        let all = spend(3, &lines, day("2026-11-01"), day("2026-11-30"));
        assert_eq!(all.len(), 31);
        let ztc: f64 = all
            .iter()
            .filter(|e| e.category == "ztc")
            .map(|e| e.amount.to_f64().unwrap())
            .sum();
        assert!((27_000.0..33_000.0).contains(&ztc), "{ztc}");
        let staff: Vec<_> = all.iter().filter(|e| e.category == "staff").collect();
        assert_eq!(staff[0].date, day("2026-11-10"));
        assert_eq!(staff[0].amount, Decimal::from(25_000));
        let before = spend(3, &lines, day("2026-11-01"), day("2026-11-09"));
        assert!(before.iter().all(|e| e.category == "ztc"));
    }
}
