"""The fact base's data model: what a curator writes and what the rest of the bot reads.

The same pydantic models validate the YAML files (so curators get precise, field-level
errors) and carry facts through the store, the matcher and the adapters.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from bot.core.text import collapse_whitespace, has_letters_or_digits

FACT_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ARTICLE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Topic = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
]


class Kind(StrEnum):
    """What sort of thing an answer is; the matcher compares it with the question's ask."""

    PERSON = "person"
    ORGANISATION = "organisation"
    COUNTRY = "country"
    PLACE = "place"
    NUMBER = "number"
    DATE = "date"
    EVENT = "event"
    POSITION = "position"
    STATEMENT = "statement"
    OTHER = "other"


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FactEntry(_Strict):
    """One fact as a curator writes it inside an article's fact file."""

    id: Annotated[str, StringConstraints(pattern=FACT_ID_PATTERN, max_length=80)]
    answer: ShortText
    aliases: tuple[ShortText, ...] = ()
    kind: Kind
    questions: Annotated[tuple[ShortText, ...], Field(min_length=3)]
    quote: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=600)]
    topics: Annotated[tuple[Topic, ...], Field(min_length=1)]
    difficulty: Difficulty = Difficulty.MEDIUM
    as_of: dt.date
    superseded: bool = False
    superseded_by: str | None = None
    value: float | None = None
    unit: str | None = None

    @field_validator("answer", "aliases", "questions", mode="after")
    @classmethod
    def _meaningful(cls, value: str | tuple[str, ...]) -> str | tuple[str, ...]:
        items = (value,) if isinstance(value, str) else value
        for item in items:
            if not has_letters_or_digits(item):
                raise ValueError(f"{item!r} has no letters or digits")
        if isinstance(value, tuple):
            return tuple(collapse_whitespace(v) for v in value)
        return collapse_whitespace(value)


class Fact(FactEntry):
    """A fact together with the article it came from, as the running bot sees it."""

    article_id: str

    @property
    def accepted_answers(self) -> tuple[str, ...]:
        return (self.answer, *self.aliases)


class FactFile(_Strict):
    """The schema of one `facts/<article-id>.yaml` file."""

    article: Annotated[str, StringConstraints(pattern=ARTICLE_ID_PATTERN)]
    facts: Annotated[list[FactEntry], Field(min_length=1)]


class Article(_Strict):
    """A source article: front-matter metadata plus the verbatim body that quotes cite."""

    id: Annotated[str, StringConstraints(pattern=ARTICLE_ID_PATTERN)]
    title: ShortText
    section: ShortText
    published: dt.date
    published_precision: Literal["day", "month", "approximate"] = "day"
    published_note: str | None = None
    source: str | None = None
    url: str | None = None
    body: Annotated[str, StringConstraints(min_length=1)]

    @property
    def published_label(self) -> str:
        """How the date is shown to users: never more precise than the curator knew."""
        if self.published_precision == "month":
            return self.published.strftime("%B %Y")
        label = f"{self.published.day} {self.published.strftime('%B %Y')}"
        return f"around {label}" if self.published_precision == "approximate" else label
