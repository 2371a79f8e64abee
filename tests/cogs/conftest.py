"""Start the real Attaché bot against the fake Discord, on the test's event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.app import Attache
from bot.settings import Settings
from tests.support.clock import ManualClock
from tests.support.fake_discord import FakeDiscord

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.timeout(30)


@dataclass
class Running:
    fake: FakeDiscord
    bot: Attache
    clock: ManualClock

    async def command(self, name: str, options: dict[str, Any] | None = None, **context: Any):  # type: ignore[no-untyped-def]
        """Run a slash command and return (handle, callback body)."""
        handle = await self.fake.interact(self.fake.slash_command(name, options, **context))
        return handle, await handle.response(timeout=5)


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "discord_token": "fake-bot-token",
        "database": tmp_path / "attache.sqlite3",
        "facts_dir": ROOT / "facts",
        "seeds_dir": ROOT / "seeds",
        "ask_rate": 100,
        "ask_per_seconds": 60.0,
        "quiz_pause_seconds": 0.0,
        **overrides,
    }
    return Settings(**values)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Tests override this fixture (or parametrize it) to change a setting."""
    return {}


@pytest.fixture
async def running(tmp_path: Path, settings_overrides: dict[str, Any]) -> AsyncIterator[Running]:
    clock = ManualClock()
    async with FakeDiscord() as fake:
        settings = make_settings(tmp_path, dev_guild_id=fake.guild_id, **settings_overrides)
        bot = Attache(settings, clock=clock.now, sleep=clock.sleep, guild_ready_timeout=0.05)
        async with fake.run_bot(bot):
            yield Running(fake, bot, clock)
        assert fake.internal_errors == []
