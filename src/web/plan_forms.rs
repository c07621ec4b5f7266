//! Reading the plan editor's forms into the plan document, and mapping validation messages
//! back to the form's fields. A form replaces one section of the document; the rest is the
//! stored plan as read when the form was shown.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::domain::{PhaseKind, YearMonth};
use crate::error::{AppError, ErrorDetail};
use crate::plans::PlanDocument;
use crate::plans::input::{
    BudgetInput, ConditionInput, CriterionInput, MilestoneInput, PhaseInput, PlanInput, TargetInput,
};

/// A submitted form as name → value (the last value of a repeated name wins).
pub struct Fields(BTreeMap<String, String>);

impl Fields {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        Self(pairs.into_iter().collect())
    }

    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map(|s| s.trim()).unwrap_or("")
    }

    fn value(&self, name: &str) -> Value {
        match self.get(name) {
            "" => Value::Null,
            text => Value::String(text.to_string()),
        }
    }

    /// The version the form was shown at.
    pub fn version(&self) -> Option<i64> {
        self.get("version").parse().ok()
    }

    /// All submitted values, to show the form again as typed.
    pub fn as_map(&self) -> &BTreeMap<String, String> {
        &self.0
    }
}

/// The plan's own fields from the settings form.
pub fn settings(base: PlanInput, f: &Fields) -> PlanInput {
    PlanInput {
        version: f.version(),
        name: Some(f.get("name").to_string()),
        start_month: f.value("start_month"),
        end_month: f.value("end_month"),
        total_sales_target: f.value("total_sales_target"),
        gross_margin: f.value("gross_margin"),
        roi_target_min: f.value("roi_target_min"),
        roi_target_max: f.value("roi_target_max"),
        marketing_share_max: f.value("marketing_share_max"),
        staff_share_max: f.value("staff_share_max"),
        ..base
    }
}

/// The targets grid: one row per month; a row left entirely empty means no target.
pub fn targets(doc: &PlanDocument, base: PlanInput, f: &Fields) -> (PlanInput, Vec<String>) {
    let mut rows = Vec::new();
    let mut keys = Vec::new();
    for month in doc.months() {
        let key = month.to_string();
        let (uv, cr, aov) = (
            f.value(&format!("uv.{key}")),
            f.value(&format!("cr.{key}")),
            f.value(&format!("aov.{key}")),
        );
        if uv.is_null() && cr.is_null() && aov.is_null() {
            continue;
        }
        rows.push(TargetInput {
            month: json!(key),
            uv,
            conversion_rate: cr,
            aov,
            sales: Value::Null,
        });
        keys.push(key);
    }
    // Targets of months outside the plan's range (after a change of range) are kept.
    for t in &base.targets {
        let month = t.month.as_str().unwrap_or_default().to_string();
        if YearMonth::parse(&month).is_ok_and(|m| m < doc.start_month || m > doc.end_month) {
            rows.push(t.clone());
            keys.push(month);
        }
    }
    let input = PlanInput {
        version: f.version(),
        targets: rows,
        ..base
    };
    (input, keys)
}

/// The budget grid: `amount.<month>.<category>`; empty cells are no budget line.
pub fn budgets(base: PlanInput, f: &Fields) -> (PlanInput, Vec<String>) {
    let mut rows = Vec::new();
    let mut keys = Vec::new();
    for (name, value) in f.as_map() {
        let Some(rest) = name.strip_prefix("amount.") else {
            continue;
        };
        let Some((month, category)) = rest.split_once('.') else {
            continue;
        };
        if value.trim().is_empty() {
            continue;
        }
        rows.push(BudgetInput {
            month: json!(month),
            category: json!(category),
            amount: json!(value.trim()),
        });
        keys.push(format!("{month}.{category}"));
    }
    let input = PlanInput {
        version: f.version(),
        budgets: rows,
        ..base
    };
    (input, keys)
}

/// How many empty rows the phase editor offers for new criteria and milestones.
pub const BLANK_ROWS: usize = 2;

/// The phase editor: each phase kind with its dates, goal, criteria and milestones.
pub fn phases(base: PlanInput, f: &Fields) -> (PlanInput, Vec<String>) {
    let mut out = Vec::new();
    let mut keys = Vec::new();
    for kind in PhaseKind::ALL {
        let k = kind.as_str();
        if f.get(&format!("phase.{k}.present")) != "true" {
            continue;
        }
        keys.push(format!("phase:{k}"));
        let mut phase = PhaseInput {
            kind: json!(k),
            start_date: f.value(&format!("phase.{k}.start")),
            end_date: f.value(&format!("phase.{k}.end")),
            goal: Some(f.get(&format!("phase.{k}.goal")).to_string()),
            ..PhaseInput::default()
        };
        for i in 0.. {
            let p = format!("phase.{k}.c.{i}");
            if !f.0.contains_key(&format!("{p}.text")) {
                break;
            }
            if f.get(&format!("{p}.text")).is_empty() && f.get(&format!("{p}.threshold")).is_empty()
            {
                continue;
            }
            let metric = f.value(&format!("{p}.metric"));
            phase.exit_criteria.push(CriterionInput {
                id: f.value(&format!("{p}.id")),
                text: f.value(&format!("{p}.text")),
                condition: (!metric.is_null()).then(|| ConditionInput {
                    metric,
                    comparator: f.value(&format!("{p}.comparator")),
                    threshold: f.value(&format!("{p}.threshold")),
                }),
                done: f.get(&format!("{p}.done")) == "true",
            });
            keys.push(format!("{k}.c.{i}"));
        }
        for i in 0.. {
            let p = format!("phase.{k}.m.{i}");
            if !f.0.contains_key(&format!("{p}.title")) {
                break;
            }
            if f.get(&format!("{p}.title")).is_empty() {
                continue;
            }
            phase.milestones.push(MilestoneInput {
                id: f.value(&format!("{p}.id")),
                title: f.value(&format!("{p}.title")),
                owner_id: f.value(&format!("{p}.owner")),
                due_on: f.value(&format!("{p}.due")),
                status: f.value(&format!("{p}.status")),
            });
            keys.push(format!("{k}.m.{i}"));
        }
        out.push(phase);
    }
    let input = PlanInput {
        version: f.version(),
        phases: out,
        ..base
    };
    (input, keys)
}

/// Renames error paths of the document (`targets[2].aov`) to the form's field names
/// (`aov.2027-03`), using the keys the form reader recorded in document order.
pub fn form_paths(error: AppError, section: Section, keys: &[String]) -> AppError {
    let AppError::Invalid { code, msg, details } = error else {
        return error;
    };
    let details = details
        .into_iter()
        .map(|d| ErrorDetail {
            field: d.field.map(|f| section.rename(&f, keys)),
            ..d
        })
        .collect();
    AppError::Invalid { code, msg, details }
}

/// Which form a save came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Settings,
    Targets,
    Budgets,
    Phases,
}

/// `prefix[3].rest` → (3, "rest").
fn indexed<'a>(path: &'a str, prefix: &str) -> Option<(usize, &'a str)> {
    let rest = path.strip_prefix(prefix)?.strip_prefix('[')?;
    let (index, rest) = rest.split_once(']')?;
    Some((index.parse().ok()?, rest.trim_start_matches('.')))
}

impl Section {
    fn rename(self, path: &str, keys: &[String]) -> String {
        match self {
            Section::Settings => path.to_string(),
            Section::Targets => match indexed(path, "targets") {
                Some((i, field)) => {
                    let key = keys.get(i).cloned().unwrap_or_default();
                    let short = match field {
                        "conversion_rate" => "cr",
                        "aov" => "aov",
                        _ => "uv",
                    };
                    format!("{short}.{key}")
                }
                None => path.to_string(),
            },
            Section::Budgets => match indexed(path, "budgets") {
                Some((i, _)) => format!("amount.{}", keys.get(i).cloned().unwrap_or_default()),
                None => path.to_string(),
            },
            Section::Phases => rename_phase_path(path, keys),
        }
    }
}

/// `phases[1].milestones[0].title` → `launch.m.0.title`, using the kinds in form order.
fn rename_phase_path(path: &str, keys: &[String]) -> String {
    let Some((phase, rest)) = indexed(path, "phases") else {
        return path.to_string();
    };
    let present: Vec<&str> = keys
        .iter()
        .filter_map(|k| k.strip_prefix("phase:"))
        .collect();
    let kind = present.get(phase).copied().unwrap_or("");
    for (list, short) in [("exit_criteria", "c"), ("milestones", "m")] {
        if let Some((i, field)) = indexed(rest, list) {
            let ours: Vec<&String> = keys
                .iter()
                .filter(|k| k.starts_with(&format!("{kind}.{short}.")))
                .collect();
            let key = ours.get(i).map(|k| k.as_str()).unwrap_or("");
            return format!("{key}.{field}");
        }
    }
    format!("{kind}.{rest}")
}
