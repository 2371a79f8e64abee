"""Soak: 200 channels quizzing at once, members racing with typed answers, nothing lost.

The real bot runs on real time (``utc_now`` and ``asyncio.sleep``) against the fake Discord,
so the timers, the SQLite writes and the REST round trips all happen as they would in
production, only over 127.0.0.1. The figures are printed for a human to read; the test only
asserts correctness: every quiz ends, every won round is stored once, with the points the
players were shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import re
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pytest

from bot.app import Attache
from tests.cogs.conftest import make_settings
from tests.support.clock import ManualClock
from tests.support.fake_discord import FakeDiscord, FakeMember, FakeWorld, RecordedRequest

pytestmark = pytest.mark.timeout(120)

T = TypeVar("T")

CHANNELS = 200
ROUNDS = 5
EXTRA_PLAYERS = ("dora", "eli", "fay", "gus")  # with the default bob and cleo: six players
WRONG_GUESSES = ("no idea", "pass", "qwerty", "zzz definitely wrong", "blue cheese sandwich")
STEP_TIMEOUT = 45.0  # one round (or one start) in one channel; far above anything expected
QUESTION = re.compile(r"Question (\d+) of (\d+)")
WON = re.compile(r"✅ \*\*(?P<name>.+?)\*\* got it(?: \(\+(?P<points>\d+) points\))?")
SCORE_LINE = re.compile(r"\*\*(?P<name>.+?)\*\*: (?P<points>\d+) points")


@dataclass
class Seen:
    """One REST request the bot made, as the tracker filed it."""

    time: float
    description: str


@dataclass
class ChannelPlay:
    """What one channel's driver did, for the checks at the end."""

    channel_id: int
    right_senders: dict[int, set[str]] = field(default_factory=dict)  # round -> names
    wrong: int = 0
    right: int = 0


class Tracker:
    """Files the bot's question, reveal and final messages by channel and round, as they come.

    One pass over ``fake.requests`` per change in the fake (instead of one predicate per
    waiting channel over every stored message), so 200 waiting channels cost next to nothing.
    """

    def __init__(self, fake: FakeDiscord, channel_ids: list[int]) -> None:
        self.fake = fake
        self.channel_ids = set(channel_ids)
        self.questions: dict[tuple[int, int], Seen] = {}
        self.reveals: dict[tuple[int, int], Seen] = {}
        self.finals: dict[int, tuple[str, Seen]] = {}
        self.failed: list[RecordedRequest] = []
        self._read = 0
        self._waiters: dict[tuple[str, int, int], asyncio.Future[Seen]] = {}

    def pump(self) -> bool:
        """Read the requests made since the last call; True once every channel's quiz is over."""
        requests = self.fake.requests
        while self._read < len(requests):
            self._file(requests[self._read])
            self._read += 1
        return len(self.finals) == len(self.channel_ids)

    def _file(self, request: RecordedRequest) -> None:
        if request.route not in ("create_message", "edit_message"):
            return
        channel_id = int(request.params["channel_id"])
        if channel_id not in self.channel_ids:
            return
        if request.status >= 400:
            self.failed.append(request)
            return
        embeds = (request.json or {}).get("embeds") or []
        if not embeds:
            return
        title, description = embeds[0].get("title", ""), embeds[0].get("description", "")
        seen = Seen(request.time, description)
        asked = QUESTION.fullmatch(title)
        if asked is not None:
            key = (channel_id, int(asked[1]))
            if "The answer:" in description:
                self.reveals.setdefault(key, seen)
                self._resolve(("reveal", *key), seen)
            elif request.route == "create_message":
                self.questions.setdefault(key, seen)
                self._resolve(("question", *key), seen)
        elif title.startswith("Quiz") or title.startswith("No questions"):
            self.finals.setdefault(channel_id, (title, seen))
            self._resolve(("final", channel_id, 0), seen)

    def _future(self, key: tuple[str, int, int]) -> asyncio.Future[Seen]:
        if key not in self._waiters:
            self._waiters[key] = asyncio.get_running_loop().create_future()
        return self._waiters[key]

    def _resolve(self, key: tuple[str, int, int], seen: Seen) -> None:
        future = self._future(key)
        if not future.done():
            future.set_result(seen)

    async def question(self, channel_id: int, round_: int) -> Seen:
        return await _bounded(self._future(("question", channel_id, round_)), "a question")

    async def reveal(self, channel_id: int, round_: int) -> Seen:
        return await _bounded(self._future(("reveal", channel_id, round_)), "a reveal")


async def _bounded(awaitable: Awaitable[T], what: str) -> T:
    try:
        return await asyncio.wait_for(asyncio.shield(awaitable), STEP_TIMEOUT)
    except TimeoutError:
        raise AssertionError(f"timed out after {STEP_TIMEOUT:.0f}s waiting for {what}") from None


class LagProbe:
    """Sleeps 10 ms in a loop and records how late each wake-up is (event-loop lag)."""

    def __init__(self, interval: float = 0.010) -> None:
        self.interval = interval
        self.lags: list[float] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="lag-probe")

    async def stop(self) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(self.interval)
            self.lags.append(max(0.0, loop.time() - before - self.interval))


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def display(member: FakeMember) -> str:
    return member.nick or member.user.global_name or member.user.username


async def play_channel(
    fake: FakeDiscord,
    bot: Attache,
    tracker: Tracker,
    play: ChannelPlay,
    players: list[FakeMember],
    rng: random.Random,
    latencies: list[float],
) -> None:
    """Every round: a few wrong guesses, then one or two members race with the right answer."""
    loop = asyncio.get_running_loop()
    assert bot.quiz is not None
    for round_ in range(1, ROUNDS + 1):
        await tracker.question(play.channel_id, round_)
        session = bot.quiz.session_in(play.channel_id)
        assert session is not None and session.round == round_ and session.current is not None
        fact_id, answer = session.current.fact_id, session.current.answer
        for _ in range(rng.randint(1, 3)):
            guess = rng.choice(WRONG_GUESSES)
            assert not bot.quiz.judge(fact_id, guess), f"{guess!r} is right for {fact_id}"
            await fake.send_message(play.channel_id, guess, author=rng.choice(players))
            play.wrong += 1
        # A losing racer's answer can reach the bot after the next question is out; it must
        # then be a wrong guess there, or the next round would be won by this round's racer.
        upcoming = session.questions[round_] if round_ < len(session.questions) else None
        clash = upcoming is not None and bot.quiz.judge(upcoming.fact_id, answer)
        racers = rng.sample(players, 1 if clash else rng.choice((1, 2, 2)))
        play.right_senders[round_] = {display(m) for m in racers}
        sent = loop.time()
        await asyncio.gather(
            *(
                fake.send_message(
                    play.channel_id, answer.upper() if rng.random() < 0.3 else answer, author=m
                )
                for m in racers
            )
        )
        play.right += len(racers)
        revealed = await tracker.reveal(play.channel_id, round_)
        if "got it" in revealed.description:
            latencies.append(revealed.time - sent)


async def test_200_channels_race_through_free_text_quizzes_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot")
    world = FakeWorld.default()
    channels = [world.add_channel(f"soak-{i:03d}") for i in range(CHANNELS)]
    for name in EXTRA_PLAYERS:
        world.add_member(name, global_name=name.title())
    rng = random.Random(20240420)
    # Real Discord gives 3 s to answer an interaction; a slow CI runner under this load must
    # not turn into a false failure, so the window is wider here (expiry is tested elsewhere).
    async with FakeDiscord(world=world, interaction_callback_ttl=30.0) as fake:
        players = fake.members
        settings = make_settings(
            tmp_path,
            dev_guild_id=fake.guild_id,
            quiz_pause_seconds=0.0,
            user_rate=1000,
            channel_rate=10000,
            answer_rate=1000,
            rate_per_seconds=1.0,
        )
        bot = Attache(settings, rng=random.Random(7), guild_ready_timeout=0.05)
        async with fake.run_bot(bot):
            assert bot.quiz is not None
            loop = asyncio.get_running_loop()
            channel_ids = [c.id for c in channels]
            tracker = Tracker(fake, channel_ids)
            watcher = asyncio.create_task(
                fake.wait_for(tracker.pump, timeout=110.0, what="every quiz to end")
            )
            probe = LagProbe()
            probe.start()
            began = loop.time()
            try:
                # 200 /quiz start at once, from every player in turn.
                handles = await asyncio.gather(
                    *(
                        fake.interact(
                            fake.slash_command(
                                "quiz start",
                                {"rounds": ROUNDS, "seconds": 30, "mode": "free"},
                                channel=channel_id,
                                user=players[i % len(players)],
                            )
                        )
                        for i, channel_id in enumerate(channel_ids)
                    )
                )
                bodies = await asyncio.gather(*(h.response(timeout=STEP_TIMEOUT) for h in handles))
                started = loop.time()
                assert all("started a quiz" in b["data"]["content"] for b in bodies)

                plays = [ChannelPlay(channel_id) for channel_id in channel_ids]
                latencies: list[float] = []
                await asyncio.gather(
                    *(
                        play_channel(
                            fake,
                            bot,
                            tracker,
                            play,
                            players,
                            random.Random(rng.random()),
                            latencies,
                        )
                        for play in plays
                    )
                )
                await asyncio.wait_for(asyncio.shield(watcher), STEP_TIMEOUT)
                finished = loop.time()
            finally:
                await probe.stop()
                watcher.cancel()

            async with bot.store.db.execute(
                "SELECT s.channel_id, p.round, p.user_name, p.points, p.session_id"
                " FROM quiz_points p JOIN quiz_sessions s ON s.id = p.session_id"
            ) as cursor:
                point_rows = await cursor.fetchall()
            async with bot.store.db.execute(
                "SELECT channel_id, COUNT(*), SUM(active) FROM quiz_sessions GROUP BY channel_id"
            ) as cursor:
                session_rows = {int(r[0]): (int(r[1]), int(r[2])) for r in await cursor.fetchall()}
            leftover = bot.quiz.sessions

        assert fake.internal_errors == []

    # -- the figures ---------------------------------------------------------------------------
    wrong = sum(p.wrong for p in plays)
    right = sum(p.right for p in plays)
    typed = wrong + right
    wall = finished - began
    playing = finished - started
    ms = 1000.0
    lags = probe.lags
    with capsys.disabled():
        print()
        print(
            f"soak: {CHANNELS} channels x {ROUNDS} rounds, {len(players)} players,"
            " real clock, quiz_pause_seconds=0"
        )
        print(
            f"  messages: {typed} typed answers ({wrong} wrong, {right} right)"
            f" + {CHANNELS} /quiz start = {typed + CHANNELS} total"
        )
        print(f"  REST requests the bot made to the fake: {len(fake.requests)}")
        print(
            f"  wall time: {wall:.2f} s (all {CHANNELS} starts answered in"
            f" {started - began:.2f} s, then {playing:.2f} s of play)"
        )
        print(f"  answers/second: {typed / playing:.0f} (typed answers over the play time)")
        print(
            f"  event-loop lag ({len(lags)} samples of a 10 ms sleep):"
            f" p50 {percentile(lags, 50) * ms:.1f} ms, p99 {percentile(lags, 99) * ms:.1f} ms,"
            f" max {max(lags, default=0.0) * ms:.1f} ms"
        )
        print(
            f"  answer latency (right answer sent -> reveal edit, {len(latencies)} rounds):"
            f" p50 {percentile(latencies, 50) * ms:.1f} ms,"
            f" p95 {percentile(latencies, 95) * ms:.1f} ms,"
            f" p99 {percentile(latencies, 99) * ms:.1f} ms"
        )
        won = sum("got it" in r.description for r in tracker.reveals.values())
        print(
            f"  rounds won: {won} of {CHANNELS * ROUNDS};"
            f" points stored: {sum(int(r[3]) for r in point_rows)}"
        )

    # -- correctness ---------------------------------------------------------------------------
    assert tracker.failed == [], [r.short() for r in tracker.failed[:5]]
    assert leftover == [], "a quiz is still running after its final message"
    assert {cid: title for cid, (title, _) in tracker.finals.items()} == dict.fromkeys(
        channel_ids, "Quiz over!"
    )
    assert session_rows == dict.fromkeys(channel_ids, (1, 0)), "one finished session a channel"
    assert len(tracker.questions) == len(tracker.reveals) == CHANNELS * ROUNDS

    stored = {(int(r[0]), int(r[1])): (str(r[2]), int(r[3])) for r in point_rows}
    assert len(stored) == len(point_rows)
    shown: dict[tuple[int, int], tuple[str, int]] = {}
    for key, reveal in tracker.reveals.items():
        won_by = WON.search(reveal.description)
        if won_by is not None:
            assert won_by["points"] is not None, f"a win without its points: {reveal.description}"
            shown[key] = (won_by["name"], int(won_by["points"]))
    # Every won round stored exactly once, to the member and with the points the reveal showed.
    assert stored == shown
    assert len(shown) == CHANNELS * ROUNDS, "every round has a right answer, so all are won"
    by_channel = {p.channel_id: p for p in plays}
    for (channel_id, round_), (name, _) in shown.items():
        assert name in by_channel[channel_id].right_senders[round_], "a wrong guess won"

    for channel_id in channel_ids:
        _, final = tracker.finals[channel_id]
        board = {
            m["name"]: int(m["points"])
            for m in SCORE_LINE.finditer(final.description)
            if m["points"] != "0"  # players who only guessed wrong are listed with 0
        }
        in_db: dict[str, int] = {}
        for (cid, _), (name, points) in stored.items():
            if cid == channel_id:
                in_db[name] = in_db.get(name, 0) + points
        # The scoreboard players saw and the database agree, player by player.
        assert board == in_db, (channel_id, board, in_db)

    # Nothing failed on the bot's side (no "could not post", no swallowed exception).
    problems = [
        f"{r.name}: {r.getMessage()}"
        for r in caplog.records
        if r.levelno >= logging.ERROR or (r.levelno >= logging.WARNING and r.name.startswith("bot"))
    ]
    assert problems == []


# -- concurrent starts in one channel ----------------------------------------------------------
RACE_CHANNELS = 4


async def test_two_members_starting_a_quiz_in_one_channel_at_once_get_one_quiz(
    tmp_path: Path,
) -> None:
    world = FakeWorld.default()
    channels = [world.add_channel(f"race-{i}") for i in range(RACE_CHANNELS)]
    async with FakeDiscord(world=world) as fake:
        settings = make_settings(tmp_path, dev_guild_id=fake.guild_id)
        clock = ManualClock()
        bot = Attache(settings, clock=clock.now, sleep=clock.sleep, guild_ready_timeout=0.05)
        async with fake.run_bot(bot):
            assert bot.quiz is not None
            bob, cleo = fake.members[:2]
            # Bob and Cleo press enter on /quiz start at the same moment, in every channel.
            handles = await asyncio.gather(
                *(
                    fake.interact(
                        fake.slash_command(
                            "quiz start",
                            {"rounds": 2, "seconds": 30, "mode": "free"},
                            channel=channel.id,
                            user=user,
                        )
                    )
                    for channel in channels
                    for user in (bob, cleo)
                )
            )
            for handle in handles:
                await handle.response(timeout=5)
            # Whatever happens, each channel's second start gets exactly one followup.
            pairs = [handles[i : i + 2] for i in range(0, len(handles), 2)]
            await fake.wait_for(
                lambda: all(sum(len(h.record.followups) for h in pair) >= 1 for pair in pairs),
                timeout=5,
                what="one followup per channel",
            )
            notes = [[f["content"] for h in pair for f in h.record.followups] for pair in pairs]
            assert all(len(n) == 1 and "already running" in n[0] for n in notes), (
                f"the second starter was not told a quiz is running: {notes}"
            )

            for channel in channels:
                await fake.wait_for_message(
                    lambda m: QUESTION.fullmatch(_title(m)) is not None,
                    channel=channel.id,
                    timeout=5,
                )
                asked = [
                    m
                    for m in fake.channel_messages(channel.id)
                    if QUESTION.fullmatch(_title(m)) is not None
                ]
                assert len(asked) == 1, "one quiz, one first question"
                session = bot.quiz.session_in(channel.id)
                assert session is not None and session.current is not None
                async with bot.store.db.execute(
                    "SELECT id FROM quiz_sessions WHERE channel_id = ? AND active = 1",
                    (channel.id,),
                ) as cursor:
                    assert await cursor.fetchall() == [(session.id,)]
                # The question on screen is the one the channel's answers are judged against.
                await fake.send_message(channel.id, session.current.answer, author=bob)
                await fake.wait_for_message(
                    lambda m, mid=asked[0]["id"]: m["id"] == mid and "got it" in str(m["embeds"]),
                    channel=channel.id,
                    timeout=5,
                )
        assert fake.internal_errors == []


def _title(message: dict[str, object]) -> str:
    embeds = message.get("embeds") or []
    assert isinstance(embeds, list)
    return str(embeds[0].get("title", "")) if embeds else ""
