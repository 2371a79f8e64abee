"""Small fact-base objects for unit tests: one place that knows what a valid one needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.core.models import Fact, Kind

AS_OF = dt.date(2024, 4, 20)
QUESTIONS = ("Question one?", "Question two?", "Question three?")

UK_SEED = """---
id: uk_article
title: Britain and China
section: Diplomacy
published: 2024-03-01
published_precision: month
---
British Foreign Secretary David Cameron spoke to Wang Yi by phone.
"""


def make_fact(
    answer: str,
    *aliases: str,
    fact_id: str = "test-fact",
    kind: Kind = Kind.OTHER,
    questions: Sequence[str] = QUESTIONS,
    quote: str = "",
    value: float | None = None,
    unit: str | None = None,
) -> Fact:
    return Fact(
        id=fact_id,
        answer=answer,
        aliases=aliases,
        kind=kind,
        questions=tuple(questions),
        quote=quote or "A quote long enough to pass validation.",
        topics=("test",),
        as_of=AS_OF,
        value=value,
        unit=unit,
        article_id="test_article",
    )
