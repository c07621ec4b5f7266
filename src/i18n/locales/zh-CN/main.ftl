app-name = ShopPlan 网店运营计划
app-tagline = 网店运营计划
nav-home = 首页
nav-main = 主导航
lang-switch = 语言
footer-text = ShopPlan 网店运营计划 · 为品牌电商部与代运营商而做

home-title = 先把店铺计划做好，再随时看清进度
home-lead = ShopPlan 把每家店铺的一年分成四个阶段（筹备期、开张期、成长期、成熟期），按月设定访客数、转化率和客单价目标，按渠道做预算，并与您从淘宝、天猫、京东、拼多多、抖音导出的每日数据逐项对比。
home-feature-plans-title = 分阶段的运营计划
home-feature-plans = 每个阶段有目标、验收标准、落实到人的里程碑，以及经理的阶段评审签字。
home-feature-targets-title = 自洽的目标
home-feature-targets = 销售额永远等于访客数 × 转化率 × 客单价，手填的数字不会与它的组成部分矛盾。
home-feature-budgets-title = 预算与 ROI
home-feature-budgets = 按渠道、按月做预算；查看花费进度、节奏与 ROI（销售额 ÷ 推广花费，记作 1:3）。
home-feature-variance-title = 为什么没达标
home-feature-variance = 每个月的差额都精确拆分为流量、转化和客单价三部分影响。
