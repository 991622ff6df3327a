-- The reporter in the loop: where messages to the reporter go, and in which
-- language they are written. Tickets registered before keep no address and
-- read in English.
ALTER TABLE tickets ADD COLUMN reporter_email TEXT;
ALTER TABLE tickets ADD COLUMN reporter_language TEXT NOT NULL DEFAULT 'en'
    CHECK (reporter_language IN ('en', 'zh-CN'));
