-- Identity rows behind narrow doors. A session or token is looked up by the hash of its secret
-- through a function (so the request role cannot list or rewrite anyone's), a person reaches
-- their own sessions and tokens only, password hashes are read only by the sign-in functions,
-- a person changes only their own row's own columns, and each organization's figure stamps
-- are its own. The functions run as the owner, which these tables' policies do not bind (the
-- tables are not FORCE'd), and check what they are given. Those on every request's path are
-- PL/pgSQL, whose statements keep their plans within a connection (an SQL function's body is
-- planned again at every call).

CREATE FUNCTION app_session_principal(p_hash bytea, p_touch_within bigint)
RETURNS TABLE (user_id uuid, tenant_id uuid, role text, name text, email text, language text,
               tenant_name text, touch_due boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT s.user_id, s.tenant_id, s.role, u.name, u.email, u.language, t.name,
           s.idle_expires_at < now() + p_touch_within * interval '1 second'
    FROM session s
    JOIN app_user u ON u.id = s.user_id
    JOIN tenant t ON t.id = s.tenant_id
    WHERE s.id_hash = p_hash AND s.expires_at > now() AND s.idle_expires_at > now();
END
$$;

CREATE FUNCTION app_touch_session(p_hash bytea, p_idle bigint) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH touched AS (
        UPDATE session SET idle_expires_at = LEAST(expires_at, now() + p_idle * interval '1 second')
        WHERE id_hash = p_hash RETURNING 1)
    SELECT count(*) FROM touched
$$;

CREATE FUNCTION app_end_session(p_hash bytea) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH ended AS (DELETE FROM session WHERE id_hash = p_hash RETURNING 1)
    SELECT count(*) FROM ended
$$;

CREATE FUNCTION app_end_expired_sessions() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH ended AS (DELETE FROM session WHERE expires_at < now() OR idle_expires_at < now()
                   RETURNING 1)
    SELECT count(*) FROM ended
$$;

CREATE FUNCTION app_token_principal(p_hash bytea)
RETURNS TABLE (id uuid, user_id uuid, tenant_id uuid, role text, name text, email text,
               language text, tenant_name text, touch_due boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT k.id, k.user_id, k.tenant_id, k.role, u.name, u.email, u.language, t.name,
           (k.last_used_at IS NULL OR k.last_used_at < now() - interval '5 minutes')
    FROM api_token k
    JOIN app_user u ON u.id = k.user_id
    JOIN tenant t ON t.id = k.tenant_id
    WHERE k.token_hash = p_hash AND k.revoked_at IS NULL
      AND (k.expires_at IS NULL OR k.expires_at > now());
END
$$;

CREATE FUNCTION app_touch_token(p_hash bytea) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH touched AS (UPDATE api_token SET last_used_at = now() WHERE token_hash = p_hash
                     RETURNING 1)
    SELECT count(*) FROM touched
$$;

CREATE FUNCTION app_login_lookup(p_email text)
RETURNS TABLE (id uuid, name text, password_hash text, last_tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT u.id, u.name, u.password_hash, u.last_tenant_id FROM app_user u WHERE u.email = p_email
$$;

-- The acting person's own hash only (to check the current password before a change).
CREATE FUNCTION app_own_password_hash() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT u.password_hash FROM app_user u WHERE u.id = app_current_user()
$$;

CREATE FUNCTION app_figures_stamp(p_tenant uuid, p_shop uuid)
RETURNS TABLE (version bigint, today date)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT COALESCE((SELECT sum(f.version) FROM figures_stamp f
                     WHERE f.tenant_id = p_tenant AND f.scope IN (p_tenant, p_shop)), 0)::int8,
           (now() AT TIME ZONE t.time_zone)::date
    FROM tenant t WHERE t.id = p_tenant;
END
$$;

REVOKE ALL ON FUNCTION app_session_principal(bytea, bigint), app_touch_session(bytea, bigint),
    app_end_session(bytea), app_end_expired_sessions(), app_token_principal(bytea),
    app_touch_token(bytea), app_login_lookup(text), app_own_password_hash(),
    app_figures_stamp(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_session_principal(bytea, bigint), app_touch_session(bytea, bigint),
    app_end_session(bytea), app_end_expired_sessions(), app_token_principal(bytea),
    app_touch_token(bytea), app_login_lookup(text), app_own_password_hash(),
    app_figures_stamp(uuid, uuid) TO shopplan_app;

-- A person's own sessions and tokens.
ALTER TABLE session ENABLE ROW LEVEL SECURITY;
CREATE POLICY session_own ON session
    USING (user_id = app_current_user()) WITH CHECK (user_id = app_current_user());
REVOKE UPDATE ON session FROM shopplan_app;

ALTER TABLE api_token ENABLE ROW LEVEL SECURITY;
CREATE POLICY api_token_own ON api_token
    USING (user_id = app_current_user()) WITH CHECK (user_id = app_current_user());
REVOKE UPDATE ON api_token FROM shopplan_app;
GRANT UPDATE (revoked_at) ON api_token TO shopplan_app;

-- Names and e-mails may be read (members, invitations); the password hash is not; a person
-- writes only their own row, and only the columns a profile or password change needs.
REVOKE SELECT, UPDATE, DELETE ON app_user FROM shopplan_app;
GRANT SELECT (id, email, name, language, last_tenant_id, created_at, password_changed_at)
    ON app_user TO shopplan_app;
GRANT UPDATE (name, language, password_hash, password_changed_at, last_tenant_id)
    ON app_user TO shopplan_app;
ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_user_read ON app_user FOR SELECT USING (true);
CREATE POLICY app_user_join ON app_user FOR INSERT WITH CHECK (id = app_current_user());
CREATE POLICY app_user_own ON app_user FOR UPDATE
    USING (id = app_current_user()) WITH CHECK (id = app_current_user());

-- Each organization's stamps are its own (the dashboards read them through app_figures_stamp).
ALTER TABLE figures_stamp ENABLE ROW LEVEL SECURITY;
CREATE POLICY figures_stamp_isolation ON figures_stamp
    USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());

-- A role change reaches the member's sessions and tokens (not the acting admin's own).
ALTER FUNCTION membership_role_follows() SECURITY DEFINER SET search_path = public, pg_temp;
