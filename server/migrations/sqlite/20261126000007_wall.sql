-- The wall counts today's registrations, breaches and resolutions.
CREATE INDEX tickets_registered ON tickets (desk_id, registered_at);
CREATE INDEX ticket_events_kind ON ticket_events (desk_id, kind, at);
