app-name = ShopPlan
app-tagline = Online-shop operations planning
nav-home = Home
nav-main = Main navigation
lang-switch = Language
footer-text = ShopPlan · online-shop operations planning for brands and agencies

home-title = Plan your online shops, then see where they stand
home-lead = ShopPlan lays out each shop's year in four phases (preparation, launch, growth, mature), sets monthly targets for visitors, conversion and order value, budgets every channel, and compares it all with the daily figures you export from Taobao, Tmall, JD, Pinduoduo or Douyin.
home-feature-plans-title = Phased plans
home-feature-plans = Goals, exit criteria, milestones owned by a person, and a manager's sign-off at every phase gate.
home-feature-targets-title = Targets that add up
home-feature-targets = Sales are always visitors × conversion × order value, so a typed figure can never disagree with its parts.
home-feature-budgets-title = Budgets and ROI
home-feature-budgets = Budget by channel and month; see burn, pacing and ROI (sales ÷ marketing spend, written 1:3).
home-feature-variance-title = Why a month missed
home-feature-variance = Every shortfall split exactly into traffic, conversion and order-value effects.
