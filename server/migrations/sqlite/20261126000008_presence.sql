-- Who has a ticket open, and whether they are editing it: each open page
-- says so every few seconds; rows not renewed for a while are ignored.
CREATE TABLE presence (
    desk_id    INTEGER NOT NULL REFERENCES desks (id),
    ticket_seq INTEGER NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    name       TEXT    NOT NULL,
    editing    INTEGER NOT NULL CHECK (editing IN (0, 1)),
    seen_at    INTEGER NOT NULL,
    PRIMARY KEY (desk_id, ticket_seq, user_id)
);
