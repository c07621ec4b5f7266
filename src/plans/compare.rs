//! What changed between two revisions of a plan: the plan's own figures, the monthly targets
//! and the budget lines.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::{Money, YearMonth};
use crate::plans::document::PlanDocument;

/// One changed value, before and after (absent on one side when added or removed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Change {
    /// `name`, `start_month`, `uv`, `conversion_rate`, `aov`, `sales`, `amount`…
    pub field: String,
    /// The month for targets and budgets.
    #[schema(value_type = Option<String>)]
    pub month: Option<YearMonth>,
    /// The category for budgets.
    pub category: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The differences from `before` to `after`.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Comparison {
    pub plan: Vec<Change>,
    pub targets: Vec<Change>,
    pub budgets: Vec<Change>,
    /// Total target sales before and after.
    #[schema(value_type = String)]
    pub sales_before: Money,
    #[schema(value_type = String)]
    pub sales_after: Money,
    #[schema(value_type = String)]
    pub budget_before: Money,
    #[schema(value_type = String)]
    pub budget_after: Money,
}

fn change(field: &str, before: Option<String>, after: Option<String>) -> Option<Change> {
    (before != after).then(|| Change {
        field: field.to_string(),
        month: None,
        category: None,
        before,
        after,
    })
}

fn header(before: &PlanDocument, after: &PlanDocument) -> Vec<Change> {
    let text = |v: &dyn std::fmt::Display| Some(v.to_string());
    let opt = |v: Option<String>| v;
    [
        change("name", text(&before.name), text(&after.name)),
        change(
            "start_month",
            text(&before.start_month),
            text(&after.start_month),
        ),
        change("end_month", text(&before.end_month), text(&after.end_month)),
        change(
            "total_sales_target",
            opt(before.total_sales_target.map(|m| m.to_string())),
            opt(after.total_sales_target.map(|m| m.to_string())),
        ),
        change(
            "gross_margin",
            before.gross_margin.map(|r| r.to_string()),
            after.gross_margin.map(|r| r.to_string()),
        ),
        change(
            "roi_target_min",
            before.roi_target_min.map(|r| r.to_string()),
            after.roi_target_min.map(|r| r.to_string()),
        ),
        change(
            "roi_target_max",
            before.roi_target_max.map(|r| r.to_string()),
            after.roi_target_max.map(|r| r.to_string()),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn targets(before: &PlanDocument, after: &PlanDocument) -> Vec<Change> {
    type Row = [(&'static str, String); 4];
    let rows = |doc: &PlanDocument| -> BTreeMap<YearMonth, Row> {
        doc.targets
            .iter()
            .map(|t| {
                let row: Row = [
                    ("uv", t.uv.to_string()),
                    ("conversion_rate", t.conversion_rate.to_string()),
                    ("aov", t.aov.to_string()),
                    ("sales", t.sales.to_string()),
                ];
                (t.month, row)
            })
            .collect()
    };
    let (a, b) = (rows(before), rows(after));
    let months: std::collections::BTreeSet<_> = a.keys().chain(b.keys()).copied().collect();
    let mut out = Vec::new();
    for month in months {
        for i in 0..4 {
            let old = a.get(&month).map(|r| r[i].1.clone());
            let new = b.get(&month).map(|r| r[i].1.clone());
            let field = a
                .get(&month)
                .or(b.get(&month))
                .map(|r| r[i].0)
                .unwrap_or("");
            if let Some(mut c) = change(field, old, new) {
                c.month = Some(month);
                out.push(c);
            }
        }
    }
    out
}

fn budgets(before: &PlanDocument, after: &PlanDocument) -> Vec<Change> {
    let lines = |doc: &PlanDocument| -> BTreeMap<(YearMonth, String), String> {
        doc.budgets
            .iter()
            .map(|b| ((b.month, b.category.clone()), b.amount.to_string()))
            .collect()
    };
    let (a, b) = (lines(before), lines(after));
    let keys: std::collections::BTreeSet<_> = a.keys().chain(b.keys()).cloned().collect();
    keys.into_iter()
        .filter_map(|key| {
            let mut c = change("amount", a.get(&key).cloned(), b.get(&key).cloned())?;
            c.month = Some(key.0);
            c.category = Some(key.1);
            Some(c)
        })
        .collect()
}

/// Compares two plan documents.
pub fn compare(before: &PlanDocument, after: &PlanDocument) -> Comparison {
    let budget_total = |d: &PlanDocument| d.budgets.iter().map(|b| b.amount).sum();
    Comparison {
        plan: header(before, after),
        targets: targets(before, after),
        budgets: budgets(before, after),
        sales_before: before.target_sales(),
        sales_after: after.target_sales(),
        budget_before: budget_total(before),
        budget_after: budget_total(after),
    }
}
