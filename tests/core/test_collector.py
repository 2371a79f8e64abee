"""bot/core/collector.py: pausing the cycle collector around bulk loads."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.core.collector import collector_paused


@pytest.fixture(autouse=True)
def restore_collector() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_is_paused_inside_and_resumes_after() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_resumes_even_when_the_block_fails() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a bad fact file")
    assert gc.isenabled()


def test_nested_pauses_resume_only_at_the_outermost() -> None:
    gc.enable()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer load is still running
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


class Built:
    """Stands for an index: many objects the collector tracks, meant to live on."""

    def __init__(self) -> None:
        self.parts = [[index] for index in range(1000)]


def test_what_a_keeping_pause_built_is_out_of_the_collectors_sight() -> None:
    gc.enable()
    before = gc.get_freeze_count()
    with collector_paused(keep=True):
        built = Built()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + len(built.parts)
    watched = {id(o) for o in gc.get_objects()}  # the frozen generation is not listed
    assert all(gc.is_tracked(part) and id(part) not in watched for part in built.parts)


def test_a_kept_index_is_still_freed_when_dropped() -> None:
    import weakref

    with collector_paused(keep=True):
        built = Built()
    gone = weakref.ref(built)
    del built
    assert gone() is None  # reference counting frees it; freezing only hides it from gc


def test_an_ordinary_pause_freezes_nothing() -> None:
    before = gc.get_freeze_count()
    with collector_paused():
        Built()
    assert gc.get_freeze_count() == before
