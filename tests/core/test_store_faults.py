"""Storage faults: a locked, read-only, corrupt or missing database fails cleanly.

Real SQLite throughout: a second connection really holds the write lock, `query_only`
really refuses writes, and the corrupt file really is garbage.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.core.factbase import rebuild
from bot.core.loading import load_sources
from bot.core.store import Store, StoreError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def built(tmp_path: Path) -> Path:
    path = tmp_path / "facts.sqlite3"
    async with await Store.open(path) as store:
        await rebuild(store, ROOT / "seeds", ROOT / "facts")
    return path


async def test_a_missing_database_and_folder_are_created(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "db.sqlite3"
    async with await Store.open(path) as store:
        assert await store.schema_version() >= 1
    assert path.is_file()


async def test_a_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="unusable"):
        await Store.open(path)


async def test_a_database_locked_by_another_process_refuses_and_writes_nothing(
    built: Path,
) -> None:
    kept = 0
    holder = sqlite3.connect(built, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        async with await Store.open(built, busy_timeout=0.2) as store:
            before = await store.last_build()
            sources = load_sources(ROOT / "seeds", ROOT / "facts")
            kept = len(sources.facts)
            sources.facts.pop()  # a different fact base, so the build must write
            with pytest.raises(StoreError, match="busy or read-only"):
                await store.build(sources)
            assert (await store.last_build()) == before
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    async with await Store.open(built) as store:
        assert len((await store.load()).facts) == kept  # nothing was written half


async def test_a_read_only_database_keeps_serving_reads(built: Path) -> None:
    async with await Store.open(built) as store:
        await store.db.execute("PRAGMA query_only = ON")
        base = await store.load()
        assert base.facts
        with pytest.raises(StoreError):
            async with store.transaction() as db:
                await db.execute("DELETE FROM facts")
        await store.db.execute("PRAGMA query_only = OFF")
        assert len((await store.load()).facts) == len(base.facts)
