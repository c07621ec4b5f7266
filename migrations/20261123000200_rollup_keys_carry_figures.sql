-- The dashboards read a shop's months of the rollup, and a plan's targets and budget lines, by
-- their keys. Carried in the key's index, the figures they read come from one or two index
-- pages (an index-only scan) instead of one heap page per month: the rows of a month arrive
-- together in an import, so a shop's months lie on as many pages as there are months, and
-- among more pages the more shops the database holds.
ALTER TABLE actual_month
    DROP CONSTRAINT actual_month_pkey,
    ADD CONSTRAINT actual_month_pkey PRIMARY KEY (tenant_id, shop_id, month)
        INCLUDE (uv, buyers, orders, sales, refunds, days);

ALTER TABLE spend_month
    DROP CONSTRAINT spend_month_pkey,
    ADD CONSTRAINT spend_month_pkey PRIMARY KEY (tenant_id, shop_id, month, category_code)
        INCLUDE (amount, attributed_sales);

ALTER TABLE monthly_target
    DROP CONSTRAINT monthly_target_pkey,
    ADD CONSTRAINT monthly_target_pkey PRIMARY KEY (tenant_id, plan_id, month)
        INCLUDE (uv, conversion_rate, aov);

ALTER TABLE budget_line
    DROP CONSTRAINT budget_line_pkey,
    ADD CONSTRAINT budget_line_pkey PRIMARY KEY (tenant_id, plan_id, month, category_code)
        INCLUDE (amount);
