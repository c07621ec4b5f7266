-- Mail that leaves the product, and sign-ups waiting for their address to be confirmed.
--
-- A message is queued in the transaction that decides to send it and delivered afterwards by a
-- worker, so a rolled-back write sends nothing and an SMTP server that is down delays mail but
-- loses none. A worker claims a message for a while (no transaction is held open across the
-- network), several servers claim different ones (SKIP LOCKED), and a message whose worker
-- died is claimed again when the claim runs out.
--
-- The request role reaches neither table directly: it queues mail, starts a sign-up and takes a
-- sign-up by its token's hash through the functions below, so one person's sign-up or mail
-- cannot be listed or read by another.

CREATE TABLE mail_outbox (
    id              uuid PRIMARY KEY,
    tenant_id       uuid REFERENCES tenant (id) ON DELETE CASCADE,
    kind            text NOT NULL,
    recipient       text NOT NULL,
    subject         text NOT NULL,
    body            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_until   timestamptz,
    sent_at         timestamptz,
    last_error      text
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
ALTER TABLE mail_outbox ENABLE ROW LEVEL SECURITY;

CREATE TABLE signup_request (
    token_hash    bytea PRIMARY KEY,
    email         text NOT NULL CONSTRAINT signup_request_email_lowercase CHECK (email = lower(email)),
    name          text NOT NULL,
    organization  text NOT NULL,
    password_hash text NOT NULL,
    language      text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL
);
CREATE INDEX signup_request_expiry ON signup_request (expires_at);
ALTER TABLE signup_request ENABLE ROW LEVEL SECURITY;

CREATE FUNCTION app_queue_mail(p_id uuid, p_tenant uuid, p_kind text, p_recipient text,
                               p_subject text, p_body text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    -- Mail of an organization is queued only within that organization's transaction.
    INSERT INTO mail_outbox (id, tenant_id, kind, recipient, subject, body)
    SELECT p_id, p_tenant, p_kind, p_recipient, p_subject, p_body
    WHERE p_tenant IS NULL OR p_tenant = app_current_tenant()
$$;

-- Claims up to p_limit due messages for p_lease seconds.
CREATE FUNCTION app_claim_mail(p_limit integer, p_lease bigint)
RETURNS TABLE (id uuid, recipient text, subject text, body text, attempts integer)
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE mail_outbox m
    SET claimed_until = now() + p_lease * interval '1 second', attempts = m.attempts + 1
    WHERE m.id IN (SELECT d.id FROM mail_outbox d
                   WHERE d.sent_at IS NULL AND d.next_attempt_at <= now()
                     AND (d.claimed_until IS NULL OR d.claimed_until < now())
                   ORDER BY d.next_attempt_at
                   LIMIT p_limit
                   FOR UPDATE SKIP LOCKED)
    RETURNING m.id, m.recipient, m.subject, m.body, m.attempts
$$;

CREATE FUNCTION app_mail_sent(p_id uuid) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE mail_outbox SET sent_at = now(), claimed_until = NULL, last_error = NULL
    WHERE id = p_id
$$;

CREATE FUNCTION app_mail_failed(p_id uuid, p_error text, p_retry_after bigint) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE mail_outbox
    SET claimed_until = NULL, last_error = left(p_error, 1000),
        next_attempt_at = now() + p_retry_after * interval '1 second'
    WHERE id = p_id
$$;

CREATE FUNCTION app_begin_signup(p_hash bytea, p_email text, p_name text, p_organization text,
                                 p_password_hash text, p_language text, p_valid_for bigint)
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DELETE FROM signup_request WHERE expires_at < now();
    INSERT INTO signup_request (token_hash, email, name, organization, password_hash, language,
                                expires_at)
    VALUES (p_hash, p_email, p_name, p_organization, p_password_hash, p_language,
            now() + p_valid_for * interval '1 second')
$$;

-- What a confirmation link would create, without using it up (the page that asks to confirm).
CREATE FUNCTION app_peek_signup(p_hash bytea)
RETURNS TABLE (email text, name text, organization text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT email, name, organization FROM signup_request
    WHERE token_hash = p_hash AND expires_at > now()
$$;

-- Uses a confirmation link up: the sign-up it stands for, once.
CREATE FUNCTION app_take_signup(p_hash bytea)
RETURNS TABLE (email text, name text, organization text, password_hash text, language text)
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DELETE FROM signup_request
    WHERE token_hash = p_hash AND expires_at > now()
    RETURNING email, name, organization, password_hash, language
$$;

REVOKE ALL ON FUNCTION app_queue_mail(uuid, uuid, text, text, text, text),
    app_claim_mail(integer, bigint), app_mail_sent(uuid), app_mail_failed(uuid, text, bigint),
    app_begin_signup(bytea, text, text, text, text, text, bigint), app_peek_signup(bytea),
    app_take_signup(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_queue_mail(uuid, uuid, text, text, text, text),
    app_claim_mail(integer, bigint), app_mail_sent(uuid), app_mail_failed(uuid, text, bigint),
    app_begin_signup(bytea, text, text, text, text, text, bigint), app_peek_signup(bytea),
    app_take_signup(bytea) TO shopplan_app;

-- Sign-up messages to one address are counted as well.
ALTER TABLE auth_counter DROP CONSTRAINT auth_counter_scope_check;
ALTER TABLE auth_counter ADD CONSTRAINT auth_counter_scope_check
    CHECK (scope IN ('pair', 'ip', 'account', 'signup', 'signup-mail', 'invite'));
