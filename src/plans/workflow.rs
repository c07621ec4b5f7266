//! The life of a plan: draft → submitted → approved → archived, sending back with a comment,
//! and revisions: a change after approval is a new draft made from the approved plan, with a
//! reason; the approved one stays the baseline until its successor is approved.

use serde_json::json;

use crate::app::AppState;
use crate::auth::{CurrentUser, Permission, Role};
use crate::db::audit::{self, Entry};
use crate::db::plans::{self as plan_db, NewPlan, PlanRow, Transition};
use crate::db::reference::{self, RefList};
use crate::db::{TenantTx, members, plan_parts};
use crate::domain::ids::PlanId;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::plans::document::{PlanDocument, PlanStatus};
use crate::plans::input::{self, Known};
use crate::plans::{conflict, load_document, service};

async fn locked(tx: &mut TenantTx, id: PlanId) -> Result<(PlanRow, PlanStatus), AppError> {
    let row = plan_db::get_plan(tx, id, true)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = PlanStatus::parse(&row.status);
    Ok((row, status))
}

/// Locks a plan that is waiting for a manager's decision; 409 otherwise.
async fn locked_submitted(tx: &mut TenantTx, id: PlanId) -> Result<PlanRow, AppError> {
    let (row, status) = locked(tx, id).await?;
    if status != PlanStatus::Submitted {
        return Err(conflict(
            "plan_not_submitted",
            "plan-decide-needs-submitted",
        ));
    }
    Ok(row)
}

fn comment_of(comment: &str, required: bool) -> Result<String, AppError> {
    let comment = comment.trim().to_string();
    if required && comment.is_empty() {
        return Err(AppError::invalid_field(
            "comment",
            Msg::new("plan-comment-required"),
        ));
    }
    if comment.chars().count() > 2000 {
        return Err(AppError::invalid_field(
            "comment",
            Msg::new("form-too-long").arg("max", 2000),
        ));
    }
    Ok(comment)
}

async fn finish(
    mut tx: TenantTx,
    user: &CurrentUser,
    id: PlanId,
    action: &str,
    details: serde_json::Value,
    lang: Lang,
) -> Result<PlanDocument, AppError> {
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(action).object("plan", id).details(details),
    )
    .await?;
    let doc = load_document(&mut tx, id, lang, &[]).await?;
    tx.commit().await?;
    Ok(doc)
}

/// Submits a draft for approval.
pub async fn submit(
    state: &AppState,
    user: &CurrentUser,
    id: PlanId,
    lang: Lang,
) -> Result<PlanDocument, AppError> {
    user.require(Permission::SubmitPlans)?;
    let mut tx = user.begin(state).await?;
    let (_, status) = locked(&mut tx, id).await?;
    if status != PlanStatus::Draft {
        return Err(conflict("plan_not_draft", "plan-submit-needs-draft"));
    }
    plan_db::set_status(&mut tx, id, Transition::Submit { by: user.user_id }).await?;
    finish(tx, user, id, "plan.submitted", json!({}), lang).await
}

/// Approves a submitted plan (manager, admin). Nobody but an admin approves a plan they
/// submitted themselves. The approved plan becomes the baseline; an earlier approved
/// revision of it is archived.
pub async fn approve(
    state: &AppState,
    user: &CurrentUser,
    id: PlanId,
    comment: &str,
    lang: Lang,
) -> Result<PlanDocument, AppError> {
    user.require(Permission::ApprovePlans)?;
    let comment = comment_of(comment, false)?;
    let mut tx = user.begin(state).await?;
    let row = locked_submitted(&mut tx, id).await?;
    if row.submitted_by == Some(user.user_id) && user.role != Role::Admin {
        return Err(conflict("own_plan", "plan-own-approval"));
    }
    let step = Transition::Decide {
        status: "approved",
        by: user.user_id,
        comment: &comment,
    };
    plan_db::set_status(&mut tx, id, step).await?;
    // The gates passed on the revision this one replaces stay passed.
    if let Some(replaced) = plan_db::supersede(&mut tx, row.lineage_id, id).await? {
        plan_parts::carry_gates(&mut tx, replaced, id).await?;
    }
    finish(
        tx,
        user,
        id,
        "plan.approved",
        json!({ "comment": comment }),
        lang,
    )
    .await
}

/// Sends a submitted plan back to draft with a comment saying what to change.
pub async fn send_back(
    state: &AppState,
    user: &CurrentUser,
    id: PlanId,
    comment: &str,
    lang: Lang,
) -> Result<PlanDocument, AppError> {
    user.require(Permission::ApprovePlans)?;
    let comment = comment_of(comment, true)?;
    let mut tx = user.begin(state).await?;
    locked_submitted(&mut tx, id).await?;
    let step = Transition::Decide {
        status: "draft",
        by: user.user_id,
        comment: &comment,
    };
    plan_db::set_status(&mut tx, id, step).await?;
    finish(
        tx,
        user,
        id,
        "plan.returned",
        json!({ "comment": comment }),
        lang,
    )
    .await
}

/// Archives a plan that is no longer followed (manager, admin).
pub async fn archive(
    state: &AppState,
    user: &CurrentUser,
    id: PlanId,
    lang: Lang,
) -> Result<PlanDocument, AppError> {
    user.require(Permission::ApprovePlans)?;
    let mut tx = user.begin(state).await?;
    let (_, status) = locked(&mut tx, id).await?;
    if status == PlanStatus::Archived {
        return Err(conflict("plan_archived", "plan-already-archived"));
    }
    plan_db::set_status(&mut tx, id, Transition::Archive).await?;
    finish(tx, user, id, "plan.archived", json!({}), lang).await
}

/// Starts a new draft revision from an approved plan, copying all of it, with a reason.
pub async fn revise(
    state: &AppState,
    user: &CurrentUser,
    id: PlanId,
    reason: &str,
    lang: Lang,
) -> Result<PlanDocument, AppError> {
    user.require(Permission::EditPlans)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid_field(
            "reason",
            Msg::new("plan-reason-required"),
        ));
    }
    if reason.chars().count() > 500 {
        return Err(AppError::invalid_field(
            "reason",
            Msg::new("form-too-long").arg("max", 500),
        ));
    }
    let mut tx = user.begin(state).await?;
    let (row, status) = locked(&mut tx, id).await?;
    if status != PlanStatus::Approved {
        return Err(conflict("plan_not_approved", "plan-revise-needs-approved"));
    }
    let source = load_document(&mut tx, id, lang, &[]).await?;
    let mut copy = service::to_input(&source);
    // The copy is a new plan: its criteria and milestones get ids of their own.
    for phase in &mut copy.phases {
        phase
            .exit_criteria
            .iter_mut()
            .for_each(|c| c.id = serde_json::Value::Null);
        phase
            .milestones
            .iter_mut()
            .for_each(|m| m.id = serde_json::Value::Null);
    }
    let categories = reference::list(&mut tx, RefList::Category).await?;
    let members: Vec<_> = members::list_members(&mut tx)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let content = input::validate(
        &copy,
        &Known {
            categories: &categories,
            members: &members,
        },
    )?;
    let new_id = PlanId::new();
    plan_db::insert_plan(
        &mut tx,
        NewPlan {
            id: new_id,
            shop_id: row.shop_id,
            lineage_id: row.lineage_id,
            revision: row.revision + 1,
            previous_id: Some(id),
            revision_reason: Some(reason),
            fields: &content.fields,
            by: user.user_id,
        },
    )
    .await?;
    service::write_parts(&mut tx, new_id, &content).await?;
    plan_parts::carry_gates(&mut tx, id, new_id).await?;
    let details = json!({ "reason": reason, "from": id, "revision": row.revision + 1 });
    finish(tx, user, new_id, "plan.revised", details, lang).await
}
