"""/help, /about, and what every failure looks like to the user."""

from __future__ import annotations

import pytest

from bot.core.answers import AnswerService
from tests.cogs.conftest import Running
from tests.support.fake_discord import EPHEMERAL

pytestmark = pytest.mark.timeout(30)


async def test_help_lists_every_command_privately(running: Running) -> None:
    _, body = await running.command("help")
    assert body["data"]["flags"] & EPHEMERAL
    description = body["data"]["embeds"][0]["description"]
    for name in ("/ask", "/fact", "/topics", "/source", "/help", "/about"):
        assert f"**{name}**" in description


async def test_about_reports_the_fact_base(running: Running) -> None:
    _, body = await running.command("about")
    fields = {f["name"]: f["value"] for f in body["data"]["embeds"][0]["fields"]}
    assert fields["Version"] == running.bot.version
    assert int(fields["Facts"]) == len(running.bot.answers.base.facts)
    assert fields["Articles"] == "1"
    assert fields["Matching"] == "words and meaning"
    assert "built" in body["data"]["embeds"][0]["footer"]["text"]


@pytest.mark.parametrize("settings_overrides", [{"semantic": False}])
async def test_about_says_when_meaning_is_off(running: Running) -> None:
    _, body = await running.command("about")
    fields = {f["name"]: f["value"] for f in body["data"]["embeds"][0]["fields"]}
    assert fields["Matching"] == "words"


async def test_a_crash_in_a_command_is_a_private_apology(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: AnswerService, question: str) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(AnswerService, "ask", broken)
    _, body = await running.command("ask", {"question": "who is sergei lavrov"})
    assert body["data"]["flags"] & EPHEMERAL
    assert "went wrong" in body["data"]["content"]
