"""Guard tests over the command tree: the names Discord will accept and no clashes."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest
from discord import app_commands

from bot.app import EXTENSIONS, Attache, intents_for
from bot.settings import Settings

NAME = re.compile(r"^[-_\w]{1,32}$")


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[Attache]:
    settings = Settings(
        database=tmp_path / "db.sqlite3", facts_dir=ROOT / "facts", seeds_dir=ROOT / "seeds"
    )
    attache = Attache(settings)
    await attache.setup_hook()  # opens the store and loads every extension, as at start-up
    assert set(attache.extensions) == set(EXTENSIONS)
    yield attache
    await attache.close()


async def test_command_names_are_valid_unique_and_described(bot: Attache) -> None:
    seen: set[str] = set()
    for command in bot.tree.walk_commands():
        assert NAME.match(command.name) and command.name == command.name.lower()
        assert command.qualified_name not in seen, f"/{command.qualified_name} is defined twice"
        seen.add(command.qualified_name)
        assert 1 <= len(command.description) <= 100
        if isinstance(command, app_commands.Command):
            for parameter in command.parameters:
                assert NAME.match(parameter.name)
                assert 1 <= len(parameter.description) <= 100, parameter.name
                assert parameter.description != "…"
    expected = {"ask", "fact", "topics", "source", "help", "about", "leaderboard", "stats"}
    expected |= {"quiz start", "quiz stop", "quiz skip", "quiz answer", "quiz settings"}
    expected |= {"facts reload", "facts history", "facts stats", "facts gaps"}
    assert expected <= seen, sorted(expected - seen)


def test_intents_are_the_least_that_works() -> None:
    without = intents_for(Settings(message_content=False))
    assert without == discord.Intents(guilds=True)
    with_content = intents_for(Settings(message_content=True))
    assert with_content.message_content and with_content.guild_messages
    assert not with_content.members and not with_content.presences


def test_no_mention_is_ever_allowed_by_default(tmp_path: Path) -> None:
    bot = Attache(Settings(database=tmp_path / "db.sqlite3"))
    allowed = bot.allowed_mentions
    assert allowed is not None
    assert allowed.to_dict() == {"parse": []}
