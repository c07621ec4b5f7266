//! The dashboards' downloads: the same figures as the pages and the JSON API, as sheets
//! (see `crate::export`). Column headings follow the reader's language.

use crate::dashboard::figures::{
    ActualFigures, BudgetFigures, RoiFigures, TargetFigures, Variance,
};
use crate::dashboard::plan::PlanDashboard;
use crate::export::{Cell, Sheet};
use crate::i18n::Lang;

/// The plan dashboard's columns, in order.
pub const PLAN_COLUMNS: &[&str] = &[
    "col-month",
    "col-complete",
    "col-target-uv",
    "col-actual-uv",
    "col-target-conversion",
    "col-actual-conversion",
    "col-target-aov",
    "col-actual-aov",
    "col-target-buyers",
    "col-actual-buyers",
    "col-target-sales",
    "col-actual-sales",
    "col-refunds",
    "col-sales-variance",
    "col-sales-variance-pct",
    "col-uv-effect",
    "col-conversion-effect",
    "col-aov-effect",
    "col-roi-target-min",
    "col-roi-target-max",
    "col-roi-actual",
    "col-marketing-budget",
    "col-marketing-spend",
    "col-budget",
    "col-spend",
    "col-burn",
    "col-recoverable-spend",
];

fn figures_row(
    first: [Cell; 2],
    target: &TargetFigures,
    actual: Option<&ActualFigures>,
    variance: Option<&Variance>,
    roi: &RoiFigures,
    budget: &BudgetFigures,
) -> Vec<Cell> {
    let a = |f: fn(&ActualFigures) -> Cell| actual.map(f).unwrap_or(Cell::Empty);
    let v = |f: fn(&Variance) -> Cell| variance.map(f).unwrap_or(Cell::Empty);
    let mut row = Vec::from(first);
    row.extend([
        target.uv.into(),
        a(|a| a.uv.into()),
        target.conversion_rate.into(),
        a(|a| a.conversion_rate.into()),
        target.aov.into(),
        a(|a| a.aov.into()),
        target.buyers.into(),
        a(|a| a.buyers.into()),
        target.sales.into(),
        a(|a| a.sales.into()),
        a(|a| a.refunds.into()),
        v(|v| v.sales.into()),
        v(|v| v.sales_pct.into()),
        v(|v| v.uv_effect.into()),
        v(|v| v.conversion_effect.into()),
        v(|v| v.aov_effect.into()),
        roi.target_min.into(),
        roi.target_max.into(),
        roi.actual.into(),
        target.marketing_budget.into(),
        a(|a| a.marketing_spend.into()),
        target.budget.into(),
        a(|a| a.spend.into()),
        budget.burn.into(),
        budget.recoverable_spend.into(),
    ]);
    row
}

/// One row per plan month and a totals row over the months up to the as-of date.
pub fn plan_sheet(board: &PlanDashboard, lang: Lang) -> Sheet {
    let headers = PLAN_COLUMNS.iter().map(|k| lang.t(k)).collect();
    let mut sheet = Sheet::new(lang.t("col-sheet-months"), headers);
    let yes_no = |b: bool| Cell::text(lang.t(if b { "col-yes" } else { "col-no" }));
    for m in &board.months {
        sheet.push(figures_row(
            [Cell::text(m.month.to_string()), yes_no(m.complete)],
            &m.target,
            m.actual.as_ref(),
            m.variance.as_ref(),
            &m.roi,
            &m.budget,
        ));
    }
    let t = &board.totals;
    sheet.push(figures_row(
        [
            Cell::text(lang.t_args(
                "col-totals",
                &[
                    ("months", &t.months.to_string()),
                    ("as_of", &board.as_of.to_string()),
                ],
            )),
            Cell::Empty,
        ],
        &t.target,
        Some(&t.actual),
        t.variance.as_ref(),
        &t.roi,
        &t.budget,
    ));
    sheet
}
