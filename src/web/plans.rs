//! Plan pages: a shop's new-plan form, the plan's page (phases, targets, budgets, warnings,
//! workflow actions, gate reviews, milestone progress), revisions and their comparison.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::db::members::{self, Member};
use crate::db::plans::{self as plan_db, PlanSummary};
use crate::db::reference::{self, RefList};
use crate::db::shops::{self as shop_db, Shop};
use crate::domain::ids::{MilestoneId, PlanId, ShopId, UserId};
use crate::domain::kinds::GateChoice;
use crate::domain::{PhaseKind, YearMonth};
use crate::error::AppError;
use crate::plans::document::{MilestoneStatus, PlanDocument, PlanStatus};
use crate::plans::gates;
use crate::plans::service::{self, NewPlanInput};
use crate::plans::{load_document, workflow};
use crate::web::extract::{Form, Path};
use crate::web::forms::FormErrors;
use crate::web::plan_compare;
use crate::web::plan_view::PlanView;
use crate::web::{PageContext, html, is_local_path, with_notice};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/shops/{id}/plans", post(create_plan))
        .route("/plans/{id}", get(show_plan))
        .route("/plans/{id}/submit", post(submit_plan))
        .route("/plans/{id}/approve", post(approve_plan))
        .route("/plans/{id}/return", post(return_plan))
        .route("/plans/{id}/archive", post(archive_plan))
        .route(
            "/plans/{id}/revisions",
            get(list_revisions).post(create_revision),
        )
        .route("/plans/{id}/compare", get(plan_compare::compare_revisions))
        .route("/plans/{id}/phases/{kind}/gate", post(review_gate))
        .route("/plans/{id}/milestones/{milestone}", post(update_milestone))
}

/// The new-plan form on a shop's page, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewPlanForm {
    pub name: String,
    pub start_month: String,
    pub end_month: String,
    pub total_sales_target: String,
    pub gross_margin: String,
    pub roi_target_min: String,
    pub roi_target_max: String,
    pub marketing_share_max: String,
    pub staff_share_max: String,
}

impl NewPlanForm {
    fn input(&self) -> NewPlanInput {
        let v = |s: &String| serde_json::Value::String(s.clone());
        NewPlanInput {
            name: Some(self.name.clone()),
            start_month: v(&self.start_month),
            end_month: v(&self.end_month),
            total_sales_target: v(&self.total_sales_target),
            gross_margin: v(&self.gross_margin),
            roi_target_min: v(&self.roi_target_min),
            roi_target_max: v(&self.roi_target_max),
            marketing_share_max: v(&self.marketing_share_max),
            staff_share_max: v(&self.staff_share_max),
        }
    }
}

/// A shop's page with its plans and the new-plan form.
#[derive(Template)]
#[template(path = "plans/shop.html")]
pub struct ShopPlansPage {
    pub ctx: PageContext,
    pub shop: Shop,
    pub labels: crate::web::shops::Labels,
    pub plans: Vec<PlanSummary>,
    pub can_edit_shop: bool,
    pub can_create: bool,
    pub form: NewPlanForm,
    pub errors: FormErrors,
    /// Where the shop's figures come from: the upload form and the import history.
    pub actuals: crate::web::actuals::ShopActuals,
}

impl ShopPlansPage {
    /// Nothing chosen yet in the shop page's upload form.
    pub fn upload_choice(&self) -> (&str, &str) {
        ("", "")
    }
}

impl ShopPlansPage {
    pub fn status_key(&self, status: &str) -> &'static str {
        PlanStatus::parse(status).label_key()
    }

    pub fn month(&self, date: &chrono::NaiveDate) -> String {
        YearMonth::of(*date).to_string()
    }
}

/// Renders a shop's page (the shops router shows it at `/shops/{id}`).
pub async fn shop_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
    id: ShopId,
    form: NewPlanForm,
    errors: FormErrors,
) -> Result<ShopPlansPage, AppError> {
    let mut tx = user.begin(state).await?;
    let shop = shop_db::get_shop(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let labels = crate::web::shops::Labels::load(&mut tx, ctx.lang).await?;
    let plans = plan_db::list_for_shop(&mut tx, id).await?;
    tx.commit().await?;
    let actuals = crate::web::actuals::ShopActuals::load(state, user, id).await?;
    Ok(ShopPlansPage {
        actuals,
        ctx,
        can_edit_shop: user.can(Permission::EditShops),
        can_create: user.can(Permission::EditPlans) && !shop.archived,
        shop,
        labels,
        plans,
        form,
        errors,
    })
}

async fn create_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(shop): Path<ShopId>,
    Form(form): Form<NewPlanForm>,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    match service::create_plan(&state, &user, shop, &form.input(), lang).await {
        Ok(doc) => {
            Ok(Redirect::to(&format!("/plans/{}?notice=plan-created", doc.id)).into_response())
        }
        Err(e) => {
            let errors = FormErrors::from_error(e, lang)?;
            let page = shop_page(&state, &user, ctx, shop, form, errors).await?;
            html(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}

/// The plan's page.
#[derive(Template)]
#[template(path = "plans/show.html")]
pub struct PlanPage {
    pub ctx: PageContext,
    pub view: PlanView,
    pub shop: Shop,
    pub members: Vec<Member>,
    pub can_edit: bool,
    pub can_edit_budgets: bool,
    pub can_submit: bool,
    pub can_decide: bool,
    pub can_archive: bool,
    pub can_revise: bool,
    pub can_review_gates: bool,
    pub can_track: bool,
    pub errors: FormErrors,
}

impl PlanPage {
    pub fn milestone_statuses(&self) -> [MilestoneStatus; 4] {
        MilestoneStatus::ALL
    }

    pub fn owner_selected(&self, owner: &Option<UserId>, member: &UserId) -> bool {
        owner.as_ref() == Some(member)
    }
}

async fn plan_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
    id: PlanId,
    errors: FormErrors,
) -> Result<PlanPage, AppError> {
    let mut tx = user.begin(state).await?;
    let doc = load_document(&mut tx, id, ctx.lang, &[]).await?;
    let shop = shop_db::get_shop(&mut tx, doc.shop_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let categories = reference::list(&mut tx, RefList::Category).await?;
    let members = members::list_members(&mut tx).await?;
    tx.commit().await?;
    let status = doc.status;
    let editable = status.is_editable() && !shop.archived;
    Ok(PlanPage {
        can_edit: editable && user.can(Permission::EditPlans),
        can_edit_budgets: editable && user.can(Permission::EditBudgets),
        can_submit: status == PlanStatus::Draft && user.can(Permission::SubmitPlans),
        can_decide: status == PlanStatus::Submitted && user.can(Permission::ApprovePlans),
        can_archive: status != PlanStatus::Archived && user.can(Permission::ApprovePlans),
        can_revise: status == PlanStatus::Approved && user.can(Permission::EditPlans),
        can_review_gates: status == PlanStatus::Approved && user.can(Permission::ApprovePlans),
        can_track: matches!(status, PlanStatus::Draft | PlanStatus::Approved)
            && user.can(Permission::EditPlans),
        view: PlanView::new(doc, categories, ctx.lang),
        ctx,
        shop,
        members,
        errors,
    })
}

async fn show_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
) -> Result<Response, AppError> {
    html(
        StatusCode::OK,
        plan_page(&state, &user, ctx, id, FormErrors::none()).await?,
    )
}

/// Runs a workflow step; a refusal the person can act on comes back as the plan page with
/// the message.
async fn step(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
    id: PlanId,
    result: Result<PlanDocument, AppError>,
    notice: &str,
) -> Result<Response, AppError> {
    match result {
        Ok(doc) => Ok(Redirect::to(&format!("/plans/{}?notice={notice}", doc.id)).into_response()),
        Err(e) => {
            let status = e.status();
            let errors = FormErrors::from_error(e, ctx.lang)?;
            let page = plan_page(state, user, ctx, id, errors).await?;
            html(status, page)
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CommentForm {
    comment: String,
    reason: String,
}

async fn submit_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
) -> Result<Response, AppError> {
    let result = workflow::submit(&state, &user, id, ctx.lang).await;
    step(&state, &user, ctx, id, result, "plan-submitted").await
}

async fn approve_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
    Form(form): Form<CommentForm>,
) -> Result<Response, AppError> {
    let result = workflow::approve(&state, &user, id, &form.comment, ctx.lang).await;
    step(&state, &user, ctx, id, result, "plan-approved").await
}

async fn return_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
    Form(form): Form<CommentForm>,
) -> Result<Response, AppError> {
    let result = workflow::send_back(&state, &user, id, &form.comment, ctx.lang).await;
    step(&state, &user, ctx, id, result, "plan-returned").await
}

async fn archive_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
) -> Result<Response, AppError> {
    let result = workflow::archive(&state, &user, id, ctx.lang).await;
    step(&state, &user, ctx, id, result, "plan-archived").await
}

async fn create_revision(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
    Form(form): Form<CommentForm>,
) -> Result<Response, AppError> {
    let result = workflow::revise(&state, &user, id, &form.reason, ctx.lang).await;
    step(&state, &user, ctx, id, result, "plan-revised").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct GateForm {
    decision: String,
    comment: String,
    /// `true` for a pass although exit criteria are not met.
    conditional: String,
    /// Where to go back to (the manager view), when not the plan page.
    next: String,
}

async fn review_gate(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path((id, kind)): Path<(PlanId, String)>,
    Form(form): Form<GateForm>,
) -> Result<Response, AppError> {
    let kind = PhaseKind::parse(&kind).map_err(|_| AppError::NotFound)?;
    let choice =
        GateChoice::parse(&form.decision, form.conditional == "true").unwrap_or(GateChoice::Return);
    let result = async {
        let mut tx = user.begin(&state).await?;
        gates::review_gate(&mut tx, &user, id, kind, choice, &form.comment).await?;
        Ok::<(), AppError>(tx.commit().await?)
    }
    .await;
    match result {
        Ok(()) => {
            let back = if is_local_path(&form.next) {
                with_notice(&form.next, "gate-reviewed")
            } else {
                format!("/plans/{id}?notice=gate-reviewed#phase-{}", kind.as_str())
            };
            Ok(Redirect::to(&back).into_response())
        }
        Err(e) => {
            let status = e.status();
            let errors = FormErrors::from_error(e, ctx.lang)?;
            html(status, plan_page(&state, &user, ctx, id, errors).await?)
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MilestoneForm {
    status: String,
    owner: String,
    due: String,
}

async fn update_milestone(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path((id, milestone)): Path<(PlanId, MilestoneId)>,
    Form(form): Form<MilestoneForm>,
) -> Result<Response, AppError> {
    let owner = form.owner.parse::<UserId>().ok();
    let due = chrono::NaiveDate::parse_from_str(form.due.trim(), "%Y-%m-%d").ok();
    let result =
        service::update_milestone(&state, &user, id, milestone, &form.status, owner, due).await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/plans/{id}?notice=milestone-saved")).into_response()),
        Err(e) => {
            let status = e.status();
            let errors = FormErrors::from_error(e, ctx.lang)?;
            html(status, plan_page(&state, &user, ctx, id, errors).await?)
        }
    }
}

/// The revisions of a plan, with the form to compare two.
#[derive(Template)]
#[template(path = "plans/revisions.html")]
pub struct RevisionsPage {
    pub ctx: PageContext,
    pub plan: PlanId,
    pub name: String,
    pub revisions: Vec<PlanSummary>,
}

impl RevisionsPage {
    pub fn status_key(&self, status: &str) -> &'static str {
        PlanStatus::parse(status).label_key()
    }
}

async fn list_revisions(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
) -> Result<Response, AppError> {
    let mut tx = user.begin(&state).await?;
    let row = plan_db::get_plan(&mut tx, id, false)
        .await?
        .ok_or(AppError::NotFound)?;
    let revisions = plan_db::list_revisions(&mut tx, row.lineage_id).await?;
    tx.commit().await?;
    html(
        StatusCode::OK,
        RevisionsPage {
            ctx,
            plan: id,
            name: row.name,
            revisions,
        },
    )
}

/// The translation key of a gate status.
pub fn gate_key(status: &str) -> &'static str {
    match status {
        "approved" => "gate-approved",
        "returned" => "gate-returned",
        _ => "gate-pending",
    }
}
