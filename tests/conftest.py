"""Fixtures shared by every test: the repository, a small seed article and source folders."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.loading import load_sources
from bot.core.models import Fact

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SEED_TEXT = """---
id: test_article
title: Lavrov meets Xi in Beijing
section: Diplomacy
published: 2024-04-09
published_precision: day
source: Test Wire
url: https://example.org/lavrov-xi
---
Russian Foreign Minister Sergei Lavrov met Chinese President Xi Jinping in Beijing on Tuesday.

The two sides said trade reached $240 billion last year, up 26% on the year before.

Lavrov also met his counterpart Wang Yi, and the ministers’ talks lasted two days.
"""

SourcesFactory = Callable[..., tuple[Path, Path]]


@pytest.fixture
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def project_facts() -> list[Fact]:
    """The project's own fact base, as the bot loads it (read once per run)."""
    sources = load_sources(PROJECT_ROOT / "seeds", PROJECT_ROOT / "facts")
    assert sources.ok, sources.errors
    return sources.facts


@pytest.fixture
def seed_text() -> str:
    return SEED_TEXT


@pytest.fixture
def make_sources(tmp_path: Path) -> SourcesFactory:
    """`make(seeds={name: text}, facts={name: text}, root="project")` -> (seeds_dir, facts_dir).

    Each call replaces the folders' contents, so calling it again with edited texts simulates a
    curator's edit. Files are written byte for byte (UTF-8, no newline translation).
    """

    def make(
        seeds: Mapping[str, str] | None = None,
        facts: Mapping[str, str] | None = None,
        *,
        root: str = "project",
    ) -> tuple[Path, Path]:
        base = tmp_path / root
        seeds_dir, facts_dir = base / "seeds", base / "facts"
        for folder, files in ((seeds_dir, seeds or {}), (facts_dir, facts or {})):
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            for name, text in files.items():
                (folder / name).write_bytes(text.encode("utf-8"))
        return seeds_dir, facts_dir

    return make


def _valid_facts() -> list[dict[str, Any]]:
    """Three valid facts about SEED_TEXT, using every optional field at least once."""

    return [
        {
            "id": "lavrov-post",
            "answer": "Russian Foreign Minister",
            "aliases": ["Foreign Minister", "Russia's foreign minister"],
            "kind": "position",
            "questions": [
                "Who is Sergei Lavrov?",
                "What post does Sergei Lavrov hold?",
                "What is Lavrov's job?",
            ],
            "quote": "Russian Foreign Minister Sergei Lavrov met Chinese President Xi Jinping",
            "topics": ["russia", "people"],
            "difficulty": "easy",
            "as_of": dt.date(2024, 4, 9),
        },
        {
            "id": "lavrov-xi-meeting-city",
            "answer": "Beijing",
            "kind": "place",
            "questions": [
                "Where did Lavrov meet Xi Jinping?",
                "In which city did Sergei Lavrov and Xi Jinping meet?",
                "Which capital hosted the Lavrov-Xi talks?",
            ],
            "quote": "met Chinese President Xi Jinping in Beijing on Tuesday",
            "topics": ["russia", "china"],
            "as_of": dt.date(2024, 4, 9),
            "superseded": True,
            "superseded_by": "lavrov-post",
        },
        {
            "id": "trade-value",
            "answer": "$240 billion",
            "aliases": ["240 billion dollars"],
            "kind": "number",
            "questions": [
                "How much was the trade worth last year?",
                "What did trade reach last year?",
                "What was the value of the two sides' trade?",
            ],
            "quote": "trade reached $240 billion last year",
            "topics": ["trade", "economy"],
            "difficulty": "hard",
            "as_of": dt.date(2024, 4, 9),
            "value": 240000000000.0,
            "unit": "USD",
        },
    ]


@pytest.fixture
def valid_facts() -> list[dict[str, Any]]:
    """Fresh, mutable fact entries (dicts) that are valid against `seed_text`."""
    return _valid_facts()


@pytest.fixture
def fact_file_text() -> Callable[..., str]:
    """`fact_file_text(entries, article="test_article")` -> the YAML text of a fact file."""

    def render(entries: Iterable[Mapping[str, Any]], article: str = "test_article") -> str:
        payload = {"article": article, "facts": [dict(e) for e in entries]}
        return yaml.safe_dump(payload, sort_keys=False, allow_unicode=True)

    return render
