"""bot/core/quiz/records.py: quiz sessions, points and stats in a real SQLite file."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.quiz.events import AnswerAccepted, AnswerRejected, Player, Rejection
from bot.core.quiz.questions import QuizMode, QuizQuestion
from bot.core.quiz.records import GuildQuizDefaults, LeaderboardRow, QuizRecords
from bot.core.quiz.session import QuizSession, QuizSettings
from bot.core.store import Store

GUILD, OTHER_GUILD = 100, 999
T0 = dt.datetime(2024, 4, 20, 12, 0, tzinfo=dt.UTC)
ALICE, BOB, CLEO, DAN = Player(1, "alice"), Player(2, "bob"), Player(3, "cleo"), Player(4, "dan")


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "quiz.sqlite3"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[Store]:
    async with await Store.open(db_path) as opened:
        yield opened


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def records(store: Store, clock: Clock) -> QuizRecords:
    return QuizRecords(store, clock)


def rows(db_path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as raw:
        return raw.execute(sql, params).fetchall()


def judge(fact_id: str, guess: str) -> bool:
    return guess == f"answer {fact_id}"


def hinter(fact_id: str) -> str | None:
    return None


def session(
    session_id: str, channel_id: int = 200, guild_id: int = GUILD, rounds: int = 3
) -> QuizSession:
    questions = [
        QuizQuestion(f"f{i}", f"Question {i}?", f"answer f{i}", QuizMode.FREE_TEXT)
        for i in range(1, rounds + 1)
    ]
    s = QuizSession(
        id=session_id,
        guild_id=guild_id,
        channel_id=channel_id,
        starter_id=ALICE.id,
        settings=QuizSettings(rounds=rounds, seconds=30.0),
        questions=questions,
        judge=judge,
        hinter=hinter,
    )
    s.start(T0)
    return s


def award(round_: int, player: Player, points: int, streak: int = 1, fact: str = "f1"):
    return AnswerAccepted(round_, player, points, streak, 3.0, fact)


# -- recording points ---------------------------------------------------------------------------


async def test_recording_an_accepted_answer_stores_a_point(
    records: QuizRecords, db_path: Path
) -> None:
    s = session("s1")
    events = s.submit(BOB, "answer f1", T0 + dt.timedelta(seconds=3))
    accepted = events[0]
    assert isinstance(accepted, AnswerAccepted)

    await records.record(s, events, {"f1": "china"})

    assert rows(
        db_path,
        "SELECT session_id, round, guild_id, user_id, user_name, fact_id, topic, points, streak,"
        " awarded_at FROM quiz_points",
    ) == [("s1", 1, GUILD, BOB.id, "bob", "f1", "china", accepted.points, 1, T0.isoformat())]
    assert rows(db_path, "SELECT session_id, round, user_id FROM quiz_attempts") == [
        ("s1", 1, BOB.id)
    ]
    [(active, state)] = rows(db_path, "SELECT active, state FROM quiz_sessions WHERE id = 's1'")
    assert active == 1
    assert json.loads(state) == s.snapshot()


async def test_recording_the_same_events_twice_stores_the_point_once(
    records: QuizRecords, db_path: Path, clock: Clock
) -> None:
    s = session("s1")
    events = s.submit(BOB, "answer f1", T0 + dt.timedelta(seconds=3))

    await records.record(s, events, {"f1": "china"})
    clock.advance(60)
    await records.record(s, events, {"f1": "china"})  # a retry after a crash
    # Even from a restored copy of the session.
    restored = QuizSession.restore(json.loads(json.dumps(s.snapshot())), judge, hinter)
    await records.record(restored, events, {"f1": "china"})

    assert rows(db_path, "SELECT COUNT(*), SUM(points) FROM quiz_points") == [(1, events[0].points)]
    assert rows(db_path, "SELECT COUNT(*) FROM quiz_attempts") == [(1,)]
    assert rows(db_path, "SELECT COUNT(*) FROM quiz_sessions") == [(1,)]
    stats = await records.stats(GUILD, BOB.id)
    assert (stats.points, stats.correct, stats.answered) == (events[0].points, 1, 1)


async def test_only_wrong_answers_and_wins_count_as_attempts(
    records: QuizRecords, db_path: Path
) -> None:
    s = session("s1")
    events = [
        AnswerRejected(1, ALICE, Rejection.WRONG),
        AnswerRejected(1, ALICE, Rejection.WRONG),  # the same round once
        AnswerRejected(1, BOB, Rejection.NOT_OPEN),
        AnswerRejected(1, CLEO, Rejection.INVALID_CHOICE),
        AnswerRejected(1, DAN, Rejection.ALREADY_ANSWERED),
    ]
    await records.record(s, events)
    assert rows(db_path, "SELECT user_id FROM quiz_attempts") == [(ALICE.id,)]
    assert rows(db_path, "SELECT COUNT(*) FROM quiz_points") == [(0,)]


async def test_a_session_state_is_updated_in_place(records: QuizRecords, db_path: Path) -> None:
    s = session("s1")
    await records.record(s, [])
    events = s.stop(ALICE.id, T0 + dt.timedelta(seconds=5))
    await records.record(s, events)
    [(active, state)] = rows(db_path, "SELECT active, state FROM quiz_sessions")
    assert active == 0
    assert json.loads(state)["ended"] == "stopped"


# -- leaderboard --------------------------------------------------------------------------------


async def scoreboard(records: QuizRecords, clock: Clock) -> None:
    """alice 50 (2 correct), bob 50 (3), cleo 30 (1), dan 20 (2); one other guild's point."""
    s1, s2 = session("s1", channel_id=201), session("s2", channel_id=202)
    await records.record(s1, [award(1, ALICE, 30), award(2, BOB, 20), award(3, DAN, 10)])
    clock.advance(10)
    await records.record(
        s2, [award(1, ALICE, 20), award(2, BOB, 15), award(3, BOB, 15), award(4, CLEO, 30)]
    )
    clock.advance(10)
    await records.record(session("s3", channel_id=203), [award(1, DAN, 10)])
    elsewhere = session("x1", channel_id=900, guild_id=OTHER_GUILD)
    await records.record(elsewhere, [award(1, CLEO, 500)])


async def test_leaderboard_order_and_ranks_with_ties(records: QuizRecords, clock: Clock) -> None:
    await scoreboard(records, clock)

    board = await records.leaderboard(GUILD)

    assert board == [
        LeaderboardRow(1, BOB.id, "bob", 50, 3),  # tie on points: more correct answers first
        LeaderboardRow(1, ALICE.id, "alice", 50, 2),
        LeaderboardRow(3, CLEO.id, "cleo", 30, 1),  # after a two-way tie comes rank 3
        LeaderboardRow(4, DAN.id, "dan", 20, 2),
    ]
    assert await records.leaderboard_size(GUILD) == 4
    assert await records.leaderboard(OTHER_GUILD) == [LeaderboardRow(1, CLEO.id, "cleo", 500, 1)]
    assert await records.leaderboard_size(OTHER_GUILD) == 1
    assert await records.leaderboard(12345) == []
    assert await records.leaderboard_size(12345) == 0


async def test_leaderboard_paging(records: QuizRecords, clock: Clock) -> None:
    await scoreboard(records, clock)

    first = await records.leaderboard(GUILD, offset=0, limit=2)
    second = await records.leaderboard(GUILD, offset=2, limit=2)
    beyond = await records.leaderboard(GUILD, offset=4, limit=2)

    assert [r.user_id for r in first] == [BOB.id, ALICE.id]
    # Ranks are global, not per page.
    assert [(r.rank, r.user_id) for r in second] == [(3, CLEO.id), (4, DAN.id)]
    assert beyond == []
    assert first + second == await records.leaderboard(GUILD, limit=10)


async def test_leaderboard_shows_the_name_last_seen(records: QuizRecords, clock: Clock) -> None:
    await records.record(session("s1", channel_id=201), [award(1, BOB, 10)])
    clock.advance(60)
    await records.record(session("s2", channel_id=202), [award(1, Player(BOB.id, "robert"), 10)])
    [row] = await records.leaderboard(GUILD)
    assert (row.name, row.points, row.correct) == ("robert", 20, 2)
    assert (await records.stats(GUILD, BOB.id)).name == "robert"


# -- stats -------------------------------------------------------------------------------------


async def test_stats(records: QuizRecords, clock: Clock) -> None:
    s1 = session("s1", channel_id=201, rounds=5)
    topics = {"f1": "china", "f2": "russia", "f3": "russia", "f4": "trade", "f5": "china"}
    await records.record(
        s1,
        [
            award(1, ALICE, 15, streak=1, fact="f1"),
            award(2, ALICE, 17, streak=2, fact="f2"),
            award(3, ALICE, 19, streak=3, fact="f3"),
            AnswerRejected(4, ALICE, Rejection.WRONG),
            award(4, BOB, 12, streak=1, fact="f4"),
            AnswerRejected(5, ALICE, Rejection.WRONG),
            AnswerRejected(5, BOB, Rejection.WRONG),
        ],
        topics,
    )
    s2 = session("s2", channel_id=202)
    await records.record(s2, [award(1, ALICE, 11, streak=1, fact="f1")], {"f1": "china"})

    alice = await records.stats(GUILD, ALICE.id)
    assert alice.name == "alice"
    assert alice.points == 15 + 17 + 19 + 11
    assert alice.correct == 4
    assert alice.answered == 6  # four wins and two rounds tried and failed
    assert alice.accuracy == pytest.approx(4 / 6)
    assert alice.best_streak == 3
    assert alice.favourite_topic == "china"  # china 2, russia 2: ties go alphabetically
    assert alice.rank == 1

    bob = await records.stats(GUILD, BOB.id)
    assert (bob.points, bob.correct, bob.answered, bob.best_streak) == (12, 1, 2, 1)
    assert bob.favourite_topic == "trade"
    assert bob.rank == 2


async def test_stats_rank_matches_the_leaderboard(records: QuizRecords, clock: Clock) -> None:
    await scoreboard(records, clock)
    board = await records.leaderboard(GUILD)
    for row in board:
        stats = await records.stats(GUILD, row.user_id)
        assert (stats.rank, stats.points, stats.correct) == (row.rank, row.points, row.correct)


async def test_stats_for_a_player_with_nothing(records: QuizRecords, clock: Clock) -> None:
    await scoreboard(records, clock)
    nobody = await records.stats(GUILD, 424242)
    assert (nobody.points, nobody.answered, nobody.correct, nobody.best_streak) == (0, 0, 0, 0)
    assert nobody.rank is None and nobody.name is None and nobody.favourite_topic is None
    assert nobody.accuracy == 0.0


async def test_stats_for_a_player_who_only_failed(records: QuizRecords) -> None:
    await records.record(session("s1"), [AnswerRejected(1, CLEO, Rejection.WRONG)])
    cleo = await records.stats(GUILD, CLEO.id)
    assert (cleo.points, cleo.answered, cleo.correct, cleo.rank) == (0, 1, 0, None)


async def test_stats_are_per_guild(records: QuizRecords, clock: Clock) -> None:
    await scoreboard(records, clock)
    here, there = await records.stats(GUILD, CLEO.id), await records.stats(OTHER_GUILD, CLEO.id)
    assert (here.points, here.rank) == (30, 3)
    assert (there.points, there.rank) == (500, 1)


# -- active sessions ---------------------------------------------------------------------------


async def test_active_sessions_are_those_not_ended(records: QuizRecords) -> None:
    running = session("running", channel_id=201)
    running.submit(BOB, "answer f1", T0 + dt.timedelta(seconds=2))
    stopped = session("stopped", channel_id=202)
    await records.record(running, [])
    await records.record(stopped, [])
    assert {s.id for s in await records.active_sessions(judge, hinter)} == {"running", "stopped"}

    await records.record(stopped, stopped.stop(ALICE.id, T0 + dt.timedelta(seconds=4)))

    [active] = await records.active_sessions(judge, hinter)
    assert active.id == "running"
    assert active.snapshot() == running.snapshot()
    assert active.judge is judge and active.hinter is hinter
    assert [s.channel_id for s in await records.active_sessions(judge, hinter)] == [201]


async def test_a_completed_session_is_not_active(records: QuizRecords) -> None:
    s = session("s1", rounds=1)
    events = s.submit(BOB, "answer f1", T0 + dt.timedelta(seconds=2))
    await records.record(s, events)
    assert s.ended is not None
    assert await records.active_sessions(judge, hinter) == []


async def test_one_active_quiz_per_channel(records: QuizRecords, db_path: Path) -> None:
    first = session("first", channel_id=201)
    await records.record(first, [])
    second = session("second", channel_id=201)

    with pytest.raises(sqlite3.IntegrityError):
        await records.record(second, [award(1, BOB, 10)])

    # Nothing of the refused batch was written.
    assert rows(db_path, "SELECT id FROM quiz_sessions") == [("first",)]
    assert rows(db_path, "SELECT COUNT(*) FROM quiz_points") == [(0,)]

    # Once the first has ended, the channel is free again.
    await records.record(first, first.stop(ALICE.id, T0))
    await records.record(second, [award(1, BOB, 10)])
    assert [s.id for s in await records.active_sessions(judge, hinter)] == ["second"]
    assert rows(db_path, "SELECT COUNT(*) FROM quiz_points") == [(1,)]


async def test_records_survive_reopening_the_file(db_path: Path, clock: Clock) -> None:
    async with await Store.open(db_path) as store:
        await QuizRecords(store, clock).record(session("s1"), [award(1, BOB, 12)])
    async with await Store.open(db_path) as store:
        reopened = QuizRecords(store, clock)
        assert [s.id for s in await reopened.active_sessions(judge, hinter)] == ["s1"]
        assert (await reopened.stats(GUILD, BOB.id)).points == 12


# -- guild defaults ----------------------------------------------------------------------------


async def test_guild_defaults_round_trip(records: QuizRecords, db_path: Path) -> None:
    assert await records.guild_defaults(GUILD) == GuildQuizDefaults()

    chosen = GuildQuizDefaults(rounds=5, seconds=20.0, mode=QuizMode.MULTIPLE_CHOICE)
    await records.set_guild_defaults(GUILD, chosen, updated_by=ALICE.id)
    assert await records.guild_defaults(GUILD) == chosen
    assert await records.guild_defaults(OTHER_GUILD) == GuildQuizDefaults()

    partial = GuildQuizDefaults(seconds=45.0)
    await records.set_guild_defaults(GUILD, partial, updated_by=BOB.id)
    assert await records.guild_defaults(GUILD) == partial
    assert rows(db_path, "SELECT updated_by FROM guild_quiz_settings") == [(BOB.id,)]


def test_guild_defaults_apply() -> None:
    asked = QuizSettings(
        rounds=10,
        seconds=30.0,
        mode=QuizMode.FREE_TEXT,
        topic="china",
        max_idle_rounds=4,
        pause_seconds=2.0,
        hint_fraction=0.3,
    )
    applied = GuildQuizDefaults(rounds=5, mode=QuizMode.TRUE_FALSE).apply(asked)
    assert applied == QuizSettings(
        rounds=5,
        seconds=30.0,
        mode=QuizMode.TRUE_FALSE,
        topic="china",
        max_idle_rounds=4,
        pause_seconds=2.0,
        hint_fraction=0.3,
    )
    assert GuildQuizDefaults().apply(asked) == asked
    full = GuildQuizDefaults(7, 15.0, QuizMode.MULTIPLE_CHOICE).apply(asked)
    assert (full.rounds, full.seconds, full.mode) == (7, 15.0, QuizMode.MULTIPLE_CHOICE)


async def test_retire_channel_ends_a_leftover_session(records: QuizRecords, db_path: Path) -> None:
    leftover = session("leftover", channel_id=201)
    elsewhere = session("elsewhere", channel_id=202)
    await records.record(leftover, [])
    await records.record(elsewhere, [])

    assert await records.retire_channel(201) == 1
    assert await records.retire_channel(201) == 0
    assert await records.retire_channel(999) == 0

    assert [s.id for s in await records.active_sessions(judge, hinter)] == ["elsewhere"]
    # The channel can take a new quiz.
    await records.record(session("next", channel_id=201), [])
    active = {s.id for s in await records.active_sessions(judge, hinter)}
    assert active == {"elsewhere", "next"}
