# Domain messages: what to type in number, rate, ROI and month fields, splitting helpers, and plan lint.

domain-money-invalid = “{ $input }” is not an amount. Type yuan such as 1,234.50, ¥1,234, 20万 or 3k.
domain-money-negative = “{ $input }” is negative; amounts here are zero or more.
domain-money-too-large = “{ $input }” is too large for an amount. Check the digits and the unit (万, 亿).
domain-rate-invalid = “{ $input }” is not a rate. Type a percentage such as 3% or 3.05%, or a fraction such as 0.03.
domain-rate-ambiguous = “{ $input }” is ambiguous: type a percentage with its sign, such as { $input }%, or a fraction between 0 and 1.
domain-rate-out-of-range = “{ $input }” is outside 0% to 100%.
domain-roi-invalid = “{ $input }” is not an ROI. Type the sales per yuan of marketing as 1:3, or just 3.
domain-roi-not-positive = “{ $input }” is not a usable ROI: it must be above zero, such as 1:3.
domain-count-invalid = “{ $input }” is not a count. Type a whole number such as 24,000 or 2.4万.
domain-count-not-whole = “{ $input }” comes to { $value }, which is not a whole number.
domain-count-too-large = “{ $input }” is too large for a count. Check the digits and the unit (万, 亿).
domain-month-invalid = “{ $input }” is not a month. Type it as YYYY-MM, such as 2027-03.
domain-phase-kind-unknown = “{ $input }” is not a phase. Choose preparation, launch, growth or mature.
domain-category-kind-unknown = “{ $input }” is not a kind of category. Choose marketing, operating or recoverable.

domain-split-weights-count = Give one weight per month: there are { $months } months and { $weights } weights.
domain-split-weight-negative = Weight { $position } is { $weight }; weights must be zero or more.
domain-split-weights-zero = All the weights are zero; give at least one month a weight above zero.
domain-split-no-months = There are no months to split the total over.
domain-split-too-large = The total or the weights are too large to split.

domain-lint-targets-do-not-sum = The monthly targets add up to { $sum }, not the plan's total { $total }.
domain-lint-sales-not-derived = In { $month }, the typed sales of { $stated } differ from UV × conversion × AOV: { $uv } × { $conversion } × { $aov } = { $derived }. Let the sales be derived instead.
domain-lint-roi-below-band-month = In { $month }, a marketing budget of { $budget } against target sales of { $sales } implies an ROI of { $roi }, below the plan's minimum of { $min }.
domain-lint-roi-below-band-plan = Over the whole plan, a marketing budget of { $budget } against target sales of { $sales } implies an ROI of { $roi }, below the plan's minimum of { $min }.
domain-lint-marketing-share-high-month = In { $month }, the marketing budget of { $budget } is { $share } of target sales of { $sales }, above the maximum of { $max }.
domain-lint-marketing-share-high-plan = Over the whole plan, the marketing budget of { $budget } is { $share } of target sales of { $sales }, above the maximum of { $max }.
domain-lint-marketing-without-sales-month = In { $month }, there is a marketing budget of { $budget } but no target sales to measure it against; marketing should take at most { $max } of sales.
domain-lint-marketing-without-sales-plan = The plan budgets { $budget } for marketing but sets no target sales to measure it against; marketing should take at most { $max } of sales.
domain-lint-costs-exceed-margin = Marketing and operating budgets total { $costs }, more than the gross profit of { $gross_profit } (a { $margin } margin on target sales of { $sales }): the plan loses money.
domain-lint-staff-share-high = The staff budget of { $staff } is more than { $max } of target sales of { $sales } (at most { $limit }).
domain-lint-phase-ends-before-start = The { $phase ->
        [preparation] preparation
        [launch] launch
        [growth] growth
       *[mature] mature
    } phase ends on { $end }, before it starts on { $start }.
domain-lint-phase-outside-plan = The { $phase ->
        [preparation] preparation
        [launch] launch
        [growth] growth
       *[mature] mature
    } phase ({ $start } to { $end }) runs outside the plan's months, { $plan_start } to { $plan_end }.
domain-lint-phases-overlap = The { $phase ->
        [preparation] preparation
        [launch] launch
        [growth] growth
       *[mature] mature
    } phase ({ $start } to { $end }) overlaps the { $other ->
        [preparation] preparation
        [launch] launch
        [growth] growth
       *[mature] mature
    } phase ({ $other_start } to { $other_end }). Phases may leave gaps but must not overlap.
domain-lint-milestone-outside-phase = The milestone “{ $title }” is due on { $due }, outside its { $phase ->
        [preparation] preparation
        [launch] launch
        [growth] growth
       *[mature] mature
    } phase ({ $start } to { $end }).
domain-lint-target-outside-plan = There are targets for { $month }, outside the plan's months, { $plan_start } to { $plan_end }.
domain-lint-budget-outside-plan = The { $category } budget of { $amount } is for { $month }, outside the plan's months, { $plan_start } to { $plan_end }.
domain-lint-group-buy-budget-in-launch = A platform-activity budget of { $amount } in { $month } falls in the launch phase ({ $start } to { $end }): a group-buy (聚划算) this early undercuts a new shop's prices.
domain-lint-group-buy-milestone-in-launch = The launch-phase milestone “{ $title }” is a group-buy (聚划算): this early it undercuts a new shop's prices. Plan it for the mature phase.
domain-lint-missed-three-months = { $metric ->
        [sales] Sales
        [uv] Visitors (UV)
        [buyers] Paying buyers
        [conversion] The conversion rate
       *[aov] The average order value
    } stayed below target for { $months } months in a row, { $first } to { $last }: review it.
