-- The reporter's status links. A link's token is derived from its nonce
-- with a key the database does not hold; only the token's SHA-256 is kept,
-- to find the ticket a presented token opens. A ticket has at most one
-- working link; revoked links keep their row.
CREATE TABLE status_links (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    desk_id    INTEGER NOT NULL REFERENCES desks (id),
    ticket_seq INTEGER NOT NULL,
    nonce      TEXT    NOT NULL,
    token_hash TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    FOREIGN KEY (desk_id, ticket_seq) REFERENCES tickets (desk_id, seq)
);
CREATE UNIQUE INDEX status_links_working ON status_links (desk_id, ticket_seq)
    WHERE revoked_at IS NULL;
