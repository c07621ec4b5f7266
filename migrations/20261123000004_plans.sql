-- Phased operations plans: a plan covers one shop over a range of months, with four phases
-- (goals, exit criteria, milestones, gate reviews), monthly targets and budget lines.
--
-- A change after approval is a new revision: a new plan row in the same lineage, made from the
-- previous one with a reason; the old row stays as it was, so the two can be compared.
-- `version` counts saves of one revision and guards against lost updates.

CREATE TABLE plan (
    tenant_id           uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id                  uuid NOT NULL,
    shop_id             uuid NOT NULL,
    lineage_id          uuid NOT NULL,
    revision            integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
    previous_id         uuid,
    revision_reason     text CONSTRAINT plan_revision_reason_length CHECK (char_length(revision_reason) <= 500),
    name                text NOT NULL CONSTRAINT plan_name_length CHECK (char_length(name) BETWEEN 1 AND 120),
    status              text NOT NULL DEFAULT 'draft'
                        CONSTRAINT plan_status_known CHECK (status IN ('draft', 'submitted', 'approved', 'archived')),
    version             integer NOT NULL DEFAULT 1,
    -- Months are stored as their first day.
    start_month         date NOT NULL CONSTRAINT plan_start_is_month CHECK (extract(day FROM start_month) = 1),
    end_month           date NOT NULL CONSTRAINT plan_end_is_month CHECK (extract(day FROM end_month) = 1),
    total_sales_target  numeric(18, 2) CONSTRAINT plan_total_not_negative CHECK (total_sales_target >= 0),
    gross_margin        numeric(12, 6) CONSTRAINT plan_margin_fraction CHECK (gross_margin BETWEEN 0 AND 1),
    roi_target_min      numeric(12, 6) CONSTRAINT plan_roi_min_positive CHECK (roi_target_min > 0),
    roi_target_max      numeric(12, 6) CONSTRAINT plan_roi_max_positive CHECK (roi_target_max > 0),
    marketing_share_max numeric(12, 6) CONSTRAINT plan_marketing_share_fraction CHECK (marketing_share_max BETWEEN 0 AND 1),
    staff_share_max     numeric(12, 6) CONSTRAINT plan_staff_share_fraction CHECK (staff_share_max BETWEEN 0 AND 1),
    created_by          uuid REFERENCES app_user (id) ON DELETE SET NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_by          uuid REFERENCES app_user (id) ON DELETE SET NULL,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    submitted_by        uuid REFERENCES app_user (id) ON DELETE SET NULL,
    submitted_at        timestamptz,
    decided_by          uuid REFERENCES app_user (id) ON DELETE SET NULL,
    decided_at          timestamptz,
    decision_comment    text,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, shop_id) REFERENCES shop (tenant_id, id),
    FOREIGN KEY (tenant_id, previous_id) REFERENCES plan (tenant_id, id),
    CONSTRAINT plan_months_in_order CHECK (end_month >= start_month),
    CONSTRAINT plan_at_most_36_months CHECK (end_month < start_month + interval '36 months'),
    CONSTRAINT plan_roi_band_in_order CHECK (roi_target_max >= roi_target_min),
    CONSTRAINT plan_revision_key UNIQUE (tenant_id, lineage_id, revision)
);
CREATE INDEX plan_by_shop ON plan (tenant_id, shop_id);
-- At most one open draft or submission per lineage: a second revision waits for the first.
CREATE UNIQUE INDEX plan_one_open_revision ON plan (tenant_id, lineage_id)
    WHERE status IN ('draft', 'submitted');

CREATE TABLE phase (
    tenant_id       uuid NOT NULL,
    plan_id         uuid NOT NULL,
    kind            text NOT NULL CONSTRAINT phase_kind_known
                    CHECK (kind IN ('preparation', 'launch', 'growth', 'mature')),
    start_date      date NOT NULL,
    end_date        date NOT NULL,
    goal            text NOT NULL DEFAULT '' CONSTRAINT phase_goal_length CHECK (char_length(goal) <= 2000),
    gate_status     text NOT NULL DEFAULT 'pending'
                    CONSTRAINT phase_gate_status_known CHECK (gate_status IN ('pending', 'approved', 'returned')),
    PRIMARY KEY (tenant_id, plan_id, kind),
    FOREIGN KEY (tenant_id, plan_id) REFERENCES plan (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT phase_dates_in_order CHECK (end_date >= start_date)
);

-- Every gate decision is kept: approve or send back, by whom, when, why.
CREATE TABLE gate_review (
    tenant_id   uuid NOT NULL,
    id          uuid NOT NULL,
    plan_id     uuid NOT NULL,
    phase_kind  text NOT NULL,
    decision    text NOT NULL CONSTRAINT gate_review_decision_known CHECK (decision IN ('approved', 'returned')),
    reviewer_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
    reviewer_name text NOT NULL,
    comment     text NOT NULL DEFAULT '' CONSTRAINT gate_review_comment_length CHECK (char_length(comment) <= 2000),
    at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, plan_id, phase_kind) REFERENCES phase (tenant_id, plan_id, kind) ON DELETE CASCADE
);
CREATE INDEX gate_review_by_phase ON gate_review (tenant_id, plan_id, phase_kind, at);

-- An exit criterion: a checklist item, or a metric condition evaluated against actuals
-- ("monthly sales >= 300000 in a month of the phase").
CREATE TABLE exit_criterion (
    tenant_id   uuid NOT NULL,
    id          uuid NOT NULL,
    plan_id     uuid NOT NULL,
    phase_kind  text NOT NULL,
    position    integer NOT NULL,
    text        text NOT NULL CONSTRAINT exit_criterion_text_length CHECK (char_length(text) BETWEEN 1 AND 300),
    metric      text CONSTRAINT exit_criterion_metric_known
                CHECK (metric IN ('sales', 'uv', 'buyers', 'conversion_rate', 'aov', 'roi')),
    comparator  text CONSTRAINT exit_criterion_comparator_known CHECK (comparator IN ('>=', '<=')),
    threshold   numeric(18, 6),
    done        boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, plan_id, phase_kind) REFERENCES phase (tenant_id, plan_id, kind) ON DELETE CASCADE,
    CONSTRAINT exit_criterion_metric_complete
        CHECK ((metric IS NULL) = (comparator IS NULL) AND (metric IS NULL) = (threshold IS NULL))
);

CREATE TABLE milestone (
    tenant_id   uuid NOT NULL,
    id          uuid NOT NULL,
    plan_id     uuid NOT NULL,
    phase_kind  text NOT NULL,
    position    integer NOT NULL,
    title       text NOT NULL CONSTRAINT milestone_title_length CHECK (char_length(title) BETWEEN 1 AND 200),
    owner_id    uuid,
    due_on      date,
    status      text NOT NULL DEFAULT 'planned'
                CONSTRAINT milestone_status_known CHECK (status IN ('planned', 'in_progress', 'done', 'missed')),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, plan_id, phase_kind) REFERENCES phase (tenant_id, plan_id, kind) ON DELETE CASCADE,
    -- The owner is a member of the same organization; leaving it clears the owner only.
    FOREIGN KEY (tenant_id, owner_id) REFERENCES membership (tenant_id, user_id) ON DELETE SET NULL (owner_id)
);
CREATE INDEX milestone_due ON milestone (tenant_id, due_on);

CREATE TABLE monthly_target (
    tenant_id       uuid NOT NULL,
    plan_id         uuid NOT NULL,
    month           date NOT NULL CONSTRAINT monthly_target_is_month CHECK (extract(day FROM month) = 1),
    uv              bigint NOT NULL CONSTRAINT monthly_target_uv_not_negative CHECK (uv >= 0),
    conversion_rate numeric(12, 6) NOT NULL CONSTRAINT monthly_target_rate_fraction CHECK (conversion_rate BETWEEN 0 AND 1),
    aov             numeric(18, 2) NOT NULL CONSTRAINT monthly_target_aov_not_negative CHECK (aov >= 0),
    PRIMARY KEY (tenant_id, plan_id, month),
    FOREIGN KEY (tenant_id, plan_id) REFERENCES plan (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE budget_line (
    tenant_id       uuid NOT NULL,
    plan_id         uuid NOT NULL,
    month           date NOT NULL CONSTRAINT budget_line_is_month CHECK (extract(day FROM month) = 1),
    category_code   text NOT NULL,
    amount          numeric(18, 2) NOT NULL CONSTRAINT budget_line_amount_not_negative CHECK (amount >= 0),
    PRIMARY KEY (tenant_id, plan_id, month, category_code),
    FOREIGN KEY (tenant_id, plan_id) REFERENCES plan (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, category_code) REFERENCES category (tenant_id, code)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['plan', 'phase', 'gate_review', 'exit_criterion', 'milestone',
                             'monthly_target', 'budget_line']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = app_current_tenant())
                        WITH CHECK (tenant_id = app_current_tenant())', t || '_isolation', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON plan, phase, exit_criterion, milestone, monthly_target, budget_line
    TO shopplan_app;
GRANT SELECT, INSERT ON gate_review TO shopplan_app;
