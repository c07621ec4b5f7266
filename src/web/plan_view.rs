//! A plan document arranged for pages: figures formatted in the page's language, the budget
//! grid by month and category, warnings by what they concern, and the phase timeline.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::db::reference::RefItem;
use crate::domain::fixed::{Digits, Shown};
use crate::domain::lint::Subject;
use crate::domain::ratios::roi;
use crate::domain::{CategoryKind, Money, PhaseKind, Rate, Ratio, YearMonth};
use crate::i18n::Lang;
use crate::plans::document::{PlanDocument, Target, WarningOut};

/// A figure however a template hands it over (by value or behind references).
pub trait Figure<T: Copy> {
    fn get(&self) -> T;
}

impl<T: Copy> Figure<T> for T {
    fn get(&self) -> T {
        *self
    }
}

impl<T: Copy> Figure<T> for &T {
    fn get(&self) -> T {
        **self
    }
}

impl<T: Copy> Figure<T> for &&T {
    fn get(&self) -> T {
        ***self
    }
}

/// Figures hold only digits, separators and their marks: nothing to escape in HTML.
impl askama::filters::HtmlSafe for Shown {}

/// How pages show figures: amounts to the fen with thousands separators, rates as
/// percentages, ROI as 1:x, pacing as a multiple, "—" for a figure that has no value.
/// Pages implement it empty and their templates call `self.money(…)` and so on.
pub trait ShowFigures {
    fn money(&self, m: impl Figure<Money>) -> Shown {
        m.get().digits().into()
    }

    fn opt_money(&self, m: impl Figure<Option<Money>>) -> Shown {
        m.get().map_or(Shown::NONE, |m| m.digits().into())
    }

    fn pct(&self, r: impl Figure<Option<Rate>>) -> Shown {
        r.get().map_or(Shown::NONE, |r| r.percent())
    }

    fn ratio(&self, r: impl Figure<Option<Ratio>>) -> Shown {
        r.get().map_or(Shown::NONE, |r| r.roi())
    }

    /// Pacing and similar ratios: "0.97×".
    fn multiple(&self, r: impl Figure<Option<Ratio>>) -> Shown {
        r.get().map_or(Shown::NONE, |r| r.multiple())
    }

    fn count(&self, n: impl Figure<i64>) -> Shown {
        self.opt_count(Some(n.get()))
    }

    fn opt_count(&self, n: impl Figure<Option<i64>>) -> Shown {
        n.get()
            .map_or(Shown::NONE, |n| Digits::grouped(Decimal::from(n), 0).into())
    }
}

/// One phase's bar on the timeline, in percent of the plan's width.
pub struct Bar {
    pub kind: PhaseKind,
    pub x: f64,
    pub width: f64,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// One month's tick on the timeline.
pub struct Tick {
    pub x: f64,
    pub label: String,
}

pub struct PlanView {
    pub doc: PlanDocument,
    pub categories: Vec<RefItem>,
    pub lang: Lang,
}

impl PlanView {
    pub fn new(doc: PlanDocument, categories: Vec<RefItem>, lang: Lang) -> Self {
        Self {
            doc,
            categories,
            lang,
        }
    }

    pub fn months(&self) -> Vec<YearMonth> {
        self.doc.months()
    }

    pub fn target(&self, month: &YearMonth) -> Option<&Target> {
        self.doc.targets.iter().find(|t| t.month == *month)
    }

    pub fn money(&self, m: impl Figure<Money>) -> String {
        m.get().grouped()
    }

    pub fn opt_money(&self, m: &Option<Money>) -> String {
        m.map(|m| m.grouped()).unwrap_or_else(|| "—".into())
    }

    pub fn pct(&self, r: impl Figure<Rate>) -> String {
        r.get().percent_text()
    }

    pub fn opt_pct(&self, r: &Option<Rate>) -> String {
        r.map(|r| r.percent_text()).unwrap_or_else(|| "—".into())
    }

    pub fn roi_band(&self) -> String {
        match (self.doc.roi_target_min, self.doc.roi_target_max) {
            (Some(a), Some(b)) => format!("{} – {}", a.roi_text(), b.roi_text()),
            (Some(a), None) => format!("≥ {}", a.roi_text()),
            (None, Some(b)) => format!("≤ {}", b.roi_text()),
            (None, None) => "—".into(),
        }
    }

    pub fn count(&self, n: impl Figure<i64>) -> String {
        crate::domain::fixed::grouped(rust_decimal::Decimal::from(n.get()), 0)
    }

    fn kind_of(&self, code: &str) -> Option<CategoryKind> {
        self.categories
            .iter()
            .find(|c| c.code == code)
            .and_then(|c| c.kind)
    }

    pub fn category_name(&self, code: &str) -> String {
        self.categories
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.name(&self.lang).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    /// The categories that have a budget line, in the organization's order.
    pub fn budget_categories(&self) -> Vec<&RefItem> {
        self.categories
            .iter()
            .filter(|c| self.doc.budgets.iter().any(|b| b.category == c.code))
            .collect()
    }

    pub fn budget(&self, month: &YearMonth, code: &str) -> Option<Money> {
        self.doc
            .budgets
            .iter()
            .find(|b| b.month == *month && b.category == code)
            .map(|b| b.amount)
    }

    fn budget_sum(&self, keep: impl Fn(&YearMonth, Option<CategoryKind>, &str) -> bool) -> Money {
        self.doc
            .budgets
            .iter()
            .filter(|b| keep(&b.month, self.kind_of(&b.category), &b.category))
            .map(|b| b.amount)
            .sum()
    }

    /// A month's budget that counts in burn (marketing and operating).
    pub fn month_budget(&self, month: &YearMonth) -> Money {
        self.budget_sum(|m, k, _| m == month && k.is_some_and(|k| k.counts_in_burn()))
    }

    /// A month's recoverable money (deposits, inventory), shown apart.
    pub fn month_recoverable(&self, month: &YearMonth) -> Money {
        self.budget_sum(|m, k, _| m == month && k == Some(CategoryKind::Recoverable))
    }

    pub fn category_total(&self, code: &str) -> Money {
        self.budget_sum(|_, _, c| c == code)
    }

    pub fn total_budget(&self) -> Money {
        self.budget_sum(|_, k, _| k.is_some_and(|k| k.counts_in_burn()))
    }

    pub fn total_marketing(&self) -> Money {
        self.budget_sum(|_, k, _| k == Some(CategoryKind::Marketing))
    }

    pub fn total_recoverable(&self) -> Money {
        self.budget_sum(|_, k, _| k == Some(CategoryKind::Recoverable))
    }

    pub fn total_sales(&self) -> Money {
        self.doc.target_sales()
    }

    pub fn total_uv(&self) -> i64 {
        self.doc.targets.iter().map(|t| t.uv).sum()
    }

    pub fn total_buyers(&self) -> i64 {
        self.doc.targets.iter().map(|t| t.buyers).sum()
    }

    /// The ROI the plan's marketing budget implies (target sales ÷ marketing budget).
    pub fn implied_roi(&self) -> String {
        roi(self.total_sales(), self.total_marketing())
            .map(|r: Ratio| r.roi_text())
            .unwrap_or_else(|| "—".into())
    }

    /// Warnings about the plan as a whole or a phase.
    pub fn plan_warnings(&self) -> Vec<&WarningOut> {
        self.doc
            .warnings
            .iter()
            .filter(|w| !matches!(w.subject, Subject::Month { .. }))
            .collect()
    }

    /// Warnings about one month.
    pub fn month_warnings(&self, month: &YearMonth) -> Vec<&WarningOut> {
        self.doc
            .warnings
            .iter()
            .filter(|w| matches!(w.subject, Subject::Month { month: m } if m == *month))
            .collect()
    }

    fn span(&self) -> (NaiveDate, f64) {
        let first = self.doc.start_month.first_day();
        let days = (self.doc.end_month.last_day() - first).num_days() + 1;
        (first, days.max(1) as f64)
    }

    /// The phases as bars over the plan's months.
    pub fn timeline(&self) -> Vec<Bar> {
        let (first, days) = self.span();
        self.doc
            .phases
            .iter()
            .map(|p| {
                let from = (p.start_date - first).num_days().max(0) as f64;
                let to = ((p.end_date - first).num_days() + 1).max(0) as f64;
                Bar {
                    kind: p.kind,
                    x: (from / days * 100.0).min(100.0),
                    width: ((to - from) / days * 100.0).clamp(0.0, 100.0),
                    start: p.start_date,
                    end: p.end_date,
                }
            })
            .collect()
    }

    /// Month labels along the timeline.
    pub fn ticks(&self) -> Vec<Tick> {
        let (first, days) = self.span();
        self.months()
            .iter()
            .enumerate()
            .map(|(i, m)| Tick {
                x: (m.first_day() - first).num_days() as f64 / days * 100.0,
                // The year is shown where it starts: the first month and every January.
                label: if i == 0 || m.month() == 1 {
                    m.to_string()
                } else {
                    format!("{:02}", m.month())
                },
            })
            .collect()
    }

    pub fn phase_key(&self, kind: &PhaseKind) -> &'static str {
        phase_label_key(*kind)
    }
}

/// The translation key of a phase's name.
pub fn phase_label_key(kind: PhaseKind) -> &'static str {
    match kind {
        PhaseKind::Preparation => "phase-preparation",
        PhaseKind::Launch => "phase-launch",
        PhaseKind::Growth => "phase-growth",
        PhaseKind::Mature => "phase-mature",
    }
}
