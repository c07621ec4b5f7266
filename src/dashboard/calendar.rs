//! The platform calendar (活动日历) the plans revolve around: events marked on the charts.

use crate::domain::YearMonth;

/// A yearly platform event: month, day, translation key.
pub const EVENTS: [(u32, u32, &str); 6] = [
    (1, 15, "event-new-year-goods"),
    (3, 8, "event-queens-day"),
    (6, 18, "event-618"),
    (9, 9, "event-99"),
    (11, 11, "event-double-11"),
    (12, 12, "event-double-12"),
];

/// The events falling in `months`: (index of the month, fraction of the month, key).
pub fn events_in(months: &[YearMonth]) -> Vec<(usize, f64, &'static str)> {
    months
        .iter()
        .enumerate()
        .flat_map(|(i, m)| {
            EVENTS
                .iter()
                .filter(move |(month, _, _)| *month == m.month())
                .map(move |(_, day, key)| (i, (*day as f64 - 0.5) / m.days() as f64, *key))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_eleven_falls_a_third_into_november() {
        let months = [
            YearMonth::parse("2027-10").unwrap(),
            YearMonth::parse("2027-11").unwrap(),
        ];
        let found = events_in(&months);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 1);
        assert!((found[0].1 - 10.5 / 30.0).abs() < 1e-9);
        assert_eq!(found[0].2, "event-double-11");
    }
}
