"""Running quizzes: one session per channel, their timers, answer checking and records.

The Discord cog and the terminal console both drive quizzes through `QuizService`; they
only render events. Time is injected twice: `clock` says what time it is and `sleep` waits,
so tests can run a whole timed quiz in virtual time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace

from bot.core.answer_check import AnswerChecker
from bot.core.quiz.events import AnswerAccepted, Event, Player, QuestionAsked, QuizEnded
from bot.core.quiz.hints import hint_for
from bot.core.quiz.questions import QuestionDrawer, QuizMode
from bot.core.quiz.records import QuizRecords
from bot.core.quiz.session import QuizSession, QuizSettings
from bot.core.store import Clock, FactBase, Store, StoreError

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
# Called with every batch of events, after they are recorded.
Listener = Callable[[QuizSession, Sequence[Event]], Awaitable[None]]


class QuizAlreadyRunning(Exception):
    def __init__(self, session: QuizSession) -> None:
        super().__init__("a quiz is already running in this channel")
        self.session = session


class NoQuestions(Exception):
    """No fact matches the requested topic and difficulty."""


@dataclass
class _Running:
    session: QuizSession
    lock: asyncio.Lock
    wake: asyncio.Event
    task: asyncio.Task[None] | None = None


class QuizService:
    def __init__(
        self,
        store: Store,
        base: Callable[[], FactBase],
        listener: Listener,
        *,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        pause_seconds: float = 5.0,
    ) -> None:
        self.records = QuizRecords(store, clock)
        self._base = base
        self._listener = listener
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._pause = pause_seconds
        self._running: dict[int, _Running] = {}
        self._checkers: dict[str, AnswerChecker] = {}
        self._unrecorded: dict[str, list[Event]] = {}
        self._checker_base: FactBase | None = None

    # -- answer checking and hints, against the current fact base --------------------------
    def judge(self, fact_id: str, guess: str) -> bool:
        checker = self._checker(fact_id)
        return checker is not None and checker.check(guess).correct

    def _checker(self, fact_id: str) -> AnswerChecker | None:
        """A cached checker for a fact, built against the current fact base.

        After a reload, checkers of facts the new base still has are rebuilt (the answer may
        have changed); a question already asked about a removed fact keeps its checker,
        built when the question was asked, and so finishes normally.
        """
        base = self._base()
        if base is not self._checker_base:
            self._checkers = {k: v for k, v in self._checkers.items() if base.fact(k) is None}
            self._checker_base = base
        checker = self._checkers.get(fact_id)
        if checker is None:
            fact = base.fact(fact_id)
            if fact is None:
                return None
            checker = self._checkers[fact_id] = AnswerChecker(fact)
        return checker

    def hint(self, fact_id: str) -> str | None:
        fact = self._base().fact(fact_id)
        return hint_for(fact) if fact is not None else None

    # -- lifecycle -------------------------------------------------------------------------
    def session_in(self, channel_id: int) -> QuizSession | None:
        running = self._running.get(channel_id)
        return running.session if running else None

    @property
    def sessions(self) -> list[QuizSession]:
        return [r.session for r in self._running.values()]

    async def start(
        self, guild_id: int, channel_id: int, starter_id: int, settings: QuizSettings
    ) -> QuizSession:
        if channel_id in self._running:
            raise QuizAlreadyRunning(self._running[channel_id].session)
        settings = settings.clamped()
        drawer = QuestionDrawer(self._base().facts, self._rng)
        questions = drawer.draw(settings.rounds, settings.mode, settings.topic, settings.difficulty)
        if not questions:
            raise NoQuestions()
        session = QuizSession(
            id=uuid.uuid4().hex,
            guild_id=guild_id,
            channel_id=channel_id,
            starter_id=starter_id,
            settings=replace(settings, pause_seconds=self._pause),
            questions=questions,
            judge=self.judge,
            hinter=self.hint,
        )
        # Claimed before the first await: two starts at the same moment cannot both pass.
        running = self._running[channel_id] = _Running(session, asyncio.Lock(), asyncio.Event())
        async with running.lock:
            try:
                # Not running here, so any session the database still calls active is a leftover.
                await self.records.retire_channel(channel_id)
            except BaseException:
                del self._running[channel_id]
                raise
            await self._emit(session, session.start(self._clock()))
        running.task = asyncio.create_task(self._drive(running), name=f"quiz-{channel_id}")
        return session

    async def resume_all(
        self, claim: Callable[[QuizSession], bool] | None = None
    ) -> list[QuizSession]:
        """Pick up every quiz a restart interrupted, re-asking its current question.

        `claim` sees each session before its question is re-asked and says whether this
        adapter can play it (the Discord bot cannot play the terminal's quiz, nor one in a
        server it has left); it also lets an adapter word the question as a resumed one
        without reading the sessions a second time. Unclaimed sessions stay as they are.
        """
        resumed = []
        for session in await self.records.active_sessions(self.judge, self.hint):
            if session.channel_id in self._running:
                continue
            if claim is not None and not claim(session):
                continue
            running = self._running[session.channel_id] = _Running(
                session, asyncio.Lock(), asyncio.Event()
            )
            async with running.lock:
                session.shorten_to(lambda q: self._base().fact(q.fact_id) is not None)
                await self._emit(session, session.resume(self._clock()))
            running.task = asyncio.create_task(self._drive(running), name="quiz-resumed")
            resumed.append(session)
        return resumed

    async def submit(self, channel_id: int, player: Player, guess: str) -> list[Event]:
        running = self._running.get(channel_id)
        if running is None:
            return []
        async with running.lock:
            events = running.session.submit(player, guess, self._clock())
            await self._emit(running.session, events)
        running.wake.set()
        return events

    async def skip(self, channel_id: int, user_id: int, *, moderator: bool) -> list[Event]:
        return await self._control(channel_id, "skip", user_id, moderator)

    async def stop(self, channel_id: int, user_id: int, *, moderator: bool) -> list[Event]:
        return await self._control(channel_id, "stop", user_id, moderator)

    async def _control(
        self, channel_id: int, action: str, user_id: int, moderator: bool
    ) -> list[Event]:
        running = self._running.get(channel_id)
        if running is None:
            return []
        async with running.lock:
            session = running.session
            method = session.skip if action == "skip" else session.stop
            events = method(user_id, self._clock(), moderator=moderator)
            await self._emit(session, events)
        running.wake.set()
        return events

    async def on_reload(self) -> None:
        """Facts removed by a reload are never asked afterwards."""
        base = self._base()
        for running in self._running.values():
            async with running.lock:
                running.session.shorten_to(lambda q: base.fact(q.fact_id) is not None)

    async def shutdown(self) -> None:
        """Stop the timers; sessions stay active in the database and resume at next start."""
        tasks = [r.task for r in self._running.values() if r.task is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._running.clear()

    # -- the timer loop --------------------------------------------------------------------
    async def _drive(self, running: _Running) -> None:
        session = running.session
        failed = False
        try:
            while session.ended is None:
                wakeup = session.next_wakeup
                if wakeup is None:
                    return
                delay = (wakeup - self._clock()).total_seconds()
                if delay > 0:
                    running.wake.clear()
                    sleeper = asyncio.ensure_future(self._sleep(delay))
                    woken = asyncio.ensure_future(running.wake.wait())
                    _, pending = await asyncio.wait(
                        {sleeper, woken}, return_when=asyncio.FIRST_COMPLETED
                    )
                    for task in pending:
                        task.cancel()
                    continue
                async with running.lock:
                    await self._emit(session, session.tick(self._clock()))
        except Exception:  # a cancelled task is no Exception: it goes on up
            log.exception("quiz %s in channel %s failed", session.id, session.channel_id)
            failed = True
            await self._end_failed(running)
        finally:
            # Only our own entry: a new quiz may already be running in this channel. A failed
            # quiz lets go even if ending it failed too, or nobody could start another here
            # until a restart.
            if (session.ended is not None or failed) and self._running.get(
                session.channel_id
            ) is running:
                del self._running[session.channel_id]

    async def _end_failed(self, running: _Running) -> None:
        """Record the failed quiz as over (a restart must not resume it into the same error)
        and tell the players, as far as the failure allows."""
        session = running.session
        try:
            async with running.lock:
                await self._emit(session, session.fail())
        except Exception:
            log.exception("quiz %s: could not end the failed quiz cleanly", session.id)
        # Nothing will drive this session again, so nothing would retry its unsaved events.
        if self._unrecorded.pop(session.id, None) is not None:
            log.error("quiz %s failed and could not be saved as over", session.id)

    async def _emit(self, session: QuizSession, events: Sequence[Event]) -> None:
        if not events and session.ended is None:
            return
        for event in events:
            if isinstance(event, QuestionAsked) and event.question.mode is QuizMode.FREE_TEXT:
                self._checker(event.question.fact_id)  # built now, not on the first answer
        # Events a failed write could not store are kept and written with the next batch:
        # a locked database delays a point, it does not lose it (and never doubles it).
        pending = self._unrecorded.pop(session.id, [])
        # The topic of each fact a point is awarded for (for "favourite topic" stats).
        base = self._base()
        topics = {
            e.fact_id: fact.topics[0]
            for e in [*pending, *events]
            if isinstance(e, AnswerAccepted) and (fact := base.fact(e.fact_id)) is not None
        }
        try:
            await self.records.record(session, [*pending, *events], topics)
        except StoreError as exc:
            log.error(
                "quiz %s: could not save (will retry with the next event): %s", session.id, exc
            )
            self._unrecorded[session.id] = [*pending, *events]
        if any(isinstance(e, QuizEnded) for e in events):
            current = self._running.get(session.channel_id)
            if current is not None and current.session is session:
                del self._running[session.channel_id]
        await self._listener(session, events)
