-- Firstline's first schema: desks, tickets and the append-only operation log.
-- Times are stored as milliseconds since the Unix epoch (UTC), so that they
-- sort and compare as plain integers.

-- A desk owns tickets: the production desk, or one trainee's sandbox.
-- Every query on tickets names its desk (DESIGN principle 4).
CREATE TABLE desks (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL CHECK (kind IN ('production', 'sandbox')),
    name            TEXT    NOT NULL UNIQUE,
    -- The next ticket number to hand out; bumped inside the registering
    -- transaction, so numbers are unique and never reused.
    next_ticket_seq INTEGER NOT NULL DEFAULT 1 CHECK (next_ticket_seq > 0),
    created_at      INTEGER NOT NULL
);

INSERT INTO desks (id, kind, name, created_at)
VALUES (1, 'production', 'Production', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));

-- A ticket's current state. Its history is ticket_events; both are written
-- in one transaction, and `version` counts the events applied.
CREATE TABLE tickets (
    id              INTEGER PRIMARY KEY,
    desk_id         INTEGER NOT NULL REFERENCES desks (id),
    seq             INTEGER NOT NULL CHECK (seq > 0),
    version         INTEGER NOT NULL CHECK (version > 0),
    -- R01 registration
    reported_at     INTEGER NOT NULL,
    channel         TEXT    NOT NULL CHECK (channel IN ('phone', 'web', 'im', 'email', 'monitoring')),
    department      TEXT    NOT NULL,
    contact         TEXT    NOT NULL,
    symptom_steps   TEXT    NOT NULL,
    error_text      TEXT    NOT NULL DEFAULT '',
    impact_scope    TEXT    NOT NULL,
    -- R03 classification, judged under policy_version
    impact          TEXT    NOT NULL CHECK (impact IN ('widespread', 'group', 'individual', 'negligible')),
    urgency         TEXT    NOT NULL CHECK (urgency IN ('critical', 'high', 'medium', 'low')),
    priority        TEXT    NOT NULL CHECK (priority IN ('P0', 'P1', 'P2', 'P3')),
    urgent          INTEGER NOT NULL CHECK (urgent IN (0, 1)),
    policy_version  INTEGER NOT NULL CHECK (policy_version > 0),
    stage           TEXT    NOT NULL CHECK (stage IN ('intake', 'first_diagnosis', 'self_help',
                        'deep_troubleshooting', 'handling', 'verification', 'closed', 'archived')),
    -- Waiting on the reporter: the workaround and update clocks pause.
    waiting_on_reporter INTEGER NOT NULL DEFAULT 0 CHECK (waiting_on_reporter IN (0, 1)),
    -- The SLA as of the last change (firstline_app::domain::sla::SlaSnapshot):
    -- the live clock due soonest, when the scheduler looks again, and the
    -- escalation. The queue is ordered by next_due_at.
    next_clock      TEXT    CHECK (next_clock IN ('response', 'workaround', 'update', 'escalation')),
    next_due_at     INTEGER,
    next_warning_at INTEGER,
    next_paused     INTEGER NOT NULL DEFAULT 0 CHECK (next_paused IN (0, 1)),
    next_remaining  INTEGER,
    sla_check_at    INTEGER,
    escalated_at    INTEGER,
    registered_at   INTEGER NOT NULL,
    registered_by   TEXT    NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (desk_id, seq)
);

-- The queue: a desk's open tickets, the nearest due clock first.
CREATE INDEX tickets_queue ON tickets (desk_id, next_due_at)
    WHERE stage NOT IN ('closed', 'archived');

-- The SLA scheduler: tickets with a warning or breach coming.
CREATE INDEX tickets_sla_check ON tickets (sla_check_at)
    WHERE sla_check_at IS NOT NULL;

-- R15: the operation log. Rows are only ever inserted (see the triggers).
CREATE TABLE ticket_events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    desk_id   INTEGER NOT NULL REFERENCES desks (id),
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    -- The ticket's version once this event was applied.
    version   INTEGER NOT NULL CHECK (version > 0),
    at        INTEGER NOT NULL,
    actor     TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    -- The change as JSON (firstline_app::domain::Change).
    body      TEXT    NOT NULL CHECK (json_valid(body)),
    UNIQUE (ticket_id, version)
);

CREATE INDEX ticket_events_desk ON ticket_events (desk_id, id);

CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
BEGIN
    SELECT RAISE(ABORT, 'ticket_events is append-only');
END;

CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events
BEGIN
    SELECT RAISE(ABORT, 'ticket_events is append-only');
END;
