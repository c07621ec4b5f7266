//! The template a new plan starts from: the four phases laid over its months with default
//! durations, each with its goal, exit criteria and standard milestones (domain.md, "Plans and
//! phases"), in the language of the person creating it. Everything is editable afterwards.

use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use crate::domain::{PhaseKind, YearMonth};
use crate::i18n::Lang;
use crate::plans::input::{ConditionInput, CriterionInput, MilestoneInput, PhaseInput};

/// How many months each phase gets: about a fifth each for preparation and launch, the rest
/// split between growth and mature. Plans of fewer than four months start later in the
/// sequence (an existing shop's quarter is growth and maturity, not preparation).
pub fn phase_months(months: i64) -> Vec<(PhaseKind, i64)> {
    use PhaseKind::*;
    match months {
        m if m < 1 => Vec::new(),
        1 => vec![(Growth, 1)],
        2 => vec![(Growth, 1), (Mature, 1)],
        3 => vec![(Launch, 1), (Growth, 1), (Mature, 1)],
        m => {
            let fifth = ((m as f64) * 0.2).round().max(1.0) as i64;
            let rest = m - 2 * fifth;
            let growth = (rest as f64 / 2.0).round().max(1.0) as i64;
            vec![
                (Preparation, fifth),
                (Launch, fifth),
                (Growth, growth),
                (Mature, rest - growth),
            ]
        }
    }
}

/// The standard milestones of a phase: their translation keys.
fn milestone_keys(kind: PhaseKind) -> &'static [&'static str] {
    match kind {
        PhaseKind::Preparation => &[
            "template-prep-application",
            "template-prep-deposit",
            "template-prep-team",
            "template-prep-products",
            "template-prep-storefront",
            "template-prep-targets",
        ],
        PhaseKind::Launch => &[
            "template-launch-campaign",
            "template-launch-main-item",
            "template-launch-ads-test",
            "template-launch-service",
        ],
        PhaseKind::Growth => &[
            "template-growth-best-seller",
            "template-growth-activities",
            "template-growth-year-plan",
            "template-growth-kpi",
        ],
        PhaseKind::Mature => &[
            "template-mature-aov",
            "template-mature-repeat",
            "template-mature-group-buy",
            "template-mature-meetings",
        ],
    }
}

fn checklist(lang: Lang, key: &str) -> CriterionInput {
    CriterionInput {
        text: Value::String(lang.t(key)),
        ..CriterionInput::default()
    }
}

fn monthly_sales_at_least(lang: Lang, amount: u32) -> CriterionInput {
    CriterionInput {
        text: Value::String(lang.t_args(
            "template-criterion-sales",
            &[(
                "amount",
                &crate::domain::Money::yuan(amount.into()).grouped(),
            )],
        )),
        condition: Some(ConditionInput {
            metric: json!("sales"),
            comparator: json!(">="),
            threshold: json!(amount.to_string()),
        }),
        ..CriterionInput::default()
    }
}

/// The exit criteria of a phase (domain.md's typical ones).
fn criteria(kind: PhaseKind, lang: Lang) -> Vec<CriterionInput> {
    match kind {
        PhaseKind::Preparation => vec![
            checklist(lang, "template-criterion-store-live"),
            checklist(lang, "template-criterion-team-hired"),
        ],
        PhaseKind::Launch => vec![monthly_sales_at_least(lang, 100_000)],
        PhaseKind::Growth => vec![
            monthly_sales_at_least(lang, 300_000),
            checklist(lang, "template-criterion-top3"),
        ],
        PhaseKind::Mature => vec![
            checklist(lang, "template-criterion-best-sellers"),
            monthly_sales_at_least(lang, 500_000),
        ],
    }
}

fn goal_key(kind: PhaseKind) -> &'static str {
    match kind {
        PhaseKind::Preparation => "template-goal-preparation",
        PhaseKind::Launch => "template-goal-launch",
        PhaseKind::Growth => "template-goal-growth",
        PhaseKind::Mature => "template-goal-mature",
    }
}

/// Due dates spread evenly over the phase, the last on its final day.
fn due_dates(start: NaiveDate, end: NaiveDate, count: usize) -> Vec<NaiveDate> {
    let days = (end - start).num_days() + 1;
    (1..=count as i64)
        .map(|i| start + Days::new((days * i / count as i64 - 1).max(0) as u64))
        .collect()
}

/// The phases of a new plan over `start..=end`.
pub fn phases(start: YearMonth, end: YearMonth, lang: Lang) -> Vec<PhaseInput> {
    let mut month = start;
    phase_months(start.months_until(end) + 1)
        .into_iter()
        .map(|(kind, months)| {
            let first = month;
            let last = month.plus_months(months as i32 - 1);
            month = last.succ();
            let (start_date, end_date) = (first.first_day(), last.last_day());
            let keys = milestone_keys(kind);
            let milestones = keys
                .iter()
                .zip(due_dates(start_date, end_date, keys.len()))
                .map(|(key, due)| MilestoneInput {
                    title: Value::String(lang.t(key)),
                    due_on: json!(due.to_string()),
                    ..MilestoneInput::default()
                })
                .collect();
            PhaseInput {
                kind: json!(kind.as_str()),
                start_date: json!(start_date.to_string()),
                end_date: json!(end_date.to_string()),
                goal: Some(lang.t(goal_key(kind))),
                exit_criteria: criteria(kind, lang),
                milestones,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(s: &str) -> YearMonth {
        YearMonth::parse(s).unwrap()
    }

    #[test]
    fn phases_cover_every_month_without_overlap() {
        for months in 1..=36 {
            let parts = phase_months(months);
            assert_eq!(
                parts.iter().map(|(_, m)| m).sum::<i64>(),
                months,
                "{months}"
            );
            assert!(parts.iter().all(|(_, m)| *m >= 1), "{months}: {parts:?}");
            let kinds: Vec<_> = parts.iter().map(|(k, _)| *k).collect();
            let mut sorted = kinds.clone();
            sorted.sort();
            assert_eq!(kinds, sorted, "in phase order");
        }
        assert_eq!(
            phase_months(10).iter().map(|p| p.1).collect::<Vec<_>>(),
            [2, 2, 3, 3]
        );
    }

    #[test]
    fn the_template_lays_dated_phases_with_milestones_inside_them() {
        let phases = phases(ym("2027-07"), ym("2028-04"), Lang::ZhCn);
        assert_eq!(phases.len(), 4);
        assert_eq!(phases[0].start_date, json!("2027-07-01"));
        assert_eq!(phases[0].end_date, json!("2027-08-31"));
        assert_eq!(phases[3].end_date, json!("2028-04-30"));
        for p in &phases {
            let (start, end) = (p.start_date.as_str().unwrap(), p.end_date.as_str().unwrap());
            for m in &p.milestones {
                let due = m.due_on.as_str().unwrap();
                assert!(start <= due && due <= end, "{due} in {start}..{end}");
            }
        }
        assert_eq!(
            phases[1].exit_criteria[0]
                .condition
                .as_ref()
                .unwrap()
                .threshold,
            json!("100000")
        );
        assert!(
            phases[0].milestones[1]
                .title
                .as_str()
                .unwrap()
                .contains("保证金")
        );
    }
}
