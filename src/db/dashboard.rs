//! The dashboards' read model: plans' targets and budgets by month, and shops' actuals and
//! spend by month up to an as-of date, from the monthly rollup: a month is read as it stands
//! when its last day is on or before the as-of date (every month before it, and the month in
//! progress when the data stops before the as-of date, as it does for a dashboard as of
//! today); only a month holding days after the as-of date is summed from its daily rows up to
//! it. Every figure family in one statement (`figures`), for one shop or for all of an
//! organization's shops at once.
//!
//! The shops or plans asked for are joined as `unnest($2::uuid[])` rather than filtered with
//! `= ANY($2)`, and a shop's months are read in a `LATERAL` subquery of that shop: after a few
//! executions PostgreSQL may plan a prepared statement once for any parameters, and such a
//! generic plan, guessing a month range to be narrow, scanned the whole organization's rollup
//! by tenant and month and filtered the shop afterwards (measured: 38 ms instead of 0.3 ms for
//! one shop of 400; the same statement serves the overview's 400 shops and one shop's
//! dashboard, so which plan it gets depends on what ran before). Read per shop, every shop's
//! rows come through its own key whatever the plan. A plan's rows likewise: a plain join of
//! the plans asked for against, say, `monthly_target` is planned for an organization of
//! average size, and for one with many shops the generic plan read every target of the
//! organization and hashed them (16,704 rows for one plan's 36 months at benchmark scale,
//! 5 ms of the page's 8), so each plan's rows are read in a `LATERAL` subquery of that plan,
//! kept from being merged back into a join by `OFFSET 0` (where the table has a key by plan:
//! milestones and exit criteria, read only for a whole organization's plans, have none and
//! are joined). The organization's categories (a few dozen rows) are read once into a
//! materialized CTE, so that their kinds join by hash, not by one key lookup per budget or
//! spend row (180 ms against 90 for 400 plans' budgets).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::types::Json;

use crate::db::TenantTx;
use crate::db::plans::PlanRow;
use crate::db::reference::RefItem;
use crate::db::reviews::Note;
use crate::db::shops::Shop;
use crate::domain::ids::{PlanId, ShopId, TenantId, UserId};
use crate::domain::{CategoryKind, Money, Rate, Ratio};

/// A budget line by category (for the finance view).
pub struct BudgetLine {
    pub plan_id: PlanId,
    pub month: NaiveDate,
    pub category_code: String,
    pub amount: Money,
}

pub async fn budget_lines(
    tx: &mut TenantTx,
    plans: &[PlanId],
) -> Result<Vec<BudgetLine>, sqlx::Error> {
    let tenant = tx.tenant();
    let ids = PlanId::uuids(plans);
    sqlx::query_as!(
        BudgetLine,
        r#"SELECT b.plan_id AS "plan_id: PlanId", b.month, b.category_code, b.amount AS "amount: Money"
           FROM unnest($2::uuid[]) AS k (id)
           CROSS JOIN LATERAL (
               SELECT plan_id, month, category_code, amount FROM budget_line
               WHERE tenant_id = $1 AND plan_id = k.id
               OFFSET 0
           ) b"#,
        tenant as TenantId,
        &ids
    )
    .fetch_all(tx.conn())
    .await
}

/// A month's targets.
#[derive(Clone, Debug)]
pub struct TargetRow {
    pub plan_id: PlanId,
    pub month: NaiveDate,
    pub uv: i64,
    pub conversion_rate: Rate,
    pub aov: Money,
}

/// A month's budget by category kind.
#[derive(Clone, Debug)]
pub struct BudgetByKind {
    pub plan_id: PlanId,
    pub month: NaiveDate,
    /// `None` for a kind this version does not know.
    pub kind: Option<CategoryKind>,
    pub amount: Money,
}

/// A month's actuals up to the as-of date.
#[derive(Clone, Debug)]
pub struct ActualMonth {
    pub shop_id: ShopId,
    pub month: NaiveDate,
    pub uv: i64,
    pub buyers: i64,
    pub orders: i64,
    pub sales: Money,
    pub refunds: Money,
    pub days: i64,
}

/// A month's spend in one category, with the sales the channel attributes to itself.
#[derive(Clone, Debug)]
pub struct SpendMonth {
    pub shop_id: ShopId,
    pub month: NaiveDate,
    pub category_code: String,
    /// `None` for a kind this version does not know.
    pub kind: Option<CategoryKind>,
    /// The category's place in the organization's list.
    pub sort: i32,
    pub amount: Money,
    pub attributed_sales: Money,
}

/// Everything a dashboard compares, for some plans and shops.
#[derive(Debug, Default)]
pub struct Figures {
    /// The organization's status thresholds: on track, at risk.
    pub thresholds: (Decimal, Decimal),
    /// The plans' targets by month.
    pub targets: Vec<TargetRow>,
    /// The plans' budgets by month and category kind.
    pub budgets: Vec<BudgetByKind>,
    /// The shops' actuals by month, in month order per shop.
    pub actuals: Vec<ActualMonth>,
    /// The shops' spend by month and category, in month and category order per shop.
    pub spend: Vec<SpendMonth>,
}

/// Reads the organization's thresholds, the targets and budgets of `plans`, and the actuals
/// and spend of `shops` by month from `first` (a month's first day) up to `as_of`, in one
/// statement: one round trip, one snapshot. Each family is a branch of a `UNION ALL` whose
/// rows share one wide shape (`family` says what the columns hold); a family with nothing
/// asked of it (no plans, say) reads nothing.
pub async fn figures(
    tx: &mut TenantTx,
    plans: &[PlanId],
    shops: &[ShopId],
    first: NaiveDate,
    as_of: NaiveDate,
) -> Result<Figures, sqlx::Error> {
    let tenant = tx.tenant();
    let plan_ids = PlanId::uuids(plans);
    let shop_ids = ShopId::uuids(shops);
    let rows = sqlx::query!(
        r#"WITH kinds AS MATERIALIZED (SELECT code, kind, sort FROM category WHERE tenant_id = $1)
           SELECT 0::int2 AS "family!", NULL::uuid AS owner, NULL::date AS month, NULL::text AS code,
                  NULL::text AS kind, NULL::int4 AS sort, NULL::int8 AS i1, NULL::int8 AS i2,
                  NULL::int8 AS i3, NULL::int8 AS i4, NULL::int8 AS i5, NULL::int8 AS i6,
                  status_on_track AS n1, status_at_risk AS n2
           FROM tenant WHERE id = $1
           UNION ALL
           SELECT 1, k.id, t.month, NULL, NULL, NULL, t.uv, (t.aov * 100)::int8, NULL, NULL, NULL, NULL,
                  t.conversion_rate, NULL
           FROM unnest($2::uuid[]) AS k (id)
           CROSS JOIN LATERAL (
               SELECT month, uv, aov, conversion_rate FROM monthly_target
               WHERE tenant_id = $1 AND plan_id = k.id
               OFFSET 0
           ) t
           UNION ALL
           SELECT 2, k.id, b.month, NULL, c.kind, NULL, (sum(b.amount) * 100)::int8, NULL, NULL, NULL, NULL,
                  NULL, NULL, NULL
           FROM unnest($2::uuid[]) AS k (id)
           CROSS JOIN LATERAL (
               SELECT month, category_code, amount FROM budget_line
               WHERE tenant_id = $1 AND plan_id = k.id
               OFFSET 0
           ) b
           JOIN kinds c ON c.code = b.category_code
           GROUP BY k.id, b.month, c.kind
           UNION ALL
           SELECT 3, k.id, m.month, NULL, NULL, NULL, m.uv, m.buyers, m.orders, m.days, (m.sales * 100)::int8,
                  (m.refunds * 100)::int8, NULL, NULL
           FROM unnest($3::uuid[]) AS k (id)
           CROSS JOIN LATERAL (
               SELECT month, uv, buyers, orders, sales, refunds, days::int8 AS days
               FROM actual_month
               WHERE tenant_id = $1 AND shop_id = k.id AND month >= $4 AND last_date <= $5
               UNION ALL
               SELECT date_trunc('month', $5::date)::date, sum(uv)::int8, sum(buyers)::int8,
                      COALESCE(sum(orders), 0)::int8, sum(sales), COALESCE(sum(refunds), 0), count(*)
               FROM daily_actual
               WHERE tenant_id = $1 AND shop_id = k.id
                 AND date >= GREATEST($4, date_trunc('month', $5::date)::date) AND date <= $5
                 AND EXISTS (SELECT FROM actual_month
                             WHERE tenant_id = $1 AND shop_id = k.id
                               AND month = date_trunc('month', $5::date)::date AND last_date > $5)
               HAVING count(*) > 0
           ) m
           UNION ALL
           SELECT 4, k.id, s.month, s.category_code, c.kind, c.sort, (s.amount * 100)::int8,
                  (s.attributed * 100)::int8, NULL, NULL, NULL, NULL, NULL, NULL
           FROM unnest($3::uuid[]) AS k (id)
           CROSS JOIN LATERAL (
               SELECT month, category_code, amount, attributed_sales AS attributed
               FROM spend_month
               WHERE tenant_id = $1 AND shop_id = k.id AND month >= $4 AND last_date <= $5
               UNION ALL
               SELECT date_trunc('month', $5::date)::date, category_code, sum(amount),
                      COALESCE(sum(attributed_sales), 0)
               FROM spend_entry
               WHERE tenant_id = $1 AND shop_id = k.id
                 AND date >= GREATEST($4, date_trunc('month', $5::date)::date) AND date <= $5
                 AND category_code IN (SELECT category_code FROM spend_month
                                       WHERE tenant_id = $1 AND shop_id = k.id
                                         AND month = date_trunc('month', $5::date)::date AND last_date > $5)
               GROUP BY category_code
           ) s
           JOIN kinds c ON c.code = s.category_code"#,
        tenant as TenantId,
        &plan_ids,
        &shop_ids,
        first,
        as_of
    )
    .fetch_all(tx.conn())
    .await?;
    let mut out = Figures::default();
    for r in rows {
        let owner = || present(r.owner, "owner");
        let month = || present(r.month, "month");
        let n1 = || present(r.n1, "n1");
        let n2 = || present(r.n2, "n2");
        match r.family {
            0 => out.thresholds = (n1()?, n2()?),
            1 => out.targets.push(TargetRow {
                plan_id: PlanId(owner()?),
                month: month()?,
                uv: present(r.i1, "i1")?,
                conversion_rate: Rate::new(n1()?),
                aov: fen(r.i2, "i2")?,
            }),
            2 => out.budgets.push(BudgetByKind {
                plan_id: PlanId(owner()?),
                month: month()?,
                kind: kind(r.kind)?,
                amount: fen(r.i1, "i1")?,
            }),
            3 => out.actuals.push(ActualMonth {
                shop_id: ShopId(owner()?),
                month: month()?,
                uv: present(r.i1, "i1")?,
                buyers: present(r.i2, "i2")?,
                orders: present(r.i3, "i3")?,
                days: present(r.i4, "i4")?,
                sales: fen(r.i5, "i5")?,
                refunds: fen(r.i6, "i6")?,
            }),
            _ => out.spend.push(SpendMonth {
                shop_id: ShopId(owner()?),
                month: month()?,
                category_code: present(r.code, "code")?,
                kind: kind(r.kind)?,
                sort: present(r.sort, "sort")?,
                amount: fen(r.i1, "i1")?,
                attributed_sales: fen(r.i2, "i2")?,
            }),
        }
    }
    out.actuals.sort_by_key(|a| (a.shop_id, a.month));
    out.spend.sort_by(|a, b| {
        (a.shop_id, a.month, a.sort, &a.category_code).cmp(&(
            b.shop_id,
            b.month,
            b.sort,
            &b.category_code,
        ))
    });
    Ok(out)
}

/// A column that the row's family always fills.
fn present<T>(value: Option<T>, column: &str) -> Result<T, sqlx::Error> {
    value.ok_or_else(|| sqlx::Error::Protocol(format!("dashboard figures: no {column}")))
}

/// A category's kind as stored.
fn kind(value: Option<String>) -> Result<Option<CategoryKind>, sqlx::Error> {
    present(value, "kind").map(|k| CategoryKind::parse(&k).ok())
}

/// An amount sent as whole fen: the amounts are stored to the fen (`numeric(18, 2)`), so
/// the conversion is exact, and an integer is far cheaper to send and read than a numeric.
fn fen(value: Option<i64>, column: &str) -> Result<Money, sqlx::Error> {
    present(value, column).map(|fen| Money::new(Decimal::new(fen, 2)))
}

/// The plan each active shop is measured against on `as_of`: one covering that date, an
/// approved revision before a draft, the newest before older ones.
pub async fn baseline_plans(
    tx: &mut TenantTx,
    as_of: NaiveDate,
) -> Result<Vec<PlanId>, sqlx::Error> {
    let tenant = tx.tenant();
    // Prefer a plan whose months contain the as-of date, then an approved one, then the newest.
    sqlx::query_scalar!(
        r#"SELECT DISTINCT ON (p.shop_id) p.id AS "id: PlanId"
           FROM plan p JOIN shop s ON s.tenant_id = p.tenant_id AND s.id = p.shop_id
           WHERE p.tenant_id = $1 AND s.archived_at IS NULL AND p.status <> 'archived'
           ORDER BY p.shop_id,
                    ($2 >= p.start_month AND $2 < p.end_month + interval '1 month') DESC,
                    p.status = 'approved' DESC, p.start_month DESC, p.revision DESC"#,
        tenant as TenantId,
        as_of
    )
    .fetch_all(tx.conn())
    .await
}

/// A phase of one of several plans.
#[derive(Clone, Debug)]
pub struct PhaseSpan {
    pub plan_id: PlanId,
    pub kind: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub gate_status: String,
}

pub async fn phases(tx: &mut TenantTx, plans: &[PlanId]) -> Result<Vec<PhaseSpan>, sqlx::Error> {
    let tenant = tx.tenant();
    let ids = PlanId::uuids(plans);
    sqlx::query_as!(
        PhaseSpan,
        r#"SELECT f.plan_id AS "plan_id: PlanId", f.kind, f.start_date, f.end_date, f.gate_status
           FROM unnest($2::uuid[]) AS k (id)
           CROSS JOIN LATERAL (
               SELECT plan_id, kind, start_date, end_date, gate_status FROM phase
               WHERE tenant_id = $1 AND plan_id = k.id
               OFFSET 0
           ) f
           ORDER BY f.start_date"#,
        tenant as TenantId,
        &ids
    )
    .fetch_all(tx.conn())
    .await
}

/// A milestone not done yet, with where it belongs and who owns it.
#[derive(Clone, Debug)]
pub struct OpenMilestone {
    pub plan_id: PlanId,
    pub id: uuid::Uuid,
    pub phase_kind: String,
    pub title: String,
    pub owner: Option<String>,
    pub due_on: NaiveDate,
    pub status: String,
}

/// Milestones of the plans due on or before `until` and not done (overdue ones included).
pub async fn milestones_due(
    tx: &mut TenantTx,
    plans: &[PlanId],
    until: NaiveDate,
) -> Result<Vec<OpenMilestone>, sqlx::Error> {
    let tenant = tx.tenant();
    let ids = PlanId::uuids(plans);
    sqlx::query_as!(
        OpenMilestone,
        r#"SELECT m.plan_id AS "plan_id: PlanId", m.id, m.phase_kind, m.title, u.name AS "owner?",
                  m.due_on AS "due_on!", m.status
           FROM unnest($2::uuid[]) AS k (id)
           JOIN milestone m ON m.tenant_id = $1 AND m.plan_id = k.id
           LEFT JOIN app_user u ON u.id = m.owner_id
           WHERE m.due_on <= $3 AND m.status NOT IN ('done', 'missed')
           ORDER BY m.due_on, m.title"#,
        tenant as TenantId,
        &ids,
        until
    )
    .fetch_all(tx.conn())
    .await
}

/// An exit criterion of one of several plans.
#[derive(Clone, Debug)]
pub struct CriterionRow {
    pub plan_id: PlanId,
    pub phase_kind: String,
    pub text: String,
    pub metric: Option<String>,
    pub comparator: Option<String>,
    pub threshold: Option<Decimal>,
    pub done: bool,
}

pub async fn criteria(
    tx: &mut TenantTx,
    plans: &[PlanId],
) -> Result<Vec<CriterionRow>, sqlx::Error> {
    let tenant = tx.tenant();
    let ids = PlanId::uuids(plans);
    sqlx::query_as!(
        CriterionRow,
        r#"SELECT c.plan_id AS "plan_id: PlanId", c.phase_kind, c.text, c.metric, c.comparator, c.threshold, c.done
           FROM unnest($2::uuid[]) AS k (id)
           JOIN exit_criterion c ON c.tenant_id = $1 AND c.plan_id = k.id
           ORDER BY c.phase_kind, c.position"#,
        tenant as TenantId,
        &ids
    )
    .fetch_all(tx.conn())
    .await
}

/// The plan a shop's month is measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthPlan {
    pub shop_id: ShopId,
    pub month: NaiveDate,
    pub plan_id: PlanId,
}

/// For every active shop and each of its months in `first..=last` (first days) that a plan
/// covers, the plan the month is measured against, chosen as the dashboards choose their
/// baseline: an approved revision before a draft, then the latest plan and revision. So a
/// year with a spring quarter plan and an autumn half-year plan counts both.
pub async fn month_plans(
    tx: &mut TenantTx,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<MonthPlan>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        MonthPlan,
        r#"SELECT DISTINCT ON (p.shop_id, m.month)
                  p.shop_id AS "shop_id!: ShopId", m.month AS "month!", p.id AS "plan_id!: PlanId"
           FROM plan p
           JOIN shop s ON s.tenant_id = p.tenant_id AND s.id = p.shop_id
           CROSS JOIN LATERAL (
               SELECT generate_series(GREATEST(p.start_month, $2), LEAST(p.end_month, $3),
                                      interval '1 month')::date AS month
           ) m
           WHERE p.tenant_id = $1 AND p.status <> 'archived' AND s.archived_at IS NULL
           ORDER BY p.shop_id, m.month, p.status = 'approved' DESC, p.start_month DESC,
                    p.revision DESC"#,
        tenant as TenantId,
        first,
        last
    )
    .fetch_all(tx.conn())
    .await
}

/// The version of what a shop's dashboard shows (its own stamp and its organization's,
/// `figures_stamp`) and today on the organization's clock: a page rendered under one stamp is
/// the same page for as long as the stamp is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub version: i64,
    pub today: NaiveDate,
}

/// The stamp of a shop's dashboard now; `None` when there is no such organization. Read
/// before any tenant is set on the connection, in one statement, through the function that
/// may sum a named organization's stamps (which hold no business data; the table itself is
/// under row-level security).
pub async fn figures_stamp(
    pool: &sqlx::PgPool,
    tenant: TenantId,
    shop: ShopId,
) -> Result<Option<Stamp>, sqlx::Error> {
    sqlx::query_as!(
        Stamp,
        r#"SELECT version AS "version!", today AS "today!" FROM app_figures_stamp($1, $2)"#,
        tenant as TenantId,
        shop as ShopId
    )
    .fetch_optional(pool)
    .await
}

/// What the plan dashboard shows besides the figures, read in one statement with the plan.
pub struct PlanHead {
    pub plan: PlanRow,
    pub shop: Shop,
    /// Today on the organization's clock, with the version of the shop's figures read in the
    /// same statement, before them.
    pub stamp: Stamp,
    /// Every revision of the plan's lineage, newest first: id and status.
    pub revisions: Vec<(PlanId, String)>,
    /// The review notes on the plan's months, oldest first within each month.
    pub notes: Vec<Note>,
    /// The organization's budget categories, as `reference::list` orders them.
    pub categories: Vec<RefItem>,
}

/// A plan revision with its shop, the organization's today, the lineage's revisions, the
/// notes and the categories; `None` when the organization has no such plan.
pub async fn plan_head(tx: &mut TenantTx, id: PlanId) -> Result<Option<PlanHead>, sqlx::Error> {
    let tenant = tx.tenant();
    let Some(r) = sqlx::query!(
        r#"SELECT p.id AS "id: PlanId", p.shop_id AS "shop_id: ShopId", p.lineage_id, p.revision,
                  p.previous_id AS "previous_id: PlanId", p.revision_reason, p.name, p.status, p.version,
                  p.start_month, p.end_month,
                  p.total_sales_target AS "total_sales_target: Money", p.gross_margin AS "gross_margin: Rate",
                  p.roi_target_min AS "roi_target_min: Ratio", p.roi_target_max AS "roi_target_max: Ratio",
                  p.marketing_share_max AS "marketing_share_max: Rate", p.staff_share_max AS "staff_share_max: Rate",
                  p.created_by AS "created_by: UserId", p.created_at, p.updated_at,
                  p.submitted_by AS "submitted_by: UserId", p.submitted_at,
                  p.decided_by AS "decided_by: UserId", p.decided_at, p.decision_comment,
                  s.name AS shop_name, s.platform_code, s.store_type_code, s.category AS shop_category,
                  s.currency, s.opened_on, s.status AS shop_status, s.archived_at IS NOT NULL AS "shop_archived!",
                  s.created_at AS shop_created_at,
                  (now() AT TIME ZONE t.time_zone)::date AS "today!",
                  COALESCE((SELECT sum(f.version) FROM figures_stamp f
                            WHERE f.tenant_id = $1 AND f.scope IN ($1, p.shop_id)), 0)::int8 AS "figures_version!",
                  r.ids AS "revision_ids!", r.statuses AS "revision_statuses!",
                  COALESCE((SELECT json_agg(json_build_object(
                                'id', n.id, 'month', n.month, 'author', n.author_name, 'body', n.body,
                                'created_at', n.created_at,
                                'created_local', n.created_at AT TIME ZONE t.time_zone)
                                ORDER BY n.month, n.created_at)
                            FROM review_note n
                            WHERE n.tenant_id = $1 AND n.shop_id = p.shop_id
                              AND n.month BETWEEN p.start_month AND p.end_month), '[]')
                      AS "notes!: Json<Vec<Note>>",
                  COALESCE((SELECT json_agg(json_build_object(
                                'code', c.code, 'name_zh', c.name_zh, 'name_en', c.name_en,
                                'kind', c.kind, 'archived', c.archived)
                                ORDER BY c.archived, c.sort, c.code)
                            FROM category c WHERE c.tenant_id = $1), '[]')
                      AS "categories!: Json<Vec<RefItem>>"
           FROM plan p
           JOIN shop s ON s.tenant_id = p.tenant_id AND s.id = p.shop_id
           JOIN tenant t ON t.id = p.tenant_id
           CROSS JOIN LATERAL (
               SELECT array_agg(r.id ORDER BY r.revision DESC) AS ids,
                      array_agg(r.status ORDER BY r.revision DESC) AS statuses
               FROM plan r WHERE r.tenant_id = $1 AND r.lineage_id = p.lineage_id
           ) r
           WHERE p.tenant_id = $1 AND p.id = $2"#,
        tenant as TenantId,
        id as PlanId
    )
    .fetch_optional(tx.conn())
    .await?
    else {
        return Ok(None);
    };
    let plan = PlanRow {
        id: r.id,
        shop_id: r.shop_id,
        lineage_id: r.lineage_id,
        revision: r.revision,
        previous_id: r.previous_id,
        revision_reason: r.revision_reason,
        name: r.name,
        status: r.status,
        version: r.version,
        start_month: r.start_month,
        end_month: r.end_month,
        total_sales_target: r.total_sales_target,
        gross_margin: r.gross_margin,
        roi_target_min: r.roi_target_min,
        roi_target_max: r.roi_target_max,
        marketing_share_max: r.marketing_share_max,
        staff_share_max: r.staff_share_max,
        created_by: r.created_by,
        created_at: r.created_at,
        updated_at: r.updated_at,
        submitted_by: r.submitted_by,
        submitted_at: r.submitted_at,
        decided_by: r.decided_by,
        decided_at: r.decided_at,
        decision_comment: r.decision_comment,
    };
    let shop = Shop {
        id: r.shop_id,
        name: r.shop_name,
        platform: r.platform_code,
        store_type: r.store_type_code,
        category: r.shop_category,
        currency: r.currency,
        opened_on: r.opened_on,
        status: r.shop_status,
        archived: r.shop_archived,
        created_at: r.shop_created_at,
    };
    Ok(Some(PlanHead {
        plan,
        shop,
        stamp: Stamp {
            version: r.figures_version,
            today: r.today,
        },
        revisions: r
            .revision_ids
            .into_iter()
            .map(PlanId)
            .zip(r.revision_statuses)
            .collect(),
        notes: r.notes.0,
        categories: r.categories.0,
    }))
}
