-- A version number of what the shop dashboard shows, per shop and per organization, raised
-- in the same transaction as every write to what the page reads: the organization's
-- settings and categories, the shop, its plans with their targets and budgets, its review
-- notes, and its monthly rollup of actuals and spend (which every write to the daily rows
-- recomputes). A page rendered under one version is shown again, without reading its figures,
-- for as long as the version has not moved (src/web/page_cache.rs).
--
-- The row of `scope = tenant_id` is the organization's; the others are shops'. The table
-- holds counters only, no business data, and is read before any tenant is set on the
-- connection, like the identity tables: it is not under row-level security, and every query
-- names its tenant.
CREATE TABLE figures_stamp (
    -- No foreign key: the triggers below also run while an organization's rows are being
    -- removed, and a counter left behind says nothing.
    tenant_id   uuid NOT NULL,
    scope       uuid NOT NULL,
    version     bigint NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, scope)
);
GRANT SELECT, INSERT, UPDATE ON figures_stamp TO shopplan_app;

-- Raises the version of every shop (or organization) a statement touched, once per
-- statement, from its transition table `changed`. TG_ARGV[0] says how a changed row names
-- its scope: `shop_id`, `plan_id` (through the plan), `id` of a shop, `tenant_id` or `id`
-- of an organization. The scopes are locked in key order, so that two writers touching the
-- same shops cannot wait on each other in opposite orders within one statement.
CREATE FUNCTION figures_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_ARGV[0] = 'shop_id' THEN
        INSERT INTO figures_stamp (tenant_id, scope)
        SELECT DISTINCT tenant_id, shop_id FROM changed ORDER BY 1, 2
        ON CONFLICT (tenant_id, scope) DO UPDATE SET version = figures_stamp.version + 1;
    ELSIF TG_ARGV[0] = 'plan_id' THEN
        INSERT INTO figures_stamp (tenant_id, scope)
        SELECT DISTINCT p.tenant_id, p.shop_id
        FROM (SELECT DISTINCT tenant_id, plan_id FROM changed) c
        JOIN plan p ON p.tenant_id = c.tenant_id AND p.id = c.plan_id
        ORDER BY 1, 2
        ON CONFLICT (tenant_id, scope) DO UPDATE SET version = figures_stamp.version + 1;
    ELSIF TG_ARGV[0] = 'shop' THEN
        INSERT INTO figures_stamp (tenant_id, scope)
        SELECT DISTINCT tenant_id, id FROM changed ORDER BY 1, 2
        ON CONFLICT (tenant_id, scope) DO UPDATE SET version = figures_stamp.version + 1;
    ELSIF TG_ARGV[0] = 'tenant_id' THEN
        INSERT INTO figures_stamp (tenant_id, scope)
        SELECT DISTINCT tenant_id, tenant_id FROM changed ORDER BY 1
        ON CONFLICT (tenant_id, scope) DO UPDATE SET version = figures_stamp.version + 1;
    ELSIF TG_ARGV[0] = 'tenant' THEN
        INSERT INTO figures_stamp (tenant_id, scope)
        SELECT id, id FROM changed ORDER BY 1
        ON CONFLICT (tenant_id, scope) DO UPDATE SET version = figures_stamp.version + 1;
    ELSE
        RAISE EXCEPTION 'figures_touched: unknown scope %', TG_ARGV[0];
    END IF;
    RETURN NULL;
END
$$;

-- A trigger with a transition table answers one event, so each table gets one per event.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('category', 'tenant_id'), ('shop', 'shop'), ('plan', 'shop_id'),
        ('monthly_target', 'plan_id'), ('budget_line', 'plan_id'), ('review_note', 'shop_id'),
        ('actual_month', 'shop_id'), ('spend_month', 'shop_id')) AS v (tab, arg)
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed
                        FOR EACH STATEMENT EXECUTE FUNCTION figures_touched(%L)',
                       t.tab || '_figures_inserted', t.tab, t.arg);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed
                        FOR EACH STATEMENT EXECUTE FUNCTION figures_touched(%L)',
                       t.tab || '_figures_updated', t.tab, t.arg);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed
                        FOR EACH STATEMENT EXECUTE FUNCTION figures_touched(%L)',
                       t.tab || '_figures_deleted', t.tab, t.arg);
    END LOOP;
END
$$;

-- An organization's settings (thresholds, time zone) change by UPDATE; a new one has no page
-- to refresh yet.
CREATE TRIGGER tenant_figures_updated AFTER UPDATE ON tenant REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION figures_touched('tenant');
