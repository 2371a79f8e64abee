"""Wake-ups for tests that wait on the fake's state, always bounded by a timeout."""

# The test-facing API takes ``timeout=`` arguments on purpose (every wait is bounded).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TypeVar

from .errors import FakeDiscordTimeout

T = TypeVar("T")


class Notifier:
    """State changes call ``notify()``; waiters re-check their predicate."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def wait_for(
        self,
        check: Callable[[], T | None],
        timeout: float,
        what: str,
        detail: Callable[[], str] | None = None,
    ) -> T:
        """Return the first truthy ``check()``; raise FakeDiscordTimeout after ``timeout`` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = check()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                message = f"timed out after {timeout:.1f}s waiting for {what}"
                if detail is not None:
                    message += "\n" + detail()
                raise FakeDiscordTimeout(message)
            event = self._event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)
