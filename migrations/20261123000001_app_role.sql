-- The role that requests run as. It is not a superuser and cannot bypass row-level security,
-- so the policies added with each tenant table hold even if a query forgets its tenant filter.
-- Roles are cluster-wide while migrations run per database: several databases on one cluster
-- (or parallel test databases) may create it at the same moment, hence the exception guard.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'shopplan_app') THEN
        BEGIN
            CREATE ROLE shopplan_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
    -- The owner switches to the role with SET ROLE, which needs membership (superusers have it).
    IF NOT pg_has_role(current_user, 'shopplan_app', 'MEMBER') THEN
        EXECUTE format('GRANT shopplan_app TO %I', current_user);
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO shopplan_app;
