//! The four plan phases and the three kinds of budget category, with how each kind counts.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

/// A phase of a plan, in the order a shop goes through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    /// 筹备期: company and store application, deposit, team, product selection.
    Preparation,
    /// 开张期: opening campaign, first main-push item, ads testing.
    Launch,
    /// 成长期: best-seller building, platform activities.
    Growth,
    /// 成熟期: higher order value, repeat purchase, membership, group-buys.
    Mature,
}

impl PhaseKind {
    pub const ALL: [PhaseKind; 4] = [
        PhaseKind::Preparation,
        PhaseKind::Launch,
        PhaseKind::Growth,
        PhaseKind::Mature,
    ];

    /// The code used in JSON and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            PhaseKind::Preparation => "preparation",
            PhaseKind::Launch => "launch",
            PhaseKind::Growth => "growth",
            PhaseKind::Mature => "mature",
        }
    }

    /// Reads the code or one of the Chinese names the sources use (筹备期, 试运营, 成长期…).
    pub fn parse(text: &str) -> Result<Self, Msg> {
        let kind = match text.trim().to_ascii_lowercase().as_str() {
            "preparation" | "筹备期" | "准备期" | "准备孕育期" | "筹备" => {
                PhaseKind::Preparation
            }
            "launch" | "开张期" | "试运营" | "试运营期" | "开业期" => {
                PhaseKind::Launch
            }
            "growth" | "成长期" | "运营成长期" => PhaseKind::Growth,
            "mature" | "成熟期" => PhaseKind::Mature,
            _ => return Err(Msg::new("domain-phase-kind-unknown").arg("input", text.trim())),
        };
        Ok(kind)
    }
}

/// How a budget or spend category counts (domain.md, "Budgets and spend").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CategoryKind {
    /// Paid traffic and promotion: counts in ROI and in burn.
    Marketing,
    /// Running the shop (staff, design, software, logistics): counts in burn, not in ROI.
    Operating,
    /// Deposits and inventory: money that comes back, so it is shown apart and never burns.
    Recoverable,
}

impl CategoryKind {
    pub const ALL: [CategoryKind; 3] = [
        CategoryKind::Marketing,
        CategoryKind::Operating,
        CategoryKind::Recoverable,
    ];

    /// The code used in JSON and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            CategoryKind::Marketing => "marketing",
            CategoryKind::Operating => "operating",
            CategoryKind::Recoverable => "recoverable",
        }
    }

    /// Reads the code.
    pub fn parse(text: &str) -> Result<Self, Msg> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text.trim().to_ascii_lowercase())
            .ok_or_else(|| Msg::new("domain-category-kind-unknown").arg("input", text.trim()))
    }

    /// The translation key of the kind's name.
    pub fn label_key(self) -> &'static str {
        match self {
            CategoryKind::Marketing => "kind-marketing",
            CategoryKind::Operating => "kind-operating",
            CategoryKind::Recoverable => "kind-recoverable",
        }
    }

    /// The translation key of the kind's short name (for column headers).
    pub fn short_key(self) -> &'static str {
        match self {
            CategoryKind::Marketing => "kind-short-marketing",
            CategoryKind::Operating => "kind-short-operating",
            CategoryKind::Recoverable => "kind-short-recoverable",
        }
    }

    /// Whether spend of this kind is the denominator of ROI (sales ÷ marketing spend).
    pub fn counts_in_roi(self) -> bool {
        self == CategoryKind::Marketing
    }

    /// Whether spend of this kind counts as cost in budget and burn.
    pub fn counts_in_burn(self) -> bool {
        self != CategoryKind::Recoverable
    }
}

/// The category code of staff costs (人员), which the staff-share check reads.
pub const STAFF_CATEGORY: &str = "staff";

/// The category code of platform activities (平台活动, including 聚划算 group-buys).
pub const PLATFORM_ACTIVITY_CATEGORY: &str = "platform_activity";

/// A category every organization starts with (contract.md, "Categories").
#[derive(Clone, Copy, Debug)]
pub struct DefaultCategory {
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub kind: CategoryKind,
}

const fn category(
    code: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    kind: CategoryKind,
) -> DefaultCategory {
    DefaultCategory {
        code,
        name_zh,
        name_en,
        kind,
    }
}

/// The categories every organization starts with.
pub const DEFAULT_CATEGORIES: [DefaultCategory; 18] = [
    category(
        "ztc",
        "直通车",
        "Paid search (ZTC)",
        CategoryKind::Marketing,
    ),
    category("zuanzhan", "钻展", "Display ads", CategoryKind::Marketing),
    category(
        "taoke",
        "淘宝客",
        "Affiliates (Taoke)",
        CategoryKind::Marketing,
    ),
    category(
        "wanxiangtai",
        "万相台",
        "Wanxiangtai",
        CategoryKind::Marketing,
    ),
    category(
        PLATFORM_ACTIVITY_CATEGORY,
        "平台活动",
        "Platform activities",
        CategoryKind::Marketing,
    ),
    category(
        "content",
        "内容",
        "Content & short video",
        CategoryKind::Marketing,
    ),
    category("live", "直播", "Live streaming", CategoryKind::Marketing),
    category("kol", "达人", "KOL", CategoryKind::Marketing),
    category(
        "coupons",
        "优惠券",
        "Coupons & gifts",
        CategoryKind::Marketing,
    ),
    category(
        "offsite",
        "站外推广",
        "Off-site ads",
        CategoryKind::Marketing,
    ),
    category(STAFF_CATEGORY, "人员", "Staff", CategoryKind::Operating),
    category(
        "design",
        "美工",
        "Design & photography",
        CategoryKind::Operating,
    ),
    category("software", "软件", "Software & IT", CategoryKind::Operating),
    category(
        "logistics",
        "物流",
        "Logistics & packaging",
        CategoryKind::Operating,
    ),
    category("rent", "场地", "Rent", CategoryKind::Operating),
    category(
        "commission",
        "平台扣点",
        "Platform commission",
        CategoryKind::Operating,
    ),
    category("deposit", "保证金", "Deposits", CategoryKind::Recoverable),
    category("inventory", "货款", "Inventory", CategoryKind::Recoverable),
];

impl fmt::Display for PhaseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PhaseKind {
    type Err = Msg;
    fn from_str(text: &str) -> Result<Self, Msg> {
        Self::parse(text)
    }
}

impl fmt::Display for CategoryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CategoryKind {
    type Err = Msg;
    fn from_str(text: &str) -> Result<Self, Msg> {
        Self::parse(text)
    }
}

/// What a manager decides at a gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateChoice {
    Pass,
    /// Pass although some exit criteria are not met: a conditional pass, with its reason.
    PassWithUnmetCriteria,
    Return,
}

impl GateChoice {
    /// The choice a form or request makes: `approve` or `return`, and whether the pass is
    /// conditional; `None` for another decision.
    pub fn parse(decision: &str, conditional: bool) -> Option<Self> {
        match (decision, conditional) {
            ("approve", false) => Some(Self::Pass),
            ("approve", true) => Some(Self::PassWithUnmetCriteria),
            ("return", _) => Some(Self::Return),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_keep_their_order_and_codes() {
        assert!(PhaseKind::Preparation < PhaseKind::Launch);
        assert!(PhaseKind::Growth < PhaseKind::Mature);
        for kind in PhaseKind::ALL {
            assert_eq!(kind.as_str().parse::<PhaseKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(PhaseKind::parse("试运营"), Ok(PhaseKind::Launch));
        assert_eq!(PhaseKind::parse(" Growth "), Ok(PhaseKind::Growth));
        assert_eq!(
            PhaseKind::parse("冲刺期").unwrap_err().key,
            "domain-phase-kind-unknown"
        );
    }

    #[test]
    fn only_marketing_counts_in_roi_and_recoverable_never_burns() {
        use CategoryKind::*;
        assert!(Marketing.counts_in_roi() && Marketing.counts_in_burn());
        assert!(!Operating.counts_in_roi() && Operating.counts_in_burn());
        assert!(!Recoverable.counts_in_roi() && !Recoverable.counts_in_burn());
        assert_eq!(CategoryKind::parse("recoverable"), Ok(Recoverable));
        assert!(CategoryKind::parse("fees").is_err());
    }

    #[test]
    fn default_categories_have_unique_codes() {
        let mut codes: Vec<_> = DEFAULT_CATEGORIES.iter().map(|c| c.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), DEFAULT_CATEGORIES.len());
    }
}
