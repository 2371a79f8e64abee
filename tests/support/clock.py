"""A clock the test moves by hand: `sleep` waits until the test advances time far enough."""

from __future__ import annotations

import asyncio
import datetime as dt


class ManualClock:
    def __init__(self, start: dt.datetime | None = None) -> None:
        self._now = start or dt.datetime(2024, 4, 20, 12, 0, tzinfo=dt.UTC)
        self._changed = asyncio.Condition()

    def now(self) -> dt.datetime:
        return self._now

    __call__ = now

    async def sleep(self, seconds: float) -> None:
        target = self._now + dt.timedelta(seconds=seconds)
        async with self._changed:
            await self._changed.wait_for(lambda: self._now >= target)

    async def advance(self, seconds: float) -> None:
        self._now += dt.timedelta(seconds=seconds)
        async with self._changed:
            self._changed.notify_all()
        # Let woken tasks run before the test looks at the result.
        for _ in range(5):
            await asyncio.sleep(0)
