-- Every server process follows the desks' logs live. A statement that adds
-- log entries announces them when its transaction commits, so processes
-- other than the writer read them at once instead of at their next poll.
CREATE FUNCTION firstline_log_appended() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('firstline_log', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER ticket_events_announce
    AFTER INSERT ON ticket_events
    FOR EACH STATEMENT
    EXECUTE FUNCTION firstline_log_appended();
