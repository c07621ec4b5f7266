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
