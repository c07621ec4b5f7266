-- Each month of the rollup records the last day it holds. A dashboard counted to a day on or
-- after it (the usual case: as of today, with data up to yesterday) reads the month in
-- progress from the rollup like the others, instead of summing the daily rows, whose tables
-- grow with every shop of every organization. Only a dashboard as of a day before the last
-- one sums the days.
ALTER TABLE actual_month ADD COLUMN last_date date;
UPDATE actual_month m SET last_date = d.last_date
FROM (SELECT tenant_id, shop_id, date_trunc('month', date::timestamp)::date AS month, max(date) AS last_date
      FROM daily_actual GROUP BY 1, 2, 3) d
WHERE d.tenant_id = m.tenant_id AND d.shop_id = m.shop_id AND d.month = m.month;
-- A month without any day (none should exist) counts as reaching its end.
UPDATE actual_month SET last_date = (month + interval '1 month - 1 day')::date WHERE last_date IS NULL;
ALTER TABLE actual_month ALTER COLUMN last_date SET NOT NULL,
    DROP CONSTRAINT actual_month_pkey,
    ADD CONSTRAINT actual_month_pkey PRIMARY KEY (tenant_id, shop_id, month)
        INCLUDE (uv, buyers, orders, sales, refunds, days, last_date);

ALTER TABLE spend_month ADD COLUMN last_date date;
UPDATE spend_month m SET last_date = e.last_date
FROM (SELECT tenant_id, shop_id, date_trunc('month', date::timestamp)::date AS month, category_code,
             max(date) AS last_date
      FROM spend_entry GROUP BY 1, 2, 3, 4) e
WHERE e.tenant_id = m.tenant_id AND e.shop_id = m.shop_id AND e.month = m.month
  AND e.category_code = m.category_code;
UPDATE spend_month SET last_date = (month + interval '1 month - 1 day')::date WHERE last_date IS NULL;
ALTER TABLE spend_month ALTER COLUMN last_date SET NOT NULL,
    DROP CONSTRAINT spend_month_pkey,
    ADD CONSTRAINT spend_month_pkey PRIMARY KEY (tenant_id, shop_id, month, category_code)
        INCLUDE (amount, attributed_sales, last_date);
