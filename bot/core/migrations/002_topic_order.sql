-- Keep each fact's topics in the order the curator wrote them (the first is the main one).
CREATE TABLE fact_topics_ordered (
    fact_id  TEXT NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    topic    TEXT NOT NULL,
    PRIMARY KEY (fact_id, position)
);
INSERT INTO fact_topics_ordered (fact_id, position, topic)
    SELECT fact_id, ROW_NUMBER() OVER (PARTITION BY fact_id ORDER BY rowid) - 1, topic
    FROM fact_topics;
DROP TABLE fact_topics;
ALTER TABLE fact_topics_ordered RENAME TO fact_topics;
CREATE INDEX fact_topics_by_topic ON fact_topics(topic);
-- The content hash of the last build no longer matches what a build would store now.
UPDATE builds SET content_hash = 'migrated-' || content_hash;
