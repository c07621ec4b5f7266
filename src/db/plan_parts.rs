//! The parts of a plan: phases with their gate reviews, exit criteria and milestones, monthly
//! targets and budget lines. Read with one query per part, written with one statement per
//! part (arrays unnested), whatever the number of months.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::db::TenantTx;
use crate::domain::ids::{CriterionId, MilestoneId, PlanId, TenantId, UserId};
use crate::domain::{Money, Rate};

#[derive(Clone, Debug)]
pub struct PhaseRow {
    pub kind: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub goal: String,
    pub gate_status: String,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
    /// The latest decision was a conditional pass.
    pub conditional: bool,
}

#[derive(Clone, Debug)]
pub struct CriterionRow {
    pub id: CriterionId,
    pub phase_kind: String,
    pub text: String,
    pub metric: Option<String>,
    pub comparator: Option<String>,
    pub threshold: Option<Decimal>,
    pub done: bool,
}

#[derive(Clone, Debug)]
pub struct MilestoneRow {
    pub id: MilestoneId,
    pub phase_kind: String,
    pub title: String,
    pub owner_id: Option<UserId>,
    pub owner_name: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub status: String,
}

#[derive(Clone, Debug)]
pub struct TargetRow {
    pub month: NaiveDate,
    pub uv: i64,
    pub conversion_rate: Rate,
    pub aov: Money,
}

#[derive(Clone, Debug)]
pub struct BudgetRow {
    pub month: NaiveDate,
    pub category_code: String,
    pub amount: Money,
}

/// Every part of one plan.
pub struct Parts {
    pub phases: Vec<PhaseRow>,
    pub criteria: Vec<CriterionRow>,
    pub milestones: Vec<MilestoneRow>,
    pub targets: Vec<TargetRow>,
    pub budgets: Vec<BudgetRow>,
}

pub async fn load_parts(tx: &mut TenantTx, plan: PlanId) -> Result<Parts, sqlx::Error> {
    let tenant = tx.tenant();
    let phases = sqlx::query_as!(
        PhaseRow,
        r#"SELECT p.kind, p.start_date, p.end_date, p.goal, p.gate_status,
                  g.reviewer_name AS "reviewed_by?", g.at AS "reviewed_at?", g.comment AS "review_comment?",
                  coalesce(g.conditional, false) AS "conditional!"
           FROM phase p
           LEFT JOIN LATERAL (
               SELECT reviewer_name, at, comment, conditional FROM gate_review r
               WHERE r.tenant_id = p.tenant_id AND r.plan_id = p.plan_id AND r.phase_kind = p.kind
               ORDER BY at DESC LIMIT 1) g ON true
           WHERE p.tenant_id = $1 AND p.plan_id = $2
           ORDER BY p.start_date, p.kind"#,
        tenant as TenantId,
        plan as PlanId
    )
    .fetch_all(tx.conn())
    .await?;
    let criteria = sqlx::query_as!(
        CriterionRow,
        r#"SELECT id AS "id: CriterionId", phase_kind, text, metric, comparator, threshold, done
           FROM exit_criterion WHERE tenant_id = $1 AND plan_id = $2 ORDER BY phase_kind, position"#,
        tenant as TenantId,
        plan as PlanId
    )
    .fetch_all(tx.conn())
    .await?;
    let milestones = sqlx::query_as!(
        MilestoneRow,
        r#"SELECT m.id AS "id: MilestoneId", m.phase_kind, m.title, m.owner_id AS "owner_id: UserId",
                  u.name AS "owner_name?", m.due_on, m.status
           FROM milestone m LEFT JOIN app_user u ON u.id = m.owner_id
           WHERE m.tenant_id = $1 AND m.plan_id = $2 ORDER BY m.phase_kind, m.position"#,
        tenant as TenantId,
        plan as PlanId
    )
    .fetch_all(tx.conn())
    .await?;
    let targets = sqlx::query_as!(
        TargetRow,
        r#"SELECT month, uv, conversion_rate AS "conversion_rate: Rate", aov AS "aov: Money"
           FROM monthly_target WHERE tenant_id = $1 AND plan_id = $2 ORDER BY month"#,
        tenant as TenantId,
        plan as PlanId
    )
    .fetch_all(tx.conn())
    .await?;
    let budgets = sqlx::query_as!(
        BudgetRow,
        r#"SELECT b.month, b.category_code, b.amount AS "amount: Money"
           FROM budget_line b JOIN category c ON c.tenant_id = b.tenant_id AND c.code = b.category_code
           WHERE b.tenant_id = $1 AND b.plan_id = $2 ORDER BY b.month, c.sort, b.category_code"#,
        tenant as TenantId,
        plan as PlanId
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(Parts {
        phases,
        criteria,
        milestones,
        targets,
        budgets,
    })
}

/// A phase to write.
#[derive(Clone, Debug)]
pub struct PhaseWrite {
    pub kind: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub goal: String,
}

/// Replaces the phases: kept kinds are updated in place (their gate reviews stay), removed
/// kinds go with their criteria, milestones and reviews, new kinds are added.
pub async fn replace_phases(
    tx: &mut TenantTx,
    plan: PlanId,
    phases: &[PhaseWrite],
) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    let kinds: Vec<String> = phases.iter().map(|p| p.kind.clone()).collect();
    let starts: Vec<NaiveDate> = phases.iter().map(|p| p.start_date).collect();
    let ends: Vec<NaiveDate> = phases.iter().map(|p| p.end_date).collect();
    let goals: Vec<String> = phases.iter().map(|p| p.goal.clone()).collect();
    sqlx::query!(
        "DELETE FROM phase WHERE tenant_id = $1 AND plan_id = $2 AND kind <> ALL($3)",
        tenant as TenantId,
        plan as PlanId,
        &kinds
    )
    .execute(tx.conn())
    .await?;
    sqlx::query!(
        "INSERT INTO phase (tenant_id, plan_id, kind, start_date, end_date, goal)
         SELECT $1, $2, * FROM UNNEST($3::text[], $4::date[], $5::date[], $6::text[])
         ON CONFLICT (tenant_id, plan_id, kind) DO UPDATE
         SET start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, goal = EXCLUDED.goal",
        tenant as TenantId,
        plan as PlanId,
        &kinds,
        &starts,
        &ends,
        &goals
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A criterion to write.
#[derive(Clone, Debug)]
pub struct CriterionWrite {
    pub id: CriterionId,
    pub phase_kind: String,
    pub text: String,
    pub metric: Option<String>,
    pub comparator: Option<String>,
    pub threshold: Option<Decimal>,
    pub done: bool,
}

/// Replaces every exit criterion of the plan (ids are kept from the input).
pub async fn replace_criteria(
    tx: &mut TenantTx,
    plan: PlanId,
    rows: &[CriterionWrite],
) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query!(
        "DELETE FROM exit_criterion WHERE tenant_id = $1 AND plan_id = $2",
        tenant as TenantId,
        plan as PlanId
    )
    .execute(tx.conn())
    .await?;
    let ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.id.0).collect();
    let kinds: Vec<String> = rows.iter().map(|r| r.phase_kind.clone()).collect();
    let positions: Vec<i32> = (0..rows.len() as i32).collect();
    let texts: Vec<String> = rows.iter().map(|r| r.text.clone()).collect();
    let metrics: Vec<Option<String>> = rows.iter().map(|r| r.metric.clone()).collect();
    let comparators: Vec<Option<String>> = rows.iter().map(|r| r.comparator.clone()).collect();
    let thresholds: Vec<Option<Decimal>> = rows.iter().map(|r| r.threshold).collect();
    let done: Vec<bool> = rows.iter().map(|r| r.done).collect();
    sqlx::query!(
        "INSERT INTO exit_criterion (tenant_id, plan_id, id, phase_kind, position, text, metric, comparator, threshold, done)
         SELECT $1, $2, * FROM UNNEST($3::uuid[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::numeric[], $10::bool[])",
        tenant as TenantId,
        plan as PlanId,
        &ids,
        &kinds,
        &positions,
        &texts,
        &metrics as &[Option<String>],
        &comparators as &[Option<String>],
        &thresholds as &[Option<Decimal>],
        &done
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A milestone to write.
#[derive(Clone, Debug)]
pub struct MilestoneWrite {
    pub id: MilestoneId,
    pub phase_kind: String,
    pub title: String,
    pub owner_id: Option<UserId>,
    pub due_on: Option<NaiveDate>,
    pub status: String,
}

/// Replaces every milestone of the plan (ids are kept from the input).
pub async fn replace_milestones(
    tx: &mut TenantTx,
    plan: PlanId,
    rows: &[MilestoneWrite],
) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query!(
        "DELETE FROM milestone WHERE tenant_id = $1 AND plan_id = $2",
        tenant as TenantId,
        plan as PlanId
    )
    .execute(tx.conn())
    .await?;
    let ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.id.0).collect();
    let kinds: Vec<String> = rows.iter().map(|r| r.phase_kind.clone()).collect();
    let positions: Vec<i32> = (0..rows.len() as i32).collect();
    let titles: Vec<String> = rows.iter().map(|r| r.title.clone()).collect();
    let owners: Vec<Option<uuid::Uuid>> = rows.iter().map(|r| r.owner_id.map(|u| u.0)).collect();
    let dues: Vec<Option<NaiveDate>> = rows.iter().map(|r| r.due_on).collect();
    let statuses: Vec<String> = rows.iter().map(|r| r.status.clone()).collect();
    sqlx::query!(
        "INSERT INTO milestone (tenant_id, plan_id, id, phase_kind, position, title, owner_id, due_on, status)
         SELECT $1, $2, * FROM UNNEST($3::uuid[], $4::text[], $5::int[], $6::text[], $7::uuid[], $8::date[], $9::text[])",
        tenant as TenantId,
        plan as PlanId,
        &ids,
        &kinds,
        &positions,
        &titles,
        &owners as &[Option<uuid::Uuid>],
        &dues as &[Option<NaiveDate>],
        &statuses
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Replaces the monthly targets.
pub async fn replace_targets(
    tx: &mut TenantTx,
    plan: PlanId,
    rows: &[TargetRow],
) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query!(
        "DELETE FROM monthly_target WHERE tenant_id = $1 AND plan_id = $2",
        tenant as TenantId,
        plan as PlanId
    )
    .execute(tx.conn())
    .await?;
    let months: Vec<NaiveDate> = rows.iter().map(|r| r.month).collect();
    let uvs: Vec<i64> = rows.iter().map(|r| r.uv).collect();
    let rates: Vec<Decimal> = rows.iter().map(|r| r.conversion_rate.value()).collect();
    let aovs: Vec<Decimal> = rows.iter().map(|r| r.aov.value()).collect();
    sqlx::query!(
        "INSERT INTO monthly_target (tenant_id, plan_id, month, uv, conversion_rate, aov)
         SELECT $1, $2, * FROM UNNEST($3::date[], $4::bigint[], $5::numeric[], $6::numeric[])",
        tenant as TenantId,
        plan as PlanId,
        &months,
        &uvs,
        &rates,
        &aovs
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Replaces the budget lines.
pub async fn replace_budgets(
    tx: &mut TenantTx,
    plan: PlanId,
    rows: &[BudgetRow],
) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query!(
        "DELETE FROM budget_line WHERE tenant_id = $1 AND plan_id = $2",
        tenant as TenantId,
        plan as PlanId
    )
    .execute(tx.conn())
    .await?;
    let months: Vec<NaiveDate> = rows.iter().map(|r| r.month).collect();
    let codes: Vec<String> = rows.iter().map(|r| r.category_code.clone()).collect();
    let amounts: Vec<Decimal> = rows.iter().map(|r| r.amount.value()).collect();
    sqlx::query!(
        "INSERT INTO budget_line (tenant_id, plan_id, month, category_code, amount)
         SELECT $1, $2, * FROM UNNEST($3::date[], $4::text[], $5::numeric[])",
        tenant as TenantId,
        plan as PlanId,
        &months,
        &codes,
        &amounts
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Gives plan `to` the gate decisions of plan `from`, an earlier revision it replaces: each
/// phase kind both have keeps its gate status and its history of decisions. Decisions `to`
/// already carries (copied when it was drafted) are not copied twice, so calling this again
/// when `to` is approved brings over only what was decided meanwhile.
pub async fn carry_gates(tx: &mut TenantTx, from: PlanId, to: PlanId) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query!(
        "INSERT INTO gate_review (tenant_id, id, plan_id, phase_kind, decision, conditional,
                                  reviewer_id, reviewer_name, comment, at)
         SELECT s.tenant_id, gen_random_uuid(), $3, s.phase_kind, s.decision, s.conditional,
                s.reviewer_id, s.reviewer_name, s.comment, s.at
         FROM gate_review s
         WHERE s.tenant_id = $1 AND s.plan_id = $2
           AND EXISTS (SELECT 1 FROM phase p
                       WHERE p.tenant_id = $1 AND p.plan_id = $3 AND p.kind = s.phase_kind)
           AND NOT EXISTS (SELECT 1 FROM gate_review t
                           WHERE t.tenant_id = $1 AND t.plan_id = $3
                             AND t.phase_kind = s.phase_kind AND t.at = s.at
                             AND t.decision = s.decision)",
        tenant as TenantId,
        from as PlanId,
        to as PlanId
    )
    .execute(tx.conn())
    .await?;
    sqlx::query!(
        "UPDATE phase n SET gate_status = o.gate_status
         FROM phase o
         WHERE n.tenant_id = $1 AND n.plan_id = $3 AND o.tenant_id = $1 AND o.plan_id = $2
           AND o.kind = n.kind",
        tenant as TenantId,
        from as PlanId,
        to as PlanId
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Records a gate decision and sets the phase's gate status.
/// A manager's decision on a phase's gate.
pub struct GateDecision<'a> {
    pub kind: &'a str,
    /// `approved` or `returned`.
    pub decision: &'a str,
    /// Passed although some exit criteria are not met (the comment says why).
    pub conditional: bool,
    pub reviewer: UserId,
    pub reviewer_name: &'a str,
    pub comment: &'a str,
}

pub async fn record_gate_review(
    tx: &mut TenantTx,
    plan: PlanId,
    d: &GateDecision<'_>,
) -> Result<bool, sqlx::Error> {
    let tenant = tx.tenant();
    let updated = sqlx::query!(
        "UPDATE phase SET gate_status = $4 WHERE tenant_id = $1 AND plan_id = $2 AND kind = $3",
        tenant as TenantId,
        plan as PlanId,
        d.kind,
        d.decision
    )
    .execute(tx.conn())
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query!(
        "INSERT INTO gate_review (tenant_id, id, plan_id, phase_kind, decision, conditional,
                                  reviewer_id, reviewer_name, comment)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        tenant as TenantId,
        uuid::Uuid::now_v7(),
        plan as PlanId,
        d.kind,
        d.decision,
        d.conditional,
        d.reviewer as UserId,
        d.reviewer_name,
        d.comment
    )
    .execute(tx.conn())
    .await?;
    Ok(true)
}

/// One past gate decision.
#[derive(Clone, Debug)]
pub struct GateReviewRow {
    pub phase_kind: String,
    pub decision: String,
    pub reviewer_name: String,
    pub comment: String,
    pub at: DateTime<Utc>,
}

/// Every gate decision of a plan, newest first.
pub async fn gate_history(
    tx: &mut TenantTx,
    plan: PlanId,
) -> Result<Vec<GateReviewRow>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        GateReviewRow,
        "SELECT phase_kind, decision, reviewer_name, comment, at FROM gate_review
         WHERE tenant_id = $1 AND plan_id = $2 ORDER BY at DESC",
        tenant as TenantId,
        plan as PlanId
    )
    .fetch_all(tx.conn())
    .await
}

/// Changes one milestone's progress fields; returns whether it exists in the plan.
pub async fn update_milestone(
    tx: &mut TenantTx,
    plan: PlanId,
    id: MilestoneId,
    status: &str,
    owner: Option<UserId>,
    due_on: Option<NaiveDate>,
) -> Result<bool, sqlx::Error> {
    let tenant = tx.tenant();
    let done = sqlx::query!(
        "UPDATE milestone SET status = $4, owner_id = $5, due_on = $6
         WHERE tenant_id = $1 AND plan_id = $2 AND id = $3",
        tenant as TenantId,
        plan as PlanId,
        id as MilestoneId,
        status,
        owner as Option<UserId>,
        due_on
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}
