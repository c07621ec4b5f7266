-- Sign-in, sign-up and invitation limits as counters that a single statement raises and reads
-- (an attempt is counted before its password is checked, so parallel attempts cannot all
-- pass a check made before any of them was counted), and the addresses each account has
-- signed in from, which an attack on the account from elsewhere does not lock out.

CREATE TABLE auth_counter (
    scope        text NOT NULL
                 CHECK (scope IN ('pair', 'ip', 'account', 'signup', 'invite')),
    key          text NOT NULL,
    window_start timestamptz NOT NULL,
    count        integer NOT NULL CHECK (count >= 0),
    PRIMARY KEY (scope, key)
);
CREATE INDEX auth_counter_window ON auth_counter (window_start);

CREATE TABLE known_sign_in (
    email   text NOT NULL CHECK (email = lower(email)),
    ip      text NOT NULL,
    last_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (email, ip)
);
CREATE INDEX known_sign_in_last ON known_sign_in (last_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON auth_counter, known_sign_in TO shopplan_app;

DROP TABLE auth_failure;
