-- The logins of a ticket's expert swarm (R11), comma-separated, so that the
-- queue shows members their tickets without reading logs. The log's
-- expert_added and expert_removed entries remain the record.
ALTER TABLE tickets ADD COLUMN swarm TEXT NOT NULL DEFAULT '';
