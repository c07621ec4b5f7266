//! `shopplan demo`: loads the demo organization through the product's own services (sign-up,
//! invitations, shops, plans and their workflow, gate reviews, imports, review notes), so the
//! demo holds nothing the product itself could not have made. Safe to run again: what exists
//! is kept, and the days since the last run are imported up to yesterday.

pub mod days;
pub mod story;

use axum::body::Bytes;
use chrono::{Days, NaiveDate};
use serde_json::Value;

use crate::actuals::{ImportBody, import_actuals, import_spend};
use crate::app::AppState;
use crate::auth::account::SignedIn;
use crate::auth::signup::{self, Signup};
use crate::auth::{CurrentUser, Role, membership};
use crate::db::TenantTx;
use crate::db::plans as plan_db;
use crate::db::shops as shop_db;
use crate::db::{members, tenants, users};
use crate::domain::PhaseKind;
use crate::domain::ids::{PlanId, ShopId};
use crate::domain::kinds::GateChoice;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::plans::gates;
use crate::plans::input::PlanInput;
use crate::plans::service::{self, NewPlanInput};
use crate::plans::workflow;
use crate::shops::{self, ShopInput};
use story::{MEMBERS, ORGANIZATION, PASSWORD, PlanStory, ShopStory};

/// The sample exports of the wedding-supplies shop's second quarter of 2026.
const SAMPLE_DAYS: &[u8] = include_bytes!("samples/sycm-daily-2026Q2.gbk.csv");
const SAMPLE_ZTC: &[u8] = include_bytes!("samples/ztc-report-2026Q2.csv");

/// What the command did, for its printout.
pub struct Summary {
    pub organization: String,
    pub created: bool,
    pub today: NaiveDate,
    pub imported_days: u64,
    pub imported_spend: u64,
}

/// The demo's people, by role.
struct People {
    by_role: Vec<(Role, CurrentUser)>,
}

impl People {
    fn get(&self, role: &str) -> &CurrentUser {
        let role = Role::parse(role).expect("a role of the story");
        &self
            .by_role
            .iter()
            .find(|(r, _)| *r == role)
            .expect("every role has a member")
            .1
    }
}

const IP: &str = "command line";

/// Loads (or tops up) the demo organization.
pub async fn load(state: &AppState) -> Result<Summary, AppError> {
    let (admin, created) = match existing_admin(state).await? {
        Some(admin) => (admin, false),
        None => {
            let admin = signup::sign_up_now(
                &state.signup(),
                Signup {
                    organization: ORGANIZATION.into(),
                    name: MEMBERS[0].1.into(),
                    email: MEMBERS[0].2.into(),
                    password: PASSWORD.into(),
                },
                IP,
            )
            .await?;
            (admin, true)
        }
    };
    let people = people(state, &admin).await?;
    let today = {
        let mut tx = people.get("admin").begin(state).await?;
        let today = tenants::today(tx.conn(), admin.tenant_id).await?;
        tx.commit().await?;
        today
    };
    let yesterday = today - Days::new(1);
    let mut summary = Summary {
        organization: admin.tenant_name.clone(),
        created,
        today,
        imported_days: 0,
        imported_spend: 0,
    };
    for shop in story::shops() {
        let id = match find_shop(state, people.get("admin"), shop.name).await? {
            Some(id) => id,
            None => create_shop(state, &people, &shop).await?,
        };
        for plan in &shop.plans {
            if find_plan(state, people.get("admin"), id, plan.name)
                .await?
                .is_none()
            {
                create_plan(state, &people, id, plan).await?;
            }
        }
        let (days, spend) = top_up(state, &people, id, &shop, yesterday).await?;
        summary.imported_days += days;
        summary.imported_spend += spend;
    }
    Ok(summary)
}

/// The demo admin, when the demo was loaded before.
async fn existing_admin(state: &AppState) -> Result<Option<SignedIn>, AppError> {
    let email = MEMBERS[0].2;
    let mut conn = state.db.acquire().await?;
    let Some(user) = users::find_for_login(&mut conn, email).await? else {
        return Ok(None);
    };
    drop(conn);
    let mut tx = crate::db::begin_scoped(&state.db, None, Some(user.id)).await?;
    let memberships = members::memberships_of(&mut tx, user.id).await?;
    tx.commit().await?;
    let demo = memberships
        .into_iter()
        .find(|m| m.tenant_name == ORGANIZATION && m.role == Role::Admin)
        .ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!(
                "{email} exists but is not the admin of “{ORGANIZATION}”; \
                 load the demo into a database of its own"
            ))
        })?;
    Ok(Some(SignedIn {
        user_id: user.id,
        tenant_id: demo.tenant_id,
        tenant_name: demo.tenant_name,
        name: user.name,
        email: email.into(),
        role: Role::Admin,
    }))
}

/// Every member of the story, invited and accepted where missing.
async fn people(state: &AppState, admin: &SignedIn) -> Result<People, AppError> {
    let acting_admin = admin.acting();
    let mut tx = acting_admin.begin(state).await?;
    let existing = members::list_members(&mut tx).await?;
    tx.commit().await?;
    let mut by_role = Vec::new();
    for (role, name, email) in MEMBERS {
        let role = Role::parse(role).expect("a role of the story");
        let signed = match existing.iter().find(|m| m.email == email) {
            Some(m) => SignedIn {
                user_id: m.user_id,
                tenant_id: admin.tenant_id,
                tenant_name: admin.tenant_name.clone(),
                name: m.name.clone(),
                email: m.email.clone(),
                role: m.role,
            },
            None => {
                let (_, token) =
                    membership::invite(state, &acting_admin, email, role.as_str()).await?;
                membership::accept_as_new(state, &token, name, PASSWORD.into(), IP).await?
            }
        };
        by_role.push((role, signed.acting()));
    }
    Ok(People { by_role })
}

async fn find_shop(
    state: &AppState,
    user: &CurrentUser,
    name: &str,
) -> Result<Option<ShopId>, AppError> {
    let mut tx = user.begin(state).await?;
    let shops = shop_db::list_shops(&mut tx, true).await?;
    tx.commit().await?;
    Ok(shops.into_iter().find(|s| s.name == name).map(|s| s.id))
}

async fn find_plan(
    state: &AppState,
    user: &CurrentUser,
    shop: ShopId,
    name: &str,
) -> Result<Option<PlanId>, AppError> {
    let mut tx = user.begin(state).await?;
    let plans = plan_db::list_for_shop(&mut tx, shop).await?;
    tx.commit().await?;
    Ok(plans
        .into_iter()
        .filter(|p| p.name == name)
        .min_by_key(|p| p.revision)
        .map(|p| p.id))
}

async fn create_shop(
    state: &AppState,
    people: &People,
    shop: &ShopStory,
) -> Result<ShopId, AppError> {
    let input: ShopInput = serde_json::from_value(shop.input.clone())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("the demo shop {}: {e}", shop.name)))?;
    let created = shops::create(state, people.get("operator"), &input).await?;
    Ok(created.id)
}

fn plan_input(value: Value) -> Result<PlanInput, AppError> {
    serde_json::from_value(value)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("a demo plan document: {e}")))
}

/// Creates a plan as the operator, fills it in, has it submitted and approved, its gates
/// reviewed and, where the story says so, a revision started.
async fn create_plan(
    state: &AppState,
    people: &People,
    shop: ShopId,
    plan: &PlanStory,
) -> Result<PlanId, AppError> {
    let operator = people.get("operator");
    let manager = people.get("manager");
    let lang = Lang::ZhCn;
    let head: NewPlanInput = serde_json::from_value({
        let mut head = plan.head.clone();
        head["name"] = plan.name.into();
        head["start_month"] = plan.start.into();
        head["end_month"] = plan.end.into();
        head
    })
    .map_err(|e| AppError::Internal(anyhow::anyhow!("a demo plan head: {e}")))?;
    let created = service::create_plan(state, operator, shop, &head, lang).await?;
    let owner = |role: &str| Some(people.get(role).user_id.to_string());
    let doc = plan_input(plan.document(owner, i64::from(created.version)))?;
    let saved = service::save_plan(state, operator, created.id, &doc, lang).await?;
    workflow::submit(state, operator, saved.id, lang).await?;
    workflow::approve(state, manager, saved.id, "目标与预算合理，同意执行。", lang).await?;
    for phase in &plan.phases {
        if let Some((approve, comment)) = phase.gate {
            let kind = PhaseKind::parse(phase.kind)
                .map_err(|_| AppError::Internal(anyhow::anyhow!("a demo phase kind")))?;
            let choice = if approve {
                GateChoice::Pass
            } else {
                GateChoice::Return
            };
            let mut tx = manager.begin(state).await?;
            gates::review_gate(&mut tx, manager, saved.id, kind, choice, comment).await?;
            tx.commit().await?;
        }
    }
    if let Some((reason, month, uv)) = plan.revision {
        let draft = workflow::revise(state, operator, saved.id, reason, lang).await?;
        let mut doc = service::to_input(&draft);
        for target in &mut doc.targets {
            if target.month.as_str() == Some(month) {
                target.uv = uv.into();
            }
        }
        let draft = service::save_plan(state, operator, draft.id, &doc, lang).await?;
        workflow::submit(state, operator, draft.id, lang).await?;
    }
    Ok(saved.id)
}

/// The last day with figures of a shop, if any.
async fn last_day(
    state: &AppState,
    user: &CurrentUser,
    shop: ShopId,
) -> Result<Option<NaiveDate>, AppError> {
    let mut tx: TenantTx = user.begin(state).await?;
    let last = crate::db::actuals::last_day(&mut tx, shop).await?;
    tx.commit().await?;
    Ok(last)
}

async fn csv_body(state: &AppState, text: String, name: &str) -> Result<ImportBody, AppError> {
    Ok(ImportBody {
        bytes: Bytes::from(text),
        json: false,
        file_name: Some(name.into()),
        slot: state.imports.acquire(None).await?,
    })
}

/// Imports what is missing up to `yesterday`: the sample exports for the wedding shop's
/// second quarter, then the generated days and spend of every generated plan month.
async fn top_up(
    state: &AppState,
    people: &People,
    shop: ShopId,
    story: &ShopStory,
    yesterday: NaiveDate,
) -> Result<(u64, u64), AppError> {
    let operator = people.get("operator");
    let finance = people.get("finance");
    let mut last = last_day(state, operator, shop).await?;
    let before = last;
    let (mut days_in, mut spend_in) = (0, 0);
    if story.samples && last.is_none() {
        let body = ImportBody {
            bytes: Bytes::from_static(SAMPLE_DAYS),
            json: false,
            file_name: Some("生意参谋-店铺整体-2026Q2.csv".into()),
            slot: state.imports.acquire(None).await?,
        };
        days_in += import_actuals(state, operator, shop, body).await?.rows;
        let body = ImportBody {
            bytes: Bytes::from_static(SAMPLE_ZTC),
            json: false,
            file_name: Some("直通车报表-2026Q2.csv".into()),
            slot: state.imports.acquire(None).await?,
        };
        spend_in += import_spend(state, finance, shop, Some("ztc"), body)
            .await?
            .rows;
        // The quarter's staff cost, entered by hand in the sources' way.
        let staff = story
            .plans
            .iter()
            .filter(|p| !p.generated)
            .flat_map(|p| p.spend())
            .filter(|s| s.category != "ztc")
            .collect::<Vec<_>>();
        let entries = days::spend(story.seed, &staff, NaiveDate::MIN, yesterday);
        if !entries.is_empty() {
            spend_in += import_spend(
                state,
                finance,
                shop,
                None,
                csv_body(state, days::spend_csv(&entries), "人员工资-2026Q2.csv").await?,
            )
            .await?
            .rows;
        }
        last = last_day(state, operator, shop).await?;
    }
    let from = last.map_or(NaiveDate::MIN, |d| d + Days::new(1));
    if from > yesterday {
        return Ok((days_in, spend_in));
    }
    for plan in story.plans.iter().filter(|p| p.generated) {
        let figures = days::days(story.seed, &plan.months(), from, yesterday);
        if !figures.is_empty() {
            let name = format!("生意参谋-{}-{}.csv", figures[0].date, yesterday);
            days_in += import_actuals(
                state,
                operator,
                shop,
                csv_body(state, days::days_csv(&figures), &name).await?,
            )
            .await?
            .rows;
        }
        let entries = days::spend(story.seed, &plan.spend(), from, yesterday);
        if !entries.is_empty() {
            let name = format!("花费-{}-{}.csv", entries[0].date, yesterday);
            spend_in += import_spend(
                state,
                finance,
                shop,
                None,
                csv_body(state, days::spend_csv(&entries), &name).await?,
            )
            .await?
            .rows;
        }
    }
    if days_in > 0 {
        for (month, role, text) in &story.notes {
            let month_end = crate::domain::YearMonth::parse(month)
                .map(|m| m.last_day())
                .unwrap_or(NaiveDate::MAX);
            // A review is written once the month is over, and only once.
            if month_end < yesterday && before.is_none_or(|b| b < month_end) {
                crate::dashboard::notes::add(state, people.get(role), shop, month, text).await?;
            }
        }
    }
    Ok((days_in, spend_in))
}

/// What `shopplan demo` prints: what it did and how to log in.
pub fn printout(summary: &Summary, config: &crate::config::Config) -> String {
    let mut out = String::new();
    if summary.created {
        out.push_str(&format!(
            "Loaded the demo organization “{}”.\n",
            summary.organization
        ));
    } else {
        out.push_str(&format!(
            "The demo organization “{}” was already there.\n",
            summary.organization
        ));
    }
    out.push_str(&format!(
        "Imported {} days of figures and {} spend entries, up to the day before {}.\n\n",
        summary.imported_days, summary.imported_spend, summary.today
    ));
    out.push_str(&format!(
        "Log in at {}/login with one of:\n",
        config.public_base()
    ));
    for (role, name, email) in MEMBERS {
        out.push_str(&format!("  {role:<9} {name}  {email}\n"));
    }
    out.push_str(&format!("Password (every demo member): {PASSWORD}\n"));
    out
}
