"""The curators' gap log: questions the bot could not answer, counted by wording.

A question answered only because its meaning confirmed what its words left unsure is logged
too, as "by meaning" with the fact it was answered with: its wording is one no curated
phrasing covers, so it is a ready-made phrasing for that fact, and once added the words
answer it alone.

Recording is best effort: a failed write is logged and never costs the user their answer.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass

from bot.core.answers import Answer, Status
from bot.core.store import Clock, Store, StoreError
from bot.core.text import normalize

log = logging.getLogger(__name__)

# An answer below this confidence is logged as a gap even though it was given.
LOW_CONFIDENCE = 0.7
BY_MEANING = "by meaning"
# A member pressed "Not what I asked" under an answer: the strongest signal a curator gets.
REPORTED = "reported wrong"


@dataclass(frozen=True, slots=True)
class Gap:
    question: str
    count: int
    last_asked: dt.datetime
    status: str
    best_fact: str | None


class GapLog:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    @staticmethod
    def is_gap(answer: Answer) -> bool:
        if answer.status in {Status.UNKNOWN, Status.UNSURE}:
            return answer.message is not None and bool(normalize(answer.question))
        return answer.status is Status.ANSWERED and (
            answer.by_meaning or answer.confidence < LOW_CONFIDENCE
        )

    async def record(self, answer: Answer, guild_id: int | None) -> bool:
        if not self.is_gap(answer):
            return False
        best = answer.match.best.fact.id if answer.match and answer.match.best else None
        status = BY_MEANING if answer.by_meaning else answer.status.value
        return await self._insert(answer.question, status, answer.confidence, best, guild_id)

    async def report(self, question: str, fact_id: str, guild_id: int | None) -> bool:
        """A member says the answer given with `fact_id` is not what was asked."""
        if not normalize(question):
            return False
        return await self._insert(question, REPORTED, 0.0, fact_id, guild_id)

    async def _insert(
        self, question: str, status: str, confidence: float, best: str | None, guild_id: int | None
    ) -> bool:
        try:
            async with self._store.transaction() as db:
                await db.execute(
                    "INSERT INTO question_gaps (asked_at, guild_id, question, normalized, status,"
                    " confidence, best_fact) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        self._clock().isoformat(),
                        guild_id,
                        question[:500],
                        normalize(question)[:500],
                        status,
                        round(confidence, 4),
                        best,
                    ),
                )
        except (StoreError, sqlite3.Error) as exc:
            log.warning("could not record a gap: %s", exc)
            return False
        return True

    async def top(self, limit: int = 20) -> list[Gap]:
        """The most frequent unanswered wordings, most recent first among equals."""
        async with self._store.db.execute(
            "SELECT MAX(question), COUNT(*), MAX(asked_at), MAX(status), MAX(best_fact)"
            " FROM question_gaps GROUP BY normalized ORDER BY COUNT(*) DESC, MAX(asked_at) DESC"
            " LIMIT ?",
            (limit,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            Gap(str(r[0]), int(r[1]), dt.datetime.fromisoformat(r[2]), str(r[3]), r[4])
            for r in rows
        ]
