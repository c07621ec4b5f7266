//! Plans: the plan row (header, status, version) and its revisions.

use chrono::{DateTime, NaiveDate, Utc};

use crate::db::TenantTx;
use crate::domain::ids::{PlanId, ShopId, TenantId, UserId};
use crate::domain::{Money, Rate, Ratio};

/// A plan row.
#[derive(Clone, Debug)]
pub struct PlanRow {
    pub id: PlanId,
    pub shop_id: ShopId,
    pub lineage_id: uuid::Uuid,
    pub revision: i32,
    pub previous_id: Option<PlanId>,
    pub revision_reason: Option<String>,
    pub name: String,
    pub status: String,
    pub version: i32,
    pub start_month: NaiveDate,
    pub end_month: NaiveDate,
    pub total_sales_target: Option<Money>,
    pub gross_margin: Option<Rate>,
    pub roi_target_min: Option<Ratio>,
    pub roi_target_max: Option<Ratio>,
    pub marketing_share_max: Option<Rate>,
    pub staff_share_max: Option<Rate>,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_by: Option<UserId>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_comment: Option<String>,
}

/// The fields of a plan that people edit (not status, version or revision).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanFields {
    pub name: String,
    pub start_month: NaiveDate,
    pub end_month: NaiveDate,
    pub total_sales_target: Option<Money>,
    pub gross_margin: Option<Rate>,
    pub roi_target_min: Option<Ratio>,
    pub roi_target_max: Option<Ratio>,
    pub marketing_share_max: Option<Rate>,
    pub staff_share_max: Option<Rate>,
}

/// A new plan row: a first revision (its own lineage) or a revision of another.
pub struct NewPlan<'a> {
    pub id: PlanId,
    pub shop_id: ShopId,
    pub lineage_id: uuid::Uuid,
    pub revision: i32,
    pub previous_id: Option<PlanId>,
    pub revision_reason: Option<&'a str>,
    pub fields: &'a PlanFields,
    pub by: UserId,
}

pub async fn insert_plan(tx: &mut TenantTx, p: NewPlan<'_>) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    let f = p.fields;
    sqlx::query!(
        "INSERT INTO plan (tenant_id, id, shop_id, lineage_id, revision, previous_id, revision_reason,
                           name, start_month, end_month, total_sales_target, gross_margin,
                           roi_target_min, roi_target_max, marketing_share_max, staff_share_max,
                           created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)",
        tenant as TenantId,
        p.id as PlanId,
        p.shop_id as ShopId,
        p.lineage_id,
        p.revision,
        p.previous_id as Option<PlanId>,
        p.revision_reason,
        f.name,
        f.start_month,
        f.end_month,
        f.total_sales_target as Option<Money>,
        f.gross_margin as Option<Rate>,
        f.roi_target_min as Option<Ratio>,
        f.roi_target_max as Option<Ratio>,
        f.marketing_share_max as Option<Rate>,
        f.staff_share_max as Option<Rate>,
        p.by as UserId
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Reads a plan row; with `lock`, holds it until the transaction ends (a write depends on it).
pub async fn get_plan(
    tx: &mut TenantTx,
    id: PlanId,
    lock: bool,
) -> Result<Option<PlanRow>, sqlx::Error> {
    let tenant = tx.tenant();
    // Two statements: FOR UPDATE cannot be switched by a parameter.
    if lock {
        sqlx::query!(
            "SELECT 1 AS locked FROM plan WHERE tenant_id = $1 AND id = $2 FOR UPDATE",
            tenant as TenantId,
            id as PlanId
        )
        .fetch_optional(tx.conn())
        .await?;
    }
    sqlx::query_as!(
        PlanRow,
        r#"SELECT id AS "id: PlanId", shop_id AS "shop_id: ShopId", lineage_id, revision,
                  previous_id AS "previous_id: PlanId", revision_reason, name, status, version,
                  start_month, end_month,
                  total_sales_target AS "total_sales_target: Money", gross_margin AS "gross_margin: Rate",
                  roi_target_min AS "roi_target_min: Ratio", roi_target_max AS "roi_target_max: Ratio",
                  marketing_share_max AS "marketing_share_max: Rate", staff_share_max AS "staff_share_max: Rate",
                  created_by AS "created_by: UserId", created_at, updated_at,
                  submitted_by AS "submitted_by: UserId", submitted_at,
                  decided_by AS "decided_by: UserId", decided_at, decision_comment
           FROM plan WHERE tenant_id = $1 AND id = $2"#,
        tenant as TenantId,
        id as PlanId
    )
    .fetch_optional(tx.conn())
    .await
}

/// Several plan rows at once.
pub async fn get_plans(tx: &mut TenantTx, ids: &[PlanId]) -> Result<Vec<PlanRow>, sqlx::Error> {
    let tenant = tx.tenant();
    let ids = PlanId::uuids(ids);
    sqlx::query_as!(
        PlanRow,
        r#"SELECT id AS "id: PlanId", shop_id AS "shop_id: ShopId", lineage_id, revision,
                  previous_id AS "previous_id: PlanId", revision_reason, name, status, version,
                  start_month, end_month,
                  total_sales_target AS "total_sales_target: Money", gross_margin AS "gross_margin: Rate",
                  roi_target_min AS "roi_target_min: Ratio", roi_target_max AS "roi_target_max: Ratio",
                  marketing_share_max AS "marketing_share_max: Rate", staff_share_max AS "staff_share_max: Rate",
                  created_by AS "created_by: UserId", created_at, updated_at,
                  submitted_by AS "submitted_by: UserId", submitted_at,
                  decided_by AS "decided_by: UserId", decided_at, decision_comment
           FROM plan WHERE tenant_id = $1 AND id = ANY($2)"#,
        tenant as TenantId,
        &ids
    )
    .fetch_all(tx.conn())
    .await
}

/// A plan in a list: enough for the shop page and the revisions list.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PlanSummary {
    #[schema(value_type = String, format = Uuid)]
    pub id: PlanId,
    #[schema(value_type = String, format = Uuid)]
    pub shop_id: ShopId,
    pub name: String,
    pub status: String,
    pub revision: i32,
    pub revision_reason: Option<String>,
    #[schema(value_type = String)]
    pub start_month: NaiveDate,
    #[schema(value_type = String)]
    pub end_month: NaiveDate,
    pub version: i32,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// A shop's plans, newest lineage first, every revision.
pub async fn list_for_shop(
    tx: &mut TenantTx,
    shop: ShopId,
) -> Result<Vec<PlanSummary>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        PlanSummary,
        r#"SELECT p.id AS "id: PlanId", p.shop_id AS "shop_id: ShopId", p.name, p.status, p.revision,
                  p.revision_reason, p.start_month, p.end_month, p.version,
                  c.name AS "created_by?", p.created_at, p.updated_at, d.name AS "decided_by?", p.decided_at
           FROM plan p
           LEFT JOIN app_user c ON c.id = p.created_by
           LEFT JOIN app_user d ON d.id = p.decided_by
           WHERE p.tenant_id = $1 AND p.shop_id = $2
           ORDER BY p.start_month DESC, p.lineage_id, p.revision DESC"#,
        tenant as TenantId,
        shop as ShopId
    )
    .fetch_all(tx.conn())
    .await
}

/// Every revision of a plan's lineage, newest first.
pub async fn list_revisions(
    tx: &mut TenantTx,
    lineage: uuid::Uuid,
) -> Result<Vec<PlanSummary>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        PlanSummary,
        r#"SELECT p.id AS "id: PlanId", p.shop_id AS "shop_id: ShopId", p.name, p.status, p.revision,
                  p.revision_reason, p.start_month, p.end_month, p.version,
                  c.name AS "created_by?", p.created_at, p.updated_at, d.name AS "decided_by?", p.decided_at
           FROM plan p
           LEFT JOIN app_user c ON c.id = p.created_by
           LEFT JOIN app_user d ON d.id = p.decided_by
           WHERE p.tenant_id = $1 AND p.lineage_id = $2
           ORDER BY p.revision DESC"#,
        tenant as TenantId,
        lineage
    )
    .fetch_all(tx.conn())
    .await
}

/// Saves the header fields if the plan is still at `version`; returns the new version, or
/// `None` when someone saved in between.
pub async fn update_fields(
    tx: &mut TenantTx,
    id: PlanId,
    version: i32,
    f: &PlanFields,
    by: UserId,
) -> Result<Option<i32>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_scalar!(
        "UPDATE plan SET name = $4, start_month = $5, end_month = $6, total_sales_target = $7,
                gross_margin = $8, roi_target_min = $9, roi_target_max = $10,
                marketing_share_max = $11, staff_share_max = $12,
                version = version + 1, updated_by = $13, updated_at = now()
         WHERE tenant_id = $1 AND id = $2 AND version = $3
         RETURNING version",
        tenant as TenantId,
        id as PlanId,
        version,
        f.name,
        f.start_month,
        f.end_month,
        f.total_sales_target as Option<Money>,
        f.gross_margin as Option<Rate>,
        f.roi_target_min as Option<Ratio>,
        f.roi_target_max as Option<Ratio>,
        f.marketing_share_max as Option<Rate>,
        f.staff_share_max as Option<Rate>,
        by as UserId
    )
    .fetch_optional(tx.conn())
    .await
}

/// Advances the version without other changes (a part of the plan was saved); `None` when
/// someone saved in between.
pub async fn bump_version(
    tx: &mut TenantTx,
    id: PlanId,
    version: i32,
    by: UserId,
) -> Result<Option<i32>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_scalar!(
        "UPDATE plan SET version = version + 1, updated_by = $4, updated_at = now()
         WHERE tenant_id = $1 AND id = $2 AND version = $3 RETURNING version",
        tenant as TenantId,
        id as PlanId,
        version,
        by as UserId
    )
    .fetch_optional(tx.conn())
    .await
}

/// A workflow step: the new status and who did it.
pub enum Transition<'a> {
    Submit {
        by: UserId,
    },
    Decide {
        status: &'a str,
        by: UserId,
        comment: &'a str,
    },
    Archive,
}

/// Moves a plan to another status (the caller has checked the step is allowed).
pub async fn set_status(
    tx: &mut TenantTx,
    id: PlanId,
    step: Transition<'_>,
) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    match step {
        Transition::Submit { by } => sqlx::query!(
            "UPDATE plan SET status = 'submitted', submitted_by = $3, submitted_at = now(),
                    version = version + 1, updated_at = now()
             WHERE tenant_id = $1 AND id = $2",
            tenant as TenantId,
            id as PlanId,
            by as UserId
        )
        .execute(tx.conn())
        .await?,
        Transition::Decide { status, by, comment } => sqlx::query!(
            "UPDATE plan SET status = $3, decided_by = $4, decided_at = now(), decision_comment = $5,
                    version = version + 1, updated_at = now()
             WHERE tenant_id = $1 AND id = $2",
            tenant as TenantId,
            id as PlanId,
            status,
            by as UserId,
            comment
        )
        .execute(tx.conn())
        .await?,
        Transition::Archive => sqlx::query!(
            "UPDATE plan SET status = 'archived', version = version + 1, updated_at = now()
             WHERE tenant_id = $1 AND id = $2",
            tenant as TenantId,
            id as PlanId
        )
        .execute(tx.conn())
        .await?,
    };
    Ok(())
}

/// Archives the other approved revisions of a lineage when a new one is approved: the newest
/// approved revision is the baseline. Returns the revision it replaced, if any.
pub async fn supersede(
    tx: &mut TenantTx,
    lineage: uuid::Uuid,
    keep: PlanId,
) -> Result<Option<PlanId>, sqlx::Error> {
    let tenant = tx.tenant();
    let archived = sqlx::query_scalar!(
        r#"UPDATE plan SET status = 'archived', version = version + 1, updated_at = now()
           WHERE tenant_id = $1 AND lineage_id = $2 AND id <> $3 AND status = 'approved'
           RETURNING id AS "id: PlanId""#,
        tenant as TenantId,
        lineage,
        keep as PlanId
    )
    .fetch_optional(tx.conn())
    .await?;
    Ok(archived)
}
