-- Actual data: daily shop figures and spend, the imports that brought them (with what each
-- replaced, so it can be undone), uploads waiting for confirmation, and the monthly rollup
-- the dashboards read.

-- One import of a file or a JSON body. shop_id is NULL for an organization-wide import
-- (a file with a shop column); data_import_shop says which shops it touched.
CREATE TABLE data_import (
    tenant_id       uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    kind            text NOT NULL CONSTRAINT data_import_kind_known CHECK (kind IN ('actuals', 'spend')),
    shop_id         uuid,
    file_name       text CONSTRAINT data_import_file_name_length CHECK (char_length(file_name) <= 255),
    rows            integer NOT NULL,
    inserted        integer NOT NULL,
    updated         integer NOT NULL,
    first_date      date NOT NULL,
    last_date       date NOT NULL,
    imported_by     uuid REFERENCES app_user (id) ON DELETE SET NULL,
    imported_by_name text NOT NULL,
    imported_at     timestamptz NOT NULL DEFAULT now(),
    undone_at       timestamptz,
    undone_by       uuid REFERENCES app_user (id) ON DELETE SET NULL,
    undone_by_name  text,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, shop_id) REFERENCES shop (tenant_id, id)
);

-- The shops an import wrote to, with its rows and dates for each (one row for a per-shop
-- import): the import history of a shop lists these.
CREATE TABLE data_import_shop (
    tenant_id   uuid NOT NULL,
    import_id   uuid NOT NULL,
    shop_id     uuid NOT NULL,
    rows        integer NOT NULL,
    first_date  date NOT NULL,
    last_date   date NOT NULL,
    PRIMARY KEY (tenant_id, import_id, shop_id),
    FOREIGN KEY (tenant_id, import_id) REFERENCES data_import (tenant_id, id),
    FOREIGN KEY (tenant_id, shop_id) REFERENCES shop (tenant_id, id)
);
CREATE INDEX data_import_shop_by_shop ON data_import_shop (tenant_id, shop_id);

-- One day of a shop's figures. import_id is the import that wrote the row (NULL after an edit
-- by hand). It has no foreign key: imports are never deleted (the application may not), and a
-- second per-row check would add a third to the cost of a million-row import. Nor an index: an
-- import's rows are found through its spans in data_import_shop and the key.
CREATE TABLE daily_actual (
    tenant_id   uuid NOT NULL,
    shop_id     uuid NOT NULL,
    date        date NOT NULL,
    uv          integer NOT NULL CONSTRAINT daily_actual_uv_positive CHECK (uv >= 0),
    buyers      integer NOT NULL CONSTRAINT daily_actual_buyers_within_uv CHECK (buyers >= 0 AND buyers <= uv),
    orders      integer CONSTRAINT daily_actual_orders_positive CHECK (orders >= 0),
    sales       numeric(18,2) NOT NULL CONSTRAINT daily_actual_sales_positive CHECK (sales >= 0),
    refunds     numeric(18,2) CONSTRAINT daily_actual_refunds_positive CHECK (refunds >= 0),
    pv          integer CONSTRAINT daily_actual_pv_positive CHECK (pv >= 0),
    import_id   uuid,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, shop_id, date),
    FOREIGN KEY (tenant_id, shop_id) REFERENCES shop (tenant_id, id)
);

-- Spend per shop, day and category: one amount per (day, category), replaced by a later
-- import or entry for the same key. import_id as in daily_actual.
CREATE TABLE spend_entry (
    tenant_id       uuid NOT NULL,
    shop_id         uuid NOT NULL,
    date            date NOT NULL,
    category_code   text NOT NULL,
    amount          numeric(18,2) NOT NULL CONSTRAINT spend_entry_amount_positive CHECK (amount >= 0),
    attributed_sales numeric(18,2) CONSTRAINT spend_entry_attributed_positive CHECK (attributed_sales >= 0),
    import_id       uuid,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, shop_id, date, category_code),
    FOREIGN KEY (tenant_id, shop_id) REFERENCES shop (tenant_id, id),
    FOREIGN KEY (tenant_id, category_code) REFERENCES category (tenant_id, code)
);

-- The rows an import overwrote, as they were, so that undoing it restores them exactly.
CREATE TABLE import_replaced_actual (
    tenant_id   uuid NOT NULL,
    import_id   uuid NOT NULL,
    shop_id     uuid NOT NULL,
    date        date NOT NULL,
    uv          integer NOT NULL,
    buyers      integer NOT NULL,
    orders      integer,
    sales       numeric(18,2) NOT NULL,
    refunds     numeric(18,2),
    pv          integer,
    previous_import_id uuid,
    previous_updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, import_id, shop_id, date),
    -- Deferred: the replaced rows are saved before the import's own row is written, when its
    -- counts are known.
    FOREIGN KEY (tenant_id, import_id) REFERENCES data_import (tenant_id, id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE import_replaced_spend (
    tenant_id       uuid NOT NULL,
    import_id       uuid NOT NULL,
    shop_id         uuid NOT NULL,
    date            date NOT NULL,
    category_code   text NOT NULL,
    amount          numeric(18,2) NOT NULL,
    attributed_sales numeric(18,2),
    previous_import_id uuid,
    previous_updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, import_id, shop_id, date, category_code),
    FOREIGN KEY (tenant_id, import_id) REFERENCES data_import (tenant_id, id) DEFERRABLE INITIALLY DEFERRED
);

-- A file uploaded in the browser and previewed, waiting for its uploader to confirm it.
-- Kept for a short while only (expires_at); confirming or cancelling removes it.
CREATE TABLE pending_upload (
    tenant_id       uuid NOT NULL,
    id              uuid NOT NULL,
    shop_id         uuid NOT NULL,
    kind            text NOT NULL CONSTRAINT pending_upload_kind_known CHECK (kind IN ('actuals', 'spend')),
    category_code   text,
    file_name       text NOT NULL,
    content         bytea NOT NULL,
    uploaded_by     uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, shop_id) REFERENCES shop (tenant_id, id),
    FOREIGN KEY (tenant_id, category_code) REFERENCES category (tenant_id, code)
);
CREATE INDEX pending_upload_expiry ON pending_upload (tenant_id, expires_at);

-- The monthly rollup per shop, recomputed from the daily rows inside every transaction that
-- changes them. Dashboards read these, never the daily rows.
CREATE TABLE actual_month (
    tenant_id   uuid NOT NULL,
    shop_id     uuid NOT NULL,
    month       date NOT NULL CONSTRAINT actual_month_first_day CHECK (extract(day FROM month) = 1),
    uv          bigint NOT NULL,
    buyers      bigint NOT NULL,
    orders      bigint NOT NULL,
    sales       numeric(18,2) NOT NULL,
    refunds     numeric(18,2) NOT NULL,
    pv          bigint NOT NULL,
    -- Days with data.
    days        integer NOT NULL,
    PRIMARY KEY (tenant_id, shop_id, month),
    FOREIGN KEY (tenant_id, shop_id) REFERENCES shop (tenant_id, id)
);

CREATE TABLE spend_month (
    tenant_id       uuid NOT NULL,
    shop_id         uuid NOT NULL,
    month           date NOT NULL CONSTRAINT spend_month_first_day CHECK (extract(day FROM month) = 1),
    category_code   text NOT NULL,
    amount          numeric(18,2) NOT NULL,
    attributed_sales numeric(18,2) NOT NULL,
    PRIMARY KEY (tenant_id, shop_id, month, category_code),
    FOREIGN KEY (tenant_id, shop_id) REFERENCES shop (tenant_id, id),
    FOREIGN KEY (tenant_id, category_code) REFERENCES category (tenant_id, code)
);

-- The shapes of the staging tables an import copies into. Each import creates a temporary
-- table of the same name (LIKE these), which shadows it for its transaction (pg_temp comes
-- first in the search path): COPY is refused on tables under row-level security, and a
-- temporary table is private to its session. These stay empty; they exist so that the
-- queries reading the staging tables are checked when the project is compiled.
CREATE TABLE actual_staging (
    shop_id     uuid NOT NULL,
    date        date NOT NULL,
    uv          integer NOT NULL,
    buyers      integer NOT NULL,
    orders      integer,
    sales       numeric(18,2) NOT NULL,
    refunds     numeric(18,2),
    pv          integer
);

CREATE TABLE spend_staging (
    shop_id         uuid NOT NULL,
    date            date NOT NULL,
    category_code   text NOT NULL,
    amount          numeric(18,2) NOT NULL,
    attributed_sales numeric(18,2)
);
-- CREATE TABLE … (LIKE …) reads the shape, which needs SELECT; nothing is ever written here.
GRANT SELECT ON actual_staging, spend_staging TO shopplan_app;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['data_import', 'data_import_shop', 'daily_actual', 'spend_entry',
                             'import_replaced_actual', 'import_replaced_spend', 'pending_upload',
                             'actual_month', 'spend_month']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = app_current_tenant())
                        WITH CHECK (tenant_id = app_current_tenant())', t || '_isolation', t);
    END LOOP;
END
$$;

-- Imports are history: they are marked undone, never deleted.
GRANT SELECT, INSERT, UPDATE ON data_import TO shopplan_app;
GRANT SELECT, INSERT ON data_import_shop TO shopplan_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON daily_actual, spend_entry, import_replaced_actual,
    import_replaced_spend, pending_upload, actual_month, spend_month TO shopplan_app;
