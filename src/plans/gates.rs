//! A manager's decision at a phase's gate: pass, pass conditionally (with the reason, when
//! exit criteria are not met), or send back; each kept with who, when and why.

use serde_json::json;

use crate::auth::{CurrentUser, Permission};
use crate::db::TenantTx;
use crate::db::audit::{self, Entry};
use crate::db::plan_parts;
use crate::db::plans as plan_db;
use crate::domain::PhaseKind;
use crate::domain::ids::PlanId;
use crate::domain::kinds::GateChoice;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::plans::conflict;
use crate::plans::document::PlanStatus;

/// A manager's gate decision on a phase of an approved plan: approve, or send back, with a
/// comment (required when sending back). A pass while exit criteria are not met is
/// `conditional`, and its comment is the reason (required). Written in `tx`, which the caller
/// commits.
pub async fn review_gate(
    tx: &mut TenantTx,
    user: &CurrentUser,
    plan: PlanId,
    kind: PhaseKind,
    decision: GateChoice,
    comment: &str,
) -> Result<(), AppError> {
    user.require(Permission::ApprovePlans)?;
    let comment = comment.trim();
    match decision {
        GateChoice::Return if comment.is_empty() => {
            return Err(AppError::invalid_field(
                "comment",
                Msg::new("plan-comment-required"),
            ));
        }
        GateChoice::PassWithUnmetCriteria if comment.is_empty() => {
            return Err(AppError::invalid_field(
                "comment",
                Msg::new("gate-conditional-reason-required"),
            ));
        }
        _ => {}
    }
    if comment.chars().count() > 2000 {
        return Err(AppError::invalid_field(
            "comment",
            Msg::new("form-too-long").arg("max", 2000),
        ));
    }
    let row = plan_db::get_plan(tx, plan, true)
        .await?
        .ok_or(AppError::NotFound)?;
    if PlanStatus::parse(&row.status) != PlanStatus::Approved {
        return Err(conflict("plan_not_approved", "plan-gate-needs-approval"));
    }
    let status = if decision == GateChoice::Return {
        "returned"
    } else {
        "approved"
    };
    let conditional = decision == GateChoice::PassWithUnmetCriteria;
    let found = plan_parts::record_gate_review(
        tx,
        plan,
        &plan_parts::GateDecision {
            kind: kind.as_str(),
            decision: status,
            conditional,
            reviewer: user.user_id,
            reviewer_name: &user.name,
            comment,
        },
    )
    .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    let decision = status;
    plan_db::bump_version(tx, plan, row.version, user.user_id).await?;
    audit::record(
        tx,
        &user.actor(),
        Entry::new("gate.reviewed")
            .object("plan", plan)
            .details(json!({ "phase": kind.as_str(), "decision": decision,
                             "conditional": conditional, "comment": comment })),
    )
    .await?;
    Ok(())
}
