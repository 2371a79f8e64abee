"""Building the fact base from the source folders and keeping the running copy current.

Adapters never call `load_sources` and `Store.build` themselves: going through here keeps
"validate first, write in one transaction, keep the old base on any error" in one place.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.core.loading import FactSources, load_sources
from bot.core.problems import FactBaseInvalid
from bot.core.store import BuildResult, Store


@dataclass(frozen=True, slots=True)
class Rebuild:
    sources: FactSources
    result: BuildResult


async def rebuild(
    store: Store,
    seeds_dir: Path,
    facts_dir: Path,
    on_file: Callable[[str], None] | None = None,
) -> Rebuild:
    """Validate every file, then build. Raises FactBaseInvalid (nothing written) on errors.

    Files unchanged since the last build are read once and nothing is written, so this is
    also the start-up check: there is no separate "is it current?" pass over the files.
    Reading runs in a worker thread (so does `on_file`): a running bot keeps answering.
    """
    sources = await asyncio.to_thread(load_sources, seeds_dir, facts_dir, on_file)
    if not sources.ok:
        raise FactBaseInvalid(sources.problems)
    return Rebuild(sources, await store.build(sources))
