"""Run a discord.py client on the test's own loop against the fake; always shut it down."""

# The test-facing API takes ``timeout=`` arguments on purpose (every wait is bounded).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from .errors import FakeDiscordTimeout


async def wait_until_ready(bot: Any, task: asyncio.Task[Any], timeout: float) -> None:
    """Wait for ``bot.is_ready()``; fail fast if ``bot.start()`` ended; give up at ``timeout``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not bot.is_ready():
        if task.done():
            # Re-raise what stopped the bot (LoginFailure, PrivilegedIntentsRequired...).
            task.result()
            raise RuntimeError("bot.start() returned before the bot became ready")
        if loop.time() > deadline:
            raise FakeDiscordTimeout(f"bot was not ready after {timeout:.1f}s")
        await asyncio.sleep(0.01)


async def stop_bot(bot: Any, task: asyncio.Task[Any], timeout: float) -> BaseException | None:
    """Close the bot and reap its task; returns the exception the task died with, if any."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(bot.close(), timeout)
    if not task.done():
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
            return None
        except BaseException:
            pass
    if task.cancelled():
        return None
    return task.exception()


@contextlib.asynccontextmanager
async def run_bot(
    bot: Any, token: str, *, ready_timeout: float = 10.0, close_timeout: float = 5.0
) -> AsyncIterator[Any]:
    """``async with run_bot(bot, token):`` runs ``bot.start(token)`` as a task until ready.

    On exit the bot is closed (bounded by ``close_timeout``). If the bot's task crashed and the
    body itself did not fail, the crash is re-raised so it cannot go unnoticed.
    """
    task = asyncio.create_task(bot.start(token), name="fake-discord-bot")
    try:
        await wait_until_ready(bot, task, ready_timeout)
        yield bot
    except BaseException:
        await stop_bot(bot, task, close_timeout)
        raise
    error = await stop_bot(bot, task, close_timeout)
    if error is not None:
        raise error
