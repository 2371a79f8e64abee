"""Deterministic Discord snowflakes and ISO-8601 timestamps derived from them."""

from __future__ import annotations

import datetime as dt

DISCORD_EPOCH_MS = 1_420_070_400_000
# 2024-01-01T00:00:00Z: every fake starts its clock here, so ids repeat run after run.
DEFAULT_START_MS = 1_704_067_200_000


class SnowflakeFactory:
    """Hands out strictly increasing snowflakes; each one advances a fake clock by ``step_ms``."""

    def __init__(self, start_ms: int = DEFAULT_START_MS, step_ms: int = 1000) -> None:
        self._ms = start_ms
        self._step = step_ms
        self._increment = 0

    def next(self) -> int:
        self._ms += self._step
        self._increment = (self._increment + 1) & 0xFFF
        return ((self._ms - DISCORD_EPOCH_MS) << 22) | (1 << 17) | (1 << 12) | self._increment

    def now_iso(self) -> str:
        """The fake clock's current time (the time of the last snowflake handed out)."""
        return iso_from_ms(self._ms)


def snowflake_ms(snowflake: int) -> int:
    return (int(snowflake) >> 22) + DISCORD_EPOCH_MS


def iso_from_ms(ms: int) -> str:
    stamp = dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)
    return stamp.isoformat(timespec="microseconds")


def snowflake_iso(snowflake: int) -> str:
    """The ISO timestamp Discord would report for an object with this id."""
    return iso_from_ms(snowflake_ms(snowflake))
