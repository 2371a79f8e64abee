"""Starting the Discord bot from the command line, and syncing its commands."""

from __future__ import annotations

import asyncio
import logging
import signal

import aiohttp
import discord
from rich.console import Console

from bot.app import Attache
from bot.core.store import StoreError
from bot.settings import Settings

log = logging.getLogger(__name__)


def install_signal_handlers(bot: Attache, loop: asyncio.AbstractEventLoop) -> None:
    """SIGTERM (docker stop, systemd) and SIGINT close the bot cleanly: quizzes are told it
    is restarting, timers stop, the database is closed."""

    def stop(name: str) -> None:
        log.info("%s received: shutting down", name)
        loop.create_task(bot.close())

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop, sig.name)


async def serve(bot: Attache, token: str) -> None:
    async with bot:
        install_signal_handlers(bot, asyncio.get_running_loop())
        await bot.start(token)


def run_bot(settings: Settings, errors: Console) -> int:
    assert settings.discord_token is not None
    discord.utils.setup_logging(level=getattr(logging, settings.log_level))
    bot = Attache(settings)
    try:
        asyncio.run(serve(bot, settings.discord_token.get_secret_value()))
    except discord.LoginFailure:
        errors.print("[red]Discord rejected the token: check DISCORD_TOKEN.[/red]")
        return 1
    except (aiohttp.ClientError, OSError) as exc:
        errors.print(f"[red]Cannot reach Discord: {exc}[/red]")
        return 1
    except StoreError as exc:
        # One clear line and a non-zero exit; a supervisor restarting us would only fail again.
        errors.print(f"[red]{exc}. Fix or move the file (ATTACHE_DATABASE) and start again.[/red]")
        return 1
    except discord.PrivilegedIntentsRequired:
        errors.print(
            "[red]Discord refused the message content intent: enable it for the bot in the"
            " developer portal, or set ATTACHE_MESSAGE_CONTENT=false.[/red]"
        )
        return 1
    return 0


def sync_commands(settings: Settings, console: Console, errors: Console) -> int:
    """Publish the slash commands globally (Discord rate-limits this: run it on changes)."""
    assert settings.discord_token is not None
    token = settings.discord_token.get_secret_value()

    async def sync() -> int:
        async with Attache(settings) as bot:
            await bot.login(token)
            commands = await bot.tree.sync()
        console.print(
            f"Synced {len(commands)} commands globally: "
            + ", ".join(f"/{c.name}" for c in commands)
        )
        return 0

    try:
        return asyncio.run(sync())
    except discord.LoginFailure:
        errors.print("[red]Discord rejected the token: check DISCORD_TOKEN.[/red]")
        return 1
