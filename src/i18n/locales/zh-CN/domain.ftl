# 领域消息：金额、比率、ROI、月份的填写说明，目标分摊，以及计划检查。

domain-money-invalid = “{ $input }”不是有效的金额。请填写以元为单位的金额，例如 1,234.50、¥1,234、20万 或 3k。
domain-money-negative = “{ $input }”是负数，这里的金额不能小于零。
domain-money-too-large = “{ $input }”超出了金额的范围，请检查位数和单位（万、亿）。
domain-rate-invalid = “{ $input }”不是有效的比率。请填写百分比，例如 3% 或 3.05%，或填写小数，例如 0.03。
domain-rate-ambiguous = “{ $input }”含义不明确：请带上百分号，例如 { $input }%，或填写 0 到 1 之间的小数。
domain-rate-out-of-range = “{ $input }”超出了 0% 到 100% 的范围。
domain-roi-invalid = “{ $input }”不是有效的 ROI。请按每 1 元推广费带来的销售额填写，例如 1:3，或直接填 3。
domain-roi-not-positive = “{ $input }”不能作为 ROI：必须大于零，例如 1:3。
domain-count-invalid = “{ $input }”不是有效的数量。请填写整数，例如 24,000 或 2.4万。
domain-count-not-whole = “{ $input }”折算为 { $value }，不是整数。
domain-count-too-large = “{ $input }”超出了数量的范围，请检查位数和单位（万、亿）。
domain-month-invalid = “{ $input }”不是有效的月份，请按 YYYY-MM 格式填写，例如 2027-03。
domain-phase-kind-unknown = “{ $input }”不是有效的阶段，请选择筹备期、开张期、成长期或成熟期。
domain-category-kind-unknown = “{ $input }”不是有效的类别性质，请选择推广、运营或可收回。

domain-split-weights-count = 每个月需要一个权重：共有 { $months } 个月，但填写了 { $weights } 个权重。
domain-split-weight-negative = 第 { $position } 个权重为 { $weight }，权重不能小于零。
domain-split-weights-zero = 所有权重都是零，请至少给一个月填写大于零的权重。
domain-split-no-months = 没有可以分摊的月份。
domain-split-too-large = 总额或权重过大，无法分摊。

domain-lint-targets-do-not-sum = 各月目标销售额合计为 { $sum }，与计划总目标 { $total } 不一致。
domain-lint-sales-not-derived = { $month } 填写的销售额 { $stated } 与“访客数 × 转化率 × 客单价”不符：{ $uv } × { $conversion } × { $aov } = { $derived }。建议让销售额由公式自动计算。
domain-lint-roi-below-band-month = { $month } 的推广预算 { $budget } 对应目标销售额 { $sales }，ROI 为 { $roi }，低于计划的最低要求 { $min }。
domain-lint-roi-below-band-plan = 整个计划的推广预算 { $budget } 对应目标销售额 { $sales }，ROI 为 { $roi }，低于计划的最低要求 { $min }。
domain-lint-marketing-share-high-month = { $month } 的推广预算 { $budget } 占目标销售额 { $sales } 的 { $share }，超过了上限 { $max }。
domain-lint-marketing-share-high-plan = 整个计划的推广预算 { $budget } 占目标销售额 { $sales } 的 { $share }，超过了上限 { $max }。
domain-lint-marketing-without-sales-month = { $month } 有推广预算 { $budget }，但没有目标销售额，无从衡量投入产出；推广费最多只应占销售额的 { $max }。
domain-lint-marketing-without-sales-plan = 计划有推广预算 { $budget }，但没有设定目标销售额，无从衡量投入产出；推广费最多只应占销售额的 { $max }。
domain-lint-costs-exceed-margin = 推广和运营预算合计 { $costs }，超过了毛利 { $gross_profit }（目标销售额 { $sales } × 毛利率 { $margin }）：按此计划会亏损。
domain-lint-staff-share-high = 人员预算 { $staff } 超过了目标销售额 { $sales } 的 { $max }（上限为 { $limit }）。
domain-lint-phase-ends-before-start = { $phase ->
        [preparation] 筹备期
        [launch] 开张期
        [growth] 成长期
       *[mature] 成熟期
    }的结束日期 { $end } 早于开始日期 { $start }。
domain-lint-phase-outside-plan = { $phase ->
        [preparation] 筹备期
        [launch] 开张期
        [growth] 成长期
       *[mature] 成熟期
    }（{ $start } 至 { $end }）超出了计划的月份范围 { $plan_start } 至 { $plan_end }。
domain-lint-phases-overlap = { $phase ->
        [preparation] 筹备期
        [launch] 开张期
        [growth] 成长期
       *[mature] 成熟期
    }（{ $start } 至 { $end }）与{ $other ->
        [preparation] 筹备期
        [launch] 开张期
        [growth] 成长期
       *[mature] 成熟期
    }（{ $other_start } 至 { $other_end }）时间重叠。阶段之间可以有间隔，但不能重叠。
domain-lint-milestone-outside-phase = 里程碑“{ $title }”的截止日期 { $due } 不在所属{ $phase ->
        [preparation] 筹备期
        [launch] 开张期
        [growth] 成长期
       *[mature] 成熟期
    }（{ $start } 至 { $end }）之内。
domain-lint-target-outside-plan = { $month } 的目标不在计划的月份范围 { $plan_start } 至 { $plan_end } 之内。
domain-lint-budget-outside-plan = { $month } 的 { $category } 预算 { $amount } 不在计划的月份范围 { $plan_start } 至 { $plan_end } 之内。
domain-lint-group-buy-budget-in-launch = { $month } 有平台活动预算 { $amount }，落在开张期（{ $start } 至 { $end }）内：新店过早参加聚划算等团购活动会打乱价格体系。
domain-lint-group-buy-milestone-in-launch = 开张期的里程碑“{ $title }”是团购（聚划算）活动：新店过早参加会打乱价格体系，建议放到成熟期。
domain-lint-missed-three-months = { $metric ->
        [sales] 销售额
        [uv] 访客数
        [buyers] 支付买家数
        [conversion] 转化率
       *[aov] 客单价
    }已连续 { $months } 个月未达标（{ $first } 至 { $last }），请安排复盘。
