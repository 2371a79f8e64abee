"""The answer service: one question in, one user-ready answer (or a polite refusal) out.

Every adapter (terminal, console, Discord) calls `AnswerService.ask`, so input checks,
wording of "don't know" and the choice of suggestions are the same everywhere.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from bot.core.matcher import Decision, Match, Matcher, SecondOpinion
from bot.core.models import Article, Fact, Kind
from bot.core.store import FactBase
from bot.core.text import fold, normalize

MAX_QUESTION_LENGTH = 500
# Posts change hands: answers of these kinds say when they were true.
_TIME_SENSITIVE = frozenset({Kind.PERSON, Kind.POSITION, Kind.NUMBER})


class Status(StrEnum):
    ANSWERED = "answered"
    UNSURE = "unsure"
    UNKNOWN = "unknown"
    INVALID = "invalid"


class InvalidReason(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_WORDS = "no_words"
    OTHER_SCRIPT = "other_script"


_INVALID_MESSAGES = {
    InvalidReason.EMPTY: "Ask me a question about the news, for example: who is China's top"
    " security official?",
    InvalidReason.TOO_LONG: f"That question is too long: please keep it under"
    f" {MAX_QUESTION_LENGTH} characters.",
    InvalidReason.NO_WORDS: "I couldn't find any words in that. Ask me a question in plain"
    " words, for example: when did Lavrov meet Xi?",
    InvalidReason.OTHER_SCRIPT: "I can only read questions in English for now. Try asking in"
    " English, for example: who is Russia's foreign minister?",
}


@dataclass(frozen=True, slots=True)
class Suggestion:
    fact_id: str
    question: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    status: Status
    fact: Fact | None = None
    article: Article | None = None
    confidence: float = 0.0
    suggestions: tuple[Suggestion, ...] = ()
    message: str | None = None
    invalid: InvalidReason | None = None
    match: Match | None = None

    @property
    def by_meaning(self) -> bool:
        """Answered because the question's meaning confirmed what its words left unsure."""
        meaning = self.match.meaning if self.match is not None else None
        return self.status is Status.ANSWERED and meaning is not None and meaning.confirmed

    @property
    def understood_as(self) -> str | None:
        """The curated phrasing a question matched by meaning was read as: shown beside the
        answer, so the asker can tell at a glance whether the bot understood them."""
        if not self.by_meaning or self.match is None or self.match.meaning is None:
            return None
        return self.match.meaning.phrasing

    @property
    def as_of_label(self) -> str | None:
        return as_of_label(self.fact) if self.fact is not None else None

    def to_json(self) -> dict[str, Any]:
        """The machine-readable form printed by `attache ask --json`."""
        return {
            "question": self.question,
            "status": self.status.value,
            "answer": self.fact.answer if self.fact else None,
            "fact_id": self.fact.id if self.fact else None,
            "confidence": round(self.confidence, 3),
            "by_meaning": self.by_meaning,
            "understood_as": self.understood_as,
            "quote": self.fact.quote if self.fact else None,
            "article": (
                {
                    "id": self.article.id,
                    "title": self.article.title,
                    "published": self.article.published.isoformat(),
                }
                if self.article
                else None
            ),
            "as_of": self.fact.as_of.isoformat() if self.fact else None,
            "superseded": self.fact.superseded if self.fact else None,
            "suggestions": [
                {"fact_id": s.fact_id, "question": s.question, "confidence": round(s.confidence, 3)}
                for s in self.suggestions
            ],
            "message": self.message,
        }


def as_of_label(fact: Fact) -> str | None:
    """ "as of April 2024" for answers that can go stale (who holds a post, a figure)."""
    if fact.kind not in _TIME_SENSITIVE:
        return None
    return f"as of {fact.as_of.strftime('%B %Y')}"


def check_question(text: str) -> InvalidReason | None:
    """Why a question cannot be asked at all, or None when it can."""
    stripped = fold(text).strip()
    if not stripped:
        return InvalidReason.EMPTY
    if len(stripped) > MAX_QUESTION_LENGTH:
        return InvalidReason.TOO_LONG
    if not normalize(stripped).strip(" $%"):
        return InvalidReason.NO_WORDS
    letters = [ch for ch in stripped if ch.isalpha()]
    if letters and not any(_is_latin(ch) for ch in letters):
        return InvalidReason.OTHER_SCRIPT
    if not letters and not any(ch.isdigit() for ch in stripped):
        return InvalidReason.NO_WORDS
    return None


def _is_latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")


def _closest(typed: str, labels: list[str], limit: int, cutoff: float = 0) -> list[int]:
    """Positions of the labels closest to a half-typed text, best first (autocomplete)."""
    found = process.extract(
        typed,
        labels,
        scorer=fuzz.WRatio,
        processor=default_process,
        limit=limit,
        score_cutoff=cutoff,
    )
    return [index for _, _, index in found]


class AnswerService:
    """Answers questions from one immutable fact base snapshot and its matcher."""

    def __init__(
        self,
        base: FactBase,
        matcher: Matcher | None = None,
        *,
        second_opinion: SecondOpinion | None = None,
    ) -> None:
        self.base = base
        self.matcher = matcher or Matcher(base.facts, second_opinion=second_opinion)
        current = [f for f in base.facts if not f.superseded]
        self._phrasings = [q for f in current for q in f.questions]
        # One phrasing per fact, for an empty autocomplete box.
        self._showcase = [f.questions[0] for f in current]
        # "id first-phrasing" per fact, searched on every /source keystroke: built once per
        # base (a reload makes a new service), so a keystroke only filters.
        self._fact_labels = [f"{f.id} {f.questions[0]}" for f in base.facts]

    def complete_question(self, typed: str, limit: int = 25) -> list[str]:
        """Known phrasings close to what the user has typed so far (autocomplete)."""
        typed = typed.strip()
        if not typed:
            return self._showcase[:limit]
        return [self._phrasings[i] for i in _closest(typed, self._phrasings, limit, cutoff=50)]

    def complete_fact(self, typed: str, limit: int = 25) -> list[Fact]:
        """Facts whose id or first phrasing is close to what the user has typed so far."""
        if not typed.strip():
            return self.base.facts[:limit]
        return [self.base.facts[i] for i in _closest(typed, self._fact_labels, limit)]

    def ask(self, question: str) -> Answer:
        reason = check_question(question)
        if reason is not None:
            return Answer(
                question, Status.INVALID, message=_INVALID_MESSAGES[reason], invalid=reason
            )
        match = self.matcher.match(question)
        suggestions = tuple(
            Suggestion(c.fact.id, c.best_phrasing, match.share(c.score)) for c in match.suggestions
        )
        if match.decision is Decision.ANSWER and match.best is not None:
            fact = match.best.fact
            return Answer(
                question,
                Status.ANSWERED,
                fact=fact,
                article=self.base.articles.get(fact.article_id),
                confidence=match.confidence,
                suggestions=suggestions,
                match=match,
            )
        if match.decision is Decision.UNSURE and suggestions:
            return Answer(
                question,
                Status.UNSURE,
                confidence=match.confidence,
                suggestions=suggestions,
                message="I'm not sure which fact you mean. Did you mean one of these?",
                match=match,
            )
        if match.decision is Decision.NOT_A_QUESTION:
            message = (
                "I didn't find a question in that. Ask me about the news, for example:"
                " who is Russia's foreign minister?"
            )
        else:
            message = "I don't know that one. " + self._known_topics_hint()
        return Answer(
            question,
            Status.UNKNOWN,
            confidence=match.confidence,
            message=message,
            match=match,
        )

    def ask_fact(self, fact_id: str) -> Answer:
        """The answer for a fact picked directly (a "did you mean" choice, a random fact)."""
        fact = self.base.fact(fact_id)
        if fact is None:
            return Answer(fact_id, Status.UNKNOWN, message="That fact is no longer in the base.")
        return Answer(
            fact.questions[0],
            Status.ANSWERED,
            fact=fact,
            article=self.base.articles.get(fact.article_id),
            confidence=1.0,
        )

    def _known_topics_hint(self) -> str:
        topics = list(self.base.topics())[:5]
        if not topics:
            return "The fact base is empty."
        return "I know about: " + ", ".join(t.replace("-", " ") for t in topics) + "."

    def random_fact(self, rng: random.Random, topic: str | None = None) -> Fact | None:
        pool = [
            f for f in self.base.facts if not f.superseded and (topic is None or topic in f.topics)
        ]
        return rng.choice(pool) if pool else None
