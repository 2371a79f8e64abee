"""bot/core/reload.py: swapping the served fact base while the bot runs, or changing nothing."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.core.answers import AnswerService
from bot.core.factbase import rebuild
from bot.core.reload import Actor, FactBaseManager
from bot.core.store import FactBase, Store, StoreError
from tests.support.factories import UK_SEED

NOW = dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC)
ADMIN = Actor("admin", "slash", user_id=1)


def clock() -> dt.datetime:
    return NOW


def snapshot(base: FactBase) -> tuple[Any, ...]:
    return (base.facts, base.articles, base.build)


def without_first(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The valid facts but the first, which the second names as its successor."""
    rest = copy.deepcopy(facts[1:])
    rest[0].pop("superseded_by")
    return rest


@pytest.fixture
def edit(make_sources, seed_text, fact_file_text) -> Callable[..., tuple[Path, Path]]:
    """`edit(facts, extra_seeds=None, extra_facts=None)`: rewrite the curators' files."""

    def write(
        facts: list[dict[str, Any]],
        extra_seeds: dict[str, str] | None = None,
        extra_facts: dict[str, str] | None = None,
    ) -> tuple[Path, Path]:
        return make_sources(
            {"test_article.txt": seed_text, **(extra_seeds or {})},
            {"test_article.yaml": fact_file_text(facts), **(extra_facts or {})},
        )

    return write


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with await Store.open(tmp_path / "attache.sqlite3", clock=clock) as opened:
        yield opened


@pytest.fixture
async def manager(store: Store, edit, valid_facts) -> FactBaseManager:
    seeds, facts = edit(valid_facts)
    await rebuild(store, seeds, facts)
    return await FactBaseManager.open(store, seeds, facts, clock)


async def test_a_reload_serves_exactly_what_the_store_would_read_back(
    manager: FactBaseManager, store: Store, edit, valid_facts, fact_file_text
) -> None:
    """The swap builds the served base from the files it just wrote; a restart reads the
    database. Both must be the same base, in the same order."""
    uk_fact = copy.deepcopy(valid_facts[0])
    uk_fact.update(id="cameron-post", answer="Foreign Secretary", aliases=[])
    uk_fact.update(questions=["Who is Cameron?", "Cameron's job?", "What is Cameron's post?"])
    uk_fact.update(quote="British Foreign Secretary David Cameron spoke to Wang Yi")
    edit(
        without_first(valid_facts),
        extra_seeds={"uk_article.txt": UK_SEED},
        extra_facts={"uk_article.yaml": fact_file_text([uk_fact], article="uk_article")},
    )
    outcome = await manager.reload(ADMIN)
    assert outcome.ok and outcome.result is not None and outcome.result.wrote
    served = manager.base
    assert snapshot(served) == snapshot(await store.load())
    # Ordered by article date: the UK article (March) before the seed article (April).
    assert [f.id for f in served.facts] == ["cameron-post", "lavrov-xi-meeting-city", "trade-value"]
    assert manager.answers.matcher.facts == served.facts


async def test_an_invalid_file_changes_nothing(
    manager: FactBaseManager, store: Store, edit, valid_facts
) -> None:
    before = manager.base
    builds = (await store.last_build(), snapshot(await store.load()))
    broken = copy.deepcopy(valid_facts)
    broken[0]["quote"] = "Words that appear nowhere in the article at all."
    edit(broken)
    outcome = await manager.reload(ADMIN)
    assert not outcome.ok
    assert any(p.fact_id == "lavrov-post" and p.field == "quote" for p in outcome.errors)
    assert manager.base is before
    assert (await store.last_build(), snapshot(await store.load())) == builds
    history = await manager.history()
    assert [(r.user_name, r.outcome) for r in history[:1]] == [("admin", "invalid")]


async def test_an_unchanged_reload_writes_nothing_and_serves_the_same_facts(
    manager: FactBaseManager, store: Store
) -> None:
    before = snapshot(manager.base)
    serving = manager.answers
    outcome = await manager.reload(ADMIN)
    assert outcome.ok and outcome.result is not None and not outcome.result.wrote
    assert snapshot(manager.base) == before
    assert manager.answers is serving  # no read-back, no new matcher for the same base


async def test_a_reload_serves_a_build_made_in_a_shell_that_it_had_not_picked_up(
    manager: FactBaseManager, store: Store, edit, valid_facts
) -> None:
    seeds, facts = edit(without_first(valid_facts))
    await rebuild(store, seeds, facts)  # the watcher has not looked yet
    outcome = await manager.reload(ADMIN)
    assert outcome.ok and outcome.result is not None and not outcome.result.wrote
    assert [f.id for f in manager.base.facts] == ["lavrov-xi-meeting-city", "trade-value"]


async def test_listeners_hear_of_every_swap_with_the_old_and_new_base(
    manager: FactBaseManager, edit, valid_facts
) -> None:
    heard: list[tuple[list[str], list[str]]] = []

    async def listener(old: FactBase, new: FactBase) -> None:
        heard.append(([f.id for f in old.facts], [f.id for f in new.facts]))

    manager.on_swap(listener)
    edit(valid_facts[:2])
    await manager.reload(ADMIN)
    assert heard == [
        (
            ["lavrov-post", "lavrov-xi-meeting-city", "trade-value"],
            ["lavrov-post", "lavrov-xi-meeting-city"],
        )
    ]


async def test_a_build_from_a_shell_is_picked_up_once(
    manager: FactBaseManager, store: Store, edit, valid_facts
) -> None:
    assert not await manager.refresh_if_rebuilt()
    seeds, facts = edit(without_first(valid_facts))
    await rebuild(store, seeds, facts)
    assert await manager.refresh_if_rebuilt()
    assert [f.id for f in manager.base.facts] == ["lavrov-xi-meeting-city", "trade-value"]
    assert not await manager.refresh_if_rebuilt()


async def test_a_failed_write_keeps_the_old_base(
    manager: FactBaseManager, store: Store, edit, valid_facts
) -> None:
    before = manager.base
    build = await store.last_build()
    edit(valid_facts[:1])
    await store.db.execute("PRAGMA query_only = ON")  # every write now fails
    with pytest.raises(StoreError):
        await manager.reload(ADMIN)
    await store.db.execute("PRAGMA query_only = OFF")
    assert manager.base is before
    assert await store.last_build() == build
    assert len((await store.load()).facts) == 3


async def test_a_manager_opened_on_an_empty_store_serves_nothing_until_a_reload(
    store: Store, edit, valid_facts
) -> None:
    seeds, facts = edit(valid_facts)
    manager = await FactBaseManager.open(store, seeds, facts, clock)
    assert manager.base.facts == []
    assert isinstance(manager.answers, AnswerService)
    assert (await manager.reload(ADMIN)).ok
    assert len(manager.base.facts) == 3
