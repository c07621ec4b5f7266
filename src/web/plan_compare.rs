//! Two revisions of a plan side by side: what changed in its settings, targets and budgets,
//! each value as the editor shows it and the changed cells marked.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::reference::{self, RefItem, RefList};
use crate::domain::Money;
use crate::domain::fixed::{Digits, Shown};
use crate::domain::ids::PlanId;
use crate::error::AppError;
use crate::plans::compare::{Comparison, compare};
use crate::plans::document::PlanDocument;
use crate::plans::load_document;
use crate::web::extract::{Path, Query};
use crate::web::{PageContext, html};

#[derive(Deserialize)]
pub struct CompareQuery {
    /// The later revision; without it, the plan is compared with the revision before it.
    other: Option<PlanId>,
}

/// Two revisions side by side: what changed in the plan, the targets and the budgets.
#[derive(Template)]
#[template(path = "plans/compare.html")]
pub struct ComparePage {
    pub ctx: PageContext,
    pub before: PlanDocument,
    pub after: PlanDocument,
    pub comparison: Comparison,
    pub categories: Vec<RefItem>,
}

impl ComparePage {
    pub fn category_name(&self, code: &Option<String>) -> String {
        let code = code.as_deref().unwrap_or("");
        self.categories
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.name(&self.ctx.lang).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    pub fn field_label(&self, field: &str) -> &'static str {
        self.ctx
            .t(&format!("plan-field-{}", field.replace('_', "-")))
    }

    pub fn money(&self, m: &Money) -> String {
        m.grouped()
    }

    /// A value of `field` as the editor shows it: visitors grouped, rates as percentages with
    /// two decimals, money grouped with fen, ROI with two decimals; "—" for none.
    pub fn shown(&self, field: &str, v: &Option<String>) -> String {
        let Some(text) = v else {
            return "—".into();
        };
        let Ok(number) = text.parse::<Decimal>() else {
            return text.clone();
        };
        match field {
            "uv" | "buyers" => Digits::grouped(number, 0).to_string(),
            "conversion_rate" | "gross_margin" => {
                Shown::new("", Digits::grouped(number * Decimal::ONE_HUNDRED, 2), "%").to_string()
            }
            "aov" | "sales" | "amount" | "total_sales_target" => {
                Digits::grouped(number, 2).to_string()
            }
            "roi_target_min" | "roi_target_max" => Digits::grouped(number, 2).to_string(),
            _ => text.clone(),
        }
    }
}

pub async fn compare_revisions(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
    Query(q): Query<CompareQuery>,
) -> Result<Response, AppError> {
    let mut tx = user.begin(&state).await?;
    let Some(other) = q.other else {
        // A link without the revision to compare with: this one against the one before it,
        // or the list of revisions to choose from.
        let doc = load_document(&mut tx, id, ctx.lang, &[]).await?;
        tx.commit().await?;
        let to = match doc.previous_id {
            Some(previous) => format!("/plans/{previous}/compare?other={id}"),
            None => format!("/plans/{id}/revisions"),
        };
        return Ok(Redirect::to(&to).into_response());
    };
    let before = load_document(&mut tx, id, ctx.lang, &[]).await?;
    let after = load_document(&mut tx, other, ctx.lang, &[]).await?;
    let categories = reference::list(&mut tx, RefList::Category).await?;
    tx.commit().await?;
    let comparison = compare(&before, &after);
    html(
        StatusCode::OK,
        ComparePage {
            ctx,
            before,
            after,
            comparison,
            categories,
        },
    )
}
