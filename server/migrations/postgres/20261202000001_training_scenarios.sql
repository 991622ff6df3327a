-- Training mode: the scenarios trainees play, as documents leads write,
-- import and edit, every version kept (as runbooks are). The scenarios
-- Firstline ships are version 1 of their ids and are not stored: a lead's
-- first edit of one is its version 2. A scenario of a lead's own starts at
-- version 1.
CREATE TABLE training_scenarios (
    scenario_id TEXT        NOT NULL CHECK (length(scenario_id) BETWEEN 1 AND 40),
    version     BIGINT      NOT NULL CHECK (version >= 1),
    -- The scenario (firstline_app::domain::training::Scenario) as JSON text:
    -- a document read whole, never queried inside.
    body        TEXT        NOT NULL,
    created_by  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    note        TEXT        NOT NULL DEFAULT '',
    PRIMARY KEY (scenario_id, version)
);
