"""bot/core/quiz/service.py: whole quizzes in virtual time, over the real fact base and store.

The service sleeps through a ManualClock, so time-outs happen when the test advances the clock.
Records go through aiosqlite's thread, so the tests wait (briefly, in real time) for events
to arrive at the listener rather than assuming a fixed number of loop turns.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import shutil
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from bot.core.factbase import rebuild
from bot.core.quiz.events import (
    AnswerAccepted,
    AnswerRejected,
    EndReason,
    Event,
    HintGiven,
    Player,
    QuestionAsked,
    QuizEnded,
    Rejection,
    RoundEnded,
)
from bot.core.quiz.hints import hint_for
from bot.core.quiz.questions import QuizMode
from bot.core.quiz.scoring import points_for
from bot.core.quiz.service import NoQuestions, QuizAlreadyRunning, QuizService
from bot.core.quiz.session import NotAllowed, Phase, QuizSession, QuizSettings
from bot.core.store import FactBase, Store
from tests.support.clock import ManualClock

pytestmark = pytest.mark.timeout(20)

ROOT = Path(__file__).resolve().parents[3]
GUILD = 100
CHANNEL, OTHER_CHANNEL = 200, 201
ALICE, BOB = Player(1, "alice"), Player(2, "bob")
WRONG = "zzzz qqqq xxxx"
PAUSE = 5.0


class Bases:
    """The service's fact base provider; a test switches `current` to simulate a reload."""

    def __init__(self, base: FactBase) -> None:
        self.current = base

    def __call__(self) -> FactBase:
        return self.current

    def without(self, fact_ids: set[str]) -> FactBase:
        base = self.current
        kept = [f for f in base.facts if f.id not in fact_ids]
        assert len(kept) == len(base.facts) - len(fact_ids)
        return FactBase(base.articles, kept, base.build)


class Listener:
    def __init__(self) -> None:
        self.batches: list[tuple[QuizSession, list[Event]]] = []

    async def __call__(self, session: QuizSession, events: Sequence[Event]) -> None:
        self.batches.append((session, list(events)))

    def events(self, channel: int | None = None, kind: type | None = None) -> list[Any]:
        return [
            e
            for session, batch in self.batches
            for e in batch
            if (channel is None or session.channel_id == channel)
            and (kind is None or isinstance(e, kind))
        ]

    async def wait(
        self, kind: type, count: int = 1, channel: int | None = None, within: float = 3.0
    ) -> list[Any]:
        """Wait (in real time) until `count` events of `kind` have arrived; return them all."""
        deadline = time.monotonic() + within
        while len(found := self.events(channel, kind)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"waited for {count} {kind.__name__}, got {found}; all: {self.events(channel)}"
                )
            await asyncio.sleep(0.002)
        return found


async def settle() -> None:
    """Let timer tasks and database threads finish what they are doing before time moves."""
    await asyncio.sleep(0.02)


def rows(db_path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as raw:
        return raw.execute(sql).fetchall()


@pytest.fixture(scope="module")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's facts built once; each test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("template") / "attache.sqlite3"

    async def build() -> None:
        async with await Store.open(path) as store:
            built = await rebuild(store, ROOT / "seeds", ROOT / "facts")
            assert built.result.facts > 20

    asyncio.run(build())
    return path


@pytest.fixture
async def store(tmp_path: Path, built_db: Path) -> AsyncIterator[Store]:
    path = tmp_path / "attache.sqlite3"
    shutil.copyfile(built_db, path)
    async with await Store.open(path) as opened:
        yield opened


@pytest.fixture
async def bases(store: Store) -> Bases:
    return Bases(await store.load())


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def make_service(
    store: Store, bases: Bases, clock: ManualClock
) -> AsyncIterator[Callable[..., tuple[QuizService, Listener]]]:
    made: list[QuizService] = []

    def make(seed: int = 1) -> tuple[QuizService, Listener]:
        listener = Listener()
        service = QuizService(
            store,
            bases,
            listener,
            clock=clock.now,
            sleep=clock.sleep,
            rng=random.Random(seed),
            pause_seconds=PAUSE,
        )
        made.append(service)
        return service, listener

    yield make
    for service in made:
        await service.shutdown()


def settings(**overrides: Any) -> QuizSettings:
    values: dict[str, Any] = {"rounds": 3, "seconds": 20.0, "mode": QuizMode.FREE_TEXT}
    values.update(overrides)
    return QuizSettings(**values)


def answer(service: QuizService, channel: int = CHANNEL) -> str:
    session = service.session_in(channel)
    assert session is not None and session.current is not None
    return session.current.answer


async def advance(clock: ManualClock, seconds: float) -> None:
    await settle()
    await clock.advance(seconds)


# -- a whole quiz --------------------------------------------------------------------------------


async def test_a_whole_free_text_quiz_with_two_players(
    make_service, clock: ManualClock, store: Store, bases: Bases
) -> None:
    service, listener = make_service()
    session = await service.start(GUILD, CHANNEL, ALICE.id, settings())
    t0 = clock.now()

    [asked] = listener.events(kind=QuestionAsked)
    assert asked.round == 1 and asked.rounds == 3
    assert asked.deadline == t0 + dt.timedelta(seconds=20)
    assert service.session_in(CHANNEL) is session

    # Round 1: bob misses, alice answers after 4 seconds.
    await advance(clock, 4)
    assert await service.submit(CHANNEL, BOB, WRONG) == [AnswerRejected(1, BOB, Rejection.WRONG)]
    first_answer = answer(service)
    events = await service.submit(CHANNEL, ALICE, first_answer)
    assert events[0] == AnswerAccepted(
        1, ALICE, points_for(4, 20, 1), 1, 4.0, asked.question.fact_id
    )
    assert events[1] == RoundEnded(1, asked.question, ALICE)
    # Too late for bob.
    assert (await service.submit(CHANNEL, BOB, first_answer))[0].reason is Rejection.NOT_OPEN

    # The pause, then round 2, which nobody gets: a hint half-way, then the time-out.
    await advance(clock, PAUSE)
    [_, second] = await listener.wait(QuestionAsked, 2)
    assert second.round == 2
    await advance(clock, 10)
    [hint] = await listener.wait(HintGiven)
    fact = bases.current.fact(second.question.fact_id)
    assert fact is not None and hint == HintGiven(2, hint_for(fact))
    await advance(clock, 10)
    [_, timed_out] = await listener.wait(RoundEnded, 2)
    assert timed_out == RoundEnded(2, second.question, None)

    # Round 3: bob wins instantly and the quiz is over.
    await advance(clock, PAUSE)
    [*_, third] = await listener.wait(QuestionAsked, 3)
    events = await service.submit(CHANNEL, BOB, answer(service))
    assert [type(e) for e in events] == [AnswerAccepted, RoundEnded, QuizEnded]
    ended = events[-1]
    assert ended.reason is EndReason.COMPLETED and ended.rounds_played == 3
    assert [(s.name, s.points, s.correct, s.answered) for s in ended.scoreboard] == [
        ("bob", 20, 1, 2),
        ("alice", points_for(4, 20, 1), 1, 1),
    ]
    assert third.round == 3
    await settle()
    assert service.session_in(CHANNEL) is None and service.sessions == []

    # The store saw it all.
    assert await service.records.active_sessions(service.judge, service.hint) == []
    assert rows(store.path, "SELECT round, user_id, points FROM quiz_points ORDER BY round") == [
        (1, ALICE.id, points_for(4, 20, 1)),
        (3, BOB.id, 20),
    ]
    board = await service.records.leaderboard(GUILD)
    assert [(r.rank, r.name) for r in board] == [(1, "bob"), (2, "alice")]
    bob_stats = await service.records.stats(GUILD, BOB.id)
    assert (bob_stats.answered, bob_stats.correct) == (2, 1)
    assert bob_stats.favourite_topic == bases.current.fact(third.question.fact_id).topics[0]


async def test_a_quiz_nobody_plays_ends_idle(make_service, clock: ManualClock) -> None:
    service, listener = make_service()
    await service.start(GUILD, CHANNEL, ALICE.id, settings(rounds=10, max_idle_rounds=2))
    await advance(clock, 500)
    [ended] = await listener.wait(QuizEnded)
    assert ended.reason is EndReason.IDLE and ended.rounds_played == 2
    assert len(listener.events(kind=QuestionAsked)) == 2
    await settle()
    assert service.session_in(CHANNEL) is None


async def test_a_multiple_choice_quiz(make_service, clock: ManualClock) -> None:
    service, listener = make_service()
    await service.start(GUILD, CHANNEL, ALICE.id, settings(rounds=1, mode=QuizMode.MULTIPLE_CHOICE))
    [asked] = listener.events(kind=QuestionAsked)
    question = asked.question
    assert (
        len(question.choices) == 4 and question.choices[question.correct_index] == question.answer
    )
    wrong = str((question.correct_index + 1) % 4)
    assert (await service.submit(CHANNEL, BOB, wrong))[0].reason is Rejection.WRONG
    assert (await service.submit(CHANNEL, BOB, str(question.correct_index)))[0].reason is (
        Rejection.ALREADY_ANSWERED
    )
    events = await service.submit(CHANNEL, ALICE, str(question.correct_index))
    assert isinstance(events[-1], QuizEnded) and events[-1].scoreboard[0].name == "alice"


async def test_settings_are_clamped_and_get_the_service_pause(make_service) -> None:
    service, _ = make_service()
    session = await service.start(GUILD, CHANNEL, ALICE.id, settings(rounds=500, seconds=1.0))
    assert session.settings.seconds == 10.0
    assert len(session.questions) == session.settings.rounds == 50
    assert session.settings.pause_seconds == PAUSE


# -- refusals ------------------------------------------------------------------------------------


async def test_a_second_start_in_the_same_channel_is_refused(make_service, store: Store) -> None:
    service, _ = make_service()
    first = await service.start(GUILD, CHANNEL, ALICE.id, settings())

    with pytest.raises(QuizAlreadyRunning) as info:
        await service.start(GUILD, CHANNEL, BOB.id, settings())

    assert info.value.session is first
    assert service.session_in(CHANNEL) is first
    assert rows(store.path, "SELECT id FROM quiz_sessions") == [(first.id,)]


async def test_an_impossible_topic_raises_no_questions(make_service, store: Store) -> None:
    service, listener = make_service()
    with pytest.raises(NoQuestions):
        await service.start(GUILD, CHANNEL, ALICE.id, settings(topic="no-such-topic"))
    assert service.session_in(CHANNEL) is None
    assert listener.batches == []
    assert rows(store.path, "SELECT COUNT(*) FROM quiz_sessions") == [(0,)]
    # The channel is still free.
    assert await service.start(GUILD, CHANNEL, ALICE.id, settings(topic="trade"))


async def test_a_topic_with_few_facts_gives_a_shorter_quiz(make_service, bases: Bases) -> None:
    service, listener = make_service()
    pool = [f for f in bases.current.facts if "history" in f.topics]
    session = await service.start(GUILD, CHANNEL, ALICE.id, settings(rounds=20, topic="history"))
    assert len(session.questions) == len(pool) < 20
    assert listener.events(kind=QuestionAsked)[0].rounds == len(pool)


async def test_skip_and_stop_through_the_service(make_service, clock: ManualClock) -> None:
    service, listener = make_service()
    await service.start(GUILD, CHANNEL, ALICE.id, settings())

    with pytest.raises(NotAllowed):
        await service.skip(CHANNEL, BOB.id, moderator=False)
    skipped = await service.skip(CHANNEL, BOB.id, moderator=True)
    assert skipped[0].skipped and skipped[0].round == 1

    await advance(clock, PAUSE)
    await listener.wait(QuestionAsked, 2)
    with pytest.raises(NotAllowed):
        await service.stop(CHANNEL, BOB.id, moderator=False)
    [ended] = await service.stop(CHANNEL, ALICE.id, moderator=False)
    assert ended.reason is EndReason.STOPPED and ended.stopped_by == ALICE.id
    assert service.session_in(CHANNEL) is None
    assert await service.submit(CHANNEL, BOB, WRONG) == []
    assert await service.stop(CHANNEL, ALICE.id, moderator=False) == []


# -- two channels ----------------------------------------------------------------------------------


async def test_two_channels_at_once(make_service, clock: ManualClock, store: Store) -> None:
    service, listener = make_service()
    here = await service.start(GUILD, CHANNEL, ALICE.id, settings(rounds=2, seconds=20))
    there = await service.start(GUILD, OTHER_CHANNEL, BOB.id, settings(rounds=2, seconds=40))
    assert {s.id for s in service.sessions} == {here.id, there.id}

    # An answer in one channel is judged against that channel's question only.
    there_answer = answer(service, OTHER_CHANNEL)
    await service.submit(CHANNEL, ALICE, answer(service, CHANNEL))
    assert listener.events(OTHER_CHANNEL, AnswerAccepted) == []
    assert there.scores == {}

    # 20 s: the first channel's round 2 is asked (after the pause) and the second's round 1
    # is still open; 40 s: the second times out.
    await advance(clock, 6)
    await listener.wait(QuestionAsked, 2, channel=CHANNEL)
    assert len(listener.events(OTHER_CHANNEL, QuestionAsked)) == 1
    events = await service.submit(OTHER_CHANNEL, BOB, there_answer)
    assert isinstance(events[0], AnswerAccepted) and events[0].round == 1

    await advance(clock, 30)
    [ended_here] = await listener.wait(QuizEnded, channel=CHANNEL)
    assert ended_here.reason is EndReason.COMPLETED
    await listener.wait(QuestionAsked, 2, channel=OTHER_CHANNEL)
    assert service.session_in(CHANNEL) is None
    assert service.session_in(OTHER_CHANNEL) is there

    await service.stop(OTHER_CHANNEL, BOB.id, moderator=False)
    assert service.sessions == []
    assert rows(store.path, "SELECT channel_id, active FROM quiz_sessions ORDER BY channel_id") == [
        (CHANNEL, 0),
        (OTHER_CHANNEL, 0),
    ]
    assert rows(store.path, "SELECT session_id, user_id FROM quiz_points ORDER BY user_id") == [
        (here.id, ALICE.id),
        (there.id, BOB.id),
    ]


# -- restarts -----------------------------------------------------------------------------------


async def test_a_restart_resumes_the_interrupted_question_and_loses_no_point(
    make_service, clock: ManualClock, store: Store
) -> None:
    service, listener = make_service(seed=3)
    session = await service.start(GUILD, CHANNEL, ALICE.id, settings(rounds=3))
    await advance(clock, 2)
    await service.submit(CHANNEL, ALICE, answer(service))
    await advance(clock, PAUSE)
    [_, interrupted] = await listener.wait(QuestionAsked, 2)
    await service.submit(CHANNEL, BOB, WRONG)
    alice_points = session.scores[ALICE.id].points

    await settle()
    await service.shutdown()
    assert service.sessions == []
    assert rows(store.path, "SELECT active FROM quiz_sessions") == [(1,)]
    batches_before = len(listener.batches)

    # The bot is down for an hour; the old timer must not fire.
    await advance(clock, 3600)
    assert len(listener.batches) == batches_before

    restarted, relistener = make_service(seed=4)
    [resumed] = await restarted.resume_all()
    assert resumed.id == session.id and resumed is not session
    assert restarted.session_in(CHANNEL) is resumed
    [reasked] = relistener.events(kind=QuestionAsked)
    assert reasked.round == 2 and reasked.question == interrupted.question
    assert reasked.deadline == clock.now() + dt.timedelta(seconds=20)
    assert resumed.scores[ALICE.id].points == alice_points
    assert resumed.attempted == set()  # a fresh question: bob may try again

    # Resuming twice does nothing.
    assert await restarted.resume_all() == []

    await advance(clock, 3)
    events = await restarted.submit(CHANNEL, BOB, answer(restarted))
    assert events[0].round == 2 and events[0].points == points_for(3, 20, 1)
    await advance(clock, PAUSE)
    await relistener.wait(QuestionAsked, 2)
    events = await restarted.submit(CHANNEL, ALICE, answer(restarted))
    [ended] = [e for e in events if isinstance(e, QuizEnded)]
    assert ended.reason is EndReason.COMPLETED and ended.rounds_played == 3

    points = rows(store.path, "SELECT session_id, round, user_id, points FROM quiz_points")
    assert sorted((r[1], r[2]) for r in points) == [(1, ALICE.id), (2, BOB.id), (3, ALICE.id)]
    assert {r[0] for r in points} == {session.id}
    assert sum(r[3] for r in points) == sum(s.points for s in ended.scoreboard)
    assert rows(store.path, "SELECT active FROM quiz_sessions") == [(0,)]


async def test_a_restart_between_rounds_waits_a_fresh_pause(
    make_service, clock: ManualClock
) -> None:
    service, _ = make_service()
    await service.start(GUILD, CHANNEL, ALICE.id, settings(rounds=2))
    await service.submit(CHANNEL, ALICE, answer(service))
    await settle()
    await service.shutdown()

    await advance(clock, 600)
    restarted, relistener = make_service()
    [resumed] = await restarted.resume_all()
    assert resumed.round == 1 and resumed.phase is not Phase.ASKING
    assert relistener.events(kind=QuestionAsked) == []
    await advance(clock, PAUSE)
    [asked] = await relistener.wait(QuestionAsked)
    assert asked.round == 2


# -- reloads --------------------------------------------------------------------------------------


async def test_on_reload_drops_questions_whose_facts_disappeared(
    make_service, clock: ManualClock, bases: Bases
) -> None:
    service, listener = make_service(seed=5)
    session = await service.start(GUILD, CHANNEL, ALICE.id, settings(rounds=5))
    planned = [q.fact_id for q in session.questions]
    gone = {planned[0], planned[2], planned[3]}  # the current one and two not yet asked

    bases.current = bases.without(gone)
    await service.on_reload()

    assert [q.fact_id for q in session.questions] == [planned[0], planned[1], planned[4]]
    asked_ids = []
    for round_number in (1, 2, 3):
        [*_, asked] = await listener.wait(QuestionAsked, round_number)
        asked_ids.append(asked.question.fact_id)
        await service.skip(CHANNEL, ALICE.id, moderator=False)
        await advance(clock, PAUSE)
    [ended] = await listener.wait(QuizEnded)
    assert asked_ids == [planned[0], planned[1], planned[4]]
    assert not gone & set(asked_ids[1:])
    assert ended.rounds_played == 3 and ended.reason is EndReason.COMPLETED


async def test_a_restart_after_a_reload_skips_removed_facts(
    make_service, clock: ManualClock, bases: Bases
) -> None:
    service, _ = make_service(seed=6)
    session = await service.start(GUILD, CHANNEL, ALICE.id, settings(rounds=4))
    planned = [q.fact_id for q in session.questions]
    await settle()
    await service.shutdown()

    bases.current = bases.without({planned[2]})
    restarted, relistener = make_service()
    [resumed] = await restarted.resume_all()
    assert [q.fact_id for q in resumed.questions] == [planned[0], planned[1], planned[3]]
    [reasked] = relistener.events(kind=QuestionAsked)
    assert reasked.rounds == 3 and reasked.question.fact_id == planned[0]


async def test_a_reload_between_rounds_removing_the_rest_ends_the_quiz(
    make_service, clock: ManualClock, bases: Bases
) -> None:
    # Regression: the timer task used to die on an IndexError here, blocking the channel.
    service, listener = make_service(seed=7)
    session = await service.start(GUILD, CHANNEL, ALICE.id, settings(rounds=2))
    await service.submit(CHANNEL, ALICE, answer(service))  # round 1 won: now between rounds
    bases.current = bases.without({session.questions[1].fact_id})
    await service.on_reload()

    await advance(clock, PAUSE)

    [ended] = await listener.wait(QuizEnded, within=1.0)
    assert ended.reason is EndReason.COMPLETED and ended.rounds_played == 1
    await settle()
    assert service.session_in(CHANNEL) is None
    assert await service.records.active_sessions(service.judge, service.hint) == []


async def test_a_new_quiz_right_after_a_stop_stays_registered(make_service) -> None:
    service, _ = make_service()
    await service.start(GUILD, CHANNEL, ALICE.id, settings())
    await settle()  # the first quiz's timer is now waiting
    await service.stop(CHANNEL, ALICE.id, moderator=False)
    second = await service.start(GUILD, CHANNEL, ALICE.id, settings())

    await settle()  # the first quiz's timer wakes and finishes

    assert service.session_in(CHANNEL) is second
    assert (await service.submit(CHANNEL, BOB, WRONG))[0].reason is Rejection.WRONG
    assert [s.id for s in await service.records.active_sessions(service.judge, service.hint)] == [
        second.id
    ]


async def test_a_quiz_started_by_the_listener_at_the_end_stays_registered(
    store: Store, bases: Bases, clock: ManualClock
) -> None:
    restarted: list[QuizSession] = []
    collected = Listener()

    async def play_again(session: QuizSession, events: Sequence[Event]) -> None:
        await collected(session, events)
        if any(isinstance(e, QuizEnded) for e in events) and not restarted:
            restarted.append(await service.start(GUILD, CHANNEL, ALICE.id, settings()))

    service = QuizService(
        store, bases, play_again, clock=clock.now, sleep=clock.sleep, rng=random.Random(8)
    )
    try:
        await service.start(GUILD, CHANNEL, ALICE.id, settings(rounds=1))
        await settle()
        await service.submit(CHANNEL, BOB, answer(service))  # ends the first quiz
        await settle()

        [second] = restarted
        assert service.session_in(CHANNEL) is second
    finally:
        await service.shutdown()
        orphans = [t for t in asyncio.all_tasks() if t.get_name() == f"quiz-{CHANNEL}"]
        for task in orphans:
            task.cancel()
        await asyncio.gather(*orphans, return_exceptions=True)


async def test_a_start_after_an_unresumed_restart_retires_the_leftover(
    make_service, store: Store
) -> None:
    service, _ = make_service()
    old = await service.start(GUILD, CHANNEL, ALICE.id, settings())
    await settle()
    await service.shutdown()

    fresh, listener = make_service()
    new = await fresh.start(GUILD, CHANNEL, BOB.id, settings())

    assert listener.events(kind=QuestionAsked)[0].round == 1
    assert dict(rows(store.path, "SELECT id, active FROM quiz_sessions")) == {old.id: 0, new.id: 1}
    assert [s.id for s in await fresh.resume_all()] == []  # the leftover is not resumed


async def test_resume_leaves_the_sessions_an_adapter_does_not_claim(
    make_service: Callable[..., tuple[QuizService, Listener]],
) -> None:
    service, _ = make_service()
    await service.start(GUILD, CHANNEL, ALICE.id, settings(rounds=2))
    await settle()
    await service.shutdown()

    declined, _ = make_service()
    seen: list[int] = []

    def claim(session: QuizSession) -> bool:
        seen.append(session.channel_id)
        return False

    assert await declined.resume_all(claim) == []
    assert seen == [CHANNEL] and declined.session_in(CHANNEL) is None
    # Still active in the database, for an adapter that can play it.
    taker, _ = make_service()
    [resumed] = await taker.resume_all(lambda session: True)
    assert resumed.channel_id == CHANNEL
    await taker.shutdown()
