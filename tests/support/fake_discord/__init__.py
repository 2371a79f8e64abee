"""A fake Discord (REST + gateway on 127.0.0.1) for end-to-end tests of a real discord.py bot.

Typical use::

    async with FakeDiscord() as fake:          # also points discord.py at the fake
        async with fake.run_bot(make_bot()):   # bot.start(token) on this loop, until ready
            handle = await fake.interact(fake.slash_command("echo", {"text": "hi"}))
            body = await handle.response(timeout=2)
"""

from .builders import (
    ATTACHMENT,
    BOOLEAN,
    CHANNEL,
    INTEGER,
    MENTIONABLE,
    NUMBER,
    ROLE,
    STRING,
    USER,
    Opt,
)
from .errors import ApiError, FakeDiscordTimeout
from .gateway import (
    DIRECT_MESSAGES,
    GUILD_MEMBERS,
    GUILD_MESSAGES,
    GUILD_PRESENCES,
    GUILDS,
    MESSAGE_CONTENT,
    PRIVILEGED_INTENTS,
    GatewayFrame,
)
from .interactions import InteractionHandle, InteractionRecord
from .messages import EPHEMERAL, LOADING
from .notify import Notifier
from .patching import DiscordPatch
from .recorder import RecordedRequest
from .runner import run_bot
from .server import FakeDiscord, fake_discord
from .snowflake import SnowflakeFactory
from .world import FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser, FakeWorld

__all__ = [
    "ATTACHMENT",
    "BOOLEAN",
    "CHANNEL",
    "DIRECT_MESSAGES",
    "EPHEMERAL",
    "GUILDS",
    "GUILD_MEMBERS",
    "GUILD_MESSAGES",
    "GUILD_PRESENCES",
    "INTEGER",
    "LOADING",
    "MENTIONABLE",
    "MESSAGE_CONTENT",
    "NUMBER",
    "PRIVILEGED_INTENTS",
    "ROLE",
    "STRING",
    "USER",
    "ApiError",
    "DiscordPatch",
    "FakeChannel",
    "FakeDiscord",
    "FakeDiscordTimeout",
    "FakeGuild",
    "FakeMember",
    "FakeRole",
    "FakeUser",
    "FakeWorld",
    "GatewayFrame",
    "InteractionHandle",
    "InteractionRecord",
    "Notifier",
    "Opt",
    "RecordedRequest",
    "SnowflakeFactory",
    "fake_discord",
    "run_bot",
]
