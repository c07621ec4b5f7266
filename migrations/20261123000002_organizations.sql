-- Organizations (tenants), people, memberships with roles, sessions, API tokens, invitations,
-- sign-in throttling and the audit log.
--
-- Two kinds of tables:
-- * identity tables (tenant, app_user, session, api_token, auth_failure) are looked up by a
--   secret (a session or token hash) or an e-mail before any tenant is known; they carry no
--   tenant data of their own and are not under row-level security;
-- * tenant tables (membership, invitation, audit_log, and every business table later) carry
--   tenant_id, use composite keys (tenant_id, …), and are under FORCE ROW LEVEL SECURITY with
--   a policy on the per-transaction setting app.tenant_id.

-- The tenant and user of the current transaction; NULL when unset or empty, so a policy
-- comparing against them hides every row instead of failing.
CREATE FUNCTION app_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE FUNCTION app_current_user() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$;

CREATE TABLE tenant (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CONSTRAINT tenant_name_length CHECK (char_length(name) BETWEEN 1 AND 120),
    time_zone   text NOT NULL DEFAULT 'Asia/Shanghai',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app_user (
    id              uuid PRIMARY KEY,
    email           text NOT NULL CONSTRAINT app_user_email_lowercase CHECK (email = lower(email)),
    name            text NOT NULL CONSTRAINT app_user_name_length CHECK (char_length(name) BETWEEN 1 AND 80),
    password_hash   text NOT NULL,
    -- 'zh-CN', 'en', or NULL to follow the browser.
    language        text CONSTRAINT app_user_language_known CHECK (language IN ('zh-CN', 'en')),
    last_tenant_id  uuid REFERENCES tenant (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT app_user_email_key UNIQUE (email)
);

CREATE TABLE membership (
    tenant_id   uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role        text NOT NULL CONSTRAINT membership_role_known
                CHECK (role IN ('admin', 'manager', 'operator', 'finance', 'viewer')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX membership_by_user ON membership (user_id);

-- A browser session, bound to one user in one organization. Only a hash of the cookie value
-- is stored. The role is copied from the membership (kept in step by a trigger) so that
-- authenticating a request is one indexed lookup; removing the membership removes its sessions.
CREATE TABLE session (
    id_hash         bytea PRIMARY KEY,
    tenant_id       uuid NOT NULL,
    user_id         uuid NOT NULL,
    role            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    idle_expires_at timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    user_agent      text,
    FOREIGN KEY (tenant_id, user_id) REFERENCES membership (tenant_id, user_id) ON DELETE CASCADE
);
CREATE INDEX session_by_user ON session (user_id);

-- An API token acting for one user in one organization. Only a hash is stored.
CREATE TABLE api_token (
    id              uuid PRIMARY KEY,
    token_hash      bytea NOT NULL CONSTRAINT api_token_hash_key UNIQUE,
    tenant_id       uuid NOT NULL,
    user_id         uuid NOT NULL,
    role            text NOT NULL,
    name            text NOT NULL CONSTRAINT api_token_name_length CHECK (char_length(name) BETWEEN 1 AND 80),
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_used_at    timestamptz,
    expires_at      timestamptz,
    revoked_at      timestamptz,
    FOREIGN KEY (tenant_id, user_id) REFERENCES membership (tenant_id, user_id) ON DELETE CASCADE
);
CREATE INDEX api_token_by_member ON api_token (tenant_id, user_id);

CREATE FUNCTION membership_role_follows() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE session SET role = NEW.role WHERE tenant_id = NEW.tenant_id AND user_id = NEW.user_id;
    UPDATE api_token SET role = NEW.role WHERE tenant_id = NEW.tenant_id AND user_id = NEW.user_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER membership_role_follows AFTER UPDATE OF role ON membership
    FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role)
    EXECUTE FUNCTION membership_role_follows();

CREATE TABLE invitation (
    tenant_id   uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    email       text NOT NULL CONSTRAINT invitation_email_lowercase CHECK (email = lower(email)),
    role        text NOT NULL CONSTRAINT invitation_role_known
                CHECK (role IN ('admin', 'manager', 'operator', 'finance', 'viewer')),
    token_hash  bytea NOT NULL CONSTRAINT invitation_token_key UNIQUE,
    invited_by  uuid REFERENCES app_user (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    revoked_at  timestamptz,
    PRIMARY KEY (tenant_id, id)
);

-- Failed sign-ins, counted per client address and per account for throttling.
CREATE TABLE auth_failure (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope   text NOT NULL CHECK (scope IN ('ip', 'account')),
    key     text NOT NULL,
    at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_failure_key ON auth_failure (scope, key, at);

-- Who did what, when, to which object. Append-only for the application role.
CREATE TABLE audit_log (
    tenant_id   uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    uuid REFERENCES app_user (id) ON DELETE SET NULL,
    actor_name  text,
    action      text NOT NULL,
    object_type text,
    object_id   text,
    details     jsonb NOT NULL DEFAULT '{}'::jsonb,
    ip          text,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_recent ON audit_log (tenant_id, at DESC);

-- Row-level security on the tenant tables. Membership rows are also visible to their own
-- user across organizations (to list the organizations one belongs to and switch).
ALTER TABLE membership ENABLE ROW LEVEL SECURITY;
ALTER TABLE membership FORCE ROW LEVEL SECURITY;
CREATE POLICY membership_isolation ON membership
    USING (tenant_id = app_current_tenant() OR user_id = app_current_user())
    WITH CHECK (tenant_id = app_current_tenant());

ALTER TABLE invitation ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitation FORCE ROW LEVEL SECURITY;
CREATE POLICY invitation_isolation ON invitation
    USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_isolation ON audit_log
    USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());

GRANT EXECUTE ON FUNCTION app_current_tenant(), app_current_user() TO shopplan_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant, app_user, membership, session, api_token, invitation
    TO shopplan_app;
GRANT SELECT, INSERT, DELETE ON auth_failure TO shopplan_app;
GRANT SELECT, INSERT ON audit_log TO shopplan_app;
