"""The SQLite store: the built fact base (and, later, game state) behind one connection.

Builds run in a single IMMEDIATE transaction: readers keep seeing the previous fact base
until the commit, and a failure rolls everything back, so a bad edit can never leave the
base half-written.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import Self

import aiosqlite

from bot.core import schema
from bot.core.collector import collector_paused
from bot.core.loading import FactSources
from bot.core.models import Article, Fact
from bot.core.problems import FactBaseInvalid

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class StoreError(Exception):
    """A database problem described for a human (locked, read-only, corrupt, missing)."""


@dataclass(frozen=True, slots=True)
class BuildRecord:
    id: int
    built_at: dt.datetime
    content_hash: str
    articles: int
    facts: int
    questions: int
    added: int
    removed: int
    changed: int


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did; `record` is None when the files were unchanged and nothing was written."""

    content_hash: str
    articles: int
    facts: int
    questions: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    record: BuildRecord | None = None
    # What was written, as `Store.load` would read it back; None when nothing was written.
    base: FactBase | None = None

    @property
    def wrote(self) -> bool:
        return self.record is not None


@dataclass(frozen=True, slots=True)
class FactCounts:
    """Facts per article (every article, even one with none), topic, kind and difficulty;
    each most common first, ties by name."""

    by_article: dict[str, int]
    by_topic: dict[str, int]
    by_kind: dict[str, int]
    by_difficulty: dict[str, int]


def _most_first(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _tally(values: Iterable[str], start: Iterable[str] = ()) -> dict[str, int]:
    counts = dict.fromkeys(start, 0)
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return _most_first(counts)


class FactBase:
    """An immutable snapshot of the built fact base, as the services read it."""

    def __init__(
        self, articles: dict[str, Article], facts: list[Fact], build: BuildRecord | None
    ) -> None:
        self.articles = articles
        self.facts = facts
        self.build = build
        self._by_id = {f.id: f for f in facts}
        # Asked on every autocomplete keystroke and every "don't know": counted once.
        self._topics = _tally(topic for fact in facts for topic in fact.topics)
        self._counts: FactCounts | None = None

    @classmethod
    def from_sources(cls, sources: FactSources, build: BuildRecord) -> FactBase:
        """The base a build of `sources` stores, in the order `Store.load` reads it back,
        without reading it back (a tenth of a reload at 10,000 facts)."""
        # The order a base holds them: by article date, then article, then as written.
        articles = sources.articles
        facts = sorted(
            sources.facts, key=lambda f: (articles[f.article_id].published, f.article_id)
        )
        return cls(dict(articles), facts, build)

    def fact(self, fact_id: str) -> Fact | None:
        return self._by_id.get(fact_id)

    def topics(self) -> dict[str, int]:
        """Topic -> number of facts (superseded ones too), most common first."""
        return self._topics

    def counts(self) -> FactCounts:
        """The statistics `attache facts stats` and /facts stats show: counted here once, so
        the terminal and Discord cannot disagree. Counted on first use (a reload builds many
        bases; few are ever asked for statistics)."""
        if self._counts is None:
            facts = self.facts
            self._counts = FactCounts(
                by_article=_tally((f.article_id for f in facts), start=sorted(self.articles)),
                by_topic=self._topics,
                by_kind=_tally(f.kind.value for f in facts),
                by_difficulty=_tally(f.difficulty.value for f in facts),
            )
        return self._counts


class Store:
    def __init__(self, db: aiosqlite.Connection, path: Path, clock: Clock) -> None:
        self._db = db
        self.path = path
        self._clock = clock
        # One connection: transactions from concurrent tasks must take turns.
        self._lock = asyncio.Lock()
        self._closed = False

    @classmethod
    async def open(
        cls, path: Path | str, *, clock: Clock = utc_now, busy_timeout: float = 5.0
    ) -> Self:
        """Open (creating if missing) and migrate. `busy_timeout` is how long a write waits
        for another process's lock before giving up with a StoreError."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = await aiosqlite.connect(path, isolation_level=None, timeout=busy_timeout)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the database at {path}: {exc}") from exc
        try:
            await db.execute("PRAGMA foreign_keys = ON")
            await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            async with db.execute("PRAGMA journal_mode = WAL") as cursor:
                await cursor.fetchone()
            # With WAL, NORMAL survives an application crash (only a power cut can lose the
            # last commits) and saves an fsync per transaction: one per quiz answer.
            await db.execute("PRAGMA synchronous = NORMAL")
            await schema.migrate(db)
        except sqlite3.Error as exc:
            await db.close()
            raise StoreError(f"the database at {path} is unusable: {exc}") from exc
        except BaseException:  # cancelled mid-open, or a bug: never leave the connection open
            await db.close()
            raise
        return cls(db, path, clock)

    async def close(self) -> None:
        """Wait for the transaction in progress, then close; later writes get StoreError."""
        async with self._lock:
            if not self._closed:
                self._closed = True
                await self._db.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def db(self) -> aiosqlite.Connection:
        """The shared connection, for the other record keepers (quiz records)."""
        return self._db

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: all or nothing."""
        async with self._lock:
            if self._closed:
                raise StoreError("the database is closed (shutting down)")
            try:
                await self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"the database is busy or read-only: {exc}") from exc
            try:
                yield self._db
            except sqlite3.OperationalError as exc:
                await self._db.execute("ROLLBACK")
                raise StoreError(f"the database could not save: {exc}") from exc
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
            try:
                await self._db.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                await self._db.execute("ROLLBACK")
                raise StoreError(f"the database could not save: {exc}") from exc

    async def schema_version(self) -> int:
        return await schema.current_version(self._db)

    async def _fact_hashes(self) -> dict[str, str]:
        async with self._db.execute("SELECT id, content_hash FROM facts") as cursor:
            return {row[0]: row[1] for row in await cursor.fetchall()}

    async def build(self, sources: FactSources) -> BuildResult:
        """Replace the fact base with `sources` in one transaction, or refuse and change nothing."""
        if not sources.ok:
            raise FactBaseInvalid(sources.problems)
        new_hashes = sources.fact_hashes()
        article_hashes = sources.article_hashes()
        questions = sum(len(f.questions) for f in sources.facts)
        old_hashes = await self._fact_hashes()
        last = await self.last_build()
        result = BuildResult(
            content_hash=sources.digest(new_hashes, article_hashes),
            articles=len(sources.articles),
            facts=len(sources.facts),
            questions=questions,
            added=sorted(new_hashes.keys() - old_hashes.keys()),
            removed=sorted(old_hashes.keys() - new_hashes.keys()),
            changed=sorted(
                k for k in new_hashes.keys() & old_hashes.keys() if new_hashes[k] != old_hashes[k]
            ),
        )
        if last is not None and last.content_hash == result.content_hash:
            return result
        async with self.transaction():
            record = await self._write(sources, new_hashes, article_hashes, result)
        return replace(result, record=record, base=FactBase.from_sources(sources, record))

    async def _write(
        self,
        sources: FactSources,
        hashes: dict[str, str],
        article_hashes: dict[str, str],
        result: BuildResult,
    ) -> BuildRecord:
        db = self._db
        await db.execute("DELETE FROM articles")
        await db.executemany(
            "INSERT INTO articles (id, title, section, published, published_precision,"
            " published_note, source, url, body, content_hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    a.id,
                    a.title,
                    a.section,
                    a.published.isoformat(),
                    a.published_precision,
                    a.published_note,
                    a.source,
                    a.url,
                    a.body,
                    article_hashes[a.id],
                )
                for a in sources.articles.values()
            ],
        )
        positions: dict[str, int] = {}
        fact_rows = []
        for fact in sources.facts:
            position = positions.get(fact.article_id, 0)
            positions[fact.article_id] = position + 1
            fact_rows.append(
                (
                    fact.id,
                    fact.article_id,
                    position,
                    fact.answer,
                    fact.kind.value,
                    fact.quote,
                    fact.difficulty.value,
                    fact.as_of.isoformat(),
                    int(fact.superseded),
                    fact.superseded_by,
                    fact.value,
                    fact.unit,
                    hashes[fact.id],
                )
            )
        await db.executemany(
            "INSERT INTO facts (id, article_id, position, answer, kind, quote, difficulty, as_of,"
            " superseded, superseded_by, value, unit, content_hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            fact_rows,
        )
        await db.executemany(
            "INSERT INTO fact_questions (fact_id, position, text) VALUES (?, ?, ?)",
            [(f.id, i, q) for f in sources.facts for i, q in enumerate(f.questions)],
        )
        await db.executemany(
            "INSERT INTO fact_aliases (fact_id, position, text) VALUES (?, ?, ?)",
            [(f.id, i, a) for f in sources.facts for i, a in enumerate(f.aliases)],
        )
        await db.executemany(
            "INSERT INTO fact_topics (fact_id, position, topic) VALUES (?, ?, ?)",
            [(f.id, i, t) for f in sources.facts for i, t in enumerate(f.topics)],
        )
        built_at = self._clock()
        cursor = await db.execute(
            "INSERT INTO builds (built_at, content_hash, articles, facts, questions, added,"
            " removed, changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                built_at.isoformat(),
                result.content_hash,
                result.articles,
                result.facts,
                result.questions,
                len(result.added),
                len(result.removed),
                len(result.changed),
            ),
        )
        build_id = cursor.lastrowid
        assert build_id is not None
        return BuildRecord(
            id=build_id,
            built_at=built_at,
            content_hash=result.content_hash,
            articles=result.articles,
            facts=result.facts,
            questions=result.questions,
            added=len(result.added),
            removed=len(result.removed),
            changed=len(result.changed),
        )

    async def last_build(self) -> BuildRecord | None:
        async with self._db.execute(
            "SELECT id, built_at, content_hash, articles, facts, questions, added, removed,"
            " changed FROM builds ORDER BY id DESC LIMIT 1"
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return BuildRecord(
            id=row[0],
            built_at=dt.datetime.fromisoformat(row[1]),
            content_hash=row[2],
            articles=row[3],
            facts=row[4],
            questions=row[5],
            added=row[6],
            removed=row[7],
            changed=row[8],
        )

    async def load(self) -> FactBase:
        """Read the whole built fact base in one read transaction (a consistent snapshot)."""
        async with self._lock:
            return await self._load()

    async def _load(self) -> FactBase:
        db = self._db
        await db.execute("BEGIN")
        try:
            articles = {}
            async with db.execute(
                "SELECT id, title, section, published, published_precision, published_note,"
                " source, url, body FROM articles"
            ) as cursor:
                for row in await cursor.fetchall():
                    articles[row[0]] = Article(
                        id=row[0],
                        title=row[1],
                        section=row[2],
                        published=dt.date.fromisoformat(row[3]),
                        published_precision=row[4],
                        published_note=row[5],
                        source=row[6],
                        url=row[7],
                        body=row[8],
                    )
            questions = await self._grouped(
                "SELECT fact_id, text FROM fact_questions ORDER BY fact_id, position"
            )
            aliases = await self._grouped(
                "SELECT fact_id, text FROM fact_aliases ORDER BY fact_id, position"
            )
            topics = await self._grouped(
                "SELECT fact_id, topic FROM fact_topics ORDER BY fact_id, position"
            )
            facts = []
            async with db.execute(
                "SELECT f.id, f.article_id, f.answer, f.kind, f.quote, f.difficulty, f.as_of,"
                " f.superseded, f.superseded_by, f.value, f.unit FROM facts f"
                " JOIN articles a ON a.id = f.article_id"
                " ORDER BY a.published, f.article_id, f.position"
            ) as cursor:
                rows = await cursor.fetchall()
            with collector_paused():  # ten thousand models at once
                for row in rows:
                    facts.append(
                        Fact(
                            id=row[0],
                            article_id=row[1],
                            answer=row[2],
                            aliases=tuple(aliases.get(row[0], ())),
                            kind=row[3],
                            questions=tuple(questions.get(row[0], ())),
                            quote=row[4],
                            topics=tuple(topics.get(row[0], ())),
                            difficulty=row[5],
                            as_of=dt.date.fromisoformat(row[6]),
                            superseded=bool(row[7]),
                            superseded_by=row[8],
                            value=row[9],
                            unit=row[10],
                        )
                    )
            build = await self.last_build()
        finally:
            await db.execute("COMMIT")
        return FactBase(articles=articles, facts=facts, build=build)

    async def _grouped(self, sql: str) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        # fetchall: iterating an aiosqlite cursor costs a thread hop per 64 rows.
        async with self._db.execute(sql) as cursor:
            for row in await cursor.fetchall():
                grouped.setdefault(row[0], []).append(row[1])
        return grouped
