"""Pausing Python's cycle collector around bulk loads.

Loading or indexing a large fact base creates millions of small objects that all live on.
Every few hundred allocations the collector walks the young ones, and now and then all of
them, looking for reference cycles that are not there: at 10,000 facts that is a third of a
reload, at 100,000 a third of the index build. Reference counting still frees everything
as usual while the collector is paused.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, keep: bool = False) -> Iterator[None]:
    """Pause the cycle collector for the block; it resumes only if it was running.

    The switch is process-wide, so two overlapping pauses (a reload in a worker thread while
    the loop answers questions) at worst leave it paused a little longer; nothing breaks.

    With `keep`, what the block built is meant to live on (a matcher's index): every object
    alive at the end is moved out of the collector's sight (`gc.freeze`). Otherwise the first
    collection after the pause walks all of them at once (0.7 s at 100,000 facts), and every
    full collection after that walks them again. Reference counting still frees them when a
    reload drops the index. A reference cycle that is garbage at that moment is kept too (the
    collector would have freed it); a build makes none, and collecting first would walk the
    very objects this saves walking.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if was_enabled:
            gc.enable()
