-- Messages to reporters, written in the same transaction as the log entry
-- that causes them, and delivered by a sender in any server process. A
-- process claims a message until `claimed_until`; a claim that runs out
-- (its process died) is taken over. The status link in a message is
-- derived when it is sent, so no token is stored here either.
CREATE TABLE outbox (
    id              BIGSERIAL   PRIMARY KEY,
    desk_id         BIGINT      NOT NULL REFERENCES desks (id),
    ticket_seq      BIGINT      NOT NULL,
    -- The log entry that caused it: the ticket's version it made.
    version         BIGINT      NOT NULL,
    kind            TEXT        NOT NULL,
    recipient       TEXT        NOT NULL,
    language        TEXT        NOT NULL,
    state           TEXT        NOT NULL,
    attempts        BIGINT      NOT NULL DEFAULT 0,
    queued_at       TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claimed_by      TEXT,
    claimed_until   TIMESTAMPTZ,
    sent_at         TIMESTAMPTZ,
    last_error      TEXT,
    FOREIGN KEY (desk_id, ticket_seq) REFERENCES tickets (desk_id, seq)
);
-- The sender's question: what is due now.
CREATE INDEX outbox_due ON outbox (next_attempt_at)
    WHERE state IN ('queued', 'retrying');
CREATE INDEX outbox_ticket ON outbox (desk_id, ticket_seq, id);
