"""Reloading the fact base while the bot runs, without ever serving a half-built one.

`FactBaseManager` owns the current `AnswerService` (fact base snapshot + matcher). A reload
validates the files, rebuilds SQLite in one transaction, builds the new matcher off the
event loop, then swaps a single reference: a question in flight finishes on the old base,
the next one sees the new base. Any error leaves the old base serving. Every attempt is
logged, allowed or refused.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.answers import AnswerService
from bot.core.factbase import rebuild
from bot.core.matcher import SecondOpinion
from bot.core.problems import FactBaseInvalid, Problem, Severity
from bot.core.store import BuildResult, Clock, FactBase, Store

log = logging.getLogger(__name__)

OnSwap = Callable[[FactBase, FactBase], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who asked for a reload; `user_id` is None for the shell and the build watcher."""

    name: str
    source: str
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class ReloadOutcome:
    ok: bool
    problems: list[Problem] = field(default_factory=list)
    result: BuildResult | None = None
    refused: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


@dataclass(frozen=True, slots=True)
class ReloadRecord:
    at: dt.datetime
    user_name: str
    source: str
    outcome: str
    detail: dict[str, object]


class FactBaseManager:
    def __init__(
        self,
        store: Store,
        seeds_dir: Path,
        facts_dir: Path,
        clock: Clock,
        answers: AnswerService,
    ) -> None:
        self._store = store
        self._seeds = seeds_dir
        self._facts = facts_dir
        self._clock = clock
        self.answers = answers
        self._lock = asyncio.Lock()
        self._listeners: list[OnSwap] = []

    @classmethod
    async def open(
        cls,
        store: Store,
        seeds_dir: Path,
        facts_dir: Path,
        clock: Clock,
        *,
        base: FactBase | None = None,
        second_opinion: SecondOpinion | None = None,
    ) -> FactBaseManager:
        """Serve `base` (what a build just wrote), or what the store holds."""
        if base is None:
            base = await store.load()
        answers = await asyncio.to_thread(AnswerService, base, second_opinion=second_opinion)
        return cls(store, seeds_dir, facts_dir, clock, answers)

    def on_swap(self, listener: OnSwap) -> Callable[[], None]:
        """Hear every swap; call the returned function to stop (an extension unloading)."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @property
    def base(self) -> FactBase:
        return self.answers.base

    async def reload(self, actor: Actor) -> ReloadOutcome:
        """Validate, rebuild and swap; or refuse and change nothing."""
        async with self._lock:
            try:
                done = await rebuild(self._store, self._seeds, self._facts)
            except FactBaseInvalid as exc:
                outcome = ReloadOutcome(False, exc.problems)
                await self._log(actor, "invalid", {"errors": len(outcome.errors)})
                return outcome
            except Exception as exc:
                log.exception("reload failed while reading or writing the fact base")
                await self._log(actor, "failed", {"error": str(exc)[:300]})
                raise
            result = done.result
            serving = self.base.build
            # Nothing changed and this base is already served: keep it (and its matcher).
            if result.wrote or serving is None or serving.content_hash != result.content_hash:
                await self._swap(result.base)
            await self._log(
                actor,
                "ok",
                {
                    "hash": result.content_hash,
                    "added": len(result.added),
                    "removed": len(result.removed),
                    "changed": len(result.changed),
                    "facts": result.facts,
                },
            )
            return ReloadOutcome(True, done.sources.warnings, result)

    async def refuse(self, actor: Actor) -> ReloadOutcome:
        """Record a reload attempt by someone who may not reload."""
        await self._log(actor, "refused", {})
        return ReloadOutcome(False, refused=True)

    async def refresh_if_rebuilt(self) -> bool:
        """Pick up a build made outside the bot (`attache facts build` from a shell)."""
        last = await self._store.last_build()
        current = self.base.build
        if last is None or (current is not None and last.id == current.id):
            return False
        async with self._lock:
            await self._swap()
        await self._log(Actor("build watcher", "watch"), "ok", {"build": last.id})
        return True

    async def watch(self, interval: float, sleep: Callable[[float], Awaitable[None]]) -> None:
        while True:
            await sleep(interval)
            try:
                await self.refresh_if_rebuilt()
            except Exception:
                log.exception("checking for a new fact base build failed")

    async def history(self, limit: int = 10) -> list[ReloadRecord]:
        async with self._store.db.execute(
            "SELECT at, user_name, source, outcome, detail FROM reload_log"
            " ORDER BY id DESC LIMIT ?",
            (limit,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            ReloadRecord(dt.datetime.fromisoformat(r[0]), r[1], r[2], r[3], json.loads(r[4]))
            for r in rows
        ]

    async def _swap(self, base: FactBase | None = None) -> None:
        """Serve `base` (what a build just wrote), or what the store holds now."""
        old = self.base
        if base is None:
            base = await self._store.load()
        # Every base this manager serves is matched with the same second opinion.
        second_opinion = self.answers.matcher.second_opinion
        self.answers = await asyncio.to_thread(AnswerService, base, second_opinion=second_opinion)
        for listener in self._listeners:
            await listener(old, base)

    async def _log(self, actor: Actor, outcome: str, detail: dict[str, object]) -> None:
        await record_reload(self._store, self._clock, actor, outcome, detail)


async def record_reload(
    store: Store, clock: Clock, actor: Actor, outcome: str, detail: dict[str, object]
) -> None:
    """One row of the reload history: who, when, from where, and what happened."""
    async with store.transaction() as db:
        await db.execute(
            "INSERT INTO reload_log (at, user_id, user_name, source, outcome, detail)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                clock().isoformat(),
                actor.user_id,
                actor.name,
                actor.source,
                outcome,
                json.dumps(detail),
            ),
        )
