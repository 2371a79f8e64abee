"""Wake-ups for tests that wait on the fake's state, always bounded by a timeout."""

from __future__ import annotations

import asyncio
from typing import Callable, TypeVar

from .errors import FakeDiscordTimeout

T = TypeVar("T")


class Notifier:
    """Anything that changes the fake's state calls ``notify()``; waiters re-check their predicate."""

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
        """Return the first truthy value ``check()`` gives, or raise FakeDiscordTimeout after ``timeout`` s."""
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
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except asyncio.TimeoutError:
                pass
