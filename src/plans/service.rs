//! Creating and saving plans, shared by the editor pages and the API: permissions, the
//! version check that prevents lost updates, validation, the writes, the audit entry.

use serde_json::{Value, json};

use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::db::audit::{self, Entry};
use crate::db::plan_parts::{self, PhaseWrite};
use crate::db::plans::{self as plan_db, NewPlan, PlanRow};
use crate::db::reference::{self, RefList};
use crate::db::{TenantTx, members, shops};
use crate::domain::YearMonth;
use crate::domain::ids::{MilestoneId, PlanId, ShopId, UserId};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::plans::document::{MilestoneStatus, PlanDocument, PlanStatus};
use crate::plans::input::{
    self, BudgetInput, ConditionInput, CriterionInput, Known, MilestoneInput, PhaseInput,
    PlanContent, PlanInput, Reader, TargetInput,
};
use crate::plans::{conflict, load_document, template};

/// The fields of a new plan; its phases come from the template.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewPlanInput {
    pub name: Option<String>,
    #[schema(value_type = String, example = "2027-01")]
    pub start_month: Value,
    #[schema(value_type = String, example = "2027-06")]
    pub end_month: Value,
    #[schema(value_type = Option<String>)]
    pub total_sales_target: Value,
    #[schema(value_type = Option<String>, example = "0.4000")]
    pub gross_margin: Value,
    #[schema(value_type = Option<String>, example = "3")]
    pub roi_target_min: Value,
    #[schema(value_type = Option<String>, example = "5")]
    pub roi_target_max: Value,
    #[schema(value_type = Option<String>)]
    pub marketing_share_max: Value,
    #[schema(value_type = Option<String>)]
    pub staff_share_max: Value,
}

/// The names and owners a plan may refer to in this organization.
async fn known(tx: &mut TenantTx) -> Result<(Vec<reference::RefItem>, Vec<UserId>), AppError> {
    let categories = reference::list(tx, RefList::Category).await?;
    let members = members::list_members(tx)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    Ok((categories, members))
}

/// Writes every part of validated content (the caller has bumped the version).
pub(crate) async fn write_parts(
    tx: &mut TenantTx,
    id: PlanId,
    c: &PlanContent,
) -> Result<(), AppError> {
    plan_parts::replace_phases(tx, id, &c.phases).await?;
    plan_parts::replace_criteria(tx, id, &c.criteria).await?;
    plan_parts::replace_milestones(tx, id, &c.milestones).await?;
    plan_parts::replace_targets(tx, id, &c.targets).await?;
    plan_parts::replace_budgets(tx, id, &c.budgets).await?;
    Ok(())
}

/// Creates a plan for a shop from the template (operator, manager, admin).
pub async fn create_plan(
    state: &AppState,
    user: &CurrentUser,
    shop: ShopId,
    new: &NewPlanInput,
    lang: Lang,
) -> Result<PlanDocument, AppError> {
    user.require(Permission::EditPlans)?;
    let mut tx = user.begin(state).await?;
    let shop_row = shops::get_shop(&mut tx, shop)
        .await?
        .ok_or(AppError::NotFound)?;
    if shop_row.archived {
        return Err(conflict("shop_archived", "plan-shop-archived"));
    }
    let head = PlanInput {
        name: new.name.clone(),
        start_month: new.start_month.clone(),
        end_month: new.end_month.clone(),
        total_sales_target: new.total_sales_target.clone(),
        gross_margin: new.gross_margin.clone(),
        roi_target_min: new.roi_target_min.clone(),
        roi_target_max: new.roi_target_max.clone(),
        marketing_share_max: new.marketing_share_max.clone(),
        staff_share_max: new.staff_share_max.clone(),
        ..PlanInput::default()
    };
    let mut reader = Reader::default();
    let fields = input::read_fields(&mut reader, &head);
    let Some(fields) = fields.filter(|_| reader.errors.is_empty()) else {
        return Err(AppError::invalid(reader.errors));
    };
    let (start, end) = (
        YearMonth::of(fields.start_month),
        YearMonth::of(fields.end_month),
    );
    let full = PlanInput {
        phases: template::phases(start, end, lang),
        ..head
    };
    let (categories, members) = known(&mut tx).await?;
    let content = input::validate(
        &full,
        &Known {
            categories: &categories,
            members: &members,
        },
    )?;
    let id = PlanId::new();
    plan_db::insert_plan(
        &mut tx,
        NewPlan {
            id,
            shop_id: shop,
            lineage_id: id.0,
            revision: 1,
            previous_id: None,
            revision_reason: None,
            fields: &content.fields,
            by: user.user_id,
        },
    )
    .await?;
    write_parts(&mut tx, id, &content).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new("plan.created")
            .object("plan", id)
            .details(json!({
                "name": content.fields.name, "shop": shop_row.name,
                "start_month": start.to_string(), "end_month": end.to_string(),
            })),
    )
    .await?;
    let doc = load_document(&mut tx, id, lang, &[]).await?;
    tx.commit().await?;
    Ok(doc)
}

/// Checks that the plan can be edited at `version` by this member; returns the locked row.
async fn open_for_edit(
    tx: &mut TenantTx,
    user: &CurrentUser,
    id: PlanId,
    version: Option<i64>,
) -> Result<PlanRow, AppError> {
    if !user.can(Permission::EditPlans) && !user.can(Permission::EditBudgets) {
        return Err(AppError::Forbidden);
    }
    let row = plan_db::get_plan(tx, id, true)
        .await?
        .ok_or(AppError::NotFound)?;
    if !PlanStatus::parse(&row.status).is_editable() {
        return Err(conflict("plan_locked", "plan-locked"));
    }
    let version = version
        .ok_or_else(|| AppError::invalid_field("version", Msg::new("plan-version-required")))?;
    if version != i64::from(row.version) {
        return Err(AppError::Conflict {
            code: "version_conflict",
            msg: Msg::new("plan-version-conflict")
                .arg("version", version)
                .arg("current", row.version),
        });
    }
    Ok(row)
}

/// Saves a whole plan document (`PUT`): refused with 409 `version_conflict` when someone saved
/// since `input.version`, and 409 `plan_locked` unless the plan is a draft. Finance may change
/// budget lines only.
pub async fn save_plan(
    state: &AppState,
    user: &CurrentUser,
    id: PlanId,
    input: &PlanInput,
    lang: Lang,
) -> Result<PlanDocument, AppError> {
    let mut tx = user.begin(state).await?;
    let row = open_for_edit(&mut tx, user, id, input.version).await?;
    let (categories, members) = known(&mut tx).await?;
    let known = Known {
        categories: &categories,
        members: &members,
    };
    let content = input::validate(input, &known)?;
    if !user.can(Permission::EditPlans) {
        let current = load_document(&mut tx, id, lang, &[]).await?;
        let current = input::validate(&to_input(&current), &known)?;
        if !same_except_budgets(&current, &content) {
            return Err(AppError::Forbidden);
        }
    }
    plan_db::update_fields(&mut tx, id, row.version, &content.fields, user.user_id)
        .await?
        .ok_or_else(|| conflict("version_conflict", "plan-version-conflict-plain"))?;
    write_parts(&mut tx, id, &content).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new("plan.saved").object("plan", id).details(json!({
            "version": row.version + 1,
            "targets": content.targets.len(),
            "budget_lines": content.budgets.len(),
        })),
    )
    .await?;
    let doc = load_document(&mut tx, id, lang, &content.stated_sales).await?;
    tx.commit().await?;
    Ok(doc)
}

/// Whether two contents differ only in their budget lines (ids of new items aside).
fn same_except_budgets(a: &PlanContent, b: &PlanContent) -> bool {
    let phases = |c: &PlanContent| {
        c.phases
            .iter()
            .map(|p: &PhaseWrite| (p.kind.clone(), p.start_date, p.end_date, p.goal.clone()))
            .collect::<Vec<_>>()
    };
    let criteria = |c: &PlanContent| {
        c.criteria
            .iter()
            .map(|x| {
                (
                    x.phase_kind.clone(),
                    x.text.clone(),
                    x.metric.clone(),
                    x.comparator.clone(),
                    x.threshold.map(|t| t.normalize()),
                    x.done,
                )
            })
            .collect::<Vec<_>>()
    };
    let milestones = |c: &PlanContent| {
        c.milestones
            .iter()
            .map(|m| {
                (
                    m.phase_kind.clone(),
                    m.title.clone(),
                    m.owner_id,
                    m.due_on,
                    m.status.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let targets = |c: &PlanContent| {
        c.targets
            .iter()
            .map(|t| {
                (
                    t.month,
                    t.uv,
                    t.conversion_rate.value().normalize(),
                    t.aov.value().normalize(),
                )
            })
            .collect::<Vec<_>>()
    };
    a.fields == b.fields
        && phases(a) == phases(b)
        && criteria(a) == criteria(b)
        && milestones(a) == milestones(b)
        && targets(a) == targets(b)
}

/// The document as input again: what a form section starts from and a revision copies.
pub fn to_input(doc: &PlanDocument) -> PlanInput {
    let opt = |v: Option<String>| v.map(Value::String).unwrap_or(Value::Null);
    PlanInput {
        version: Some(i64::from(doc.version)),
        name: Some(doc.name.clone()),
        start_month: json!(doc.start_month.to_string()),
        end_month: json!(doc.end_month.to_string()),
        total_sales_target: opt(doc.total_sales_target.map(|m| m.to_string())),
        gross_margin: opt(doc.gross_margin.map(|r| r.value().to_string())),
        roi_target_min: opt(doc.roi_target_min.map(|r| r.value().to_string())),
        roi_target_max: opt(doc.roi_target_max.map(|r| r.value().to_string())),
        marketing_share_max: opt(doc.marketing_share_max.map(|r| r.value().to_string())),
        staff_share_max: opt(doc.staff_share_max.map(|r| r.value().to_string())),
        phases: doc
            .phases
            .iter()
            .map(|p| PhaseInput {
                kind: json!(p.kind.as_str()),
                start_date: json!(p.start_date.to_string()),
                end_date: json!(p.end_date.to_string()),
                goal: Some(p.goal.clone()),
                exit_criteria: p
                    .exit_criteria
                    .iter()
                    .map(|c| CriterionInput {
                        id: json!(c.id.to_string()),
                        text: json!(c.text),
                        condition: c.condition.as_ref().map(|k| ConditionInput {
                            metric: json!(k.metric.as_str()),
                            comparator: json!(k.comparator),
                            threshold: json!(k.threshold.to_string()),
                        }),
                        done: c.done,
                    })
                    .collect(),
                milestones: p
                    .milestones
                    .iter()
                    .map(|m| MilestoneInput {
                        id: json!(m.id.to_string()),
                        title: json!(m.title),
                        owner_id: opt(m.owner_id.map(|o| o.to_string())),
                        due_on: opt(m.due_on.map(|d| d.to_string())),
                        status: json!(m.status.as_str()),
                    })
                    .collect(),
            })
            .collect(),
        targets: doc
            .targets
            .iter()
            .map(|t| TargetInput {
                month: json!(t.month.to_string()),
                uv: json!(t.uv),
                conversion_rate: json!(t.conversion_rate.value().to_string()),
                aov: json!(t.aov.value().to_string()),
                sales: Value::Null,
            })
            .collect(),
        budgets: doc
            .budgets
            .iter()
            .map(|b| BudgetInput {
                month: json!(b.month.to_string()),
                category: json!(b.category),
                amount: json!(b.amount.value().to_string()),
            })
            .collect(),
    }
}

/// Changes a milestone's progress (status, owner, due date) on a draft or an approved plan:
/// progress is tracked while the plan runs.
pub async fn update_milestone(
    state: &AppState,
    user: &CurrentUser,
    plan: PlanId,
    id: MilestoneId,
    status: &str,
    owner: Option<UserId>,
    due_on: Option<chrono::NaiveDate>,
) -> Result<(), AppError> {
    user.require(Permission::EditPlans)?;
    let status = MilestoneStatus::parse(status).ok_or_else(|| {
        AppError::invalid_field("status", Msg::new("plan-milestone-status-unknown"))
    })?;
    let mut tx = user.begin(state).await?;
    let row = plan_db::get_plan(&mut tx, plan, true)
        .await?
        .ok_or(AppError::NotFound)?;
    if !matches!(
        PlanStatus::parse(&row.status),
        PlanStatus::Draft | PlanStatus::Approved
    ) {
        return Err(conflict("plan_locked", "plan-locked"));
    }
    if let Some(owner) = owner
        && members::find_member(&mut tx, owner).await?.is_none()
    {
        return Err(AppError::invalid_field(
            "owner_id",
            Msg::new("plan-owner-not-member"),
        ));
    }
    if !plan_parts::update_milestone(&mut tx, plan, id, status.as_str(), owner, due_on).await? {
        return Err(AppError::NotFound);
    }
    plan_db::bump_version(&mut tx, plan, row.version, user.user_id).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new("milestone.updated")
            .object("milestone", id)
            .details(json!({ "plan": plan, "status": status.as_str() })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
