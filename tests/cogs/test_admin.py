"""/facts reload, history, stats and gaps end to end, with a fact folder the test edits."""

from __future__ import annotations

import asyncio
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.cogs.conftest import ROOT, Running
from tests.support.fake_discord import EPHEMERAL

pytestmark = pytest.mark.timeout(40)

FACT_FILE = "000_e8bc1a953be82026.yaml"
ADMINISTRATOR = 1 << 3


@pytest.fixture
def facts_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "facts"
    folder.mkdir()
    shutil.copy(ROOT / "facts" / FACT_FILE, folder / FACT_FILE)
    return folder


@pytest.fixture
def settings_overrides(facts_dir: Path) -> dict[str, Any]:
    return {"facts_dir": facts_dir}


def edit(facts_dir: Path, old: str, new: str) -> None:
    path = facts_dir / FACT_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def reload(running: Running, user: Any) -> dict[str, Any]:
    handle = await running.fake.interact(running.fake.slash_command("facts reload", user=user))
    first = await handle.response()
    if first["type"] == 5:  # deferred: the real answer is the followup
        return (await handle.followups(1, timeout=10))[0]
    return first["data"]


async def test_the_owner_reloads_and_sees_the_diff(running: Running, facts_dir: Path) -> None:
    edit(facts_dir, "answer: Sergei Lavrov\n", "answer: Sergey Lavrov\n")
    edit(facts_dir, "  - id: chen-visit-after-attack\n", "  - id: chen-visit-after-the-attack\n")
    reply = await reload(running, running.fake.admin)
    assert reply["flags"] & EPHEMERAL
    description = reply["embeds"][0]["description"]
    assert "chen-visit-after-the-attack" in description.split("**Removed**")[0]
    assert "chen-visit-after-attack" in description.split("**Removed**")[1]
    assert "sergei-lavrov-foreign-minister" in description.split("**Changed**")[1]
    assert "hash" in reply["embeds"][0]["footer"]["text"]
    _, body = await running.command("ask", {"question": "Who is the Russian foreign minister?"})
    assert body["data"]["embeds"][0]["title"] == "Sergey Lavrov"


async def test_a_reload_encodes_the_phrasings_it_changed_for_meaning(
    running: Running, facts_dir: Path
) -> None:
    """After a reload the bot encodes, in the background, the phrasings it has not seen, so
    the first question about an edited fact does not wait for them."""
    new = "Which top Russian diplomat is named as foreign minister in the piece?"
    edit(facts_dir, "  - Who is the Russian Foreign Minister?\n", f"  - {new}\n")
    await reload(running, running.fake.admin)
    check = running.bot._second_opinion
    assert check is not None
    fact = running.bot.answers.base.fact("sergei-lavrov-foreign-minister")
    assert fact is not None and new in fact.questions
    for _ in range(500):
        if check.ready(fact):
            break
        await asyncio.sleep(0.01)
    assert check.ready(fact)


async def test_a_broken_file_is_reported_and_nothing_changes(
    running: Running, facts_dir: Path
) -> None:
    before = running.bot.answers
    edit(facts_dir, "answer: Sergei Lavrov\n", "answer: Sergey Lavrov\n")
    edit(
        facts_dir, 'quote: "Russian Foreign Minister Sergei Lavrov"', 'quote: "not in the article"'
    )
    reply = await reload(running, running.fake.admin)
    shown = reply["embeds"][0]
    assert "Nothing changed" in shown["title"]
    assert "000_e8bc1a953be82026.yaml" in shown["description"]
    assert "field quote" in shown["description"]
    assert running.bot.answers is before
    _, body = await running.command("ask", {"question": "Who is the Russian foreign minister?"})
    assert body["data"]["embeds"][0]["title"] == "Sergei Lavrov"


async def test_a_server_admin_who_is_not_a_bot_admin_is_refused_and_recorded(
    running: Running,
) -> None:
    cleo = running.fake.members[1]
    handle = await running.fake.interact(
        running.fake.slash_command("facts reload", user=cleo, permissions=ADMINISTRATOR)
    )
    body = await handle.response()
    assert body["data"]["flags"] & EPHEMERAL
    assert "Only the bot's admins" in body["data"]["content"]
    history = await running.bot.facts.history()
    assert history[0].outcome == "refused"
    assert history[0].user_name.lower().startswith("cleo")


async def test_listed_admins_may_reload_and_see_history(running: Running) -> None:
    bob = running.fake.members[0]
    running.bot.settings.admin_ids = frozenset({bob.id})
    reply = await reload(running, bob)
    assert "unchanged" in reply["embeds"][0]["title"]
    handle = await running.fake.interact(running.fake.slash_command("facts history", user=bob))
    body = await handle.response()
    assert "ok" in body["data"]["embeds"][0]["description"]


async def test_gaps_list_what_nobody_could_answer(running: Running) -> None:
    for _ in range(2):
        await running.command("ask", {"question": "who won the 1998 world cup?"})
    await running.command("ask", {"question": "who is the russian foreign minister"})
    # The gap is written just after the reply is sent: wait for it rather than race it.
    for _ in range(200):
        gaps = await running.bot.gaps.top()
        if gaps and gaps[0].count == 2:
            break
        await asyncio.sleep(0.01)
    handle = await running.fake.interact(
        running.fake.slash_command("facts gaps", user=running.fake.admin)
    )
    body = await handle.response()
    description = body["data"]["embeds"][0]["description"]
    assert "**2×** who won the 1998 world cup?" in description
    assert "foreign minister" not in description


async def test_stats_for_admins(running: Running) -> None:
    handle = await running.fake.interact(
        running.fake.slash_command("facts stats", user=running.fake.admin)
    )
    body = await handle.response()
    fields = {f["name"]: f["value"] for f in body["data"]["embeds"][0]["fields"]}
    assert "CPC’s security chief to visit Russia" in fields["Articles"]
    assert "person" in fields["Kinds"]


async def test_stats_counts_match_the_fact_files(running: Running) -> None:
    handle = await running.fake.interact(
        running.fake.slash_command("facts stats", user=running.fake.admin)
    )
    body = await handle.response()
    fields = {f["name"]: f["value"] for f in body["data"]["embeds"][0]["fields"]}
    facts = running.bot.answers.base.facts

    def parsed(field: str) -> dict[str, int]:
        pairs = [item.rsplit(" ", 1) for item in fields[field].split(", ")]
        return {name: int(count) for name, count in pairs}

    assert parsed("Kinds") == Counter(f.kind.value for f in facts)
    assert parsed("Topics") == Counter(t for f in facts for t in f.topics)
    assert list(parsed("Kinds").values()) == sorted(parsed("Kinds").values(), reverse=True)
    assert fields["Articles"] == f"CPC’s security chief to visit Russia: {len(facts)}"


async def test_a_quiz_survives_a_reload_and_never_asks_a_removed_fact(
    running: Running, facts_dir: Path
) -> None:
    bob = running.fake.members[0]
    channel = running.fake.channel_id("general")
    await running.command("quiz start", {"rounds": 5}, channel=channel, user=bob)
    await running.fake.wait_for_message(lambda m: "Question 1 of 5" in str(m.get("embeds")))
    quiz = running.bot.quiz
    assert quiz is not None
    session = quiz.session_in(channel)
    assert session is not None and session.current is not None
    current = session.current
    upcoming = session.questions[1].fact_id
    # Remove the fact being asked and the next one: the first finishes, the second is dropped.
    text = (facts_dir / FACT_FILE).read_text(encoding="utf-8")
    for fact_id in {current.fact_id, upcoming}:
        start = text.index(f"  - id: {fact_id}\n")
        end = text.find("\n  - id: ", start + 1)
        text = text[:start] + (text[end + 1 :] if end != -1 else "")
    (facts_dir / FACT_FILE).write_text(text, encoding="utf-8")
    reply = await reload(running, running.fake.admin)
    assert "reloaded" in reply["embeds"][0]["title"]
    assert all(q.fact_id != upcoming for q in session.questions)
    await running.fake.send_message("general", current.answer, author=bob)
    await running.fake.wait_for_message(
        lambda m: "got it" in str(m.get("embeds")) and "Question 1 of" in str(m.get("embeds"))
    )


async def test_a_build_from_a_shell_is_picked_up_by_the_running_bot(
    running: Running, facts_dir: Path
) -> None:
    from bot.core.factbase import rebuild
    from bot.core.store import Store

    edit(facts_dir, "answer: Sergei Lavrov\n", "answer: Sergey Lavrov\n")
    # `attache facts build` in another process: its own connection to the same file.
    async with await Store.open(running.bot.settings.database) as shell:
        done = await rebuild(shell, running.bot.settings.seeds_dir, facts_dir)
        assert done.result.wrote
    assert await running.bot.facts.refresh_if_rebuilt()
    _, body = await running.command("ask", {"question": "Who is the Russian foreign minister?"})
    assert body["data"]["embeds"][0]["title"] == "Sergey Lavrov"
    history = await running.bot.facts.history()
    assert history[0].source == "watch"
    assert not await running.bot.facts.refresh_if_rebuilt()  # nothing new the second time


async def test_a_database_fault_during_a_command_is_a_polite_private_reply(
    running: Running,
) -> None:
    await running.bot.store.db.execute("PRAGMA query_only = ON")  # writes now fail
    try:
        handle = await running.fake.interact(
            running.fake.slash_command("facts reload", user=running.fake.admin)
        )
        first = await handle.response()
        body = (await handle.followups(1))[0] if first["type"] == 5 else first["data"]
        assert body["flags"] & EPHEMERAL
        assert "can't reach my database" in body["content"]
    finally:
        await running.bot.store.db.execute("PRAGMA query_only = OFF")


async def test_a_shell_build_removing_a_fact_reaches_a_running_quiz(
    running: Running, facts_dir: Path
) -> None:
    from bot.core.factbase import rebuild
    from bot.core.store import Store

    channel = running.fake.channel_id("general")
    await running.command("quiz start", {"rounds": 5}, channel=channel)
    await running.fake.wait_for_message(lambda m: "Question 1 of 5" in str(m.get("embeds")))
    session = running.bot.quiz.session_in(channel)  # type: ignore[union-attr]
    assert session is not None
    upcoming = session.questions[1].fact_id
    text = (facts_dir / FACT_FILE).read_text(encoding="utf-8")
    start = text.index(f"  - id: {upcoming}\n")
    end = text.find("\n  - id: ", start + 1)
    (facts_dir / FACT_FILE).write_text(
        text[:start] + (text[end + 1 :] if end != -1 else ""), encoding="utf-8"
    )
    async with await Store.open(running.bot.settings.database) as shell:
        await rebuild(shell, running.bot.settings.seeds_dir, facts_dir)
    assert await running.bot.facts.refresh_if_rebuilt()
    assert all(q.fact_id != upcoming for q in session.questions)


async def test_source_autocomplete_offers_the_facts_of_a_reload(
    running: Running, facts_dir: Path
) -> None:
    async def offered(typed: str) -> list[str]:
        payload = running.fake.autocomplete("source", {"fact_id": typed}, focused="fact_id")
        body = await (await running.fake.interact(payload)).response()
        return [c["value"] for c in body["data"]["choices"]]

    assert "chen-visit-after-attack" in await offered("chen visit after")
    edit(facts_dir, "  - id: chen-visit-after-attack\n", "  - id: chen-visit-after-the-attack\n")
    edit(facts_dir, "answer: about a month\n", "answer: some four weeks\n")
    reply = await reload(running, running.fake.admin)
    assert "reloaded" in reply["embeds"][0]["title"]
    values = await offered("chen visit after")
    assert "chen-visit-after-the-attack" in values
    assert "chen-visit-after-attack" not in values
    payload = running.fake.autocomplete(
        "source", {"fact_id": "after-the-attack"}, focused="fact_id"
    )
    body = await (await running.fake.interact(payload)).response()
    names = {c["value"]: c["name"] for c in body["data"]["choices"]}
    assert names["chen-visit-after-the-attack"].endswith("some four weeks")
