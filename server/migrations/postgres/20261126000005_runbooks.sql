-- Every edited version of the runbook: the stages' checklists. Version 1,
-- the manual's default, lives in the code; a lead's first edit is version 2.
-- A ticket names the version it follows in its "registered" log entry.
CREATE TABLE runbooks (
    version    BIGINT      PRIMARY KEY CHECK (version > 1),
    -- The runbook (firstline_app::domain::Runbook) as JSON text: a document
    -- read whole, never queried inside.
    body       TEXT        NOT NULL,
    created_by TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    note       TEXT        NOT NULL DEFAULT ''
);
