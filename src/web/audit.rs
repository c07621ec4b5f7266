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
use crate::auth::{CurrentUser, Permission, Role};
use crate::db::audit::{self, Filter, Record};
use crate::db::members::{self, Member};
use crate::domain::PhaseKind;
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
        self.translated(
            &format!("audit-{}", action.replace(['.', '_'], "-")),
            action,
        )
    }

    /// What the entry is about, in the page's language (计划, 店铺, 成员 …).
    pub fn object_text(&self, record: &Record) -> String {
        record
            .object_type
            .as_deref()
            .map(|kind| self.translated(&format!("audit-object-{kind}"), kind))
            .unwrap_or_default()
    }

    /// A short reading of an entry's details in the page's language, e.g. `角色：运营`. Ids
    /// are left out: they mean nothing to a person.
    pub fn details_text(&self, record: &Record) -> String {
        match &record.details {
            serde_json::Value::Object(map) => self.fields_text(map),
            _ => String::new(),
        }
    }

    fn fields_text(&self, map: &serde_json::Map<String, serde_json::Value>) -> String {
        map.iter()
            .filter_map(|(key, value)| {
                let shown = self.value_text(key, value)?;
                let label = self.translated(&format!("audit-field-{}", key.replace('_', "-")), key);
                Some(format!("{label}{}{shown}", self.ctx.t("audit-colon")))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    fn value_text(&self, key: &str, value: &serde_json::Value) -> Option<String> {
        use serde_json::Value;
        match value {
            Value::Null => None,
            Value::Bool(yes) => Some(
                self.ctx
                    .t(if *yes { "audit-yes" } else { "audit-no" })
                    .into(),
            ),
            Value::Number(n) => Some(n.to_string()),
            Value::String(text) if is_id(text) => None,
            Value::String(text) => Some(self.word(key, text)),
            Value::Array(items) => {
                let items: Vec<String> = items
                    .iter()
                    .filter_map(|v| self.value_text(key, v))
                    .collect();
                (!items.is_empty()).then(|| items.join(", "))
            }
            Value::Object(map) => {
                let text = self.fields_text(map);
                (!text.is_empty()).then(|| format!("（{text}）"))
            }
        }
    }

    /// A coded value (a role, a decision, a phase, a kind) as its name; other text as it is.
    fn word(&self, key: &str, text: &str) -> String {
        let code_key = match key {
            "role" => Role::parse(text).map(|r| r.label_key().to_string()),
            "phase" => PhaseKind::parse(text)
                .ok()
                .map(|k| crate::web::plan_view::phase_label_key(k).to_string()),
            "decision" | "status" | "kind" | "platform" => Some(format!("audit-value-{text}")),
            _ => None,
        };
        match code_key {
            Some(code_key) => self.translated(&code_key, text),
            None => text.to_string(),
        }
    }

    /// The translation of `key`, or `fallback` when there is none.
    fn translated(&self, key: &str, fallback: &str) -> String {
        let text = self.ctx.t(key);
        if text == key {
            fallback.to_string()
        } else {
            text.to_string()
        }
    }
}

/// Whether a value is an internal id (a UUID, or an invitation's token).
fn is_id(text: &str) -> bool {
    let hex_and_dashes = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    (text.len() == 36 && hex_and_dashes(text) && text.matches('-').count() == 4)
        || (text.len() > 40
            && text
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == '.' || c == '-'))
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
