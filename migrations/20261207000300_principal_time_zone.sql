-- The principal of a session or token carries its organization's time zone, so that every
-- time a page shows is on the organization's clock without another query.

DROP FUNCTION app_session_principal(bytea, bigint);
CREATE FUNCTION app_session_principal(p_hash bytea, p_touch_within bigint)
RETURNS TABLE (user_id uuid, tenant_id uuid, role text, name text, email text, language text,
               tenant_name text, time_zone text, touch_due boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT s.user_id, s.tenant_id, s.role, u.name, u.email, u.language, t.name, t.time_zone,
           s.idle_expires_at < now() + p_touch_within * interval '1 second'
    FROM session s
    JOIN app_user u ON u.id = s.user_id
    JOIN tenant t ON t.id = s.tenant_id
    WHERE s.id_hash = p_hash AND s.expires_at > now() AND s.idle_expires_at > now();
END
$$;

DROP FUNCTION app_token_principal(bytea);
CREATE FUNCTION app_token_principal(p_hash bytea)
RETURNS TABLE (id uuid, user_id uuid, tenant_id uuid, role text, name text, email text,
               language text, tenant_name text, time_zone text, touch_due boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT k.id, k.user_id, k.tenant_id, k.role, u.name, u.email, u.language, t.name, t.time_zone,
           (k.last_used_at IS NULL OR k.last_used_at < now() - interval '5 minutes')
    FROM api_token k
    JOIN app_user u ON u.id = k.user_id
    JOIN tenant t ON t.id = k.tenant_id
    WHERE k.token_hash = p_hash AND k.revoked_at IS NULL
      AND (k.expires_at IS NULL OR k.expires_at > now());
END
$$;

REVOKE ALL ON FUNCTION app_session_principal(bytea, bigint), app_token_principal(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_session_principal(bytea, bigint), app_token_principal(bytea)
    TO shopplan_app;
