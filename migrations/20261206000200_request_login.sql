-- The login the request pool uses when no APP_DATABASE_URL is configured: a role of its own
-- that is a member of shopplan_app and nothing more, so a request connection can never become
-- the owner (a connection that logged in as the owner could RESET ROLE back to it). Its name
-- and generated password are kept here for every server of this database; only the owner
-- reads this table.
CREATE TABLE request_login (
    role_name text PRIMARY KEY,
    password  text NOT NULL
);
REVOKE ALL ON request_login FROM PUBLIC;
