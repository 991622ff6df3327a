-- R19: knowledge articles. An article is drafted from a closed ticket or
-- written from scratch, edited by agents and published by a lead; every
-- save is a version with its author. Its number (KB-n) counts per desk.
CREATE TABLE articles (
    id         INTEGER PRIMARY KEY,
    desk_id    INTEGER NOT NULL REFERENCES desks (id),
    seq        INTEGER NOT NULL CHECK (seq > 0),
    state      TEXT    NOT NULL CHECK (state IN ('draft', 'published')),
    -- Counts the saves; a save naming an older version is refused.
    version    INTEGER NOT NULL CHECK (version > 0),
    -- The article's text as JSON (firstline_app::domain::knowledge::ArticleBody).
    body       TEXT    NOT NULL CHECK (json_valid(body)),
    -- How often a ticket was linked to it as a known issue.
    uses       INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0),
    created_at INTEGER NOT NULL,
    created_by TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT    NOT NULL,
    UNIQUE (desk_id, seq)
);

CREATE INDEX articles_updated ON articles (desk_id, updated_at);

-- Every saved version, never changed.
CREATE TABLE article_versions (
    article_id INTEGER NOT NULL REFERENCES articles (id),
    version    INTEGER NOT NULL CHECK (version > 0),
    state      TEXT    NOT NULL CHECK (state IN ('draft', 'published')),
    body       TEXT    NOT NULL CHECK (json_valid(body)),
    at         INTEGER NOT NULL,
    author     TEXT    NOT NULL,
    PRIMARY KEY (article_id, version)
);

-- The tickets an article came from or was linked to, written in the same
-- transaction as the ticket's log entry that says so.
CREATE TABLE article_tickets (
    article_id INTEGER NOT NULL REFERENCES articles (id),
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    drafted    INTEGER NOT NULL CHECK (drafted IN (0, 1)),
    linked_at  INTEGER NOT NULL,
    PRIMARY KEY (article_id, ticket_id)
);

CREATE INDEX article_tickets_ticket ON article_tickets (ticket_id);
