"""Forward migrations: a database made by an older version upgrades in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.core import schema
from bot.core.store import Store


def test_migrations_are_numbered_without_gaps() -> None:
    versions = [m.version for m in schema.migrations()]
    assert versions == list(range(1, len(versions) + 1))


async def test_a_version_1_database_keeps_its_facts_and_topic_order(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    first = schema.migrations()[0]
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(first.sql)
        db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        db.execute("INSERT INTO schema_version VALUES (1)")
        db.execute(
            "INSERT INTO articles VALUES ('a', 't', 's', '2024-04-20', 'day', NULL, NULL, NULL,"
            " 'body', 'h')"
        )
        db.execute(
            "INSERT INTO facts VALUES ('f', 'a', 0, 'ans', 'other', 'quote text', 'easy',"
            " '2024-04-20', 0, NULL, NULL, NULL, 'h')"
        )
        db.executemany(
            "INSERT INTO fact_questions VALUES ('f', ?, ?)",
            [(0, "Question one?"), (1, "Question two?"), (2, "Question three?")],
        )
        db.executemany(
            "INSERT INTO fact_topics (fact_id, topic) VALUES ('f', ?)", [("zeta",), ("alpha",)]
        )
        db.execute(
            "INSERT INTO builds (built_at, content_hash, articles, facts, questions, added,"
            " removed, changed) VALUES ('2024-04-20T00:00:00+00:00', 'abc', 1, 1, 0, 1, 0, 0)"
        )
    async with await Store.open(path) as store:
        assert await store.schema_version() == len(schema.migrations())
        base = await store.load()
        fact = base.fact("f")
        assert fact is not None
        assert fact.topics == ("zeta", "alpha")
        build = await store.last_build()
        assert build is not None
        assert build.content_hash != "abc"  # forces the next start to rebuild from the files
