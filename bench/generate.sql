-- The dashboard benchmark's data, deterministic, at a scale factor (psql variables):
--
--   psql -v scale=1.0 -v home=<tenant id> -v home_user=<user id> -f bench/generate.sql
--
-- At scale 1.0: 1,000 organizations and 10,000 shops, skewed (10 agencies of 400 shops, 90
-- of 30, 900 with 3 or 4); each shop has an approved 36-month plan (2023-12 to 2026-11: four
-- phases with exit criteria and milestones, 36 monthly targets, budget lines in five
-- categories) and daily actuals from 2023-12-01 to 2026-11-14 (10.8M rows), with daily 直通车
-- spend and monthly spend in three more categories. Scale 0.1 keeps the first agency (the
-- home organization, signed up through the product, with 400 shops) and divides the rest.
-- The first 64 shops of the home organization also have a draft revision of their plan, for
-- the plan-save scenario.
--
-- Rows arrive in date order, month by month, as imports do; the monthly rollups are then
-- computed by the same sums the product keeps current in every import. Runs as the database
-- owner (row-level security does not apply) with foreign-key triggers off during the load:
-- every reference is made by this script itself.
\set ON_ERROR_STOP on
\timing off
SET client_min_messages = warning;
SET session_replication_role = replica;

SELECT greatest(1, round(1000 * :scale))::int AS orgs,
       greatest(1, round(10 * :scale))::int AS agencies,
       greatest(1, round(100 * :scale))::int AS medium,
       round(10000 * :scale)::int AS shops \gset
SELECT greatest(0, :shops - 400 * :agencies - 30 * (:medium - :agencies)) AS small_shops,
       :orgs - :medium AS small_orgs \gset

BEGIN;

-- Organizations: n = 1 is the home organization; its id comes from the sign-up.
CREATE TEMP TABLE g_org AS
SELECT n,
       CASE WHEN n = 1 THEN :'home'::uuid ELSE md5('bench-org-' || n)::uuid END AS id,
       CASE WHEN n <= :agencies THEN 400
            WHEN n <= :medium THEN 30
            ELSE ((n - :medium) * :small_shops) / :small_orgs
                 - ((n - :medium - 1) * :small_shops) / :small_orgs
       END AS shop_count
FROM generate_series(1, :orgs) AS n;

-- Shops, numbered 1…N across organizations in order.
CREATE TEMP TABLE g_shop AS
SELECT row_number() OVER (ORDER BY o.n, k)::int AS n, o.n AS org_n, o.id AS tenant_id, k
FROM g_org o, generate_series(1, o.shop_count) AS k;
ALTER TABLE g_shop ADD COLUMN id uuid;
UPDATE g_shop SET id = md5('bench-shop-' || n)::uuid;
CREATE UNIQUE INDEX ON g_shop (n);
ANALYZE g_shop;

INSERT INTO tenant (id, name)
SELECT id, '基准代运营' || lpad(n::text, 4, '0') FROM g_org WHERE n > 1;
INSERT INTO platform (tenant_id, code, name_zh, name_en, sort, archived)
SELECT o.id, p.code, p.name_zh, p.name_en, p.sort, p.archived
FROM g_org o, platform p WHERE o.n > 1 AND p.tenant_id = :'home';
INSERT INTO store_type (tenant_id, code, name_zh, name_en, sort, archived)
SELECT o.id, s.code, s.name_zh, s.name_en, s.sort, s.archived
FROM g_org o, store_type s WHERE o.n > 1 AND s.tenant_id = :'home';
INSERT INTO category (tenant_id, code, name_zh, name_en, kind, sort, archived)
SELECT o.id, c.code, c.name_zh, c.name_en, c.kind, c.sort, c.archived
FROM g_org o, category c WHERE o.n > 1 AND c.tenant_id = :'home';
INSERT INTO app_user (id, email, name, password_hash)
SELECT md5('bench-user-' || o.n)::uuid, 'bench-' || o.n || '@example.com', '管理员' || o.n, u.password_hash
FROM g_org o, app_user u WHERE o.n > 1 AND u.id = :'home_user';
INSERT INTO membership (tenant_id, user_id, role)
SELECT id, md5('bench-user-' || n)::uuid, 'admin' FROM g_org WHERE n > 1;

INSERT INTO shop (tenant_id, id, name, platform_code, category, opened_on)
SELECT tenant_id, id, '店铺' || lpad(k::text, 4, '0'),
       (ARRAY['tmall', 'taobao', 'jd', 'pinduoduo', 'douyin'])[1 + n % 5],
       '家居', DATE '2023-11-01'
FROM g_shop ORDER BY n;

-- Plans: revision 1 approved for every shop; a draft revision 2 for 64 of the home
-- organization's shops.
CREATE TEMP TABLE g_plan AS
SELECT s.n AS shop_n, s.tenant_id, s.id AS shop_id, 1 AS revision,
       md5('bench-plan-' || s.n)::uuid AS id, md5('bench-plan-' || s.n)::uuid AS lineage_id,
       NULL::uuid AS previous_id, 'approved' AS status,
       CASE WHEN s.org_n = 1 THEN :'home_user'::uuid ELSE md5('bench-user-' || s.org_n)::uuid END AS author
FROM g_shop s
UNION ALL
SELECT s.n, s.tenant_id, s.id, 2,
       md5('bench-draft-' || s.n)::uuid, md5('bench-plan-' || s.n)::uuid,
       md5('bench-plan-' || s.n)::uuid, 'draft', :'home_user'::uuid
FROM g_shop s WHERE s.org_n = 1 AND s.k <= 64;

-- Months and each shop's targets: a base that depends on the shop, growing through the plan,
-- with the platform calendar's peaks (618 in June, 双11 in November, 双12 and the year end).
CREATE TEMP TABLE g_month AS
SELECT i, m::date AS month,
       CASE extract(month FROM m)::int WHEN 6 THEN 1.4 WHEN 11 THEN 1.8 WHEN 12 THEN 1.3
                                       WHEN 2 THEN 0.8 ELSE 1.0 END AS season
FROM generate_series(DATE '2023-12-01', DATE '2026-11-01', interval '1 month') WITH ORDINALITY AS t(m, i);

CREATE TEMP TABLE g_target AS
SELECT s.n AS shop_n, s.tenant_id, s.id AS shop_id, m.month, m.i,
       round((30000 + (s.n * 7919) % 90000) * (0.6 + 0.02 * m.i) * m.season)::bigint AS uv,
       round(0.020 + ((s.n * 131) % 200) / 10000.0, 4) AS conversion_rate,
       round(80 + (s.n * 37) % 120 + 0.5 * m.i, 2) AS aov
FROM g_shop s, g_month m;
CREATE INDEX ON g_target (shop_n, month);
ANALYZE g_target;

INSERT INTO plan (tenant_id, id, shop_id, lineage_id, revision, previous_id, name, status,
                  start_month, end_month, total_sales_target, gross_margin, roi_target_min,
                  roi_target_max, marketing_share_max, staff_share_max, created_by, updated_by,
                  submitted_by, submitted_at, decided_by, decided_at)
SELECT p.tenant_id, p.id, p.shop_id, p.lineage_id, p.revision, p.previous_id,
       '三年运营计划 2023-12 至 2026-11', p.status, DATE '2023-12-01', DATE '2026-11-01',
       (SELECT sum(round(t.uv * t.conversion_rate) * t.aov) FROM g_target t WHERE t.shop_n = p.shop_n),
       0.40, 2.5, 4.0, 0.20, 0.10, p.author, p.author,
       CASE WHEN p.status = 'approved' THEN p.author END,
       CASE WHEN p.status = 'approved' THEN TIMESTAMPTZ '2023-11-20 10:00+08' END,
       CASE WHEN p.status = 'approved' THEN p.author END,
       CASE WHEN p.status = 'approved' THEN TIMESTAMPTZ '2023-11-21 10:00+08' END
FROM g_plan p ORDER BY p.revision, p.shop_n;

CREATE TEMP TABLE g_phase AS
SELECT * FROM (VALUES
    ('preparation', DATE '2023-12-01', DATE '2024-02-29', '完成开店准备：装修、上新、客服与仓储流程', 'approved', 1),
    ('launch', DATE '2024-03-01', DATE '2024-08-31', '打开流量入口，完成首批销量与评价积累', 'approved', 2),
    ('growth', DATE '2024-09-01', DATE '2025-08-31', '扩大推广，提升转化率与客单价', 'approved', 3),
    ('mature', DATE '2025-09-01', DATE '2026-11-30', '稳定投产比，提高老客复购', 'pending', 4)
) AS t(kind, start_date, end_date, goal, gate_status, position);

INSERT INTO phase (tenant_id, plan_id, kind, start_date, end_date, goal, gate_status)
SELECT p.tenant_id, p.id, f.kind, f.start_date, f.end_date, f.goal,
       CASE WHEN p.status = 'approved' THEN f.gate_status ELSE 'pending' END
FROM g_plan p, g_phase f ORDER BY p.revision, p.shop_n, f.position;

INSERT INTO exit_criterion (tenant_id, id, plan_id, phase_kind, position, text, metric, comparator, threshold)
SELECT p.tenant_id, md5('bench-criterion-' || p.id || f.kind)::uuid, p.id, f.kind, 1,
       '阶段末月销售额达到目标', 'sales', '>=', 100000 * f.position
FROM g_plan p, g_phase f;

INSERT INTO milestone (tenant_id, id, plan_id, phase_kind, position, title, owner_id, due_on, status)
SELECT p.tenant_id, md5('bench-milestone-' || p.id || f.kind || j)::uuid, p.id, f.kind, j,
       (ARRAY['阶段复盘', '推广方案定稿'])[j], p.author, f.end_date - 14 * (j - 1),
       CASE WHEN f.end_date < DATE '2026-11-01' THEN 'done' ELSE 'planned' END
FROM g_plan p, g_phase f, generate_series(1, 2) AS j;

INSERT INTO monthly_target (tenant_id, plan_id, month, uv, conversion_rate, aov)
SELECT p.tenant_id, p.id, t.month, t.uv, t.conversion_rate, t.aov
FROM g_plan p JOIN g_target t ON t.shop_n = p.shop_n ORDER BY p.revision, p.shop_n, t.month;

-- Budgets: marketing at about 12% of target sales across four channels, and a deposit.
INSERT INTO budget_line (tenant_id, plan_id, month, category_code, amount)
SELECT p.tenant_id, p.id, t.month, c.code,
       round(round(t.uv * t.conversion_rate) * t.aov * c.share, -2)
FROM g_plan p JOIN g_target t ON t.shop_n = p.shop_n,
     (VALUES ('ztc', 0.06), ('zuanzhan', 0.025), ('taoke', 0.02), ('live', 0.015)) AS c(code, share)
ORDER BY p.revision, p.shop_n, t.month;
INSERT INTO budget_line (tenant_id, plan_id, month, category_code, amount)
SELECT tenant_id, id, DATE '2023-12-01', 'deposit', 50000 FROM g_plan;

CREATE TEMP TABLE g_rate AS
SELECT shop_n, month, uv, conversion_rate, aov,
       extract(day FROM month + interval '1 month' - interval '1 day')::int AS days
FROM g_target;
CREATE INDEX ON g_rate (shop_n, month);
ANALYZE g_rate;
COMMIT;

-- Daily actuals and spend, one month at a time in date order, as imports arrive (a commit
-- per month). Traffic runs at 85–115% of the month's daily target (a level per shop-month,
-- ±10% from day to day), conversion at 90–110%, AOV at 92–108%: some shop-months miss,
-- some beat. 直通车 is spent daily at 85–115% of its budget, with attributed sales at 2.0–4.4
-- times the spend; display ads, affiliates and live streaming are paid monthly; the deposit
-- once.
DO $$
DECLARE
    m record;
BEGIN
    FOR m IN SELECT i, month FROM g_month ORDER BY month LOOP
        INSERT INTO daily_actual (tenant_id, shop_id, date, uv, buyers, orders, sales, refunds, pv)
        SELECT tenant_id, shop_id, date, uv, buyers, buyers + buyers / 20,
               round(buyers * aov * (0.92 + ((n * 17 + m.i * 11) % 17) / 100.0), 2),
               round(buyers * aov * ((n + di) % 7) / 100.0, 2), uv * 3 + (n + di) % 5
        FROM (
            SELECT s.tenant_id, s.id AS shop_id, s.n, d::date AS date, r.aov,
                   (d::date - DATE '2023-12-01') AS di, v.uv,
                   least(v.uv, round(v.uv * r.conversion_rate * (0.9 + ((s.n * 53 + m.i * 29) % 21) / 100.0)
                                     * (0.95 + ((s.n * 13 + (d::date - DATE '2023-12-01') * 7) % 101) / 1000.0)))::int AS buyers
            FROM g_shop s
            JOIN g_rate r ON r.shop_n = s.n AND r.month = m.month
            CROSS JOIN generate_series(m.month, least(m.month + interval '1 month' - interval '1 day', DATE '2026-11-14'),
                                       interval '1 day') AS d
            CROSS JOIN LATERAL (
                SELECT round(r.uv::numeric / r.days * (0.85 + ((s.n * 31 + m.i * 17) % 31) / 100.0)
                             * (0.9 + ((s.n * 7919 + (d::date - DATE '2023-12-01') * 104729) % 201) / 1000.0))::int AS uv
            ) v
        ) x
        ORDER BY date, n;

        INSERT INTO spend_entry (tenant_id, shop_id, date, category_code, amount, attributed_sales)
        SELECT tenant_id, shop_id, date, 'ztc', amount, round(amount * (2.0 + ((n * 11 + di) % 25) / 10.0), 2)
        FROM (
            SELECT s.tenant_id, s.id AS shop_id, s.n, d::date AS date, (d::date - DATE '2023-12-01') AS di,
                   round(round(r.uv * r.conversion_rate) * r.aov * 0.06 / r.days
                         * (0.85 + ((s.n * 7 + (d::date - DATE '2023-12-01') * 3) % 31) / 100.0), 2) AS amount
            FROM g_shop s
            JOIN g_rate r ON r.shop_n = s.n AND r.month = m.month
            CROSS JOIN generate_series(m.month, least(m.month + interval '1 month' - interval '1 day', DATE '2026-11-14'),
                                       interval '1 day') AS d
        ) x
        ORDER BY date, n;

        INSERT INTO spend_entry (tenant_id, shop_id, date, category_code, amount, attributed_sales)
        SELECT s.tenant_id, s.id, m.month, c.code,
               round(round(r.uv * r.conversion_rate) * r.aov * c.share * (0.8 + ((s.n * 3 + m.i * c.k) % 41) / 100.0), 2),
               CASE WHEN c.code <> 'live' OR s.n % 2 = 0
                    THEN round(round(r.uv * r.conversion_rate) * r.aov * c.share * (1.5 + ((s.n + m.i * c.k) % 20) / 10.0), 2) END
        FROM g_shop s
        JOIN g_rate r ON r.shop_n = s.n AND r.month = m.month
        CROSS JOIN (VALUES ('zuanzhan', 0.025, 5), ('taoke', 0.02, 7), ('live', 0.015, 11)) AS c(code, share, k)
        ORDER BY s.n, c.code;

        IF m.i = 1 THEN
            INSERT INTO spend_entry (tenant_id, shop_id, date, category_code, amount)
            SELECT tenant_id, id, DATE '2023-12-05', 'deposit', 50000 FROM g_shop ORDER BY n;
        END IF;
        COMMIT;
    END LOOP;
END
$$;

-- The monthly rollups, as the product computes them inside each import.
BEGIN;
INSERT INTO actual_month (tenant_id, shop_id, month, uv, buyers, orders, sales, refunds, pv, days, last_date)
SELECT tenant_id, shop_id, date_trunc('month', date::timestamp)::date, sum(uv), sum(buyers),
       COALESCE(sum(orders), 0), sum(sales), COALESCE(sum(refunds), 0), COALESCE(sum(pv), 0), count(*),
       max(date)
FROM daily_actual GROUP BY 1, 2, 3 ORDER BY 3, 1, 2;
INSERT INTO spend_month (tenant_id, shop_id, month, category_code, amount, attributed_sales, last_date)
SELECT tenant_id, shop_id, date_trunc('month', date::timestamp)::date, category_code, sum(amount),
       COALESCE(sum(attributed_sales), 0), max(date)
FROM spend_entry GROUP BY 1, 2, 3, 4 ORDER BY 3, 1, 2, 4;
COMMIT;

SET session_replication_role = origin;
VACUUM ANALYZE;
