"""Every command is rate-limited per user and per channel; quiz guesses per user."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cogs.conftest import Running
from tests.support.fake_discord import EPHEMERAL

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"user_rate": 3, "channel_rate": 5, "answer_rate": 2, "rate_per_seconds": 60.0}


async def test_a_user_over_the_limit_is_told_to_slow_down(running: Running) -> None:
    bob, cleo = running.fake.members[:2]
    for _ in range(3):
        _, body = await running.command("topics", user=bob)
        assert body["data"].get("embeds")
    _, body = await running.command("about", user=bob)
    assert body["data"]["flags"] & EPHEMERAL
    assert "Slow down" in body["data"]["content"]
    _, body = await running.command("topics", user=cleo)
    assert body["data"].get("embeds"), "limits are per user"


async def test_a_busy_channel_is_limited_as_a_whole(running: Running) -> None:
    members = [*running.fake.members, running.fake.admin]
    replies = []
    for index in range(6):
        _, body = await running.command("topics", user=members[index % len(members)])
        replies.append(body["data"])
    assert all(r.get("embeds") for r in replies[:5])
    assert "Slow down" in replies[5]["content"]
    other = running.fake.channel_id("bot-commands")
    _, body = await running.command("topics", channel=other)
    assert body["data"].get("embeds"), "limits are per channel"


async def test_flooding_guesses_buys_no_extra_chances(running: Running) -> None:
    bob = running.fake.members[0]
    await running.command("quiz start", {"rounds": 1}, channel=running.fake.channel_id("general"))
    await running.fake.wait_for_message(lambda m: "Question 1 of 1" in str(m.get("embeds")))
    quiz = running.bot.quiz
    assert quiz is not None
    session = quiz.session_in(running.fake.channel_id("general"))
    assert session is not None and session.current is not None
    answer = session.current.answer
    cleo = running.fake.members[1]
    for guess in ("wrong one", "wrong two", answer):  # the right one is bob's third guess
        await running.fake.send_message("general", guess, author=bob)
    await running.fake.send_message("general", answer, author=cleo)
    revealed = await running.fake.wait_for_message(
        lambda m: "got it" in str(m.get("embeds")), timeout=5
    )
    # Messages arrive in order: had bob's third guess counted, bob would have won.
    assert "cleo" in revealed["embeds"][0]["description"].lower()


async def test_typing_in_an_autocompleted_option_costs_no_commands(running: Running) -> None:
    bob = running.fake.members[0]
    for typed in ("t", "tr", "tra", "trad", "trade", "trade!"):  # past both limits
        payload = running.fake.autocomplete("fact", {"topic": typed}, focused="topic", user=bob)
        body = await (await running.fake.interact(payload)).response()
        assert body["type"] == 8, "an autocomplete gets choices, never a 'slow down' note"
        assert body["data"]["choices"]
    _, body = await running.command("topics", user=bob)
    assert body["data"].get("embeds"), body
