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
