"""A real SIGTERM to a running bot: quizzes are told, the database is closed cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
from pathlib import Path

import pytest

from bot.app import Attache
from bot.cli.launch import serve
from bot.core.store import StoreError
from tests.cogs.conftest import make_settings
from tests.support.clock import ManualClock
from tests.support.fake_discord import FakeDiscord

pytestmark = pytest.mark.timeout(30)


async def test_sigterm_announces_the_restart_and_closes_the_database(tmp_path: Path) -> None:
    clock = ManualClock()
    async with FakeDiscord() as fake:
        settings = make_settings(tmp_path, dev_guild_id=fake.guild_id)
        bot = Attache(settings, clock=clock.now, sleep=clock.sleep, guild_ready_timeout=0.05)
        task = asyncio.create_task(serve(bot, "fake-bot-token"))
        await asyncio.wait_for(bot.wait_until_ready(), timeout=10)
        channel = fake.channel_id("general")
        handle = await fake.interact(
            fake.slash_command("quiz start", {"rounds": 3}, channel=channel)
        )
        await handle.response()
        await fake.wait_for_message(lambda m: "Question 1 of 3" in str(m.get("embeds")), timeout=5)

        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.wait_for(task, timeout=10)

        notice = await fake.wait_for_message(lambda m: "restarting" in m["content"], timeout=5)
        assert notice["channel_id"] == str(channel)
        notices = [m for m in fake.channel_messages("general") if "restarting" in m["content"]]
        assert len(notices) == 1, "the quiz is paused once, by its cog"
        assert bot.is_closed()
    with sqlite3.connect(settings.database) as db:
        # Closed cleanly: the quiz is still there to resume, and the WAL was checkpointed.
        active = db.execute("SELECT COUNT(*) FROM quiz_sessions WHERE active = 1").fetchone()[0]
        assert active == 1
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_a_corrupt_database_stops_start_up_with_one_clear_error(tmp_path: Path) -> None:
    async with FakeDiscord() as fake:
        settings = make_settings(tmp_path)
        settings.database.write_bytes(b"not a database at all" * 200)
        bot = Attache(settings, guild_ready_timeout=0.05)
        with pytest.raises(StoreError, match="unusable"):
            await asyncio.wait_for(serve(bot, "fake-bot-token"), timeout=10)
        assert fake.internal_errors == []
