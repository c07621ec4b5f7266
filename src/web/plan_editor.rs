//! The plan editor: one form per section (the plan's own figures, the phases with their
//! criteria and milestones, the monthly targets with the split and UV helpers, the budget
//! grid). Each form carries the version it was shown at; when someone saved in between, the
//! form comes back with the person's own input and a notice, and nothing is overwritten.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use std::collections::BTreeMap;

use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::db::members::{self, Member};
use crate::db::reference::{self, RefItem, RefList};
use crate::domain::funnel::uv_needed;
use crate::domain::ids::PlanId;
use crate::domain::parse::{parse_money, parse_rate};
use crate::domain::{PhaseKind, YearMonth};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::plans::document::{CriterionMetric, MilestoneStatus, PlanStatus};
use crate::plans::load_document;
use crate::plans::service::{self, to_input};
use crate::plans::split::{self, SplitRequest};
use crate::web::extract::{Form, Path, Query};
use crate::web::forms::FormErrors;
use crate::web::plan_forms::{self, BLANK_ROWS, Fields, Section};
use crate::web::plan_view::PlanView;
use crate::web::{PageContext, html};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plans/{id}/edit", get(edit_settings).post(save_settings))
        .route("/plans/{id}/phases", get(edit_phases).post(save_phases))
        .route("/plans/{id}/targets", get(edit_targets).post(save_targets))
        .route("/plans/{id}/targets/split", post(split_targets))
        .route("/plans/{id}/budgets", get(edit_budgets).post(save_budgets))
}

/// Everything an editor page needs; `values` holds what the form shows (stored figures, or
/// the person's input after a refused save).
#[derive(Template)]
#[template(path = "plans/editor.html")]
pub struct EditorPage {
    pub ctx: PageContext,
    pub section: &'static str,
    pub view: PlanView,
    pub members: Vec<Member>,
    pub values: BTreeMap<String, String>,
    pub errors: FormErrors,
    /// Set when the save was refused because someone else saved first.
    pub conflict: bool,
    /// Extra budget columns asked for.
    pub extra_categories: Vec<String>,
    /// A notice about proposed (unsaved) values, from the split helper.
    pub proposed: bool,
    /// The UV calculator's result.
    pub uv_result: Option<String>,
    pub calc: CalcQuery,
    pub split: SplitForm,
}

impl EditorPage {
    pub fn value(&self, name: impl std::fmt::Display) -> &str {
        self.values
            .get(&name.to_string())
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn phase_kinds(&self) -> [PhaseKind; 4] {
        PhaseKind::ALL
    }

    pub fn metrics(&self) -> [CriterionMetric; 6] {
        CriterionMetric::ALL
    }

    pub fn milestone_statuses(&self) -> [MilestoneStatus; 4] {
        MilestoneStatus::ALL
    }

    /// How many rows the phase editor shows for a list: the stored ones plus blanks.
    pub fn rows(&self, kind: &PhaseKind, list: &str) -> Vec<usize> {
        let prefix = format!("phase.{}.{list}.", kind.as_str());
        let stored = (0..)
            .take_while(|i| {
                let key = if list == "c" { "text" } else { "title" };
                self.values.contains_key(&format!("{prefix}{i}.{key}"))
            })
            .count();
        (0..stored + BLANK_ROWS).collect()
    }

    pub fn selected(&self, name: impl std::fmt::Display, value: impl std::fmt::Display) -> bool {
        self.value(name) == value.to_string()
    }

    /// Budget columns: categories with a line, plus those asked for.
    pub fn budget_columns(&self) -> Vec<&RefItem> {
        let used = self.view.budget_categories();
        self.view
            .categories
            .iter()
            .filter(|c| {
                used.iter().any(|u| u.code == c.code)
                    || self.extra_categories.contains(&c.code)
                    || self
                        .values
                        .keys()
                        .any(|k| k.ends_with(&format!(".{}", c.code)) && k.starts_with("amount."))
            })
            .collect()
    }

    pub fn addable_categories(&self) -> Vec<&RefItem> {
        let shown = self.budget_columns();
        self.view
            .categories
            .iter()
            .filter(|c| !c.archived && !shown.iter().any(|s| s.code == c.code))
            .collect()
    }

    /// The derived buyers and sales of a row as typed (shown beside the inputs).
    pub fn derived(&self, month: &YearMonth) -> (String, String) {
        let key = month.to_string();
        let uv = crate::domain::parse::parse_count(self.value(format!("uv.{key}")));
        let cr = parse_rate(self.value(format!("cr.{key}")));
        let aov = parse_money(self.value(format!("aov.{key}")));
        match (uv, cr, aov) {
            (Ok(uv), Ok(cr), Ok(aov)) => {
                let t = crate::plans::document::Target::derive(*month, uv as i64, cr, aov);
                (self.view.count(t.buyers), t.sales.grouped())
            }
            _ => (String::new(), String::new()),
        }
    }

    pub fn extra_param(&self) -> String {
        self.extra_categories.join(",")
    }
}

/// The UV calculator's inputs (a GET form on the targets page).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct CalcQuery {
    pub calc_sales: String,
    pub calc_cr: String,
    pub calc_aov: String,
    /// Extra budget columns (comma-separated codes).
    pub with: String,
}

/// The split helper's form. Its fields are named `split.…` on the page, so that their
/// messages do not land on the targets grid's fields of the same name.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SplitForm {
    #[serde(rename = "split.total")]
    pub total: String,
    pub method: String,
    #[serde(rename = "split.weights")]
    pub weights: String,
    #[serde(rename = "split.conversion_rate")]
    pub conversion_rate: String,
    #[serde(rename = "split.aov")]
    pub aov: String,
}

/// The stored document as the editor's form values.
fn stored_values(view: &PlanView) -> BTreeMap<String, String> {
    let doc = &view.doc;
    let mut v = BTreeMap::new();
    let mut put = |k: String, val: String| {
        v.insert(k, val);
    };
    put("version".into(), doc.version.to_string());
    put("name".into(), doc.name.clone());
    put("start_month".into(), doc.start_month.to_string());
    put("end_month".into(), doc.end_month.to_string());
    put(
        "total_sales_target".into(),
        doc.total_sales_target
            .map(|m| m.to_string())
            .unwrap_or_default(),
    );
    put(
        "gross_margin".into(),
        doc.gross_margin
            .map(|r| r.percent_text())
            .unwrap_or_default(),
    );
    put(
        "roi_target_min".into(),
        doc.roi_target_min
            .map(|r| r.value().normalize().to_string())
            .unwrap_or_default(),
    );
    put(
        "roi_target_max".into(),
        doc.roi_target_max
            .map(|r| r.value().normalize().to_string())
            .unwrap_or_default(),
    );
    put(
        "marketing_share_max".into(),
        doc.marketing_share_max
            .map(|r| r.percent_text())
            .unwrap_or_default(),
    );
    put(
        "staff_share_max".into(),
        doc.staff_share_max
            .map(|r| r.percent_text())
            .unwrap_or_default(),
    );
    for t in &doc.targets {
        let k = t.month.to_string();
        put(format!("uv.{k}"), t.uv.to_string());
        put(format!("cr.{k}"), t.conversion_rate.percent_text());
        put(format!("aov.{k}"), t.aov.to_string());
    }
    for b in &doc.budgets {
        put(
            format!("amount.{}.{}", b.month, b.category),
            b.amount.to_string(),
        );
    }
    for p in &doc.phases {
        let k = p.kind.as_str();
        put(format!("phase.{k}.present"), "true".into());
        put(format!("phase.{k}.start"), p.start_date.to_string());
        put(format!("phase.{k}.end"), p.end_date.to_string());
        put(format!("phase.{k}.goal"), p.goal.clone());
        for (i, c) in p.exit_criteria.iter().enumerate() {
            let pre = format!("phase.{k}.c.{i}");
            put(format!("{pre}.id"), c.id.to_string());
            put(format!("{pre}.text"), c.text.clone());
            if c.done {
                put(format!("{pre}.done"), "true".into());
            }
            if let Some(cond) = &c.condition {
                put(format!("{pre}.metric"), cond.metric.as_str().into());
                put(format!("{pre}.comparator"), cond.comparator.clone());
                put(format!("{pre}.threshold"), threshold_text(cond));
            }
        }
        for (i, m) in p.milestones.iter().enumerate() {
            let pre = format!("phase.{k}.m.{i}");
            put(format!("{pre}.id"), m.id.to_string());
            put(format!("{pre}.title"), m.title.clone());
            put(
                format!("{pre}.owner"),
                m.owner_id.map(|o| o.to_string()).unwrap_or_default(),
            );
            put(
                format!("{pre}.due"),
                m.due_on.map(|d| d.to_string()).unwrap_or_default(),
            );
            put(format!("{pre}.status"), m.status.as_str().into());
        }
    }
    v
}

/// A threshold as people write it: a rate as a percent, the rest as numbers.
fn threshold_text(cond: &crate::plans::document::Condition) -> String {
    match cond.metric {
        CriterionMetric::ConversionRate => crate::domain::Rate::new(cond.threshold).percent_text(),
        _ => cond.threshold.normalize().to_string(),
    }
}

async fn editor_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
    id: PlanId,
    section: &'static str,
) -> Result<EditorPage, AppError> {
    let permission = if section == "budgets" {
        Permission::EditBudgets
    } else {
        Permission::EditPlans
    };
    user.require(permission)?;
    let mut tx = user.begin(state).await?;
    let doc = load_document(&mut tx, id, ctx.lang, &[]).await?;
    let categories = reference::list(&mut tx, RefList::Category).await?;
    let members = members::list_members(&mut tx).await?;
    tx.commit().await?;
    if doc.status != PlanStatus::Draft {
        return Err(AppError::Conflict {
            code: "plan_locked",
            msg: Msg::new("plan-locked"),
        });
    }
    let view = PlanView::new(doc, categories, ctx.lang);
    Ok(EditorPage {
        values: stored_values(&view),
        ctx,
        section,
        view,
        members,
        errors: FormErrors::none(),
        conflict: false,
        extra_categories: Vec::new(),
        proposed: false,
        uv_result: None,
        calc: CalcQuery::default(),
        split: SplitForm {
            method: "even".into(),
            ..SplitForm::default()
        },
    })
}

/// Saves a section, or shows the form again with the person's input and what went wrong.
async fn save_section(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
    id: PlanId,
    pairs: Vec<(String, String)>,
    section: Section,
) -> Result<Response, AppError> {
    let name = match section {
        Section::Settings => "settings",
        Section::Targets => "targets",
        Section::Budgets => "budgets",
        Section::Phases => "phases",
    };
    let mut page = editor_page(state, user, ctx, id, name).await?;
    let fields = Fields::new(pairs);
    let base = to_input(&page.view.doc);
    let (input, keys) = match section {
        Section::Settings => (plan_forms::settings(base, &fields), Vec::new()),
        Section::Targets => plan_forms::targets(&page.view.doc, base, &fields),
        Section::Budgets => plan_forms::budgets(base, &fields),
        Section::Phases => plan_forms::phases(base, &fields),
    };
    let lang = page.ctx.lang;
    match service::save_plan(state, user, id, &input, lang).await {
        Ok(_) => Ok(Redirect::to(&format!("/plans/{id}?notice=plan-saved")).into_response()),
        Err(e) => {
            let status = e.status();
            page.conflict = matches!(
                &e,
                AppError::Conflict {
                    code: "version_conflict",
                    ..
                }
            );
            let e = plan_forms::form_paths(e, section, &keys);
            page.errors = FormErrors::from_error(e, lang)?;
            // The person's input stays; the version becomes the current one, so saving again
            // after reviewing is a deliberate choice.
            let current = page.value("version").to_string();
            page.values = fields.as_map().clone();
            page.values.insert("version".into(), current);
            html(status, page)
        }
    }
}

async fn edit_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
) -> Result<Response, AppError> {
    html(
        StatusCode::OK,
        editor_page(&state, &user, ctx, id, "settings").await?,
    )
}

async fn save_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_section(&state, &user, ctx, id, pairs, Section::Settings).await
}

async fn edit_phases(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
) -> Result<Response, AppError> {
    html(
        StatusCode::OK,
        editor_page(&state, &user, ctx, id, "phases").await?,
    )
}

async fn save_phases(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_section(&state, &user, ctx, id, pairs, Section::Phases).await
}

async fn edit_targets(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
    Query(calc): Query<CalcQuery>,
) -> Result<Response, AppError> {
    let mut page = editor_page(&state, &user, ctx, id, "targets").await?;
    if !calc.calc_sales.trim().is_empty() {
        page.uv_result = Some(uv_calculation(&page, &calc));
    }
    page.calc = calc;
    html(StatusCode::OK, page)
}

/// The UV calculator: visitors needed for a sales figure at a conversion rate and AOV.
fn uv_calculation(page: &EditorPage, calc: &CalcQuery) -> String {
    let lang = page.ctx.lang;
    let parsed = (
        parse_money(&calc.calc_sales),
        parse_rate(&calc.calc_cr),
        parse_money(&calc.calc_aov),
    );
    match parsed {
        (Ok(sales), Ok(cr), Ok(aov)) => match uv_needed(sales, cr, aov) {
            Some(uv) => lang.t_args(
                "plan-uv-needed",
                &[
                    ("uv", &page.view.count(uv as i64)),
                    ("daily", &page.view.count((uv as i64 + 29) / 30)),
                    ("sales", &sales.grouped()),
                ],
            ),
            None => lang.t("plan-uv-needs-funnel"),
        },
        (Err(m), _, _) | (_, Err(m), _) | (_, _, Err(m)) => m.render(lang),
    }
}

async fn save_targets(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_section(&state, &user, ctx, id, pairs, Section::Targets).await
}

/// Fills the targets grid with a proposed split (not saved until the grid is saved).
async fn split_targets(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
    Form(form): Form<SplitForm>,
) -> Result<Response, AppError> {
    let mut page = editor_page(&state, &user, ctx, id, "targets").await?;
    let req = SplitRequest {
        total: serde_json::Value::String(form.total.clone()),
        method: form.method.clone(),
        weights: form.weights.clone(),
        conversion_rate: serde_json::Value::String(form.conversion_rate.clone()),
        aov: serde_json::Value::String(form.aov.clone()),
    };
    let mut tx = user.begin(&state).await?;
    let last_year = split::last_year_sales(&mut tx, &page.view.doc).await?;
    tx.commit().await?;
    let lang = page.ctx.lang;
    match split::split(&page.view.doc, &req, &last_year) {
        Ok(result) => {
            for t in result.targets {
                let k = t.month.to_string();
                page.values.insert(format!("uv.{k}"), t.uv.to_string());
                page.values
                    .insert(format!("cr.{k}"), t.conversion_rate.percent_text());
                page.values.insert(format!("aov.{k}"), t.aov.to_string());
            }
            page.proposed = true;
            page.split = form;
            html(StatusCode::OK, page)
        }
        Err(e) => {
            let errors = FormErrors::from_error(e, lang)?;
            let errors = FormErrors::prefixed(errors, "split.");
            page.errors = errors;
            page.split = form;
            html(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}

async fn edit_budgets(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
    Query(calc): Query<CalcQuery>,
) -> Result<Response, AppError> {
    let mut page = editor_page(&state, &user, ctx, id, "budgets").await?;
    page.extra_categories = calc
        .with
        .split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    html(StatusCode::OK, page)
}

async fn save_budgets(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_section(&state, &user, ctx, id, pairs, Section::Budgets).await
}

/// The translation key of an editor section's title.
pub fn section_key(section: &str) -> &'static str {
    match section {
        "phases" => "plan-section-phases",
        "targets" => "plan-section-targets",
        "budgets" => "plan-section-budgets",
        _ => "plan-section-settings",
    }
}
