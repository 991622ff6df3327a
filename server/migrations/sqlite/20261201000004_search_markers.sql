-- R19: the index answers a query within one desk, and among the documents
-- known to help, by itself. Every document's terms now end with marker terms
-- that no text yields: its desk's, and, for a solved ticket or a published
-- article, the "known" marker (firstline_app::domain::knowledge::terms).
-- A search then ranks only the newest matches of its own desk.
--
-- The index is emptied here and rebuilt with the markers by the start-up
-- indexing, in the background, as for a restored export.
DROP TABLE search_index;
DELETE FROM search_docs;

-- Whether the document is known to help: the marker's state, so that a
-- change that does not alter it costs no index write.
ALTER TABLE search_docs ADD COLUMN known INTEGER NOT NULL DEFAULT 0 CHECK (known IN (0, 1));

CREATE VIRTUAL TABLE search_index USING fts5 (
    terms,
    tokenize = 'ascii',
    content = '',
    contentless_delete = 1
);
