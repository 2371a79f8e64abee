"""/fact, /topics and /source end to end."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cogs.conftest import Running
from tests.support.fake_discord import EPHEMERAL

pytestmark = pytest.mark.timeout(30)


def only_embed(body: dict[str, Any]) -> dict[str, Any]:
    embeds = body["data"]["embeds"]
    assert len(embeds) == 1
    return embeds[0]


async def test_fact_by_topic_is_about_that_topic(running: Running) -> None:
    base = running.bot.answers.base
    for _ in range(5):
        _, body = await running.command("fact", {"topic": "trade"})
        fact_id = only_embed(body)["footer"]["text"].split(" · ")[0].removeprefix("fact ")
        fact = base.fact(fact_id)
        assert fact is not None
        assert "trade" in fact.topics


async def test_fact_with_an_unknown_topic_is_refused_privately(running: Running) -> None:
    _, body = await running.command("fact", {"topic": "**cricket** @everyone"})
    assert body["data"]["flags"] & EPHEMERAL
    assert "/topics" in body["data"]["content"]
    assert "@everyone" not in body["data"]["content"]


async def test_topic_autocomplete_lists_topics_with_counts(running: Running) -> None:
    payload = running.fake.autocomplete("fact", {"topic": "tra"}, focused="topic")
    body = await (await running.fake.interact(payload)).response()
    choices = body["data"]["choices"]
    assert choices[0]["value"] == "trade"
    assert "facts)" in choices[0]["name"]


async def test_topics_lists_every_topic(running: Running) -> None:
    _, body = await running.command("topics")
    description = only_embed(body)["description"]
    for topic in running.bot.answers.base.topics():
        assert f"**{topic}**" in description


async def test_source_shows_the_quote_and_article(running: Running) -> None:
    _, body = await running.command("source", {"fact_id": "china-russia-trade-value"})
    shown = only_embed(body)
    assert "$240 billion" in shown["description"]
    fields = {f["name"]: f["value"] for f in shown["fields"]}
    assert "reached a record $240 billion" in fields["Source quote"]


async def test_source_of_an_unknown_id_is_refused_privately(running: Running) -> None:
    _, body = await running.command("source", {"fact_id": "no-such-fact"})
    assert body["data"]["flags"] & EPHEMERAL


async def test_source_autocomplete_finds_fact_ids(running: Running) -> None:
    payload = running.fake.autocomplete("source", {"fact_id": "lavrov"}, focused="fact_id")
    body = await (await running.fake.interact(payload)).response()
    values = [c["value"] for c in body["data"]["choices"]]
    assert "sergei-lavrov-foreign-minister" in values
