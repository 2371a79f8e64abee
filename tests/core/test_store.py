"""bot/core/store.py and bot/core/factbase.py: the SQLite fact base, built in one transaction."""

from __future__ import annotations

import copy
import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.core import schema
from bot.core.factbase import rebuild
from bot.core.loading import FactSources, load_sources
from bot.core.models import Fact
from bot.core.problems import FactBaseInvalid
from bot.core.store import Store, StoreError
from tests.support.factories import UK_SEED

NOW = dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC)


def clock() -> dt.datetime:
    return NOW


def rows(db_path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Read the file with a separate plain sqlite3 connection, as another process would."""
    with sqlite3.connect(db_path) as raw:
        return raw.execute(sql).fetchall()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "db" / "attache.sqlite3"


@pytest.fixture
def write_sources(make_sources, seed_text, fact_file_text) -> Callable[..., tuple[Path, Path]]:
    """`write_sources(facts)` writes the test seed and one fact file; returns the folders."""

    def write(facts: list[dict[str, Any]], extra_seeds: dict[str, str] | None = None):
        return make_sources(
            {"test_article.txt": seed_text, **(extra_seeds or {})},
            {"test_article.yaml": fact_file_text(facts)},
        )

    return write


@pytest.fixture
def sources(write_sources, valid_facts) -> FactSources:
    loaded = load_sources(*write_sources(valid_facts))
    assert loaded.problems == []
    return loaded


def comparable(fact: Fact) -> dict[str, Any]:
    """Every field of a fact, with topics as a set (the store keeps them as a set)."""
    data = fact.model_dump()
    data["topics"] = set(data["topics"])
    return data


# --- opening ----------------------------------------------------------------------------------


async def test_open_creates_the_file_and_applies_every_migration(db_path: Path) -> None:
    assert not db_path.exists()
    async with await Store.open(db_path) as store:
        assert db_path.is_file()
        assert await store.schema_version() == len(schema.migrations())
        assert await store.last_build() is None
        base = await store.load()
        assert base.facts == []
        assert base.articles == {}
        assert base.build is None
    tables = {r[0] for r in rows(db_path, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables >= {"articles", "facts", "fact_questions", "fact_aliases", "fact_topics"}


def test_migrations_are_numbered_from_one_without_gaps() -> None:
    found = schema.migrations()
    assert found
    assert [m.version for m in found] == list(range(1, len(found) + 1))
    assert all(m.sql.strip() for m in found)


async def test_journal_mode_is_wal(db_path: Path) -> None:
    async with await Store.open(db_path):
        pass
    assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]


async def test_foreign_keys_are_enforced(db_path: Path, sources: FactSources) -> None:
    dangling = FactSources(articles={}, facts=list(sources.facts))
    assert dangling.ok  # nothing in the loader's findings stops it: only the database can
    async with await Store.open(db_path) as store:
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            await store.build(dangling)


async def test_reopening_does_not_rerun_migrations(db_path: Path, sources: FactSources) -> None:
    async with await Store.open(db_path, clock=clock) as store:
        await store.build(sources)
    for _ in range(2):
        async with await Store.open(db_path) as store:
            assert await store.schema_version() == len(schema.migrations())
            assert len((await store.load()).facts) == len(sources.facts)
    assert rows(db_path, "SELECT version FROM schema_version") == [
        (m.version,) for m in schema.migrations()
    ]
    assert rows(db_path, "SELECT COUNT(*) FROM builds") == [(1,)]


async def test_garbage_file_is_a_store_error_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not a database, just some bytes\n" * 200)
    with pytest.raises(StoreError) as exc:
        await Store.open(path)
    message = str(exc.value)
    assert str(path) in message
    assert "unusable" in message
    assert "not a database" in message
    assert path.read_bytes().startswith(b"this is not a database")  # left untouched


async def test_directory_instead_of_a_file_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open the database"):
        await Store.open(tmp_path)


# --- building and loading ---------------------------------------------------------------------


async def test_build_then_load_round_trips_every_field(db_path: Path, sources) -> None:
    async with await Store.open(db_path, clock=clock) as store:
        result = await store.build(sources)
        base = await store.load()
    assert base.articles == sources.articles
    assert [f.id for f in base.facts] == [f.id for f in sources.facts]
    for loaded, original in zip(base.facts, sources.facts, strict=True):
        assert comparable(loaded) == comparable(original)
    superseded = base.fact("lavrov-xi-meeting-city")
    assert superseded is not None
    assert superseded.superseded is True
    assert superseded.superseded_by == "lavrov-post"
    trade = base.fact("trade-value")
    assert trade is not None
    assert (trade.value, trade.unit, trade.difficulty.value) == (240e9, "USD", "hard")
    assert result.record is not None
    assert base.build == result.record


async def test_build_then_load_returns_equal_facts(db_path: Path, sources) -> None:
    assert sources.facts[0].topics == ("russia", "people")
    async with await Store.open(db_path) as store:
        await store.build(sources)
        base = await store.load()
    assert base.facts == sources.facts


async def test_real_fact_base_round_trips(db_path: Path, project_root: Path) -> None:
    real = load_sources(project_root / "seeds", project_root / "facts")
    async with await Store.open(db_path) as store:
        await store.build(real)
        base = await store.load()
    assert base.articles == real.articles
    assert len(base.facts) == len(real.facts)
    by_id = {f.id: f for f in base.facts}
    for original in real.facts:
        assert comparable(by_id[original.id]) == comparable(original), original.id


async def test_build_result_and_record(db_path: Path, sources) -> None:
    async with await Store.open(db_path, clock=clock) as store:
        result = await store.build(sources)
        last = await store.last_build()
    assert result.wrote
    assert result.content_hash == sources.content_hash
    assert (result.articles, result.facts, result.questions) == (1, 3, 9)
    assert result.added == ["lavrov-post", "lavrov-xi-meeting-city", "trade-value"]
    assert result.removed == result.changed == []
    assert last == result.record
    assert last is not None
    assert last.built_at == NOW
    assert (last.articles, last.facts, last.questions) == (1, 3, 9)
    assert (last.added, last.removed, last.changed) == (3, 0, 0)


async def test_building_twice_writes_nothing_the_second_time(db_path: Path, sources) -> None:
    async with await Store.open(db_path) as store:
        first = await store.build(sources)
        second = await store.build(sources)
        assert await store.last_build() == first.record
    assert first.wrote
    assert second.record is None
    assert not second.wrote
    assert second.content_hash == first.content_hash
    assert second.added == second.removed == second.changed == []
    assert rows(db_path, "SELECT COUNT(*) FROM builds") == [(1,)]


async def test_an_edit_reports_added_removed_and_changed(
    db_path: Path, write_sources, valid_facts
) -> None:
    async with await Store.open(db_path) as store:
        await store.build(load_sources(*write_sources(valid_facts)))
        edited = copy.deepcopy(valid_facts)
        edited[0]["difficulty"] = "hard"  # changed
        edited[1]["superseded"] = False  # changed
        del edited[2]  # trade-value removed
        new_fact = {**valid_facts[2], "id": "trade-growth", "answer": "26%", "aliases": []}
        new_fact["quote"] = "up 26% on the year before"
        new_fact["questions"] = ["By how much did trade grow?", "Trade growth rate?", "Up by?"]
        edited.append(new_fact)  # added
        new_sources = load_sources(*write_sources(edited))
        assert new_sources.problems == []
        result = await store.build(new_sources)
        base = await store.load()
        assert result.added == ["trade-growth"]
        assert result.removed == ["trade-value"]
        assert result.changed == ["lavrov-post", "lavrov-xi-meeting-city"]
        assert result.record is not None
        assert (result.record.added, result.record.removed, result.record.changed) == (1, 1, 2)
        assert {f.id for f in base.facts} == {
            "lavrov-post",
            "lavrov-xi-meeting-city",
            "trade-growth",
        }
        assert base.fact("trade-value") is None
        assert rows(db_path, "SELECT COUNT(*) FROM fact_questions WHERE fact_id='trade-value'") == [
            (0,)
        ]
        assert base.build == result.record
        assert result.record.id == 2


async def test_failed_build_keeps_the_previous_base(
    db_path: Path, write_sources, valid_facts, sources
) -> None:
    async with await Store.open(db_path) as store:
        built = await store.build(sources)
        before = await store.load()
        broken = copy.deepcopy(valid_facts)
        broken[0]["quote"] = "A sentence that is nowhere in the article."
        broken[2]["answer"] = "$300 billion"
        invalid = load_sources(*write_sources(broken))
        with pytest.raises(FactBaseInvalid) as exc:
            await store.build(invalid)
        assert ("lavrov-post", "quote") in {(p.fact_id, p.field) for p in exc.value.problems}
        after = await store.load()
        assert after.facts == before.facts
        assert after.articles == before.articles
        assert await store.last_build() == built.record
    assert rows(db_path, "SELECT COUNT(*) FROM builds") == [(1,)]


async def test_failure_mid_write_rolls_back_completely(
    db_path: Path, make_sources, write_sources, valid_facts, sources
) -> None:
    uk_dirs = make_sources({"uk_article.txt": UK_SEED}, {}, root="uk")
    uk_article = load_sources(*uk_dirs).articles["uk_article"]
    async with await Store.open(db_path) as store:
        built = await store.build(sources)
        before = await store.load()
        # Valid as far as the loader knows, but the facts' article is missing: the article
        # rows are replaced first, then the fact insert fails on its foreign key.
        dangling = FactSources(articles={"uk_article": uk_article}, facts=list(sources.facts))
        with pytest.raises(sqlite3.IntegrityError):
            await store.build(dangling)
        after = await store.load()
        assert after.articles == before.articles
        assert "uk_article" not in after.articles
        assert after.facts == before.facts
        assert await store.last_build() == built.record
        assert rows(db_path, "SELECT COUNT(*) FROM builds") == [(1,)]
        assert rows(db_path, "SELECT id FROM articles") == [("test_article",)]
        # The connection is not left inside a transaction: the next good build goes through.
        valid_facts[0]["difficulty"] = "hard"
        next_build = await store.build(load_sources(*write_sources(valid_facts)))
        assert next_build.changed == ["lavrov-post"]
        assert next_build.record is not None
        assert next_build.record.id == 2


async def test_fact_base_topics_and_lookup(db_path: Path, sources) -> None:
    async with await Store.open(db_path) as store:
        await store.build(sources)
        base = await store.load()
    assert base.topics() == {"russia": 2, "china": 1, "economy": 1, "people": 1, "trade": 1}
    fact = base.fact("lavrov-post")
    assert fact is not None
    assert fact.answer == "Russian Foreign Minister"
    assert base.fact("nope") is None


# --- factbase.rebuild ---------------------------------------------------------------------------


async def is_current(store: Store, seeds_dir: Path, facts_dir: Path) -> bool:
    """Whether the last build came from exactly the files on disk now."""
    last = await store.last_build()
    return last is not None and last.content_hash == load_sources(seeds_dir, facts_dir).content_hash


async def test_rebuild_and_is_current(db_path: Path, write_sources, valid_facts) -> None:
    seeds_dir, facts_dir = write_sources(valid_facts)
    async with await Store.open(db_path) as store:
        assert not await is_current(store, seeds_dir, facts_dir)
        heard: list[str] = []
        done = await rebuild(store, seeds_dir, facts_dir, heard.append)
        assert heard == ["test_article.txt", "test_article.yaml"]
        assert done.result.wrote
        assert [f.id for f in done.sources.facts] == [f["id"] for f in valid_facts]
        assert await is_current(store, seeds_dir, facts_dir)
        again = await rebuild(store, seeds_dir, facts_dir)
        assert not again.result.wrote
        # A curator edits a file: the base is stale until the next rebuild.
        valid_facts[0]["difficulty"] = "hard"
        write_sources(valid_facts)
        assert not await is_current(store, seeds_dir, facts_dir)
        edited = await rebuild(store, seeds_dir, facts_dir)
        assert edited.result.changed == ["lavrov-post"]
        assert await is_current(store, seeds_dir, facts_dir)


async def test_rebuild_refuses_invalid_files_and_writes_nothing(
    db_path: Path, write_sources, valid_facts
) -> None:
    seeds_dir, facts_dir = write_sources(valid_facts)
    async with await Store.open(db_path) as store:
        first = await rebuild(store, seeds_dir, facts_dir)
        valid_facts[1]["superseded_by"] = "missing"
        write_sources(valid_facts)
        with pytest.raises(FactBaseInvalid) as exc:
            await rebuild(store, seeds_dir, facts_dir)
        assert [(p.fact_id, p.field) for p in exc.value.problems] == [
            ("lavrov-xi-meeting-city", "superseded_by")
        ]
        assert "1 error(s)" in str(exc.value)
        assert await store.last_build() == first.result.record
        assert not await is_current(store, seeds_dir, facts_dir)
        assert (await store.load()).fact("lavrov-xi-meeting-city").superseded_by == "lavrov-post"
