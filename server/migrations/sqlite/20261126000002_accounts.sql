-- Accounts, sessions' owners, API and display tokens, the audit log and the
-- login throttle. Times are milliseconds since the Unix epoch (UTC).

-- A person who signs in. Trainees work on a sandbox desk of their own.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('agent', 'lead', 'trainee', 'admin')),
    desk_id       INTEGER NOT NULL REFERENCES desks (id),
    -- argon2id, as a PHC string; never leaves the server.
    password_hash TEXT    NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    -- Every session remembers the epoch it began in; bumping it ends them all.
    session_epoch INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- Tokens for the JSON API, one person's each. Only a SHA-256 of the token is
-- kept; the prefix lets its owner recognise it in a list.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    prefix       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);

-- Read-only tokens that let a wall display show one desk without a session.
CREATE TABLE display_tokens (
    id         INTEGER PRIMARY KEY,
    desk_id    INTEGER NOT NULL REFERENCES desks (id),
    name       TEXT    NOT NULL,
    token_hash TEXT    NOT NULL UNIQUE,
    prefix     TEXT    NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

-- Sign-ins, failed sign-ins, role changes and other account events.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    -- Who did it, as named at the time ('' for an unknown caller).
    actor   TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    -- What it was done to: a login, a token name.
    subject TEXT    NOT NULL,
    address TEXT    NOT NULL,
    detail  TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Recent failed sign-ins, by account ('login:…') and by address ('addr:…').
CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT    NOT NULL,
    at  INTEGER NOT NULL
);

CREATE INDEX login_failures_key ON login_failures (key, at);
