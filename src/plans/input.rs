//! A plan as sent to the API or assembled from the editor's forms, and its validation into
//! content ready to store. Every problem is reported with its field path
//! (`targets[3].aov`), and values are read as people write them (`3%`, `20万`, `1:3`).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::db::plan_parts::{BudgetRow, CriterionWrite, MilestoneWrite, PhaseWrite, TargetRow};
use crate::db::plans::PlanFields;
use crate::db::reference::RefItem;
use crate::domain::ids::{CriterionId, MilestoneId, UserId};
use crate::domain::parse::{parse_count, parse_money, parse_rate, parse_roi};
use crate::domain::{Money, PhaseKind, Rate, YearMonth};
use crate::error::{AppError, ErrorDetail};
use crate::i18n::Msg;
use crate::plans::document::{CriterionMetric, MilestoneStatus};

/// The most months a plan may cover.
pub const MAX_MONTHS: i64 = 36;

/// The plan document as sent with `PUT`; derived fields (`buyers`, `sales` of targets,
/// `warnings`, ids of the plan and shop, status) are ignored.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, ToSchema)]
#[serde(default)]
pub struct PlanInput {
    /// The version the document was read at.
    pub version: Option<i64>,
    pub name: Option<String>,
    #[schema(value_type = String, example = "2027-01")]
    pub start_month: Value,
    #[schema(value_type = String, example = "2027-06")]
    pub end_month: Value,
    #[schema(value_type = Option<String>)]
    pub total_sales_target: Value,
    #[schema(value_type = Option<String>, example = "0.4000")]
    pub gross_margin: Value,
    #[schema(value_type = Option<String>, example = "3.0000")]
    pub roi_target_min: Value,
    #[schema(value_type = Option<String>, example = "5.0000")]
    pub roi_target_max: Value,
    #[schema(value_type = Option<String>)]
    pub marketing_share_max: Value,
    #[schema(value_type = Option<String>)]
    pub staff_share_max: Value,
    pub phases: Vec<PhaseInput>,
    pub targets: Vec<TargetInput>,
    pub budgets: Vec<BudgetInput>,
}

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, ToSchema)]
#[serde(default)]
pub struct PhaseInput {
    #[schema(value_type = String, example = "launch")]
    pub kind: Value,
    #[schema(value_type = String, example = "2027-01-01")]
    pub start_date: Value,
    #[schema(value_type = String, example = "2027-02-28")]
    pub end_date: Value,
    pub goal: Option<String>,
    pub exit_criteria: Vec<CriterionInput>,
    pub milestones: Vec<MilestoneInput>,
}

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, ToSchema)]
#[serde(default)]
pub struct CriterionInput {
    #[schema(value_type = Option<String>, format = Uuid)]
    pub id: Value,
    #[schema(value_type = String)]
    pub text: Value,
    pub condition: Option<ConditionInput>,
    pub done: bool,
}

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, ToSchema)]
#[serde(default)]
pub struct ConditionInput {
    #[schema(value_type = String, example = "sales")]
    pub metric: Value,
    #[schema(value_type = String, example = ">=")]
    pub comparator: Value,
    #[schema(value_type = String, example = "300000")]
    pub threshold: Value,
}

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, ToSchema)]
#[serde(default)]
pub struct MilestoneInput {
    #[schema(value_type = Option<String>, format = Uuid)]
    pub id: Value,
    #[schema(value_type = String)]
    pub title: Value,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub owner_id: Value,
    #[schema(value_type = Option<String>)]
    pub due_on: Value,
    #[schema(value_type = Option<String>, example = "planned")]
    pub status: Value,
}

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, ToSchema)]
#[serde(default)]
pub struct TargetInput {
    #[schema(value_type = String, example = "2027-01")]
    pub month: Value,
    #[schema(value_type = i64)]
    pub uv: Value,
    #[schema(value_type = String, example = "0.0300")]
    pub conversion_rate: Value,
    #[schema(value_type = String, example = "101.00")]
    pub aov: Value,
    /// Ignored for storage (sales are derived); a figure that differs from UV × conversion ×
    /// AOV is reported as a warning.
    #[schema(value_type = Option<String>)]
    pub sales: Value,
}

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, ToSchema)]
#[serde(default)]
pub struct BudgetInput {
    #[schema(value_type = String, example = "2027-01")]
    pub month: Value,
    /// A category code (`ztc`) or its Chinese label (直通车).
    #[schema(value_type = String, example = "ztc")]
    pub category: Value,
    #[schema(value_type = String, example = "3000.00")]
    pub amount: Value,
}

/// What validation checks names and owners against.
pub struct Known<'a> {
    pub categories: &'a [RefItem],
    pub members: &'a [UserId],
}

/// A plan ready to store.
#[derive(Clone, Debug)]
pub struct PlanContent {
    pub fields: PlanFields,
    pub phases: Vec<PhaseWrite>,
    pub criteria: Vec<CriterionWrite>,
    pub milestones: Vec<MilestoneWrite>,
    pub targets: Vec<TargetRow>,
    pub budgets: Vec<BudgetRow>,
    /// Sales figures sent with targets, kept only to warn when they are not derived.
    pub stated_sales: Vec<(YearMonth, Money)>,
}

/// The text of a scalar: strings trimmed (empty means absent), numbers as written.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

/// Collects every problem of a document.
#[derive(Default)]
pub struct Reader {
    pub errors: Vec<ErrorDetail>,
}

impl Reader {
    fn fail(&mut self, path: &str, msg: Msg) {
        self.errors.push(ErrorDetail::field(path, msg));
    }

    fn required(&mut self, path: &str, value: &Value) -> Option<String> {
        let text = scalar(value);
        if text.is_none() {
            self.fail(path, Msg::new("form-required"));
        }
        text
    }

    /// Parses an optional value with `parse`, reporting its message under `path`.
    fn optional<T>(
        &mut self,
        path: &str,
        value: &Value,
        parse: impl Fn(&str) -> Result<T, Msg>,
    ) -> Option<T> {
        let text = scalar(value)?;
        parse(&text).map_err(|msg| self.fail(path, msg)).ok()
    }

    fn month(&mut self, path: &str, value: &Value) -> Option<YearMonth> {
        let text = self.required(path, value)?;
        YearMonth::parse(&text).map_err(|m| self.fail(path, m)).ok()
    }

    fn date(&mut self, path: &str, value: &Value, required: bool) -> Option<NaiveDate> {
        let text = if required {
            self.required(path, value)?
        } else {
            scalar(value)?
        };
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map_err(|_| self.fail(path, Msg::new("form-date-invalid")))
            .ok()
    }

    fn text(&mut self, path: &str, value: &Value, max: usize) -> Option<String> {
        let text = self.required(path, value)?;
        if text.chars().count() > max {
            self.fail(path, Msg::new("form-too-long").arg("max", max));
            return None;
        }
        Some(text)
    }

    fn id(&mut self, path: &str, value: &Value) -> Option<uuid::Uuid> {
        let text = scalar(value)?;
        uuid::Uuid::parse_str(&text)
            .map_err(|_| self.fail(path, Msg::new("plan-id-invalid")))
            .ok()
    }
}

/// A fraction between 0 and 1 (a margin or a share).
fn fraction(text: &str) -> Result<Rate, Msg> {
    parse_rate(text)
}

/// Validates the whole document.
pub fn validate(input: &PlanInput, known: &Known) -> Result<PlanContent, AppError> {
    let mut r = Reader::default();
    let fields = read_fields(&mut r, input);
    let range = fields
        .as_ref()
        .map(|f| (YearMonth::of(f.start_month), YearMonth::of(f.end_month)));
    let (phases, criteria, milestones) = read_phases(&mut r, &input.phases, known);
    let (targets, stated_sales) = read_targets(&mut r, &input.targets, range);
    let budgets = read_budgets(&mut r, &input.budgets, range, known);
    match fields {
        Some(fields) if r.errors.is_empty() => Ok(PlanContent {
            fields,
            phases,
            criteria,
            milestones,
            targets,
            budgets,
            stated_sales,
        }),
        _ => Err(AppError::invalid(r.errors)),
    }
}

/// The plan's own fields; `None` when a required one is missing or wrong.
pub fn read_fields(r: &mut Reader, input: &PlanInput) -> Option<PlanFields> {
    let name_value = input.name.clone().map(Value::String).unwrap_or(Value::Null);
    let name = r.text("name", &name_value, 120);
    let start = r.month("start_month", &input.start_month);
    let end = r.month("end_month", &input.end_month);
    let total = r.optional("total_sales_target", &input.total_sales_target, parse_money);
    let margin = r.optional("gross_margin", &input.gross_margin, fraction);
    let roi_min = r.optional("roi_target_min", &input.roi_target_min, parse_roi);
    let roi_max = r.optional("roi_target_max", &input.roi_target_max, parse_roi);
    let marketing = r.optional("marketing_share_max", &input.marketing_share_max, fraction);
    let staff = r.optional("staff_share_max", &input.staff_share_max, fraction);
    if let (Some(min), Some(max)) = (roi_min, roi_max)
        && max.value() < min.value()
    {
        r.fail("roi_target_max", Msg::new("plan-roi-band-order"));
    }
    let (start, end) = (start?, end?);
    let months = start.months_until(end) + 1;
    if months < 1 {
        r.fail("end_month", Msg::new("plan-months-order"));
        return None;
    }
    if months > MAX_MONTHS {
        r.fail(
            "end_month",
            Msg::new("plan-too-long").arg("max", MAX_MONTHS),
        );
        return None;
    }
    Some(PlanFields {
        name: name?,
        start_month: start.first_day(),
        end_month: end.first_day(),
        total_sales_target: total,
        gross_margin: margin,
        roi_target_min: roi_min,
        roi_target_max: roi_max,
        marketing_share_max: marketing,
        staff_share_max: staff,
    })
}

type PhaseParts = (Vec<PhaseWrite>, Vec<CriterionWrite>, Vec<MilestoneWrite>);

fn read_phases(r: &mut Reader, phases: &[PhaseInput], known: &Known) -> PhaseParts {
    let mut out: Vec<(usize, PhaseKind, PhaseWrite)> = Vec::new();
    let mut criteria = Vec::new();
    let mut milestones = Vec::new();
    for (i, p) in phases.iter().enumerate() {
        let path = format!("phases[{i}]");
        let kind = r.required(&format!("{path}.kind"), &p.kind).and_then(|k| {
            PhaseKind::parse(&k)
                .map_err(|m| r.fail(&format!("{path}.kind"), m))
                .ok()
        });
        let start = r.date(&format!("{path}.start_date"), &p.start_date, true);
        let end = r.date(&format!("{path}.end_date"), &p.end_date, true);
        let goal = p.goal.clone().unwrap_or_default();
        if goal.chars().count() > 2000 {
            r.fail(
                &format!("{path}.goal"),
                Msg::new("form-too-long").arg("max", 2000),
            );
        }
        let Some(kind) = kind else { continue };
        if out.iter().any(|(_, k, _)| *k == kind) {
            r.fail(&format!("{path}.kind"), Msg::new("plan-phase-twice"));
            continue;
        }
        for (j, c) in p.exit_criteria.iter().enumerate() {
            if let Some(c) = read_criterion(r, &format!("{path}.exit_criteria[{j}]"), c, kind) {
                criteria.push(c);
            }
        }
        for (j, m) in p.milestones.iter().enumerate() {
            if let Some(m) = read_milestone(r, &format!("{path}.milestones[{j}]"), m, kind, known) {
                milestones.push(m);
            }
        }
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                r.fail(
                    &format!("{path}.end_date"),
                    Msg::new("plan-phase-dates-order"),
                );
                continue;
            }
            let write = PhaseWrite {
                kind: kind.as_str().to_string(),
                start_date: start,
                end_date: end,
                goal,
            };
            out.push((i, kind, write));
        }
    }
    check_phase_order(r, &mut out);
    (
        out.into_iter().map(|(_, _, p)| p).collect(),
        criteria,
        milestones,
    )
}

/// Phases must follow one another in the order of their kinds; gaps are fine, overlaps not.
fn check_phase_order(r: &mut Reader, phases: &mut [(usize, PhaseKind, PhaseWrite)]) {
    phases.sort_by_key(|(_, kind, _)| *kind);
    for pair in phases.windows(2) {
        let (_, earlier_kind, earlier) = &pair[0];
        let (i, later_kind, later) = &pair[1];
        if later.start_date <= earlier.end_date {
            let msg = Msg::new("plan-phases-overlap")
                .arg("phase", later_kind.as_str())
                .arg("other", earlier_kind.as_str())
                .arg("end", earlier.end_date);
            r.fail(&format!("phases[{i}].start_date"), msg);
        }
    }
}

fn read_criterion(
    r: &mut Reader,
    path: &str,
    c: &CriterionInput,
    kind: PhaseKind,
) -> Option<CriterionWrite> {
    let id = r.id(&format!("{path}.id"), &c.id);
    let text = r.text(&format!("{path}.text"), &c.text, 300);
    let (metric, comparator, threshold) = match &c.condition {
        None => (None, None, None),
        Some(cond) => read_condition(r, &format!("{path}.condition"), cond)?,
    };
    Some(CriterionWrite {
        id: id.map(CriterionId).unwrap_or_default(),
        phase_kind: kind.as_str().to_string(),
        text: text?,
        metric,
        comparator,
        threshold,
        done: c.done,
    })
}

type ConditionParts = (Option<String>, Option<String>, Option<Decimal>);

fn read_condition(r: &mut Reader, path: &str, c: &ConditionInput) -> Option<ConditionParts> {
    let metric_path = format!("{path}.metric");
    let metric = r.required(&metric_path, &c.metric).and_then(|m| {
        let found = CriterionMetric::parse(&m);
        if found.is_none() {
            r.fail(&metric_path, Msg::new("plan-metric-unknown"));
        }
        found
    });
    let comparator_path = format!("{path}.comparator");
    let comparator = scalar(&c.comparator).unwrap_or_else(|| ">=".into());
    if comparator != ">=" && comparator != "<=" {
        r.fail(&comparator_path, Msg::new("plan-comparator-unknown"));
    }
    let threshold_path = format!("{path}.threshold");
    let threshold = match metric? {
        CriterionMetric::Sales | CriterionMetric::Aov => r
            .optional(&threshold_path, &c.threshold, parse_money)
            .map(|m| m.value()),
        CriterionMetric::Uv | CriterionMetric::Buyers => r
            .optional(&threshold_path, &c.threshold, parse_count)
            .map(Decimal::from),
        CriterionMetric::ConversionRate => r
            .optional(&threshold_path, &c.threshold, parse_rate)
            .map(|v| v.value()),
        CriterionMetric::Roi => r
            .optional(&threshold_path, &c.threshold, parse_roi)
            .map(|v| v.value()),
    };
    if scalar(&c.threshold).is_none() {
        r.fail(&threshold_path, Msg::new("form-required"));
    }
    Some((
        Some(metric?.as_str().to_string()),
        Some(comparator),
        Some(threshold?),
    ))
}

fn read_milestone(
    r: &mut Reader,
    path: &str,
    m: &MilestoneInput,
    kind: PhaseKind,
    known: &Known,
) -> Option<MilestoneWrite> {
    let id = r.id(&format!("{path}.id"), &m.id);
    let title = r.text(&format!("{path}.title"), &m.title, 200);
    let owner = r.id(&format!("{path}.owner_id"), &m.owner_id).map(UserId);
    if let Some(owner) = owner
        && !known.members.contains(&owner)
    {
        r.fail(
            &format!("{path}.owner_id"),
            Msg::new("plan-owner-not-member"),
        );
    }
    let due_on = r.date(&format!("{path}.due_on"), &m.due_on, false);
    let status = match scalar(&m.status) {
        None => Some(MilestoneStatus::Planned),
        Some(s) => {
            let found = MilestoneStatus::parse(&s);
            if found.is_none() {
                r.fail(
                    &format!("{path}.status"),
                    Msg::new("plan-milestone-status-unknown"),
                );
            }
            found
        }
    };
    Some(MilestoneWrite {
        id: id.map(MilestoneId).unwrap_or_default(),
        phase_kind: kind.as_str().to_string(),
        title: title?,
        owner_id: owner,
        due_on,
        status: status?.as_str().to_string(),
    })
}

fn outside(range: Option<(YearMonth, YearMonth)>, month: YearMonth) -> bool {
    range.is_some_and(|(first, last)| month < first || month > last)
}

type Targets = (Vec<TargetRow>, Vec<(YearMonth, Money)>);

fn read_targets(
    r: &mut Reader,
    targets: &[TargetInput],
    range: Option<(YearMonth, YearMonth)>,
) -> Targets {
    let mut rows = Vec::new();
    let mut stated = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, t) in targets.iter().enumerate() {
        let path = format!("targets[{i}]");
        let month = r.month(&format!("{path}.month"), &t.month);
        let uv = r.required(&format!("{path}.uv"), &t.uv).and_then(|v| {
            parse_count(&v)
                .map_err(|m| r.fail(&format!("{path}.uv"), m))
                .ok()
        });
        let rate = r
            .required(&format!("{path}.conversion_rate"), &t.conversion_rate)
            .and_then(|v| {
                parse_rate(&v)
                    .map_err(|m| r.fail(&format!("{path}.conversion_rate"), m))
                    .ok()
            });
        let aov = r.required(&format!("{path}.aov"), &t.aov).and_then(|v| {
            parse_money(&v)
                .map_err(|m| r.fail(&format!("{path}.aov"), m))
                .ok()
        });
        let sales = r.optional(&format!("{path}.sales"), &t.sales, parse_money);
        let Some(month) = month else { continue };
        if outside(range, month) {
            r.fail(
                &format!("{path}.month"),
                Msg::new("plan-month-outside").arg("month", month),
            );
        }
        if !seen.insert(month) {
            r.fail(
                &format!("{path}.month"),
                Msg::new("plan-month-twice").arg("month", month),
            );
        }
        if let (Some(uv), Some(rate), Some(aov)) = (uv, rate, aov) {
            rows.push(TargetRow {
                month: month.first_day(),
                uv: uv as i64,
                conversion_rate: rate,
                aov,
            });
            if let Some(sales) = sales {
                stated.push((month, sales));
            }
        }
    }
    (rows, stated)
}

fn read_budgets(
    r: &mut Reader,
    budgets: &[BudgetInput],
    range: Option<(YearMonth, YearMonth)>,
    known: &Known,
) -> Vec<BudgetRow> {
    let mut rows = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, b) in budgets.iter().enumerate() {
        let path = format!("budgets[{i}]");
        let month = r.month(&format!("{path}.month"), &b.month);
        let category = r
            .required(&format!("{path}.category"), &b.category)
            .and_then(|c| {
                let found = known.categories.iter().find(|k| k.answers_to(&c));
                if found.is_none() {
                    r.fail(
                        &format!("{path}.category"),
                        Msg::new("plan-category-unknown").arg("category", &c),
                    );
                }
                found.map(|k| k.code.clone())
            });
        let amount = r
            .required(&format!("{path}.amount"), &b.amount)
            .and_then(|v| {
                parse_money(&v)
                    .map_err(|m| r.fail(&format!("{path}.amount"), m))
                    .ok()
            });
        let (Some(month), Some(category)) = (month, category) else {
            continue;
        };
        if outside(range, month) {
            r.fail(
                &format!("{path}.month"),
                Msg::new("plan-month-outside").arg("month", month),
            );
        }
        if !seen.insert((month, category.clone())) {
            r.fail(
                &format!("{path}.category"),
                Msg::new("plan-budget-twice").arg("month", month),
            );
        }
        if let Some(amount) = amount {
            rows.push(BudgetRow {
                month: month.first_day(),
                category_code: category,
                amount,
            });
        }
    }
    rows
}
