-- R19: what a review learns flows back into the procedure. A review may
-- propose a runbook change; a lead applies it as a new runbook version that
-- names the review, and the review's ticket logs it (proposal_applied).
-- This row is what the lead's list of proposals reads, written in the same
-- transaction as the log entry that saves or applies the proposal.
CREATE TABLE review_proposals (
    ticket_id       BIGINT NOT NULL PRIMARY KEY REFERENCES tickets (id),
    desk_id         BIGINT NOT NULL REFERENCES desks (id),
    proposal        TEXT   NOT NULL CHECK (proposal <> ''),
    -- The runbook version that applied it, once one did.
    applied_version BIGINT CHECK (applied_version > 1)
);

CREATE INDEX review_proposals_open ON review_proposals (desk_id, applied_version);
