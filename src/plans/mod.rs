//! Phased operations plans: the document, its validation, the template a new plan starts
//! from, saving with lost-update protection, the approval workflow and revisions.

pub mod compare;
pub mod document;
pub mod gates;
pub mod input;
pub mod service;
pub mod split;
pub mod template;
pub mod workflow;

use std::collections::BTreeMap;

use crate::db::TenantTx;
use crate::db::plan_parts::{self, Parts};
use crate::db::plans::{self as plan_db, PlanRow};
use crate::db::reference::{self, RefItem, RefList};
use crate::domain::ids::PlanId;
use crate::domain::{CategoryKind, Money, PhaseKind, YearMonth};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};

pub use document::{PlanDocument, PlanStatus};

use document::{
    Budget, Condition, Criterion, CriterionMetric, Gate, Milestone, MilestoneStatus, Phase, Target,
};

/// A 409 refusal with its code and message: a step the plan's state does not allow now.
pub(crate) fn conflict(code: &'static str, key: &'static str) -> AppError {
    AppError::Conflict {
        code,
        msg: Msg::new(key),
    }
}

/// Assembles the document of a plan from its row and parts.
pub fn assemble(row: PlanRow, parts: Parts) -> PlanDocument {
    let Parts {
        phases,
        criteria,
        milestones,
        targets,
        budgets,
    } = parts;
    let mut by_phase: BTreeMap<String, (Vec<Criterion>, Vec<Milestone>)> = BTreeMap::new();
    for c in criteria {
        let condition = match (
            c.metric.as_deref().and_then(CriterionMetric::parse),
            c.comparator,
            c.threshold,
        ) {
            (Some(metric), Some(comparator), Some(threshold)) => Some(Condition {
                metric,
                comparator,
                threshold: threshold.normalize(),
            }),
            _ => None,
        };
        by_phase.entry(c.phase_kind).or_default().0.push(Criterion {
            id: c.id,
            text: c.text,
            condition,
            done: c.done,
        });
    }
    for m in milestones {
        by_phase.entry(m.phase_kind).or_default().1.push(Milestone {
            id: m.id,
            title: m.title,
            owner_id: m.owner_id,
            owner_name: m.owner_name,
            due_on: m.due_on,
            status: MilestoneStatus::parse(&m.status).unwrap_or(MilestoneStatus::Planned),
        });
    }
    let phases = phases
        .into_iter()
        .filter_map(|p| {
            let kind = PhaseKind::parse(&p.kind).ok()?;
            let (exit_criteria, milestones) = by_phase.remove(&p.kind).unwrap_or_default();
            Some(Phase {
                kind,
                start_date: p.start_date,
                end_date: p.end_date,
                goal: p.goal,
                exit_criteria,
                milestones,
                gate: Gate {
                    status: p.gate_status,
                    reviewed_by: p.reviewed_by,
                    reviewed_at: p.reviewed_at,
                    comment: p.review_comment,
                    conditional: p.conditional,
                },
            })
        })
        .collect();
    PlanDocument {
        id: row.id,
        shop_id: row.shop_id,
        name: row.name,
        status: PlanStatus::parse(&row.status),
        version: row.version,
        revision: row.revision,
        previous_id: row.previous_id,
        revision_reason: row.revision_reason,
        start_month: YearMonth::of(row.start_month),
        end_month: YearMonth::of(row.end_month),
        total_sales_target: row.total_sales_target,
        gross_margin: row.gross_margin,
        roi_target_min: row.roi_target_min,
        roi_target_max: row.roi_target_max,
        marketing_share_max: row.marketing_share_max,
        staff_share_max: row.staff_share_max,
        phases,
        targets: targets
            .into_iter()
            .map(|t| Target::derive(YearMonth::of(t.month), t.uv, t.conversion_rate, t.aov))
            .collect(),
        budgets: budgets
            .into_iter()
            .map(|b| Budget {
                month: YearMonth::of(b.month),
                category: b.category_code,
                amount: b.amount,
            })
            .collect(),
        warnings: Vec::new(),
        created_at: row.created_at,
        updated_at: row.updated_at,
        submitted_at: row.submitted_at,
        decided_at: row.decided_at,
        decision_comment: row.decision_comment,
    }
}

/// The kind of each category, for the lint.
pub fn kinds(categories: &[RefItem]) -> impl Fn(&str) -> Option<CategoryKind> + '_ {
    move |code| {
        categories
            .iter()
            .find(|c| c.code == code)
            .and_then(|c| c.kind)
    }
}

/// A plan's document with its warnings, or 404; `stated_sales` are sales figures that came
/// with a save, checked against the funnel.
pub async fn load_document(
    tx: &mut TenantTx,
    id: PlanId,
    lang: Lang,
    stated_sales: &[(YearMonth, Money)],
) -> Result<PlanDocument, AppError> {
    let row = plan_db::get_plan(tx, id, false)
        .await?
        .ok_or(AppError::NotFound)?;
    let parts = plan_parts::load_parts(tx, id).await?;
    let categories = reference::list(tx, RefList::Category).await?;
    let mut doc = assemble(row, parts);
    doc.lint(kinds(&categories), stated_sales, lang);
    Ok(doc)
}
