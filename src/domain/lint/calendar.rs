//! Rules 6 and 8: phases that overlap or run backwards, milestones outside their phase, targets
//! and budgets outside the plan's months, and a platform group-buy (聚划算) in the launch phase.

use super::{PhaseSpec, PlanSpec, Subject, Warning, WarningCode};
use crate::domain::kinds::{PLATFORM_ACTIVITY_CATEGORY, PhaseKind};
use crate::i18n::Msg;

/// What a milestone title says when it is a group-buy.
const GROUP_BUY_WORDS: [&str; 6] = [
    "聚划算",
    "团购",
    "juhuasuan",
    "group-buy",
    "group buy",
    "groupbuy",
];

/// Rule 6.
pub(super) fn check_calendar(plan: &PlanSpec, warnings: &mut Vec<Warning>) {
    check_phase_dates(plan, warnings);
    check_overlaps(plan, warnings);
    check_milestones(plan, warnings);
    check_months(plan, warnings);
}

fn check_phase_dates(plan: &PlanSpec, warnings: &mut Vec<Warning>) {
    for (index, phase) in plan.phases.iter().enumerate() {
        let subject = Subject::Phase { phase: index };
        if phase.end < phase.start {
            let msg = phase_msg("domain-lint-phase-ends-before-start", phase);
            warnings.push(Warning::new(
                WarningCode::PhaseEndsBeforeStart,
                subject,
                msg,
            ));
        } else if phase.start < plan.first_day() || phase.end > plan.last_day() {
            let msg = phase_msg("domain-lint-phase-outside-plan", phase)
                .arg("plan_start", plan.start_month)
                .arg("plan_end", plan.end_month);
            warnings.push(Warning::new(WarningCode::PhaseOutsidePlan, subject, msg));
        }
    }
}

/// Each overlapping pair once, reported on the later phase of the list. Gaps are fine.
fn check_overlaps(plan: &PlanSpec, warnings: &mut Vec<Warning>) {
    let valid: Vec<(usize, &PhaseSpec)> = plan
        .phases
        .iter()
        .enumerate()
        .filter(|(_, phase)| phase.start <= phase.end)
        .collect();
    for (position, &(_, listed_first)) in valid.iter().enumerate() {
        for &(index, listed_later) in &valid[position + 1..] {
            if listed_first.start <= listed_later.end && listed_later.start <= listed_first.end {
                let msg = phase_msg("domain-lint-phases-overlap", listed_later)
                    .arg("other", listed_first.kind.as_str())
                    .arg("other_start", listed_first.start)
                    .arg("other_end", listed_first.end);
                let subject = Subject::Phase { phase: index };
                warnings.push(Warning::new(WarningCode::PhasesOverlap, subject, msg));
            }
        }
    }
}

fn check_milestones(plan: &PlanSpec, warnings: &mut Vec<Warning>) {
    for (phase_index, phase) in plan.phases.iter().enumerate() {
        if phase.end < phase.start {
            continue;
        }
        for (index, milestone) in phase.milestones.iter().enumerate() {
            let Some(due) = milestone.due else {
                continue;
            };
            if due < phase.start || due > phase.end {
                let msg = phase_msg("domain-lint-milestone-outside-phase", phase)
                    .arg("title", &milestone.title)
                    .arg("due", due);
                let subject = Subject::Milestone {
                    phase: phase_index,
                    milestone: index,
                };
                warnings.push(Warning::new(
                    WarningCode::MilestoneOutsidePhase,
                    subject,
                    msg,
                ));
            }
        }
    }
}

/// Targets and budget lines for months the plan does not cover.
fn check_months(plan: &PlanSpec, warnings: &mut Vec<Warning>) {
    let plan_msg = |key: &'static str| {
        Msg::new(key)
            .arg("plan_start", plan.start_month)
            .arg("plan_end", plan.end_month)
    };
    for target in plan.targets.iter().filter(|t| !plan.covers(t.month)) {
        let msg = plan_msg("domain-lint-target-outside-plan").arg("month", target.month);
        let subject = Subject::Month {
            month: target.month,
        };
        warnings.push(Warning::new(WarningCode::TargetOutsidePlan, subject, msg));
    }
    for budget in plan.budgets.iter().filter(|b| !plan.covers(b.month)) {
        let msg = plan_msg("domain-lint-budget-outside-plan")
            .arg("month", budget.month)
            .arg("category", &budget.category)
            .arg("amount", budget.amount.grouped());
        let subject = Subject::Month {
            month: budget.month,
        };
        warnings.push(Warning::new(WarningCode::BudgetOutsidePlan, subject, msg));
    }
}

/// Rule 8: platform-activity budgets in months the launch phase touches, and launch milestones
/// that name a group-buy.
pub(super) fn check_group_buys(plan: &PlanSpec, warnings: &mut Vec<Warning>) {
    for (index, phase) in plan.phases.iter().enumerate() {
        if phase.kind == PhaseKind::Launch && phase.start <= phase.end {
            check_group_buy_budgets(plan, phase, warnings);
            check_group_buy_milestones(index, phase, warnings);
        }
    }
}

fn check_group_buy_budgets(plan: &PlanSpec, launch: &PhaseSpec, warnings: &mut Vec<Warning>) {
    let group_buys = plan.budgets.iter().filter(|budget| {
        budget.category == PLATFORM_ACTIVITY_CATEGORY
            && !budget.amount.is_zero()
            && budget.month.overlaps(launch.start, launch.end)
    });
    for budget in group_buys {
        let msg = phase_msg("domain-lint-group-buy-budget-in-launch", launch)
            .arg("month", budget.month)
            .arg("amount", budget.amount.grouped());
        let subject = Subject::Month {
            month: budget.month,
        };
        warnings.push(Warning::new(WarningCode::GroupBuyInLaunch, subject, msg));
    }
}

fn check_group_buy_milestones(phase: usize, launch: &PhaseSpec, warnings: &mut Vec<Warning>) {
    for (milestone, item) in launch.milestones.iter().enumerate() {
        if names_group_buy(&item.title) {
            let msg =
                Msg::new("domain-lint-group-buy-milestone-in-launch").arg("title", &item.title);
            let subject = Subject::Milestone { phase, milestone };
            warnings.push(Warning::new(WarningCode::GroupBuyInLaunch, subject, msg));
        }
    }
}

fn names_group_buy(title: &str) -> bool {
    let title = title.to_lowercase();
    GROUP_BUY_WORDS.iter().any(|word| title.contains(word))
}

/// A message about `phase`, with its kind, first and last day as `phase`, `start` and `end`.
fn phase_msg(key: &'static str, phase: &PhaseSpec) -> Msg {
    Msg::new(key)
        .arg("phase", phase.kind.as_str())
        .arg("start", phase.start)
        .arg("end", phase.end)
}
