-- Monthly review notes (复盘) and the organization's status thresholds for dashboards.

-- A figure is "on track" at or above the first share of its target, "at risk" at or above
-- the second, "behind" below (spend reads the other way).
ALTER TABLE tenant
    ADD COLUMN status_on_track numeric(6, 4) NOT NULL DEFAULT 1.0
        CONSTRAINT tenant_on_track_range CHECK (status_on_track > 0 AND status_on_track <= 2),
    ADD COLUMN status_at_risk numeric(6, 4) NOT NULL DEFAULT 0.9
        CONSTRAINT tenant_at_risk_range CHECK (status_at_risk > 0),
    ADD CONSTRAINT tenant_status_order CHECK (status_at_risk <= status_on_track);

-- A note belongs to a shop's month, not to one revision of a plan: the review of what
-- happened stays when the plan is revised.
CREATE TABLE review_note (
    tenant_id   uuid NOT NULL,
    id          uuid NOT NULL,
    shop_id     uuid NOT NULL,
    month       date NOT NULL CONSTRAINT review_note_is_month CHECK (extract(day FROM month) = 1),
    author_id   uuid REFERENCES app_user (id) ON DELETE SET NULL,
    author_name text NOT NULL,
    body        text NOT NULL CONSTRAINT review_note_body_length CHECK (char_length(body) BETWEEN 1 AND 2000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, shop_id) REFERENCES shop (tenant_id, id)
);
CREATE INDEX review_note_by_month ON review_note (tenant_id, shop_id, month, created_at);

ALTER TABLE review_note ENABLE ROW LEVEL SECURITY;
ALTER TABLE review_note FORCE ROW LEVEL SECURITY;
CREATE POLICY review_note_isolation ON review_note
    USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT, DELETE ON review_note TO shopplan_app;
