"""/ask end to end: the real bot, the fake Discord, and what the bot sent back."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.cogs.conftest import Running
from tests.support.fake_discord import EPHEMERAL

pytestmark = pytest.mark.timeout(30)


def embed(body: dict[str, Any]) -> dict[str, Any]:
    embeds = body["data"].get("embeds") or []
    assert len(embeds) == 1, body
    return embeds[0]


async def test_commands_are_synced_to_the_development_guild(running: Running) -> None:
    synced = running.fake.synced_commands(running.fake.guild_id)
    names = {c["name"] for c in synced}
    assert {"ask", "fact", "topics", "source", "help", "about"} <= names
    ask = next(c for c in synced if c["name"] == "ask")
    assert ask["description"]
    assert all(option["description"] for option in ask["options"])
    assert running.fake.synced_commands() == []  # nothing synced globally at start


async def test_a_known_question_is_answered_with_quote_and_source(running: Running) -> None:
    _, body = await running.command("ask", {"question": "Who is the Russian foreign minister?"})
    assert body["type"] == 4
    shown = embed(body)
    assert shown["title"] == "Sergei Lavrov"
    fields = {f["name"]: f["value"] for f in shown["fields"]}
    assert "Russian Foreign Minister Sergei Lavrov" in fields["Source quote"]
    assert "CPC’s security chief to visit Russia" in fields["Article"]
    assert "as of April 2024" in shown["footer"]["text"]
    assert not body["data"].get("flags", 0) & EPHEMERAL


async def test_a_misspelled_question_is_still_answered(running: Running) -> None:
    _, body = await running.command("ask", {"question": "who is sergei lavorv"})
    assert embed(body)["title"] == "Russian Foreign Minister"


CHATTY = "where's the brics summit this year? my friend swears it's brazil"


async def test_a_chatty_question_is_answered_by_meaning_and_says_so(running: Running) -> None:
    _, body = await running.command("ask", {"question": CHATTY})
    shown = embed(body)
    assert shown["title"] == "Russia"
    assert "matched by meaning" in shown["footer"]["text"]
    assert "Understood as: *Where is the BRICS summit being held?*" in shown["description"]


@pytest.mark.parametrize("settings_overrides", [{"semantic": False}])
async def test_without_meaning_the_same_question_is_a_did_you_mean(running: Running) -> None:
    _, body = await running.command("ask", {"question": CHATTY})
    shown = embed(body)
    assert shown["title"] == "Did you mean…"
    assert "brics" in shown["description"].lower()


@pytest.mark.parametrize("settings_overrides", [{"user_rate": 100}])
async def test_questions_asked_at_once_each_get_their_own_answer(running: Running) -> None:
    """Answers are worked out off the event loop, one at a time: twelve /ask at the same
    instant, some going through meaning, each get the reply to their own question."""
    expected = {
        "Who is the Russian foreign minister?": "Sergei Lavrov",
        CHATTY: "Russia",
        "lol i'm lost, where is putin supposed to travel in may?": "China",
        "who is sergei lavorv": "Russian Foreign Minister",
    }
    asked = [*expected] * 3
    fake = running.fake
    handles = await asyncio.gather(
        *(fake.interact(fake.slash_command("ask", {"question": question})) for question in asked)
    )
    bodies = await asyncio.gather(*(h.response(timeout=10) for h in handles))
    assert [embed(b)["title"] for b in bodies] == [expected[q] for q in asked]


async def wait_for_gaps(running: Running, count: int) -> list[Any]:
    """The gap log is written just after the reply: wait for it rather than race it."""
    for _ in range(200):
        gaps = await running.bot.gaps.top()
        if sum(g.count for g in gaps) >= count:
            return gaps
        await asyncio.sleep(0.01)
    return await running.bot.gaps.top()


async def test_not_what_i_asked_tells_the_curators(running: Running) -> None:
    """Under every answer: a click logs the question against the fact it was answered with,
    read back from the answer's message (markdown and mentions unescaped), privately."""
    question = "who is the *kremlin's* top diplomat? asking for @everyone"
    handle, body = await running.command("ask", {"question": question})
    rows = body["data"].get("components") or []
    buttons = [c for row in rows for c in row["components"]]
    assert [b["custom_id"] for b in buttons] == ["wrong:sergei-lavrov-foreign-minister"]
    assert buttons[0]["label"] == "Not what I asked"
    message = await handle.original_message()
    click = running.fake.component_click(buttons[0]["custom_id"], message=message)
    reply = await (await running.fake.interact(click)).response()
    assert reply["data"]["flags"] & EPHEMERAL
    assert "told the curators" in reply["data"]["content"]
    gaps = await wait_for_gaps(running, 1)
    reported = [g for g in gaps if g.status == "reported wrong"]
    assert [(g.question, g.best_fact) for g in reported] == [
        (question, "sergei-lavrov-foreign-minister")
    ]


async def test_an_unknown_question_gets_a_plain_dont_know(running: Running) -> None:
    _, body = await running.command("ask", {"question": "who won the 1998 world cup?"})
    shown = embed(body)
    assert "I don't know that one" in shown["description"]
    assert "I know about" in shown["description"]
    assert not body["data"].get("components")


async def test_unsure_offers_did_you_mean_buttons_that_answer(running: Running) -> None:
    handle, body = await running.command("ask", {"question": "lavrov xi"})
    rows = body["data"].get("components") or []
    buttons = [c for row in rows for c in row["components"]]
    assert buttons, body
    assert all(b["custom_id"].startswith("fact:") for b in buttons)
    message = await handle.original_message()
    click = running.fake.component_click(buttons[0]["custom_id"], message=message)
    clicked = await (await running.fake.interact(click)).response()
    fact_id = buttons[0]["custom_id"].removeprefix("fact:")
    assert fact_id in embed(clicked)["footer"]["text"]
    assert embed(clicked)["fields"][0]["name"] == "Source quote"


async def test_autocomplete_suggests_known_questions(running: Running) -> None:
    payload = running.fake.autocomplete("ask", {"question": "lavrov"}, focused="question")
    body = await (await running.fake.interact(payload)).response()
    assert body["type"] == 8
    choices = body["data"]["choices"]
    assert 0 < len(choices) <= 25
    assert any("Lavrov" in c["name"] for c in choices)
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)


async def test_everyone_in_a_question_never_pings(running: Running) -> None:
    handle, body = await running.command(
        "ask", {"question": "@everyone who is the russian foreign minister <@&1> **now**"}
    )
    assert body["data"]["allowed_mentions"] == {"parse": []}
    description = embed(body)["description"]
    assert "@everyone" not in description.replace("@\u200beveryone", "")
    message = await handle.original_message()
    assert message["mention_everyone"] is False
    assert message["mentions"] == []


async def test_bad_input_is_refused_privately(running: Running) -> None:
    for question in ("???", "🙂🙂🙂", "陈文清是谁"):
        _, body = await running.command("ask", {"question": question})
        assert body["data"]["flags"] & EPHEMERAL, question
        assert body["data"]["content"]


async def test_a_crafted_over_long_question_is_refused(running: Running) -> None:
    _, body = await running.command("ask", {"question": "why " * 300})
    assert body["data"]["flags"] & EPHEMERAL
    assert "too long" in body["data"]["content"] or "500" in body["data"]["content"]


@pytest.mark.parametrize("settings_overrides", [{"ask_rate": 2, "ask_per_seconds": 60.0}])
async def test_cooldown_refuses_politely_and_says_when(running: Running) -> None:
    for _ in range(2):
        _, body = await running.command("ask", {"question": "who is sergei lavrov"})
        assert body["data"].get("embeds")
    _, body = await running.command("ask", {"question": "who is sergei lavrov"})
    assert body["data"]["flags"] & EPHEMERAL
    assert "try again in" in body["data"]["content"]
    other = running.fake.members[1]
    _, body = await running.command("ask", {"question": "who is sergei lavrov"}, user=other)
    assert body["data"].get("embeds"), "the cooldown is per user"
