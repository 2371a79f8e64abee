-- Admin history and the curators' gap log.
CREATE TABLE reload_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    user_id    INTEGER,
    user_name  TEXT NOT NULL,
    source     TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    detail     TEXT NOT NULL
);

-- Questions the bot could not answer (or answered with low confidence). No user ids:
-- curators need the wording and how often it comes up, not who asked.
CREATE TABLE question_gaps (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    asked_at   TEXT NOT NULL,
    guild_id   INTEGER,
    question   TEXT NOT NULL,
    normalized TEXT NOT NULL,
    status     TEXT NOT NULL,
    confidence REAL NOT NULL,
    best_fact  TEXT
);
CREATE INDEX question_gaps_by_text ON question_gaps(normalized);
