//! The audit log page for admins and managers, with filters and paging.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::db::audit::{self, Filter, Record};
use crate::db::members::{self, Member};
use crate::domain::ids::UserId;
use crate::error::AppError;
use crate::web::extract::Query;
use crate::web::{PageContext, html};

/// Entries per page.
pub const PAGE_SIZE: i64 = 50;

pub fn router() -> Router<AppState> {
    Router::new().route("/audit", get(show_audit))
}

/// The filters as typed in the form; empty means "any".
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    pub action: String,
    pub actor: String,
    pub from: String,
    pub to: String,
    pub before: Option<i64>,
}

impl AuditQuery {
    /// The typed filter; values that do not parse are ignored (and shown as typed).
    pub fn filter(&self) -> Filter {
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        Filter {
            action: Some(self.action.clone()).filter(|a| !a.is_empty()),
            actor: self.actor.parse::<UserId>().ok(),
            from: date(&self.from),
            to: date(&self.to),
            before: self.before,
        }
    }

    /// The query string of the next page with the same filters.
    pub fn next_page(&self, before: i64) -> String {
        let enc = |s: &str| -> String {
            s.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect()
        };
        format!(
            "?action={}&actor={}&from={}&to={}&before={before}",
            enc(&self.action),
            enc(&self.actor),
            enc(&self.from),
            enc(&self.to)
        )
    }
}

#[derive(Template)]
#[template(path = "audit/list.html")]
pub struct AuditPage {
    pub ctx: PageContext,
    pub query: AuditQuery,
    pub records: Vec<Record>,
    pub actions: Vec<String>,
    pub members: Vec<Member>,
    pub next: Option<String>,
}

impl AuditPage {
    /// The translated name of an action, or the action itself when it has none.
    pub fn action_label(&self, action: &str) -> String {
        let key = format!("audit-{}", action.replace(['.', '_'], "-"));
        let text = self.ctx.t(&key);
        if text == key {
            action.to_string()
        } else {
            text.to_string()
        }
    }

    /// A short reading of an entry's details, e.g. `role: operator → manager`.
    pub fn details_text(&self, record: &Record) -> String {
        match &record.details {
            serde_json::Value::Object(map) if !map.is_empty() => map
                .iter()
                .map(|(k, v)| match v {
                    serde_json::Value::String(s) => format!("{k}: {s}"),
                    other => format!("{k}: {other}"),
                })
                .collect::<Vec<_>>()
                .join(" · "),
            _ => String::new(),
        }
    }
}

async fn show_audit(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    user.require(Permission::ViewAudit)?;
    let mut tx = user.begin(&state).await?;
    let records = audit::list(&mut tx, &query.filter(), PAGE_SIZE + 1).await?;
    let actions = audit::actions(&mut tx).await?;
    let members = members::list_members(&mut tx).await?;
    tx.commit().await?;
    let mut records = records;
    let next = if records.len() as i64 > PAGE_SIZE {
        records.truncate(PAGE_SIZE as usize);
        records.last().map(|r| query.next_page(r.id))
    } else {
        None
    };
    html(
        StatusCode::OK,
        AuditPage {
            ctx,
            query,
            records,
            actions,
            members,
            next,
        },
    )
}
