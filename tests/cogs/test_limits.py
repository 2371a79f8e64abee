"""Replies stay within Discord's limits however big the fact base gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cogs.conftest import Running

pytestmark = pytest.mark.timeout(30)


def _many_topics_facts(folder: Path) -> Path:
    """A copy of the real fact file whose facts carry hundreds of long topic names."""
    root = Path(__file__).resolve().parents[2]
    text = (root / "facts" / "000_e8bc1a953be82026.yaml").read_text(encoding="utf-8")
    extra = [f"topic-number-{i:03d}-with-a-long-name" for i in range(4)]
    lines = []
    for number, line in enumerate(text.splitlines()):
        if line.strip().startswith("topics: ["):
            tagged = ", ".join(f"t{number}-{topic}" for topic in extra)
            line = line.replace("topics: [", f"topics: [{tagged}, ")
        lines.append(line)
    folder.mkdir()
    (folder / "000_e8bc1a953be82026.yaml").write_text("\n".join(lines), encoding="utf-8")
    return folder


@pytest.fixture
def settings_overrides(tmp_path: Path) -> dict[str, Any]:
    return {"facts_dir": _many_topics_facts(tmp_path / "facts")}


async def test_a_huge_topic_list_is_clipped_to_discords_limits(running: Running) -> None:
    assert len(running.bot.answers.base.topics()) > 300
    _, body = await running.command("topics")
    description = body["data"]["embeds"][0]["description"]
    assert len(description) <= 4096
    assert description.endswith("…")
