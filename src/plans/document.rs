//! The plan document of the contract: a plan with its phases, exit criteria, milestones,
//! monthly targets (buyers and sales derived), budget lines and lint warnings.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::ids::{CriterionId, MilestoneId, PlanId, ShopId, UserId};
use crate::domain::lint::{self, Subject};
use crate::domain::{CategoryKind, FunnelTarget, Money, PhaseKind, Rate, Ratio, YearMonth};
use crate::i18n::Lang;

/// Where a plan is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Draft,
    Submitted,
    Approved,
    Archived,
}

impl PlanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Submitted => "submitted",
            PlanStatus::Approved => "approved",
            PlanStatus::Archived => "archived",
        }
    }

    pub fn parse(text: &str) -> PlanStatus {
        match text {
            "submitted" => PlanStatus::Submitted,
            "approved" => PlanStatus::Approved,
            "archived" => PlanStatus::Archived,
            _ => PlanStatus::Draft,
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            PlanStatus::Draft => "plan-status-draft",
            PlanStatus::Submitted => "plan-status-submitted",
            PlanStatus::Approved => "plan-status-approved",
            PlanStatus::Archived => "plan-status-archived",
        }
    }

    /// Whether the plan's content (targets, phases, budgets) may change.
    pub fn is_editable(self) -> bool {
        self == PlanStatus::Draft
    }
}

/// What an exit criterion measures, when it is a metric condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CriterionMetric {
    Sales,
    Uv,
    Buyers,
    ConversionRate,
    Aov,
    Roi,
}

impl CriterionMetric {
    pub const ALL: [CriterionMetric; 6] = [
        CriterionMetric::Sales,
        CriterionMetric::Uv,
        CriterionMetric::Buyers,
        CriterionMetric::ConversionRate,
        CriterionMetric::Aov,
        CriterionMetric::Roi,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CriterionMetric::Sales => "sales",
            CriterionMetric::Uv => "uv",
            CriterionMetric::Buyers => "buyers",
            CriterionMetric::ConversionRate => "conversion_rate",
            CriterionMetric::Aov => "aov",
            CriterionMetric::Roi => "roi",
        }
    }

    pub fn parse(text: &str) -> Option<CriterionMetric> {
        Self::ALL.into_iter().find(|m| m.as_str() == text.trim())
    }

    pub fn label_key(self) -> &'static str {
        match self {
            CriterionMetric::Sales => "metric-sales",
            CriterionMetric::Uv => "metric-uv",
            CriterionMetric::Buyers => "metric-buyers",
            CriterionMetric::ConversionRate => "metric-conversion-rate",
            CriterionMetric::Aov => "metric-aov",
            CriterionMetric::Roi => "metric-roi",
        }
    }
}

/// A metric condition: the metric in one month of the phase, compared with a threshold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Condition {
    pub metric: CriterionMetric,
    /// `>=` or `<=`.
    pub comparator: String,
    /// Money for sales and AOV, a count for UV and buyers, a fraction for conversion, a
    /// ratio for ROI; as a string.
    #[schema(value_type = String)]
    pub threshold: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Criterion {
    #[schema(value_type = String, format = Uuid)]
    pub id: CriterionId,
    pub text: String,
    /// Set when the criterion is evaluated against the shop's actuals.
    pub condition: Option<Condition>,
    /// Ticked by hand (checklist items).
    pub done: bool,
}

/// A milestone's progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    Planned,
    InProgress,
    Done,
    Missed,
}

impl MilestoneStatus {
    pub const ALL: [MilestoneStatus; 4] = [
        MilestoneStatus::Planned,
        MilestoneStatus::InProgress,
        MilestoneStatus::Done,
        MilestoneStatus::Missed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneStatus::Planned => "planned",
            MilestoneStatus::InProgress => "in_progress",
            MilestoneStatus::Done => "done",
            MilestoneStatus::Missed => "missed",
        }
    }

    pub fn parse(text: &str) -> Option<MilestoneStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }

    pub fn label_key(self) -> &'static str {
        match self {
            MilestoneStatus::Planned => "milestone-planned",
            MilestoneStatus::InProgress => "milestone-in-progress",
            MilestoneStatus::Done => "milestone-done",
            MilestoneStatus::Missed => "milestone-missed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Milestone {
    #[schema(value_type = String, format = Uuid)]
    pub id: MilestoneId,
    pub title: String,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub owner_id: Option<UserId>,
    /// The owner's name (output only).
    #[serde(default, skip_deserializing)]
    pub owner_name: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub status: MilestoneStatus,
}

/// The latest gate decision of a phase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Gate {
    /// `pending`, `approved` or `returned`.
    pub status: String,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub comment: Option<String>,
    /// Passed although some exit criteria were not met; `comment` says why.
    pub conditional: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Phase {
    #[schema(value_type = String)]
    pub kind: PhaseKind,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub goal: String,
    pub exit_criteria: Vec<Criterion>,
    pub milestones: Vec<Milestone>,
    pub gate: Gate,
}

/// A month's targets; `buyers` and `sales` are derived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Target {
    #[schema(value_type = String, example = "2027-01")]
    pub month: YearMonth,
    pub uv: i64,
    #[schema(value_type = String, example = "0.0300")]
    pub conversion_rate: Rate,
    #[schema(value_type = String, example = "101.00")]
    pub aov: Money,
    pub buyers: i64,
    #[schema(value_type = String, example = "72720.00")]
    pub sales: Money,
}

impl Target {
    /// A target with its derived figures.
    pub fn derive(month: YearMonth, uv: i64, conversion_rate: Rate, aov: Money) -> Self {
        let funnel = FunnelTarget::new(uv.max(0) as u64, conversion_rate, aov);
        Self {
            month,
            uv,
            conversion_rate,
            aov,
            buyers: funnel.buyers() as i64,
            sales: funnel.sales(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Budget {
    #[schema(value_type = String, example = "2027-01")]
    pub month: YearMonth,
    /// Category code, e.g. `ztc`.
    pub category: String,
    #[schema(value_type = String, example = "3000.00")]
    pub amount: Money,
}

/// A lint warning: a check the plan does not pass, with the figures.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct WarningOut {
    pub code: String,
    pub message: String,
    #[schema(value_type = Object)]
    pub subject: Subject,
}

/// The whole plan, as the API returns it and the pages show it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PlanDocument {
    #[schema(value_type = String, format = Uuid)]
    pub id: PlanId,
    #[schema(value_type = String, format = Uuid)]
    pub shop_id: ShopId,
    pub name: String,
    pub status: PlanStatus,
    pub version: i32,
    pub revision: i32,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub previous_id: Option<PlanId>,
    pub revision_reason: Option<String>,
    #[schema(value_type = String, example = "2027-01")]
    pub start_month: YearMonth,
    #[schema(value_type = String, example = "2027-06")]
    pub end_month: YearMonth,
    #[schema(value_type = Option<String>)]
    pub total_sales_target: Option<Money>,
    #[schema(value_type = Option<String>, example = "0.4000")]
    pub gross_margin: Option<Rate>,
    #[schema(value_type = Option<String>, example = "3.0000")]
    pub roi_target_min: Option<Ratio>,
    #[schema(value_type = Option<String>, example = "5.0000")]
    pub roi_target_max: Option<Ratio>,
    #[schema(value_type = Option<String>)]
    pub marketing_share_max: Option<Rate>,
    #[schema(value_type = Option<String>)]
    pub staff_share_max: Option<Rate>,
    pub phases: Vec<Phase>,
    pub targets: Vec<Target>,
    pub budgets: Vec<Budget>,
    pub warnings: Vec<WarningOut>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_comment: Option<String>,
}

impl PlanDocument {
    /// The plan's months, in order.
    pub fn months(&self) -> Vec<YearMonth> {
        YearMonth::range(self.start_month, self.end_month).collect()
    }

    /// Total of the monthly target sales.
    pub fn target_sales(&self) -> Money {
        self.targets.iter().map(|t| t.sales).sum()
    }

    /// What the lint checks need, given each budget category's kind.
    pub fn lint_spec(
        &self,
        kind_of: impl Fn(&str) -> Option<CategoryKind>,
        stated_sales: &[(YearMonth, Money)],
    ) -> lint::PlanSpec {
        let mut spec = lint::PlanSpec::new(self.start_month, self.end_month);
        spec.total_sales_target = self.total_sales_target;
        spec.gross_margin = self.gross_margin;
        spec.roi_min = self.roi_target_min;
        spec.roi_max = self.roi_target_max;
        spec.max_marketing_share = self.marketing_share_max;
        if let Some(share) = self.staff_share_max {
            spec.max_staff_share = share;
        }
        spec.phases = self
            .phases
            .iter()
            .map(|p| lint::PhaseSpec {
                kind: p.kind,
                start: p.start_date,
                end: p.end_date,
                milestones: p
                    .milestones
                    .iter()
                    .map(|m| lint::MilestoneSpec {
                        title: m.title.clone(),
                        due: m.due_on,
                    })
                    .collect(),
            })
            .collect();
        spec.targets = self
            .targets
            .iter()
            .map(|t| lint::TargetSpec {
                month: t.month,
                uv: t.uv.max(0) as u64,
                conversion: t.conversion_rate,
                aov: t.aov,
                stated_sales: stated_sales
                    .iter()
                    .find(|(m, _)| *m == t.month)
                    .map(|(_, s)| *s),
            })
            .collect();
        spec.budgets = self
            .budgets
            .iter()
            .filter_map(|b| {
                Some(lint::BudgetSpec {
                    month: b.month,
                    category: b.category.clone(),
                    kind: kind_of(&b.category)?,
                    amount: b.amount,
                })
            })
            .collect();
        spec
    }

    /// Runs the checks and keeps their warnings, in `lang`.
    pub fn lint(
        &mut self,
        kind_of: impl Fn(&str) -> Option<CategoryKind>,
        stated_sales: &[(YearMonth, Money)],
        lang: Lang,
    ) {
        let spec = self.lint_spec(kind_of, stated_sales);
        self.warnings = lint::lint(&spec)
            .into_iter()
            .map(|w| WarningOut {
                code: w.code.as_str().to_string(),
                message: w.msg.render(lang),
                subject: w.subject,
            })
            .collect();
    }
}
