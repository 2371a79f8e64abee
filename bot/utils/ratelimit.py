"""Per-key rate limits (users, channels) with discord.py's own token-bucket cooldowns."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable

from discord import app_commands

# Buckets idle this long are forgotten, so the table cannot grow without bound.
_FORGET_AFTER = 3600.0


class RateLimiter:
    def __init__(self, rate: int, per: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.per = per
        self._clock = clock
        self._buckets: dict[Hashable, app_commands.Cooldown] = {}

    def hit(self, key: Hashable) -> float | None:
        """Take one token for `key`; the seconds to wait when none is left, else None."""
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) > 10_000:
                self._forget(now)
            bucket = self._buckets[key] = app_commands.Cooldown(self.rate, self.per)
        retry_after = bucket.update_rate_limit(now)
        return retry_after if retry_after else None

    def _forget(self, now: float) -> None:
        stale = [k for k, b in self._buckets.items() if now - b._last > _FORGET_AFTER]
        for key in stale:
            del self._buckets[key]
