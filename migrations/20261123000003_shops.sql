-- Reference data each organization can extend (platforms, store types, budget and spend
-- categories), and shops.

CREATE TABLE platform (
    tenant_id   uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    code        text NOT NULL CONSTRAINT platform_code_format CHECK (code ~ '^[a-z][a-z0-9_]{1,31}$'),
    name_zh     text NOT NULL CONSTRAINT platform_name_zh_length CHECK (char_length(name_zh) BETWEEN 1 AND 60),
    name_en     text NOT NULL CONSTRAINT platform_name_en_length CHECK (char_length(name_en) BETWEEN 1 AND 60),
    sort        integer NOT NULL DEFAULT 100,
    archived    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, code)
);

CREATE TABLE store_type (
    tenant_id   uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    code        text NOT NULL CONSTRAINT store_type_code_format CHECK (code ~ '^[a-z][a-z0-9_]{1,31}$'),
    name_zh     text NOT NULL CONSTRAINT store_type_name_zh_length CHECK (char_length(name_zh) BETWEEN 1 AND 60),
    name_en     text NOT NULL CONSTRAINT store_type_name_en_length CHECK (char_length(name_en) BETWEEN 1 AND 60),
    sort        integer NOT NULL DEFAULT 100,
    archived    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, code)
);

-- A category's kind decides how its money counts: marketing in ROI and burn, operating in
-- burn only, recoverable (deposits, inventory) apart from both.
CREATE TABLE category (
    tenant_id   uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    code        text NOT NULL CONSTRAINT category_code_format CHECK (code ~ '^[a-z][a-z0-9_]{1,31}$'),
    name_zh     text NOT NULL CONSTRAINT category_name_zh_length CHECK (char_length(name_zh) BETWEEN 1 AND 60),
    name_en     text NOT NULL CONSTRAINT category_name_en_length CHECK (char_length(name_en) BETWEEN 1 AND 60),
    kind        text NOT NULL CONSTRAINT category_kind_known CHECK (kind IN ('marketing', 'operating', 'recoverable')),
    sort        integer NOT NULL DEFAULT 100,
    archived    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, code)
);
CREATE UNIQUE INDEX category_name_zh_key ON category (tenant_id, name_zh);

CREATE TABLE shop (
    tenant_id       uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    name            text NOT NULL CONSTRAINT shop_name_length CHECK (char_length(name) BETWEEN 1 AND 120),
    platform_code   text NOT NULL,
    store_type_code text,
    -- The merchandise category (类目), e.g. 茶叶 or 婚庆用品; free text.
    category        text CONSTRAINT shop_category_length CHECK (char_length(category) <= 80),
    currency        text NOT NULL DEFAULT 'CNY' CONSTRAINT shop_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
    opened_on       date,
    status          text NOT NULL DEFAULT 'operating'
                    CONSTRAINT shop_status_known CHECK (status IN ('preparing', 'operating', 'closed')),
    archived_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT shop_name_key UNIQUE (tenant_id, name),
    FOREIGN KEY (tenant_id, platform_code) REFERENCES platform (tenant_id, code),
    FOREIGN KEY (tenant_id, store_type_code) REFERENCES store_type (tenant_id, code)
);

ALTER TABLE platform ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_isolation ON platform
    USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
ALTER TABLE store_type ENABLE ROW LEVEL SECURITY;
ALTER TABLE store_type FORCE ROW LEVEL SECURITY;
CREATE POLICY store_type_isolation ON store_type
    USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
ALTER TABLE category ENABLE ROW LEVEL SECURITY;
ALTER TABLE category FORCE ROW LEVEL SECURITY;
CREATE POLICY category_isolation ON category
    USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
ALTER TABLE shop ENABLE ROW LEVEL SECURITY;
ALTER TABLE shop FORCE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON shop
    USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());

GRANT SELECT, INSERT, UPDATE ON platform, store_type, category TO shopplan_app;
GRANT SELECT, INSERT, UPDATE ON shop TO shopplan_app;
