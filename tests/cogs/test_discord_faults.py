"""Discord misbehaving mid-quiz: every fault is logged and no quiz is left stuck.

The real bot runs against the fake Discord with a ManualClock (the `running` fixture). Each
test injects one fault the way Discord would show it to the bot: a dropped gateway socket, an
op 7 RECONNECT, a deleted round message (404 10008 on the edit), an interaction delivered
after its 3-second window (10062 on the callback) and missing permissions (403 50013).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import pytest

from tests.cogs.conftest import Running

pytestmark = pytest.mark.timeout(40)

# Permission bits (as the fake's world models them).
SEND_MESSAGES = 1 << 11
UNKNOWN_MESSAGE = 10008
UNKNOWN_INTERACTION = 10062
MISSING_PERMISSIONS = 50013


def title(message: dict[str, Any]) -> str:
    embeds = message.get("embeds") or []
    return embeds[0].get("title", "") if embeds else ""


def description(message: dict[str, Any]) -> str:
    embeds = message.get("embeds") or []
    return embeds[0].get("description", "") if embeds else ""


async def start(running: Running, channel: str = "general", **options: Any) -> dict[str, Any]:
    options = {"seconds": 30, "mode": "free", **options}
    _, body = await running.command("quiz start", options, channel=running.fake.channel_id(channel))
    return body


async def question(
    running: Running, number: int, of: int, channel: str = "general"
) -> dict[str, Any]:
    return await running.fake.wait_for_message(
        lambda m: title(m) == f"Question {number} of {of}" and "The answer:" not in description(m),
        channel=channel,
        timeout=5,
    )


def current_answer(running: Running, channel: str = "general") -> str:
    assert running.bot.quiz is not None
    session = running.bot.quiz.session_in(running.fake.channel_id(channel))
    assert session is not None and session.current is not None
    return session.current.answer


async def won(running: Running, number: int, of: int, channel: str = "general") -> dict[str, Any]:
    """The reveal of a won round (an edit of the question, or a new message)."""
    return await running.fake.wait_for_message(
        lambda m: title(m) == f"Question {number} of {of}" and "got it" in description(m),
        channel=channel,
        timeout=5,
    )


async def quiz_over(running: Running, channel: str = "general") -> dict[str, Any]:
    return await running.fake.wait_for_message(
        lambda m: title(m) == "Quiz over!", channel=channel, timeout=5
    )


async def stored_rounds(running: Running, channel: str = "general") -> list[int]:
    async with running.bot.store.db.execute(
        "SELECT p.round FROM quiz_points p JOIN quiz_sessions s ON s.id = p.session_id"
        " WHERE s.channel_id = ? ORDER BY p.round",
        (running.fake.channel_id(channel),),
    ) as cursor:
        return [int(row[0]) for row in await cursor.fetchall()]


def logged(caplog: pytest.LogCaptureFixture, text: str, level: int = logging.DEBUG) -> bool:
    return any(text in r.getMessage() and r.levelno >= level for r in caplog.records)


async def eventually(check: Callable[[], object], *, within: float = 5.0, what: str = "") -> None:
    """Poll ``check()`` (log records and bot state do not wake the fake's waiters)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not check():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {within:.1f}s waiting for {what or check}")
        await asyncio.sleep(0.01)


async def until_logged(
    caplog: pytest.LogCaptureFixture, text: str, level: int = logging.DEBUG
) -> None:
    await eventually(lambda: logged(caplog, text, level), what=f"a log line {text!r}")


async def advance_until(
    running: Running, check: Callable[[], object], *, step: float = 30.0, tries: int = 12
) -> None:
    """Move the clock a step at a time until ``check()`` holds (the bot's timers are racing us)."""
    for _ in range(tries):
        await running.clock.advance(step)
        try:
            await eventually(check, within=0.5)
            return
        except AssertionError:
            continue
    raise AssertionError(f"still waiting after {tries} clock steps of {step:.0f}s")


# -- the gateway -------------------------------------------------------------------------------
@pytest.mark.parametrize("fault", ["close 4000", "abrupt drop", "op 7 reconnect"])
async def test_the_gateway_goes_away_mid_quiz_the_bot_resumes_and_the_quiz_ends(
    running: Running, caplog: pytest.LogCaptureFixture, fault: str
) -> None:
    caplog.set_level(logging.INFO)
    fake = running.fake
    bob, cleo = fake.members[:2]
    await start(running, rounds=3)
    await question(running, 1, 3)
    await fake.send_message("general", current_answer(running), author=bob)
    await won(running, 1, 3)
    await question(running, 2, 3)

    if fault == "op 7 reconnect":
        await fake.send_reconnect()
    else:
        await fake.drop_connection(abrupt=fault == "abrupt drop")
    # Typed while the bot may still be away: Discord keeps it and replays it on RESUME.
    await fake.send_message("general", "surely not this", author=cleo)
    await fake.wait_for_resume(timeout=10)
    assert len(fake.identifies) == 1, "the bot identified again instead of resuming"

    await fake.send_message("general", current_answer(running), author=cleo)
    await won(running, 2, 3)
    await question(running, 3, 3)
    await fake.send_message("general", current_answer(running).upper(), author=bob)
    final = await quiz_over(running)
    assert "Bob" in description(final) and "Cleo" in description(final)
    assert await stored_rounds(running) == [1, 2, 3]
    assert running.bot.quiz is not None and running.bot.quiz.sessions == []
    assert logged(caplog, "successfully RESUMED", logging.INFO)


# -- the round's message -----------------------------------------------------------------------
async def test_a_deleted_question_gets_its_reveal_as_a_new_message(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    fake = running.fake
    bob = fake.members[0]
    await start(running, rounds=2)
    asked = await question(running, 1, 2)
    # A moderator deletes the question: Discord drops it and tells the bot.
    fake.messages.delete(asked)
    await fake.message_event("MESSAGE_DELETE", asked)

    # The half-time hint edits the deleted message: 404 10008, logged, the quiz goes on.
    await running.clock.advance(15)
    failed_hint = await fake.wait_for_request(
        lambda r: r.route == "edit_message" and r.params["message_id"] == asked["id"]
    )
    assert failed_hint.status == 404 and failed_hint.error_code == UNKNOWN_MESSAGE
    await until_logged(caplog, "could not post HintGiven", logging.WARNING)

    answer = current_answer(running)
    await fake.send_message("general", answer, author=bob)
    revealed = await won(running, 1, 2)
    assert revealed["id"] != asked["id"], "the reveal is a new message"
    assert answer in description(revealed)
    edits = [
        r
        for r in fake.requests_to("edit_message")
        if r.params["message_id"] == asked["id"] and "The answer:" in str(r.json)
    ]
    assert [(r.status, r.error_code) for r in edits] == [(404, UNKNOWN_MESSAGE)]
    assert logged(caplog, "the round's message was deleted; posting the reveal", logging.INFO)

    await question(running, 2, 2)
    await fake.send_message("general", current_answer(running), author=bob)
    await won(running, 2, 2)
    await quiz_over(running)
    assert await stored_rounds(running) == [1, 2]


# -- interactions ------------------------------------------------------------------------------
async def test_an_expired_interaction_is_logged_and_the_next_command_works(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    fake = running.fake
    channel_id = fake.channel_id("general")
    ttl = fake.interactions.callback_ttl

    def late(name: str, options: dict[str, Any]) -> dict[str, Any]:
        """An interaction Discord delivers after its 3-second window (say, after an outage)."""
        payload = fake.slash_command(name, options, channel=channel_id)
        fake.interactions.register(payload).created -= ttl + 1.0
        return payload

    expired = await fake.interact(late("quiz start", {"rounds": 2, "mode": "free"}))
    rejected = await expired.rejection()
    assert (rejected["status"], rejected["code"]) == (404, UNKNOWN_INTERACTION)
    await until_logged(caplog, "could not tell the user", logging.WARNING)
    assert logged(caplog, "command /quiz start failed", logging.ERROR)
    assert running.bot.quiz is not None
    assert running.bot.quiz.session_in(channel_id) is None, "no quiz nobody was told about"
    assert expired.record.callback is None

    # The next command is answered, and the quiz it starts runs.
    body = await start(running, rounds=2)
    assert "started a quiz" in body["data"]["content"]
    await question(running, 1, 2)

    # An answer given through an expired /quiz answer was still checked before the reply
    # failed: the round is won, the failure is logged, and the quiz moves on.
    caplog.clear()
    answer = late("quiz answer", {"text": current_answer(running)})
    rejected = await (await fake.interact(answer)).rejection()
    assert rejected["code"] == UNKNOWN_INTERACTION
    await won(running, 1, 2)
    await until_logged(caplog, "command /quiz answer failed", logging.ERROR)
    await question(running, 2, 2)
    await fake.send_message("general", current_answer(running))
    await quiz_over(running)
    assert await stored_rounds(running) == [1, 2]


# -- permissions -------------------------------------------------------------------------------
async def test_a_quiz_where_the_bot_cannot_post_ends_without_taking_the_bot_down(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    """The fake models guild-level permissions only (no channel overwrites), so Send Messages
    is taken from @everyone and the bot's role: every channel answers 403 50013 until restored.
    Interaction responses need no channel permission, so /quiz start itself is answered."""
    caplog.set_level(logging.INFO)
    fake = running.fake
    guild = fake.world.guild
    bot_member = guild.members[fake.bot_user.id]
    roles = [guild.everyone_role, *(guild.roles[r] for r in bot_member.role_ids)]
    saved = [role.permissions for role in roles]
    for role in roles:
        role.permissions &= ~SEND_MESSAGES
    channel_id = fake.channel_id("general")
    assert running.bot.quiz is not None

    body = await start(running, rounds=5)
    assert "started a quiz" in body["data"]["content"]
    await until_logged(caplog, "could not post QuestionAsked", logging.WARNING)
    # Nobody can see the question, so the quiz is stopped at once instead of running blind.
    await advance_until(running, lambda: running.bot.quiz.session_in(channel_id) is None)  # type: ignore[union-attr]
    await until_logged(caplog, "could not post QuizEnded", logging.WARNING)
    assert not logged(caplog, "could not post RoundEnded", logging.WARNING)
    posts = [
        r for r in fake.requests_to("create_message") if r.params["channel_id"] == str(channel_id)
    ]
    assert posts and {(r.status, r.error_code) for r in posts} == {(403, MISSING_PERMISSIONS)}
    async with running.bot.store.db.execute(
        "SELECT COUNT(*) FROM quiz_sessions WHERE channel_id = ? AND active = 1", (channel_id,)
    ) as cursor:
        assert (await cursor.fetchone()) == (0,)

    # The bot is still up: with the permission back, the next quiz is posted and played.
    for role, permissions in zip(roles, saved, strict=True):
        role.permissions = permissions
    body = await start(running, rounds=1)
    assert "started a quiz" in body["data"]["content"]
    await question(running, 1, 1)
    await fake.send_message("general", current_answer(running))
    await quiz_over(running)
