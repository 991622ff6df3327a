-- R19: post-incident reviews of P0 and P1 tickets. A review itself is an
-- entry of its ticket's log (review_saved); these rows are what the lead's
-- list of follow-ups and the wall read, written in the same transaction as
-- that entry.
CREATE TABLE reviews (
    ticket_id  INTEGER PRIMARY KEY REFERENCES tickets (id),
    desk_id    INTEGER NOT NULL REFERENCES desks (id),
    state      TEXT    NOT NULL CHECK (state IN ('draft', 'in_review', 'done')),
    updated_at INTEGER NOT NULL
);

-- A review's action items, as last saved.
CREATE TABLE review_items (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    item_no   INTEGER NOT NULL CHECK (item_no > 0),
    desk_id   INTEGER NOT NULL REFERENCES desks (id),
    text      TEXT    NOT NULL,
    owner     TEXT    NOT NULL,
    -- The day it is due in the desk's time zone, as 2026-12-04, so that
    -- text order is date order.
    due       TEXT    NOT NULL CHECK (length(due) = 10),
    done      INTEGER NOT NULL CHECK (done IN (0, 1)),
    PRIMARY KEY (ticket_id, item_no)
);

CREATE INDEX review_items_open ON review_items (desk_id, done, due);
