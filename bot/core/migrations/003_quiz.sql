-- Quiz games: the running session's snapshot, every awarded point, every attempt,
-- and each server's quiz defaults.
CREATE TABLE quiz_sessions (
    id         TEXT PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    starter_id INTEGER NOT NULL,
    active     INTEGER NOT NULL,
    state      TEXT NOT NULL,
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX quiz_one_active_per_channel ON quiz_sessions(channel_id) WHERE active = 1;

-- One row per won round: the primary key makes a replayed award impossible.
CREATE TABLE quiz_points (
    session_id TEXT NOT NULL REFERENCES quiz_sessions(id) ON DELETE CASCADE,
    round      INTEGER NOT NULL,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    user_name  TEXT NOT NULL,
    fact_id    TEXT NOT NULL,
    topic      TEXT,
    points     INTEGER NOT NULL,
    streak     INTEGER NOT NULL,
    awarded_at TEXT NOT NULL,
    PRIMARY KEY (session_id, round)
);
CREATE INDEX quiz_points_by_player ON quiz_points(guild_id, user_id);

-- One row per player per round they tried, right or wrong.
CREATE TABLE quiz_attempts (
    session_id TEXT NOT NULL REFERENCES quiz_sessions(id) ON DELETE CASCADE,
    round      INTEGER NOT NULL,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    PRIMARY KEY (session_id, round, user_id)
);
CREATE INDEX quiz_attempts_by_player ON quiz_attempts(guild_id, user_id);

CREATE TABLE guild_quiz_settings (
    guild_id   INTEGER PRIMARY KEY,
    rounds     INTEGER,
    seconds    REAL,
    mode       TEXT,
    updated_by INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
