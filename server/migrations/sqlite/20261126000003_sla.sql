-- SLA policies and the record that keeps each warning and breach to once.

-- Every edited version of the SLA policy. Version 1, the manual's default,
-- lives in the code; a lead's first edit is version 2.
CREATE TABLE sla_policies (
    version    INTEGER PRIMARY KEY CHECK (version > 1),
    -- The policy (firstline_app::domain::sla::SlaPolicy) as JSON.
    body       TEXT    NOT NULL CHECK (json_valid(body)),
    created_by TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    note       TEXT    NOT NULL DEFAULT ''
);

-- One row per clock crossing recorded in a ticket's log. Its key makes the
-- record happen once, however many scheduler passes or processes see it.
CREATE TABLE sla_marks (
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    clock      TEXT    NOT NULL,
    cycle      INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    crossing   TEXT    NOT NULL CHECK (crossing IN ('warned', 'breached')),
    PRIMARY KEY (ticket_id, clock, cycle, started_at, crossing)
);
