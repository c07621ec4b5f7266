//! The demo organization's story, after the plans in domain.md: an agency (代运营) running three
//! shops for two brands.
//!
//! - 锦绣家纺天猫专卖店: a Tmall franchise store opening in four phases, July 2026 to April 2027
//!   (the 900,000 元 phased plan). October misses its target on conversion.
//! - 喜庆婚品淘宝店: a wedding-supplies shop; its second quarter of 2026 comes from the sample
//!   生意参谋 and 直通车 exports, its second half-year from the generator. Traffic falls short
//!   three months running from August.
//! - 山野茶天猫旗舰店: a tea company's 3,000,000 元 half-year, 200k / 400k / 900k / 1,500k from
//!   September to December; October misses on traffic; a revision lowering December waits for
//!   approval.
//! - 山野茶抖音小店: opening next year, no plan yet.
//!
//! Nothing here models fake orders (刷单) or anything else a platform forbids.

use serde_json::{Value, json};

use super::days::{MonthStory, Outcome, SpendStory};
use crate::domain::YearMonth;

/// Who does what in the demo: role, name, e-mail.
pub const MEMBERS: [(&str, &str, &str); 5] = [
    ("admin", "王明", "admin@demo.example"),
    ("manager", "李静", "manager@demo.example"),
    ("operator", "张伟", "operator@demo.example"),
    ("finance", "赵敏", "finance@demo.example"),
    ("viewer", "陈晨", "viewer@demo.example"),
];

pub const ORGANIZATION: &str = "锦程电商代运营（示范）";

/// The demo's password, printed by `shopplan demo`; anyone who can read the README knows it,
/// which is the point of a demo and why it must never hold real data.
pub const PASSWORD: &str = "shopplan demo 2026";

fn ym(text: &str) -> YearMonth {
    YearMonth::parse(text).expect("a month of the story")
}

/// A month's target: month, UV, conversion, AOV, and how the month went.
pub struct TargetStory {
    pub month: &'static str,
    pub uv: u64,
    pub conversion: &'static str,
    pub aov: &'static str,
    pub outcome: Outcome,
}

/// A budget line: month, category, amount; how fast it was spent.
pub struct BudgetStory {
    pub month: &'static str,
    pub category: &'static str,
    pub amount: i64,
    pub pace: f64,
}

/// An exit criterion: its text, a metric condition (metric, at least) if it has one, ticked.
pub type Criterion = (&'static str, Option<(&'static str, i64)>, bool);

/// A phase: kind, dates, goal, exit criteria (text, optional metric condition, ticked),
/// milestones (title, owner's role, due, status), and the gate review if one was made.
pub struct PhaseStory {
    pub kind: &'static str,
    pub start: &'static str,
    pub end: &'static str,
    pub goal: &'static str,
    pub criteria: Vec<Criterion>,
    pub milestones: Vec<(&'static str, &'static str, &'static str, &'static str)>,
    pub gate: Option<(bool, &'static str)>,
}

pub struct PlanStory {
    pub name: &'static str,
    pub start: &'static str,
    pub end: &'static str,
    pub head: Value,
    pub phases: Vec<PhaseStory>,
    pub targets: Vec<TargetStory>,
    pub budgets: Vec<BudgetStory>,
    /// Whether the generator makes the days and spend (false where sample files do).
    pub generated: bool,
    /// A revision started after approval: the reason and the December target's new UV.
    pub revision: Option<(&'static str, &'static str, u64)>,
}

pub struct ShopStory {
    pub name: &'static str,
    pub input: Value,
    pub seed: u64,
    pub plans: Vec<PlanStory>,
    /// Review notes: month, author's role, text.
    pub notes: Vec<(&'static str, &'static str, &'static str)>,
    /// Whether the sample exports of 2026 Q2 are imported for this shop.
    pub samples: bool,
}

const fn t(
    month: &'static str,
    uv: u64,
    conversion: &'static str,
    aov: &'static str,
    outcome: Outcome,
) -> TargetStory {
    TargetStory {
        month,
        uv,
        conversion,
        aov,
        outcome,
    }
}

const fn b(month: &'static str, category: &'static str, amount: i64) -> BudgetStory {
    BudgetStory {
        month,
        category,
        amount,
        pace: 1.0,
    }
}

const fn paced(month: &'static str, category: &'static str, amount: i64, pace: f64) -> BudgetStory {
    BudgetStory {
        month,
        category,
        amount,
        pace,
    }
}

const ON_PLAN: Outcome = Outcome::new(1.0, 0.99, 1.0);

pub fn shops() -> Vec<ShopStory> {
    vec![jinxiu(), xiqing(), shanye(), douyin()]
}

fn jinxiu() -> ShopStory {
    let growth = |m| t(m, 60_000, "0.025", "200", ON_PLAN);
    let mature = |m| t(m, 100_000, "0.025", "200", ON_PLAN);
    ShopStory {
        name: "锦绣家纺天猫专卖店",
        input: json!({"name": "锦绣家纺天猫专卖店", "platform": "tmall", "store_type": "franchise",
                      "category": "家纺", "opened_on": "2026-09-01"}),
        seed: 11,
        samples: false,
        notes: vec![
            (
                "2026-09",
                "operator",
                "开业首月：访客达标，转化率 1.8% 略低于 2%。主推款评价还少，9 月底补充买家秀。",
            ),
            (
                "2026-10",
                "manager",
                "10 月没达标是转化问题，不是流量：访客与计划持平，转化率只有 1.5%。行动：客服首响 30 秒内，主推款详情页改版，直通车停投低转化关键词。",
            ),
        ],
        plans: vec![PlanStory {
            name: "开店第一年（2026.7–2027.4）",
            start: "2026-07",
            end: "2027-04",
            head: json!({"total_sales_target": "2600000", "gross_margin": "0.45",
                         "roi_target_min": "3", "roi_target_max": "5", "staff_share_max": "0.12"}),
            generated: true,
            revision: None,
            phases: vec![
                PhaseStory {
                    kind: "preparation",
                    start: "2026-07-01",
                    end: "2026-08-31",
                    goal: "完成天猫入驻、组建团队、选品与店铺装修，9 月 1 日开店。",
                    criteria: vec![
                        ("店铺上线", None, true),
                        ("运营、美工、客服、仓管到岗", None, true),
                    ],
                    milestones: vec![
                        ("提交天猫专卖店入驻申请", "operator", "2026-07-10", "done"),
                        ("缴纳保证金 11 万", "finance", "2026-07-20", "done"),
                        ("招聘运营、美工、客服", "manager", "2026-08-15", "done"),
                        ("店铺装修与主图拍摄", "operator", "2026-08-28", "done"),
                    ],
                    gate: Some((true, "店铺按时上线，团队到岗，同意进入开张期。")),
                },
                PhaseStory {
                    kind: "launch",
                    start: "2026-09-01",
                    end: "2026-10-30",
                    goal: "开业大促，确定主推款，直通车测款，理顺客服流程；月销售额达到 10 万。",
                    criteria: vec![
                        ("月销售额 ≥ 100,000 元", Some(("sales", 100_000)), false),
                        ("客服流程与话术上线", None, true),
                    ],
                    milestones: vec![
                        ("主推款上架", "operator", "2026-09-03", "done"),
                        ("开业大促", "operator", "2026-09-08", "done"),
                        ("客服流程与话术", "manager", "2026-09-15", "done"),
                        (
                            "直通车测款，选出主推关键词",
                            "operator",
                            "2026-09-30",
                            "done",
                        ),
                    ],
                    gate: None,
                },
                PhaseStory {
                    kind: "growth",
                    start: "2026-11-01",
                    end: "2027-01-20",
                    goal: "打造爆款，参加平台活动（双11、双12、年货节），全年任务分解到岗位。",
                    criteria: vec![
                        ("月销售额 ≥ 300,000 元", Some(("sales", 300_000)), false),
                        ("主推款类目搜索前三", None, false),
                    ],
                    milestones: vec![
                        ("双11 大促", "operator", "2026-11-11", "done"),
                        ("双12 活动报名", "operator", "2026-11-28", "in_progress"),
                        ("年货节选品", "operator", "2026-12-20", "planned"),
                        ("全年任务分解与岗位 KPI", "manager", "2026-12-31", "planned"),
                    ],
                    gate: None,
                },
                PhaseStory {
                    kind: "mature",
                    start: "2027-02-15",
                    end: "2027-04-30",
                    goal: "提高客单价与复购，会员体系，聚划算活动；每周、每月例会复盘。",
                    criteria: vec![
                        ("至少两个爆款", None, false),
                        ("月销售额 ≥ 500,000 元", Some(("sales", 500_000)), false),
                    ],
                    milestones: vec![
                        ("聚划算报名与备货", "operator", "2027-02-20", "planned"),
                        ("会员体系上线", "operator", "2027-03-15", "planned"),
                        ("复购提升计划", "manager", "2027-04-10", "planned"),
                    ],
                    gate: None,
                },
            ],
            targets: vec![
                t(
                    "2026-09",
                    25_000,
                    "0.02",
                    "200",
                    Outcome::new(1.04, 0.92, 0.99),
                ),
                t(
                    "2026-10",
                    25_000,
                    "0.02",
                    "200",
                    Outcome::new(1.0, 0.74, 1.02),
                ),
                t(
                    "2026-11",
                    60_000,
                    "0.025",
                    "200",
                    Outcome::new(1.08, 1.04, 1.05),
                ),
                growth("2026-12"),
                growth("2027-01"),
                mature("2027-02"),
                mature("2027-03"),
                mature("2027-04"),
            ],
            budgets: vec![
                b("2026-07", "deposit", 110_000),
                b("2026-07", "staff", 20_000),
                b("2026-08", "staff", 25_000),
                b("2026-08", "design", 3_000),
                b("2026-08", "software", 1_000),
                b("2026-08", "inventory", 100_000),
                b("2026-09", "ztc", 15_000),
                b("2026-09", "platform_activity", 10_000),
                b("2026-09", "staff", 25_000),
                paced("2026-10", "ztc", 25_000, 1.15),
                b("2026-10", "staff", 25_000),
                b("2026-11", "inventory", 200_000),
                b("2026-11", "ztc", 45_000),
                b("2026-11", "zuanzhan", 30_000),
                b("2026-11", "staff", 30_000),
                b("2026-11", "logistics", 5_000),
                b("2026-12", "ztc", 45_000),
                b("2026-12", "zuanzhan", 30_000),
                b("2026-12", "staff", 30_000),
                b("2027-01", "ztc", 45_000),
                b("2027-01", "staff", 30_000),
                b("2027-02", "inventory", 300_000),
                b("2027-02", "deposit", 100_000),
                b("2027-02", "platform_activity", 30_000),
                b("2027-02", "ztc", 70_000),
                b("2027-02", "staff", 35_000),
                b("2027-03", "ztc", 100_000),
                b("2027-03", "staff", 35_000),
                b("2027-04", "ztc", 100_000),
                b("2027-04", "staff", 35_000),
            ],
        }],
    }
}

fn xiqing() -> ShopStory {
    ShopStory {
        name: "喜庆婚品淘宝店",
        input: json!({"name": "喜庆婚品淘宝店", "platform": "taobao", "store_type": "individual",
                      "category": "婚庆用品", "opened_on": "2023-03-01"}),
        seed: 23,
        samples: true,
        notes: vec![
            (
                "2026-05",
                "operator",
                "5 月转化率 2.86%，低于 3.2% 的目标：主图改版后点击率下降。6 月前换回旧主图，618 预售页提前上线。",
            ),
            (
                "2026-10",
                "manager",
                "连续三个月流量不够：直通车关键词出价偏低，自然搜索排名下滑。11 月加投直通车与淘宝客，争取双11 流量。",
            ),
        ],
        plans: vec![
            PlanStory {
                name: "2026 第二季度",
                start: "2026-04",
                end: "2026-06",
                head: json!({"total_sales_target": "1021200", "gross_margin": "0.5",
                             "roi_target_min": "3", "roi_target_max": "5"}),
                generated: false,
                revision: None,
                phases: vec![
                    PhaseStory {
                        kind: "growth",
                        start: "2026-04-01",
                        end: "2026-05-31",
                        goal: "婚庆旺季前打造两款爆款：喜字贴与婚礼伴手礼盒。",
                        criteria: vec![("月销售额 ≥ 250,000 元", Some(("sales", 250_000)), true)],
                        milestones: vec![
                            ("伴手礼盒上新", "operator", "2026-04-10", "done"),
                            ("直通车关键词优化", "operator", "2026-05-05", "done"),
                        ],
                        gate: Some((true, "4 月超额完成，同意。")),
                    },
                    PhaseStory {
                        kind: "mature",
                        start: "2026-06-01",
                        end: "2026-06-30",
                        goal: "618 大促，提高客单价（组合套装）。",
                        criteria: vec![("618 活动复盘完成", None, true)],
                        milestones: vec![
                            ("618 预售页上线", "operator", "2026-05-25", "done"),
                            ("618 复盘", "manager", "2026-06-25", "done"),
                        ],
                        gate: Some((true, "618 销售额未达目标，但客单价稳定；复盘已完成。")),
                    },
                ],
                targets: vec![
                    t("2026-04", 72_000, "0.03", "120", ON_PLAN),
                    t("2026-05", 78_000, "0.032", "125", ON_PLAN),
                    t("2026-06", 120_000, "0.03", "125", ON_PLAN),
                ],
                budgets: vec![
                    b("2026-04", "ztc", 11_000),
                    b("2026-04", "staff", 15_000),
                    b("2026-05", "ztc", 12_000),
                    b("2026-05", "staff", 15_000),
                    b("2026-06", "ztc", 12_000),
                    b("2026-06", "staff", 15_000),
                ],
            },
            PlanStory {
                name: "2026 下半年",
                start: "2026-07",
                end: "2026-12",
                head: json!({"total_sales_target": "2925000", "gross_margin": "0.5",
                             "roi_target_min": "3", "roi_target_max": "5"}),
                generated: true,
                revision: None,
                phases: vec![PhaseStory {
                    kind: "mature",
                    start: "2026-07-01",
                    end: "2026-12-31",
                    goal: "稳住婚庆旺季（国庆、元旦）销量，提高复购与客单价。",
                    criteria: vec![("月销售额 ≥ 400,000 元", Some(("sales", 400_000)), false)],
                    milestones: vec![
                        ("国庆婚礼季套装上新", "operator", "2026-09-15", "done"),
                        ("双11 备货", "operator", "2026-10-25", "done"),
                        ("双12 报名", "operator", "2026-11-30", "in_progress"),
                        ("年终复盘", "manager", "2026-12-28", "planned"),
                    ],
                    gate: None,
                }],
                targets: vec![
                    t(
                        "2026-07",
                        100_000,
                        "0.03",
                        "125",
                        Outcome::new(0.97, 1.02, 1.0),
                    ),
                    t(
                        "2026-08",
                        100_000,
                        "0.03",
                        "125",
                        Outcome::new(0.86, 1.03, 0.99),
                    ),
                    t(
                        "2026-09",
                        110_000,
                        "0.03",
                        "125",
                        Outcome::new(0.84, 1.01, 1.0),
                    ),
                    t(
                        "2026-10",
                        120_000,
                        "0.03",
                        "125",
                        Outcome::new(0.78, 1.02, 1.01),
                    ),
                    t(
                        "2026-11",
                        200_000,
                        "0.03",
                        "125",
                        Outcome::new(0.95, 1.05, 1.02),
                    ),
                    t("2026-12", 150_000, "0.03", "125", ON_PLAN),
                ],
                budgets: vec![
                    b("2026-07", "ztc", 12_000),
                    b("2026-07", "staff", 15_000),
                    b("2026-08", "ztc", 12_000),
                    b("2026-08", "staff", 15_000),
                    b("2026-09", "ztc", 13_000),
                    b("2026-09", "staff", 15_000),
                    b("2026-10", "ztc", 14_000),
                    b("2026-10", "staff", 15_000),
                    b("2026-11", "ztc", 25_000),
                    b("2026-11", "taoke", 8_000),
                    b("2026-11", "staff", 18_000),
                    b("2026-12", "ztc", 18_000),
                    b("2026-12", "staff", 18_000),
                ],
            },
        ],
    }
}

fn shanye() -> ShopStory {
    ShopStory {
        name: "山野茶天猫旗舰店",
        input: json!({"name": "山野茶天猫旗舰店", "platform": "tmall", "store_type": "flagship",
                      "category": "茶叶", "opened_on": "2026-09-01"}),
        seed: 37,
        samples: false,
        notes: vec![(
            "2026-10",
            "operator",
            "流量不够：双11 预热期直通车预算被压，访客只有计划的八成，转化正常。11 月恢复投放，加开直播。",
        )],
        plans: vec![PlanStory {
            name: "2026 下半年 300 万",
            start: "2026-07",
            end: "2026-12",
            head: json!({"total_sales_target": "3000000", "gross_margin": "0.5",
                         "roi_target_min": "3", "roi_target_max": "5",
                         "marketing_share_max": "0.15", "staff_share_max": "0.10"}),
            generated: true,
            revision: Some((
                "双11 后复盘：12 月 150 万的目标偏高，按 11 月的转化与客单价下调到约 120 万。",
                "2026-12",
                750_000,
            )),
            phases: vec![
                PhaseStory {
                    kind: "preparation",
                    start: "2026-07-01",
                    end: "2026-08-31",
                    goal: "旗舰店入驻、团队组建、茶叶选品与包装设计。",
                    criteria: vec![("店铺上线", None, true)],
                    milestones: vec![
                        ("天猫旗舰店入驻", "operator", "2026-07-15", "done"),
                        ("礼盒包装设计", "operator", "2026-08-20", "done"),
                    ],
                    gate: Some((true, "准备完成，9 月开店。")),
                },
                PhaseStory {
                    kind: "launch",
                    start: "2026-09-01",
                    end: "2026-10-31",
                    goal: "开店，主推明前龙井礼盒，直通车与内容种草测试。",
                    criteria: vec![("月销售额 ≥ 200,000 元", Some(("sales", 200_000)), false)],
                    milestones: vec![
                        ("开业大促", "operator", "2026-09-05", "done"),
                        ("中秋礼盒活动", "operator", "2026-09-20", "done"),
                        ("双11 预售", "operator", "2026-10-24", "done"),
                    ],
                    gate: None,
                },
                PhaseStory {
                    kind: "growth",
                    start: "2026-11-01",
                    end: "2026-12-31",
                    goal: "双11、双12 与年货节冲量，打造爆款。",
                    criteria: vec![("月销售额 ≥ 900,000 元", Some(("sales", 900_000)), false)],
                    milestones: vec![
                        ("双11 直播", "operator", "2026-11-11", "done"),
                        ("双12 报名", "operator", "2026-11-25", "in_progress"),
                        ("年货节礼盒备货", "finance", "2026-12-15", "planned"),
                    ],
                    gate: None,
                },
            ],
            targets: vec![
                t(
                    "2026-09",
                    125_000,
                    "0.01",
                    "160",
                    Outcome::new(0.95, 1.05, 0.99),
                ),
                t(
                    "2026-10",
                    250_000,
                    "0.01",
                    "160",
                    Outcome::new(0.8, 1.02, 1.01),
                ),
                t(
                    "2026-11",
                    562_500,
                    "0.01",
                    "160",
                    Outcome::new(1.05, 1.1, 1.03),
                ),
                t("2026-12", 937_500, "0.01", "160", ON_PLAN),
            ],
            budgets: vec![
                b("2026-07", "deposit", 50_000),
                b("2026-07", "staff", 30_000),
                b("2026-08", "design", 20_000),
                b("2026-08", "software", 5_000),
                b("2026-08", "staff", 30_000),
                b("2026-09", "ztc", 15_000),
                b("2026-09", "content", 10_000),
                b("2026-09", "staff", 20_000),
                b("2026-10", "ztc", 25_000),
                b("2026-10", "zuanzhan", 15_000),
                b("2026-10", "live", 10_000),
                b("2026-10", "staff", 40_000),
                paced("2026-11", "ztc", 50_000, 1.2),
                b("2026-11", "zuanzhan", 30_000),
                b("2026-11", "live", 20_000),
                b("2026-11", "taoke", 12_500),
                b("2026-11", "staff", 90_000),
                b("2026-12", "ztc", 80_000),
                b("2026-12", "zuanzhan", 50_000),
                b("2026-12", "live", 30_000),
                b("2026-12", "taoke", 27_500),
                b("2026-12", "staff", 150_000),
            ],
        }],
    }
}

fn douyin() -> ShopStory {
    ShopStory {
        name: "山野茶抖音小店",
        input: json!({"name": "山野茶抖音小店", "platform": "douyin", "store_type": "flagship",
                      "category": "茶叶", "opened_on": "2027-01-01"}),
        seed: 41,
        samples: false,
        notes: vec![],
        plans: vec![],
    }
}

/// The channels that report the sales they bring, and how much per yuan.
fn channel_roi(category: &str) -> Option<f64> {
    match category {
        "ztc" => Some(3.6),
        "zuanzhan" => Some(2.7),
        "taoke" => Some(6.0),
        "live" => Some(3.2),
        _ => None,
    }
}

/// The day of the month a one-off cost is paid.
fn paid_on(category: &str) -> Option<u32> {
    match category {
        "staff" => Some(10),
        "deposit" => Some(3),
        "inventory" => Some(8),
        "ztc" | "zuanzhan" | "taoke" | "live" | "content" | "kol" => None,
        _ => Some(5),
    }
}

impl PlanStory {
    /// The months the generator fills, with the target's level and the month's outcome.
    pub fn months(&self) -> Vec<MonthStory> {
        self.targets
            .iter()
            .map(|t| MonthStory {
                month: ym(t.month),
                uv: t.uv,
                conversion: t.conversion.parse().unwrap_or(0.0),
                aov: t.aov.parse().unwrap_or(0.0),
                outcome: t.outcome,
            })
            .collect()
    }

    pub fn spend(&self) -> Vec<SpendStory> {
        self.budgets
            .iter()
            .map(|b| SpendStory {
                month: ym(b.month),
                category: b.category,
                amount: b.amount,
                pace: b.pace,
                roi: channel_roi(b.category),
                paid_on: paid_on(b.category),
            })
            .collect()
    }

    /// The plan as the API's document, with milestone owners resolved by `owner`.
    pub fn document(&self, owner: impl Fn(&str) -> Option<String>, version: i64) -> Value {
        let mut doc = self.head.clone();
        doc["version"] = json!(version);
        doc["name"] = json!(self.name);
        doc["start_month"] = json!(self.start);
        doc["end_month"] = json!(self.end);
        doc["phases"] = self
            .phases
            .iter()
            .map(|p| {
                json!({
                    "kind": p.kind, "start_date": p.start, "end_date": p.end, "goal": p.goal,
                    "exit_criteria": p.criteria.iter().map(|(text, condition, done)| json!({
                        "text": text,
                        "condition": condition.map(|(metric, threshold)| json!({
                            "metric": metric, "comparator": ">=", "threshold": threshold.to_string()})),
                        "done": done,
                    })).collect::<Vec<_>>(),
                    "milestones": p.milestones.iter().map(|(title, role, due, status)| json!({
                        "title": title, "owner_id": owner(role), "due_on": due, "status": status,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        doc["targets"] = self
            .targets
            .iter()
            .map(|t| {
                json!({"month": t.month, "uv": t.uv, "conversion_rate": t.conversion, "aov": t.aov})
            })
            .collect();
        doc["budgets"] = self
            .budgets
            .iter()
            .map(|b| json!({"month": b.month, "category": b.category, "amount": b.amount.to_string()}))
            .collect();
        doc
    }
}
