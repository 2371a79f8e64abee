"""Quizzes end to end: the real bot, the fake Discord, and a clock the test moves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.app import Attache
from bot.core.answers import AnswerService
from bot.core.models import Fact
from bot.core.quiz.session import QuizSession, QuizSettings
from bot.core.store import FactBase
from bot.settings import Settings
from tests.cogs.conftest import Running, make_settings
from tests.support.clock import ManualClock
from tests.support.fake_discord import EPHEMERAL, FakeDiscord

pytestmark = pytest.mark.timeout(40)

MANAGE_MESSAGES = 1 << 13


def title(message: dict[str, Any]) -> str:
    embeds = message.get("embeds") or []
    return embeds[0].get("title", "") if embeds else ""


def description(message: dict[str, Any]) -> str:
    embeds = message.get("embeds") or []
    return embeds[0].get("description", "") if embeds else ""


async def question(
    running: Running, number: int, of: int, channel: str = "general"
) -> dict[str, Any]:
    return await running.fake.wait_for_message(
        lambda m: title(m) == f"Question {number} of {of}", channel=channel, timeout=5
    )


def current_answer(running: Running, channel: str = "general") -> str:
    assert running.bot.quiz is not None
    session = running.bot.quiz.session_in(running.fake.channel_id(channel))
    assert session is not None and session.current is not None
    return session.current.answer


async def start(running: Running, channel: str = "general", user: Any = None, **options: Any):  # type: ignore[no-untyped-def]
    user = user or running.fake.members[0]
    return await running.command(
        "quiz start", options, channel=running.fake.channel_id(channel), user=user
    )


async def test_a_free_text_quiz_with_two_members_racing(running: Running) -> None:
    bob, cleo = running.fake.members[:2]
    _, body = await start(running, user=bob, rounds=2, seconds=30, mode="free")
    assert "started a quiz" in body["data"]["content"]

    first = await question(running, 1, 2)
    assert "Type your answer" in str(first["embeds"][0]["fields"])
    await running.fake.send_message("general", "definitely not it", author=cleo)
    await running.fake.send_message("general", current_answer(running), author=bob)
    revealed = await running.fake.wait_for_message(
        lambda m: m["id"] == first["id"] and "got it" in description(m), timeout=5
    )
    assert "bob" in description(revealed).lower()

    await question(running, 2, 2)
    await running.fake.send_message("general", current_answer(running).upper(), author=cleo)
    final = await running.fake.wait_for_message(lambda m: title(m) == "Quiz over!", timeout=5)
    board = description(final).lower()
    assert "bob" in board and "cleo" in board
    assert final["mentions"] == [] and final["mention_everyone"] is False

    _, body = await running.command("leaderboard")
    assert body["data"].get("embeds"), body
    listed = body["data"]["embeds"][0]["description"].lower()
    assert "bob" in listed and "cleo" in listed
    records = running.bot.quiz.records  # type: ignore[union-attr]
    bob_stats = await records.stats(running.fake.guild_id, bob.id)
    assert bob_stats.correct == 1 and bob_stats.points >= 10


async def test_a_hint_at_half_time_then_the_answer_on_time_out(running: Running) -> None:
    await start(running, rounds=1, seconds=30, mode="free")
    asked = await question(running, 1, 1)
    await running.clock.advance(15)
    hinted = await running.fake.wait_for_message(
        lambda m: m["id"] == asked["id"] and "Hint" in str(m["embeds"][0].get("fields")),
        timeout=5,
    )
    hint = next(f["value"] for f in hinted["embeds"][0]["fields"] if f["name"] == "Hint")
    assert "*" in hint or "number" in hint or "year" in hint or "ordinal" in hint
    answer = current_answer(running)
    await running.clock.advance(15)
    revealed = await running.fake.wait_for_message(
        lambda m: m["id"] == asked["id"] and "Time's up" in description(m), timeout=5
    )
    assert answer in description(revealed)
    assert revealed["embeds"][0]["fields"][0]["name"] == "Source"
    await running.fake.wait_for_message(lambda m: title(m) == "Quiz over!", timeout=5)


async def test_multiple_choice_buttons_one_answer_per_member(running: Running) -> None:
    bob, cleo = running.fake.members[:2]
    await start(running, rounds=1, seconds=30, mode="choice")
    asked = await question(running, 1, 1)
    buttons = [c for row in asked["components"] for c in row["components"]]
    assert len(buttons) == 4
    session = running.bot.quiz.session_in(running.fake.channel_id("general"))  # type: ignore[union-attr]
    assert session is not None and session.current is not None
    right = session.current.correct_index
    wrong = (right + 1) % 4

    def click(index: int, user: Any) -> dict[str, Any]:
        return running.fake.component_click(buttons[index]["custom_id"], message=asked, user=user)

    body = await (await running.fake.interact(click(wrong, cleo))).response()
    assert body["data"]["flags"] & EPHEMERAL and "Not quite" in body["data"]["content"]
    body = await (await running.fake.interact(click(right, cleo))).response()
    assert "already answered" in body["data"]["content"]
    body = await (await running.fake.interact(click(right, bob))).response()
    assert "Correct" in body["data"]["content"]
    revealed = await running.fake.wait_for_message(
        lambda m: m["id"] == asked["id"] and "got it" in description(m), timeout=5
    )
    closed = [c for row in revealed["components"] for c in row["components"]]
    assert len(closed) == 4 and all(c["disabled"] for c in closed)
    assert closed[right]["style"] == 3  # the right answer shown in green
    final = await running.fake.wait_for_message(lambda m: title(m) == "Quiz over!", timeout=5)
    rank_button = final["components"][0]["components"][0]
    click_rank = running.fake.component_click(rank_button["custom_id"], message=final, user=bob)
    body = await (await running.fake.interact(click_rank)).response()
    assert body["data"]["flags"] & EPHEMERAL
    fields = {f["name"]: f["value"] for f in body["data"]["embeds"][0]["fields"]}
    assert fields["Rank"] == "#1"


async def test_stop_by_a_member_who_did_not_start_is_refused(running: Running) -> None:
    bob, cleo = running.fake.members[:2]
    await start(running, user=bob, rounds=3, seconds=30)
    await question(running, 1, 3)
    _, body = await running.command(
        "quiz stop", channel=running.fake.channel_id("general"), user=cleo, permissions=0
    )
    assert body["data"]["flags"] & EPHEMERAL and "Only the person" in body["data"]["content"]
    assert running.bot.quiz.session_in(running.fake.channel_id("general")) is not None  # type: ignore[union-attr]
    _, body = await running.command(
        "quiz stop",
        channel=running.fake.channel_id("general"),
        user=cleo,
        permissions=MANAGE_MESSAGES,
    )
    assert "Stopped" in body["data"]["content"]
    await running.fake.wait_for_message(lambda m: title(m) == "Quiz stopped", timeout=5)


async def test_two_channels_quiz_at_once(running: Running) -> None:
    bob, cleo = running.fake.members[:2]
    await start(running, "general", user=bob, rounds=1, seconds=30)
    await start(running, "bot-commands", user=cleo, rounds=1, seconds=30)
    await question(running, 1, 1, "general")
    await question(running, 1, 1, "bot-commands")
    answer_here = current_answer(running, "general")
    answer_there = current_answer(running, "bot-commands")
    await running.fake.send_message("bot-commands", answer_there, author=cleo)
    await running.fake.wait_for_message(
        lambda m: title(m) == "Quiz over!", channel="bot-commands", timeout=5
    )
    assert running.bot.quiz.session_in(running.fake.channel_id("general")) is not None  # type: ignore[union-attr]
    await running.fake.send_message("general", answer_here, author=bob)
    await running.fake.wait_for_message(
        lambda m: title(m) == "Quiz over!", channel="general", timeout=5
    )


async def test_a_second_quiz_in_the_same_channel_is_refused(running: Running) -> None:
    await start(running, rounds=2)
    await question(running, 1, 2)
    handle, _ = await start(running, rounds=2)
    followups = await handle.followups(1, timeout=5)
    assert "already running" in followups[0]["content"]


async def test_quiz_answer_command_works_without_reading_messages(running: Running) -> None:
    await start(running, rounds=1, mode="free")
    await question(running, 1, 1)
    _, body = await running.command(
        "quiz answer", {"text": "surely wrong"}, channel=running.fake.channel_id("general")
    )
    assert "Not quite" in body["data"]["content"]
    _, body = await running.command(
        "quiz answer", {"text": current_answer(running)}, channel=running.fake.channel_id("general")
    )
    assert "Correct" in body["data"]["content"]


def manual_bot(settings: Settings, clock: ManualClock, cls: type[Attache] = Attache) -> Attache:
    """The real bot on a clock the test moves, for tests that restart it on one database."""
    return cls(settings, clock=clock.now, sleep=clock.sleep, guild_ready_timeout=0.05)


async def first_of_two(running: Running) -> None:
    """A two-question quiz started and its first question shown."""
    await start(running, rounds=2, seconds=30)
    await question(running, 1, 2)


async def first_of_two_resumed(fake: FakeDiscord) -> None:
    """The first question of a two-question quiz, asked again after a restart."""
    await fake.wait_for_message(
        lambda m: title(m) == "Question 1 of 2" and "restarted" in str(m["embeds"][0]),
        timeout=5,
    )


def stored_session(
    session_id: str, guild_id: int, channel_id: int, starter_id: int = 1
) -> QuizSession:
    """A quiz session with no questions, for tests that only need its row in the database."""
    return QuizSession(
        id=session_id,
        guild_id=guild_id,
        channel_id=channel_id,
        starter_id=starter_id,
        settings=QuizSettings(),
        questions=[],
        judge=lambda fact_id, guess: False,
        hinter=lambda fact_id: None,
    )


async def test_a_restart_mid_quiz_resumes_and_loses_no_points(tmp_path: Path) -> None:
    clock = ManualClock()
    async with FakeDiscord() as fake:
        bob = fake.members[0]
        settings = make_settings(tmp_path, dev_guild_id=fake.guild_id)
        first = manual_bot(settings, clock)
        async with fake.run_bot(first):
            running = Running(fake, first, clock)
            await start(running, user=bob, rounds=3, seconds=30)
            await question(running, 1, 3)
            await fake.send_message("general", current_answer(running), author=bob)
            await question(running, 2, 3)
            interrupted = current_answer(running)
        second = manual_bot(settings, clock)
        async with fake.run_bot(second):
            running = Running(fake, second, clock)
            resumed = await fake.wait_for_message(
                lambda m: (
                    title(m) == "Question 2 of 3"
                    and "restarted" in str(m["embeds"][0].get("footer"))
                ),
                timeout=5,
            )
            assert resumed
            assert current_answer(running) == interrupted
            await fake.send_message("general", interrupted, author=bob)
            await question(running, 3, 3)
            await fake.send_message("general", current_answer(running), author=bob)
            final = await fake.wait_for_message(lambda m: title(m) == "Quiz over!", timeout=5)
            assert "3 correct" in description(final)
            stats = await second.quiz.records.stats(fake.guild_id, bob.id)  # type: ignore[union-attr]
            assert stats.correct == 3
        assert fake.internal_errors == []


async def test_a_restart_leaves_quizzes_it_cannot_play_alone(tmp_path: Path) -> None:
    """The terminal console's quiz (server 0) or one in a server that removed the bot is in
    the same database, but this bot can post to neither: it resumes only its own."""
    clock = ManualClock()
    async with FakeDiscord() as fake:
        settings = make_settings(tmp_path, dev_guild_id=fake.guild_id)
        first = manual_bot(settings, clock)
        async with fake.run_bot(first):
            await first_of_two(Running(fake, first, clock))
            for guild_id, channel_id in ((0, 0), (987654321, 987654322)):
                elsewhere = stored_session(f"{channel_id:032x}", guild_id, channel_id)
                await first.quiz.records.record(elsewhere, [])  # type: ignore[union-attr]
        second = manual_bot(settings, clock)
        async with fake.run_bot(second):
            await first_of_two_resumed(fake)
            quiz = second.quiz
            assert quiz is not None
            assert quiz.session_in(0) is None and quiz.session_in(987654322) is None
            left = await quiz.records.active_sessions(quiz.judge, quiz.hint)
            assert {s.channel_id for s in left} >= {0, 987654322}
        assert fake.internal_errors == []


class TracingAttache(Attache):
    """The real bot, noting every SQL statement it runs once its store is open."""

    statements: list[str]

    async def setup_hook(self) -> None:
        self.statements = []
        await super().setup_hook()  # the resume task waits for READY, so it runs after this
        await self.store.db.set_trace_callback(self.statements.append)


async def test_resuming_after_a_restart_reads_the_active_sessions_once(tmp_path: Path) -> None:
    clock = ManualClock()
    async with FakeDiscord() as fake:
        settings = make_settings(tmp_path, dev_guild_id=fake.guild_id)
        first = manual_bot(settings, clock)
        async with fake.run_bot(first):
            await first_of_two(Running(fake, first, clock))
        second = manual_bot(settings, clock, TracingAttache)
        async with fake.run_bot(second):
            await first_of_two_resumed(fake)
            reads = [s for s in second.statements if "FROM quiz_sessions WHERE active = 1" in s]
            assert len(reads) == 1, reads
        assert fake.internal_errors == []


async def test_the_leaderboard_pages_with_buttons(running: Running) -> None:
    from bot.core.quiz.events import AnswerAccepted, Player

    records = running.bot.quiz.records  # type: ignore[union-attr]
    guild = running.fake.guild_id
    for number in range(12):  # twelve players with distinct totals, stored as real wins
        session = stored_session(f"{number:032x}", guild, 1000 + number, starter_id=number)
        player = Player(number, f"player {number:02d}")
        win = AnswerAccepted(1, player, 10 + number, 1, 1.0, "sergei-lavrov-foreign-minister")
        await records.record(session, [win])
    _, body = await running.command("leaderboard")
    first = body["data"]["embeds"][0]
    assert "player 11" in first["description"] and "player 00" not in first["description"]
    assert first["footer"]["text"] == "Page 1 of 2"
    message = await (
        await running.fake.interact(running.fake.slash_command("leaderboard"))
    ).original_message()
    buttons = [c for row in message["components"] for c in row["components"]]
    assert buttons[0]["disabled"] and not buttons[1]["disabled"]
    click = running.fake.component_click(buttons[1]["custom_id"], message=message)
    page = await (await running.fake.interact(click)).response()
    assert page["type"] == 7  # the same message, edited
    second = page["data"]["embeds"][0]
    assert "player 00" in second["description"] and second["footer"]["text"] == "Page 2 of 2"


async def test_server_quiz_defaults_need_manage_server(running: Running) -> None:
    manage_guild = 1 << 5
    channel = running.fake.channel_id("general")
    _, body = await running.command(
        "quiz settings", {"rounds": 3, "mode": "choice"}, channel=channel, permissions=0
    )
    assert body["data"]["flags"] & EPHEMERAL and "Manage Server" in body["data"]["content"]
    _, body = await running.command(
        "quiz settings", {"rounds": 3, "mode": "choice"}, channel=channel, permissions=manage_guild
    )
    assert "Saved" in body["data"]["content"]
    await start(running)
    asked = await question(running, 1, 3)
    assert len([c for row in asked["components"] for c in row["components"]]) == 4


class BrokenFactBase(FactBase):
    """A fact base whose look-ups fail, as a corrupted snapshot or a bug in one would."""

    def fact(self, fact_id: str) -> Fact | None:
        raise RuntimeError("the fact base is broken")


async def test_a_quiz_whose_timer_fails_frees_its_channel_and_says_so(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    await start(running, rounds=3, seconds=30, mode="free")
    await question(running, 1, 3)
    facts = running.bot.facts
    good = facts.answers
    base = good.base
    # The hint at half time looks the fact up: the quiz's timer task fails there.
    facts.answers = AnswerService(
        BrokenFactBase(base.articles, base.facts, base.build), good.matcher
    )
    await running.clock.advance(15)
    stopped = await running.fake.wait_for_message(lambda m: "went wrong" in title(m), timeout=5)
    assert "/quiz start" in description(stopped)
    assert any("failed" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert running.bot.quiz.session_in(running.fake.channel_id("general")) is None  # type: ignore[union-attr]
    async with running.bot.store.db.execute(
        "SELECT COUNT(*) FROM quiz_sessions WHERE active = 1"
    ) as cursor:
        assert await cursor.fetchone() == (0,), "a restart must not resume the failed quiz"

    facts.answers = good
    _, body = await start(running, rounds=1, seconds=30)
    assert "started a quiz" in body["data"]["content"]
    await question(running, 1, 1)


@pytest.mark.parametrize("settings_overrides", [{"message_content": False, "quiz_mode": "free"}])
async def test_without_message_content_typed_quizzes_point_to_quiz_answer(
    running: Running,
) -> None:
    # No mode given: the default is typed answers, which the bot cannot read here.
    _, body = await start(running, "general", rounds=1)
    assert "/quiz answer" in body["data"]["content"]
    manage_guild = 1 << 5
    channel = running.fake.channel_id("bot-commands")
    await running.command(
        "quiz settings", {"mode": "choice"}, channel=channel, permissions=manage_guild
    )
    # This server now defaults to buttons: nothing to type, so no note.
    _, body = await start(running, "bot-commands", rounds=1)
    assert "started a quiz" in body["data"]["content"]
    assert "/quiz answer" not in body["data"]["content"]


async def test_reloading_the_quiz_extension_pauses_and_resumes_its_quizzes(
    running: Running,
) -> None:
    bob = running.fake.members[0]
    await start(running, user=bob, rounds=2, seconds=30)
    await question(running, 1, 2)
    listeners = len(running.bot.facts._listeners)
    await running.bot.reload_extension("bot.cogs.quiz")
    # The unloaded cog stopped hearing fact-base swaps: only the new one does.
    assert len(running.bot.facts._listeners) == listeners
    await running.fake.wait_for_message(lambda m: "restarting" in m["content"], timeout=5)
    await first_of_two_resumed(running.fake)
    await running.fake.send_message("general", current_answer(running), author=bob)
    await question(running, 2, 2)
    notices = [m for m in running.fake.channel_messages("general") if "restarting" in m["content"]]
    assert len(notices) == 1
