-- The queue reads the most urgent open tickets a page at a time: the nearest
-- due time first, ties by number. The index holds that whole order, so a
-- page is read off its front without sorting the open tickets.
DROP INDEX tickets_queue;
CREATE INDEX tickets_queue ON tickets (desk_id, next_due_at, seq)
    WHERE stage NOT IN ('closed', 'archived');
