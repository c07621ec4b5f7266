use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;
use crate::i18n::Lang;

fn ym(text: &str) -> YearMonth {
    YearMonth::parse(text).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn target(month: &str, uv: u64, conversion: Decimal, aov: i64) -> TargetSpec {
    TargetSpec {
        month: ym(month),
        uv,
        conversion: Rate::new(conversion),
        aov: Money::yuan(aov),
        stated_sales: None,
    }
}

fn budget(month: &str, category: &str, kind: CategoryKind, amount: i64) -> BudgetSpec {
    BudgetSpec {
        month: ym(month),
        category: category.to_string(),
        kind,
        amount: Money::yuan(amount),
    }
}

fn phase(kind: PhaseKind, start: &str, end: &str) -> PhaseSpec {
    PhaseSpec {
        kind,
        start: date(start),
        end: date(end),
        milestones: Vec::new(),
    }
}

fn milestone(title: &str, due: &str) -> MilestoneSpec {
    MilestoneSpec {
        title: title.to_string(),
        due: Some(date(due)),
    }
}

fn found(plan: &PlanSpec, code: WarningCode) -> Vec<Warning> {
    lint(plan).into_iter().filter(|w| w.code == code).collect()
}

fn arg<'a>(warning: &'a Warning, name: &str) -> &'a str {
    let found = warning.msg.args.iter().find(|(key, _)| *key == name);
    found.map(|(_, value)| value.as_str()).unwrap_or_default()
}

/// The tea company's half-year: 3,000,000 split 200k / 400k / 900k / 1,500k at 1% and AOV 100.
fn tea_company() -> PlanSpec {
    let mut plan = PlanSpec::new(ym("2027-03"), ym("2027-06"));
    plan.total_sales_target = Some(Money::yuan(3_000_000));
    plan.targets = vec![
        target("2027-03", 200_000, dec!(0.01), 100),
        target("2027-04", 400_000, dec!(0.01), 100),
        target("2027-05", 900_000, dec!(0.01), 100),
        target("2027-06", 1_500_000, dec!(0.01), 100),
    ];
    plan
}

/// The Tmall franchise store: four phases from July to April, with gaps between some.
fn tmall_franchise() -> PlanSpec {
    let mut plan = PlanSpec::new(ym("2027-07"), ym("2028-04"));
    plan.phases = vec![
        phase(PhaseKind::Preparation, "2027-07-01", "2027-08-31"),
        phase(PhaseKind::Launch, "2027-09-01", "2027-10-30"),
        phase(PhaseKind::Growth, "2027-11-01", "2028-01-20"),
        phase(PhaseKind::Mature, "2028-02-15", "2028-04-30"),
    ];
    plan.phases[1].milestones = vec![milestone("开业大促", "2027-09-15")];
    plan.phases[3].milestones = vec![milestone("聚划算报名", "2028-03-01")];
    plan
}

#[test]
fn rule_1_monthly_targets_must_add_up_to_the_total() {
    assert!(found(&tea_company(), WarningCode::TargetsDoNotSum).is_empty());
    let mut plan = tea_company();
    plan.targets[2].uv = 850_000;
    let warnings = found(&plan, WarningCode::TargetsDoNotSum);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].subject, Subject::Plan);
    assert_eq!(arg(&warnings[0], "sum"), "2,950,000.00");
    assert_eq!(arg(&warnings[0], "total"), "3,000,000.00");
}

#[test]
fn rule_1_compares_to_the_fen() {
    let mut plan = tea_company();
    plan.total_sales_target = Some(Money::new(dec!(3000000.01)));
    assert_eq!(found(&plan, WarningCode::TargetsDoNotSum).len(), 1);
}

#[test]
fn rule_2_catches_the_wedding_shops_february() {
    let mut plan = PlanSpec::new(ym("2027-01"), ym("2027-03"));
    let mut january = target("2027-01", 600 * 31, dec!(0.03), 101);
    january.stated_sales = Some(Money::yuan(1818 * 31));
    let mut february = target("2027-02", 1500 * 30, dec!(0.03), 110);
    february.stated_sales = Some(Money::yuan(3300 * 30));
    plan.targets = vec![january, february];
    let warnings = found(&plan, WarningCode::SalesNotDerived);
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        warnings[0].subject,
        Subject::Month {
            month: ym("2027-02")
        }
    );
    assert_eq!(arg(&warnings[0], "stated"), "99,000.00");
    assert_eq!(arg(&warnings[0], "derived"), "148,500.00");
    assert_eq!(arg(&warnings[0], "conversion"), "3%");
}

/// November of the Tmall store: 900,000 of target sales and 150,000 of 钻展.
fn november(zuanzhan: i64) -> PlanSpec {
    let mut plan = PlanSpec::new(ym("2027-07"), ym("2028-04"));
    plan.targets = vec![target("2027-11", 300_000, dec!(0.03), 100)];
    plan.budgets = vec![budget(
        "2027-11",
        "zuanzhan",
        CategoryKind::Marketing,
        zuanzhan,
    )];
    plan
}

#[test]
fn rule_3_an_roi_of_six_is_fine_in_a_band_of_three_to_five() {
    let mut plan = november(150_000);
    plan.roi_min = Some(Ratio::new(dec!(3)));
    plan.roi_max = Some(Ratio::new(dec!(5)));
    assert!(found(&plan, WarningCode::RoiBelowBand).is_empty());
    plan.budgets[0].amount = Money::yuan(400_000);
    let warnings = found(&plan, WarningCode::RoiBelowBand);
    let subjects: Vec<_> = warnings.iter().map(|w| w.subject).collect();
    assert_eq!(
        subjects,
        [
            Subject::Month {
                month: ym("2027-11")
            },
            Subject::Plan
        ]
    );
    assert_eq!(arg(&warnings[0], "roi"), "1:2.25");
    assert_eq!(arg(&warnings[0], "min"), "1:3");
}

#[test]
fn rule_3_the_same_budget_is_too_large_a_share_of_sales() {
    let mut plan = november(150_000);
    plan.max_marketing_share = Some(Rate::new(dec!(0.15)));
    let warnings = found(&plan, WarningCode::MarketingShareHigh);
    assert_eq!(warnings.len(), 2, "the month and the whole plan");
    assert_eq!(arg(&warnings[0], "share"), "16.67%");
    assert_eq!(arg(&warnings[0], "max"), "15%");
    plan.budgets[0].amount = Money::yuan(120_000);
    assert!(found(&plan, WarningCode::MarketingShareHigh).is_empty());
}

#[test]
fn rule_3_marketing_in_a_month_without_target_sales() {
    let mut plan = november(150_000);
    plan.budgets
        .push(budget("2027-08", "ztc", CategoryKind::Marketing, 30_000));
    plan.roi_min = Some(Ratio::new(dec!(3)));
    plan.max_marketing_share = Some(Rate::new(dec!(0.2)));
    let august = Subject::Month {
        month: ym("2027-08"),
    };
    let roi = found(&plan, WarningCode::RoiBelowBand);
    assert_eq!(roi.len(), 1);
    assert_eq!((roi[0].subject, arg(&roi[0], "roi")), (august, "1:0"));
    let share = found(&plan, WarningCode::MarketingShareHigh);
    assert_eq!(share.len(), 1);
    assert_eq!(
        share[0].msg.key,
        "domain-lint-marketing-without-sales-month"
    );
}

/// The tea company with its cost shares: marketing 15%, staff 10%, operations 25%, margin 50%,
/// plus a refundable deposit.
fn tea_company_budget(marketing: i64) -> PlanSpec {
    let mut plan = tea_company();
    plan.gross_margin = Some(Rate::new(dec!(0.5)));
    plan.budgets = vec![
        budget("2027-03", "ztc", CategoryKind::Marketing, marketing),
        budget("2027-03", "staff", CategoryKind::Operating, 300_000),
        budget("2027-04", "logistics", CategoryKind::Operating, 750_000),
        budget("2027-03", "deposit", CategoryKind::Recoverable, 1_000_000),
    ];
    plan
}

#[test]
fn rule_4_costs_above_the_gross_margin_lose_money() {
    assert!(found(&tea_company_budget(450_000), WarningCode::CostsExceedMargin).is_empty());
    let warnings = found(&tea_company_budget(600_000), WarningCode::CostsExceedMargin);
    assert_eq!(warnings.len(), 1);
    assert_eq!(arg(&warnings[0], "costs"), "1,650,000.00");
    assert_eq!(arg(&warnings[0], "gross_profit"), "1,500,000.00");
    assert_eq!(arg(&warnings[0], "margin"), "50%");
}

#[test]
fn rule_5_staff_above_its_share_of_sales() {
    let plan = tea_company_budget(450_000);
    let warnings = found(&plan, WarningCode::StaffShareHigh);
    assert_eq!(warnings.len(), 1, "10% of sales against the default 7%");
    assert_eq!(arg(&warnings[0], "limit"), "210,000.00");
    let mut plan = tea_company_budget(450_000);
    plan.max_staff_share = Rate::new(dec!(0.10));
    assert!(found(&plan, WarningCode::StaffShareHigh).is_empty());
}

#[test]
fn rule_6_the_tmall_store_phases_pass_with_their_gaps() {
    assert!(lint(&tmall_franchise()).is_empty());
}

#[test]
fn rule_6_phases_that_overlap_or_run_backwards() {
    let mut plan = tmall_franchise();
    plan.phases[2].end = date("2028-02-20");
    let warnings = found(&plan, WarningCode::PhasesOverlap);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].subject, Subject::Phase { phase: 3 });
    assert_eq!(arg(&warnings[0], "other"), "growth");
    let mut plan = tmall_franchise();
    plan.phases[0].end = date("2027-06-30");
    let warnings = found(&plan, WarningCode::PhaseEndsBeforeStart);
    assert_eq!(warnings[0].subject, Subject::Phase { phase: 0 });
    let mut plan = tmall_franchise();
    plan.phases[0].start = date("2027-06-15");
    assert_eq!(found(&plan, WarningCode::PhaseOutsidePlan).len(), 1);
}

#[test]
fn rule_6_milestones_targets_and_budgets_outside_their_place() {
    let mut plan = tmall_franchise();
    plan.phases[1]
        .milestones
        .push(milestone("主推款上架", "2027-11-11"));
    plan.targets.push(target("2028-05", 1000, dec!(0.03), 100));
    plan.budgets
        .push(budget("2027-06", "design", CategoryKind::Operating, 3000));
    let milestones = found(&plan, WarningCode::MilestoneOutsidePhase);
    assert_eq!(milestones.len(), 1);
    let outside = Subject::Milestone {
        phase: 1,
        milestone: 1,
    };
    assert_eq!(milestones[0].subject, outside);
    let targets = found(&plan, WarningCode::TargetOutsidePlan);
    assert_eq!(
        targets[0].subject,
        Subject::Month {
            month: ym("2028-05")
        }
    );
    let budgets = found(&plan, WarningCode::BudgetOutsidePlan);
    assert_eq!(arg(&budgets[0], "category"), "design");
}

#[test]
fn rule_8_no_group_buy_in_the_launch_phase() {
    let mut plan = tmall_franchise();
    let activity = PLATFORM_ACTIVITY;
    plan.budgets.push(budget(
        "2028-03",
        activity,
        CategoryKind::Marketing,
        100_000,
    ));
    assert!(found(&plan, WarningCode::GroupBuyInLaunch).is_empty());
    plan.budgets
        .push(budget("2027-10", activity, CategoryKind::Marketing, 20_000));
    plan.phases[1]
        .milestones
        .push(milestone("Join the Juhuasuan sale", "2027-10-01"));
    let warnings = found(&plan, WarningCode::GroupBuyInLaunch);
    let subjects: Vec<_> = warnings.iter().map(|w| w.subject).collect();
    let milestone = Subject::Milestone {
        phase: 1,
        milestone: 1,
    };
    assert_eq!(
        subjects,
        [
            Subject::Month {
                month: ym("2027-10")
            },
            milestone
        ]
    );
}

const PLATFORM_ACTIVITY: &str = crate::domain::kinds::PLATFORM_ACTIVITY_CATEGORY;

fn result(month: &str, target: i64, actual: i64, complete: bool) -> MetricMonth {
    MetricMonth {
        month: ym(month),
        target: Decimal::from(target),
        actual: Decimal::from(actual),
        complete,
    }
}

#[test]
fn rule_7_three_complete_months_below_target_in_a_row() {
    let results = [
        result("2027-01", 100, 90, true),
        result("2027-03", 100, 80, true),
        result("2027-02", 100, 99, true),
        result("2027-04", 100, 100, true),
        result("2027-05", 100, 10, true),
        result("2027-06", 100, 10, true),
        result("2027-07", 100, 10, false),
    ];
    let streaks = missed_streaks(&results);
    assert_eq!(streaks.len(), 1);
    assert_eq!(
        (streaks[0].first, streaks[0].last),
        (ym("2027-01"), ym("2027-03"))
    );
    let warning = streaks[0].warning(Metric::Sales);
    assert_eq!(warning.code.as_str(), "missed_three_months");
    assert_eq!(arg(&warning, "months"), "3");
}

#[test]
fn rule_7_a_gap_in_the_months_breaks_the_run() {
    let results = [
        result("2027-01", 100, 90, true),
        result("2027-02", 100, 90, true),
        result("2027-04", 100, 90, true),
        result("2027-05", 100, 90, true),
    ];
    assert!(missed_streaks(&results).is_empty());
}

#[test]
fn every_warning_reads_well_in_both_languages() {
    let mut plan = tea_company_budget(2_000_000);
    plan.roi_min = Some(Ratio::new(dec!(3)));
    plan.max_marketing_share = Some(Rate::new(dec!(0.1)));
    plan.total_sales_target = Some(Money::yuan(1));
    plan.targets[0].stated_sales = Some(Money::yuan(1));
    plan.targets.push(target("2028-01", 1, dec!(0.5), 1));
    plan.budgets
        .push(budget("2027-05", "ztc", CategoryKind::Marketing, 1));
    plan.budgets
        .push(budget("2026-12", "ztc", CategoryKind::Marketing, 1));
    plan.phases = tmall_franchise().phases;
    plan.phases
        .push(phase(PhaseKind::Growth, "2027-03-02", "2027-03-01"));
    plan.phases
        .push(phase(PhaseKind::Mature, "2028-04-01", "2028-04-10"));
    plan.phases[1]
        .milestones
        .push(milestone("聚划算", "2028-01-01"));
    plan.budgets.push(budget(
        "2027-09",
        PLATFORM_ACTIVITY,
        CategoryKind::Marketing,
        1,
    ));
    let mut warnings = lint(&plan);
    let streak = MissedStreak {
        first: ym("2027-01"),
        last: ym("2027-03"),
        months: 3,
    };
    warnings.push(streak.warning(Metric::Conversion));
    let mut codes: Vec<_> = warnings.iter().map(|w| w.code).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 14, "{codes:?}");
    for warning in &warnings {
        for lang in Lang::ALL {
            let text = warning.msg.render(lang);
            assert!(
                text != warning.msg.key && !text.contains('{'),
                "{lang:?}: {text}"
            );
        }
    }
}
