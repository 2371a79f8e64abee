"""Quiz persistence: session snapshots, awarded points, attempts, leaderboards and stats.

`record` writes what a batch of session events changed in one transaction, and awarded
points are keyed by (session, round), so a point is stored exactly once even if the same
events are recorded twice (a retry after a crash).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace

import aiosqlite

from bot.core.quiz.events import AnswerAccepted, AnswerRejected, Event, Rejection
from bot.core.quiz.questions import QuizMode
from bot.core.quiz.session import Hinter, Judge, QuizSession, QuizSettings
from bot.core.store import Clock, Store


@dataclass(frozen=True, slots=True)
class LeaderboardRow:
    rank: int
    user_id: int
    name: str
    points: int
    correct: int


@dataclass(frozen=True, slots=True)
class PlayerStats:
    user_id: int
    name: str | None
    points: int
    answered: int
    correct: int
    best_streak: int
    favourite_topic: str | None
    rank: int | None

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class GuildQuizDefaults:
    rounds: int | None = None
    seconds: float | None = None
    mode: QuizMode | None = None

    def apply(self, settings: QuizSettings) -> QuizSettings:
        return replace(
            settings,
            rounds=self.rounds or settings.rounds,
            seconds=self.seconds or settings.seconds,
            mode=self.mode or settings.mode,
        )


class QuizRecords:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        # Sessions whose row this process has written (rows are never deleted): a wrong guess
        # in one of them needs no lookup first.
        self._saved: set[str] = set()

    async def record(
        self, session: QuizSession, events: Sequence[Event], topics: dict[str, str] | None = None
    ) -> None:
        """Persist the session's state after `events`, atomically with any awarded points.

        A batch of nothing but wrong guesses only adds attempt rows: the snapshot is for
        resuming, and a wrong guess changes nothing a resumed quiz needs. A batch of other
        rejections (a late click, a second answer) writes nothing at all.
        """
        now = self._clock().isoformat()
        topics = topics or {}
        only_guesses = bool(events) and all(isinstance(e, AnswerRejected) for e in events)
        wrong = any(isinstance(e, AnswerRejected) and e.reason is Rejection.WRONG for e in events)
        if only_guesses and not wrong and session.id in self._saved:
            return
        async with self._store.transaction() as db:
            if not only_guesses or (
                session.id not in self._saved and not await self._exists(db, session.id)
            ):
                await self._save_session(db, session, now)
            for event in events:
                if isinstance(event, AnswerAccepted):
                    await db.execute(
                        "INSERT OR IGNORE INTO quiz_points (session_id, round, guild_id, user_id,"
                        " user_name, fact_id, topic, points, streak, awarded_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            session.id,
                            event.round,
                            session.guild_id,
                            event.player.id,
                            event.player.name,
                            event.fact_id,
                            topics.get(event.fact_id),
                            event.points,
                            event.streak,
                            now,
                        ),
                    )
                if isinstance(event, AnswerAccepted | AnswerRejected) and (
                    not isinstance(event, AnswerRejected) or event.reason is Rejection.WRONG
                ):
                    await db.execute(
                        "INSERT OR IGNORE INTO quiz_attempts (session_id, round, guild_id,"
                        " user_id) VALUES (?, ?, ?, ?)",
                        (session.id, event.round, session.guild_id, event.player.id),
                    )
        self._saved.add(session.id)  # committed: the row exists

    @staticmethod
    async def _exists(db: aiosqlite.Connection, session_id: str) -> bool:
        async with db.execute("SELECT 1 FROM quiz_sessions WHERE id = ?", (session_id,)) as cursor:
            return await cursor.fetchone() is not None

    async def _save_session(self, db: aiosqlite.Connection, session: QuizSession, now: str) -> None:
        await db.execute(
            "INSERT INTO quiz_sessions (id, guild_id, channel_id, starter_id, active, state,"
            " started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET active = excluded.active,"
            " state = excluded.state, updated_at = excluded.updated_at",
            (
                session.id,
                session.guild_id,
                session.channel_id,
                session.starter_id,
                int(session.ended is None),
                json.dumps(session.snapshot()),
                now,
                now,
            ),
        )

    async def retire_channel(self, channel_id: int) -> int:
        """Mark a channel's leftover active session as over (it can no longer be resumed)."""
        async with self._store.transaction() as db:
            cursor = await db.execute(
                "UPDATE quiz_sessions SET active = 0 WHERE channel_id = ? AND active = 1",
                (channel_id,),
            )
            return cursor.rowcount

    async def active_sessions(self, judge: Judge, hinter: Hinter) -> list[QuizSession]:
        """Sessions a restart interrupted, to be resumed."""
        async with self._store.db.execute(
            "SELECT state FROM quiz_sessions WHERE active = 1 ORDER BY started_at"
        ) as cursor:
            rows = await cursor.fetchall()
        return [QuizSession.restore(json.loads(row[0]), judge, hinter) for row in rows]

    async def leaderboard(
        self, guild_id: int, *, offset: int = 0, limit: int = 10
    ) -> list[LeaderboardRow]:
        """All-time points in one server, names as last seen (no Discord look-ups needed)."""
        async with self._store.db.execute(
            "WITH totals AS ("
            " SELECT user_id, SUM(points) AS points, COUNT(*) AS correct,"
            " (SELECT user_name FROM quiz_points p2 WHERE p2.guild_id = p.guild_id"
            "  AND p2.user_id = p.user_id ORDER BY awarded_at DESC LIMIT 1) AS name"
            " FROM quiz_points p WHERE guild_id = ? GROUP BY user_id)"
            " SELECT RANK() OVER (ORDER BY points DESC) AS rank, user_id, name, points, correct"
            " FROM totals ORDER BY points DESC, correct DESC, user_id LIMIT ? OFFSET ?",
            (guild_id, limit, offset),
        ) as cursor:
            rows = await cursor.fetchall()
        return [LeaderboardRow(int(r[0]), int(r[1]), str(r[2]), int(r[3]), int(r[4])) for r in rows]

    async def leaderboard_size(self, guild_id: int) -> int:
        async with self._store.db.execute(
            "SELECT COUNT(DISTINCT user_id) FROM quiz_points WHERE guild_id = ?", (guild_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def stats(self, guild_id: int, user_id: int) -> PlayerStats:
        db = self._store.db
        async with db.execute(
            "SELECT COALESCE(SUM(points), 0), COUNT(*), COALESCE(MAX(streak), 0),"
            " (SELECT user_name FROM quiz_points WHERE guild_id = ? AND user_id = ?"
            "  ORDER BY awarded_at DESC LIMIT 1)"
            " FROM quiz_points WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id, guild_id, user_id),
        ) as cursor:
            points_row = await cursor.fetchone()
        async with db.execute(
            "SELECT COUNT(*) FROM quiz_attempts WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        ) as cursor:
            attempts_row = await cursor.fetchone()
        async with db.execute(
            "SELECT topic FROM quiz_points WHERE guild_id = ? AND user_id = ? AND topic IS NOT NULL"
            " GROUP BY topic ORDER BY COUNT(*) DESC, topic LIMIT 1",
            (guild_id, user_id),
        ) as cursor:
            topic_row = await cursor.fetchone()
        assert points_row is not None and attempts_row is not None
        points = int(points_row[0])
        rank = None
        if points > 0:
            async with db.execute(
                "SELECT COUNT(*) + 1 FROM (SELECT user_id, SUM(points) AS total FROM quiz_points"
                " WHERE guild_id = ? GROUP BY user_id) WHERE total > ?",
                (guild_id, points),
            ) as cursor:
                rank_row = await cursor.fetchone()
            rank = int(rank_row[0]) if rank_row else None
        return PlayerStats(
            user_id=user_id,
            name=points_row[3],
            points=points,
            answered=max(int(attempts_row[0]), int(points_row[1])),
            correct=int(points_row[1]),
            best_streak=int(points_row[2]),
            favourite_topic=topic_row[0] if topic_row else None,
            rank=rank,
        )

    async def guild_defaults(self, guild_id: int) -> GuildQuizDefaults:
        async with self._store.db.execute(
            "SELECT rounds, seconds, mode FROM guild_quiz_settings WHERE guild_id = ?",
            (guild_id,),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return GuildQuizDefaults()
        return GuildQuizDefaults(row[0], row[1], QuizMode(row[2]) if row[2] else None)

    async def set_guild_defaults(
        self, guild_id: int, defaults: GuildQuizDefaults, updated_by: int
    ) -> None:
        async with self._store.transaction() as db:
            await db.execute(
                "INSERT INTO guild_quiz_settings (guild_id, rounds, seconds, mode, updated_by,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(guild_id) DO UPDATE SET"
                " rounds = excluded.rounds, seconds = excluded.seconds, mode = excluded.mode,"
                " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                (
                    guild_id,
                    defaults.rounds,
                    defaults.seconds,
                    defaults.mode.value if defaults.mode else None,
                    updated_by,
                    self._clock().isoformat(),
                ),
            )
