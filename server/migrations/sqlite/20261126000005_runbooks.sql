-- Every edited version of the runbook: the stages' checklists. Version 1,
-- the manual's default, lives in the code; a lead's first edit is version 2.
-- A ticket names the version it follows in its "registered" log entry.
CREATE TABLE runbooks (
    version    INTEGER PRIMARY KEY CHECK (version > 1),
    -- The runbook (firstline_app::domain::Runbook) as JSON.
    body       TEXT    NOT NULL CHECK (json_valid(body)),
    created_by TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    note       TEXT    NOT NULL DEFAULT ''
);
