-- R19: one search over tickets (and, later, knowledge articles). The terms
-- are built in Rust (firstline_app::domain::knowledge::terms), the same on
-- both backends: lowercased words, and each Chinese character and pair of
-- characters. They are written in the same transaction as the change whose
-- words they index.

-- What a search result shows: the searched text of one ticket or article.
CREATE TABLE search_docs (
    id      INTEGER PRIMARY KEY,
    desk_id INTEGER NOT NULL REFERENCES desks (id),
    kind    TEXT    NOT NULL CHECK (kind IN ('ticket', 'article')),
    -- The ticket's or the article's id.
    ref_id  INTEGER NOT NULL,
    body    TEXT    NOT NULL,
    UNIQUE (kind, ref_id)
);

-- The terms, space-separated. Every term is letters and digits only, so the
-- `ascii` tokenizer keeps each one whole (Chinese characters included) and
-- ranks with BM25. The rowid is the search_docs id. The table keeps no copy
-- of the terms (search_docs has the text), so a write is the index alone.
CREATE VIRTUAL TABLE search_index USING fts5 (
    terms,
    tokenize = 'ascii',
    content = '',
    contentless_delete = 1
);
