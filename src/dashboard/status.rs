//! The colour of a figure: on track, at risk or behind its target, by the organization's
//! thresholds (default: at least 100% on track, at least 90% at risk). Spend reads the other
//! way: spending less than budget is on track.

use rust_decimal::Decimal;

/// Where a figure stands against its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    OnTrack,
    AtRisk,
    Behind,
}

impl Status {
    /// The CSS class and translation key suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::Behind => "behind",
        }
    }
}

/// The organization's thresholds, as shares of the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    pub on_track: Decimal,
    pub at_risk: Decimal,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            on_track: Decimal::ONE,
            at_risk: Decimal::new(9, 1),
        }
    }
}

impl Thresholds {
    /// A figure where more is better (sales, UV, conversion, AOV, ROI).
    pub fn of(&self, actual: Decimal, target: Decimal) -> Option<Status> {
        if target <= Decimal::ZERO {
            return None;
        }
        let share = actual / target;
        Some(if share >= self.on_track {
            Status::OnTrack
        } else if share >= self.at_risk {
            Status::AtRisk
        } else {
            Status::Behind
        })
    }

    /// Spend against budget, where less is better: as far over budget as the at-risk band is
    /// below target is still at risk.
    pub fn of_spend(&self, spend: Decimal, budget: Decimal) -> Option<Status> {
        if budget <= Decimal::ZERO {
            return None;
        }
        let share = spend / budget;
        Some(if share <= Decimal::TWO - self.on_track {
            Status::OnTrack
        } else if share <= Decimal::TWO - self.at_risk {
            Status::AtRisk
        } else {
            Status::Behind
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn figures_read_against_the_default_thresholds() {
        let t = Thresholds::default();
        assert_eq!(t.of(dec!(100), dec!(100)), Some(Status::OnTrack));
        assert_eq!(t.of(dec!(95), dec!(100)), Some(Status::AtRisk));
        assert_eq!(t.of(dec!(89.9), dec!(100)), Some(Status::Behind));
        assert_eq!(t.of(dec!(5), dec!(0)), None);
    }

    #[test]
    fn spend_reads_the_other_way() {
        let t = Thresholds::default();
        assert_eq!(t.of_spend(dec!(80), dec!(100)), Some(Status::OnTrack));
        assert_eq!(t.of_spend(dec!(105), dec!(100)), Some(Status::AtRisk));
        assert_eq!(t.of_spend(dec!(120), dec!(100)), Some(Status::Behind));
    }
}
