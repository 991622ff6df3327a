-- Who has a ticket open, and whether they are editing it: each open page
-- says so every few seconds; rows not renewed for a while are ignored.
CREATE TABLE presence (
    desk_id    BIGINT      NOT NULL REFERENCES desks (id),
    ticket_seq BIGINT      NOT NULL,
    user_id    BIGINT      NOT NULL REFERENCES users (id),
    name       TEXT        NOT NULL,
    editing    BOOLEAN     NOT NULL,
    seen_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (desk_id, ticket_seq, user_id)
);
