-- The fact base: articles, their facts, each fact's phrasings and accepted answers,
-- and a record of every build.
CREATE TABLE articles (
    id                  TEXT PRIMARY KEY,
    title               TEXT NOT NULL,
    section             TEXT NOT NULL,
    published           TEXT NOT NULL,
    published_precision TEXT NOT NULL,
    published_note      TEXT,
    source              TEXT,
    url                 TEXT,
    body                TEXT NOT NULL,
    content_hash        TEXT NOT NULL
);

CREATE TABLE facts (
    id            TEXT PRIMARY KEY,
    article_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    answer        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    quote         TEXT NOT NULL,
    difficulty    TEXT NOT NULL,
    as_of         TEXT NOT NULL,
    superseded    INTEGER NOT NULL DEFAULT 0,
    superseded_by TEXT,
    value         REAL,
    unit          TEXT,
    content_hash  TEXT NOT NULL
);
CREATE INDEX facts_by_article ON facts(article_id, position);

CREATE TABLE fact_questions (
    fact_id  TEXT NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (fact_id, position)
);

CREATE TABLE fact_aliases (
    fact_id  TEXT NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (fact_id, position)
);

CREATE TABLE fact_topics (
    fact_id TEXT NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    topic   TEXT NOT NULL,
    PRIMARY KEY (fact_id, topic)
);
CREATE INDEX fact_topics_by_topic ON fact_topics(topic);

CREATE TABLE builds (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    built_at     TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    articles     INTEGER NOT NULL,
    facts        INTEGER NOT NULL,
    questions    INTEGER NOT NULL,
    added        INTEGER NOT NULL,
    removed      INTEGER NOT NULL,
    changed      INTEGER NOT NULL
);
