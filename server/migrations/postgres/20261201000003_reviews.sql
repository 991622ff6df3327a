-- R19: post-incident reviews of P0 and P1 tickets. A review itself is an
-- entry of its ticket's log (review_saved); these rows are what the lead's
-- list of follow-ups and the wall read, written in the same transaction as
-- that entry.
CREATE TABLE reviews (
    ticket_id  BIGINT      PRIMARY KEY REFERENCES tickets (id),
    desk_id    BIGINT      NOT NULL REFERENCES desks (id),
    state      TEXT        NOT NULL CHECK (state IN ('draft', 'in_review', 'done')),
    updated_at TIMESTAMPTZ NOT NULL
);

-- A review's action items, as last saved.
CREATE TABLE review_items (
    ticket_id BIGINT  NOT NULL REFERENCES tickets (id),
    item_no   BIGINT  NOT NULL CHECK (item_no > 0),
    desk_id   BIGINT  NOT NULL REFERENCES desks (id),
    text      TEXT    NOT NULL,
    owner     TEXT    NOT NULL,
    -- The day it is due in the desk's time zone, as 2026-12-04, so that
    -- text order is date order.
    due       TEXT    NOT NULL CHECK (length(due) = 10),
    done      BOOLEAN NOT NULL,
    PRIMARY KEY (ticket_id, item_no)
);

CREATE INDEX review_items_open ON review_items (desk_id, done, due);
