"""Property-based tests: any text at all is handled, without exceptions, in bounded time.

Hypothesis' per-example deadline is the time bound: generous, so a slow CI machine does
not flake, but far below what a pathological regex or quadratic loop would take.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.answers import MAX_QUESTION_LENGTH, AnswerService, Status
from bot.core.loading import load_sources
from bot.core.matcher import Decision, Matcher
from bot.core.store import FactBase
from bot.core.text import fold, normalize, normalize_words, strip_accents

ROOT = Path(__file__).resolve().parents[2]
BOUND = dt.timedelta(milliseconds=500)

# Pieces that are no question at all: the matcher must never answer one.
NONSENSE = [
    "@everyone",
    "<@&123456789>",
    "**bold** __under__ ~~strike~~ ||spoiler||",
    "\u200b\u200d\u2060\ufeff",
    "\u202e reversed",
    "'; DROP TABLE facts; --",
    "SELECT * FROM quiz_points",
    "🙂🔥🇷🇺",
    "陈文清是谁",
    "Пе́сков",
    "\x00\x07\x1b[31m",
    "a" * 600,
    "x" * 10_000,
]
# Text people might paste: any unicode, plus the hostile pieces worth over-sampling.
hostile = st.sampled_from([*NONSENSE, "who is lavrov " * 50, "who is lavrov " * 800])
texts = st.one_of(st.text(max_size=300), hostile, st.lists(hostile, max_size=5).map(" ".join))


@pytest.fixture(scope="module")
def service() -> AnswerService:
    sources = load_sources(ROOT / "seeds", ROOT / "facts")
    return AnswerService(FactBase(sources.articles, sources.facts, None))


@settings(max_examples=300, deadline=BOUND)
@given(texts)
def test_normalize_is_idempotent_and_clean(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip()
    assert "  " not in once
    # `normalize_words` splits on spaces: that is only right if every token is a run of
    # word characters, "$" or "%".
    assert all(re.fullmatch(r"[$%]|[^\W_]+", word) for word in normalize_words(text))


@settings(
    max_examples=200, deadline=BOUND, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts)
def test_matching_never_fails_and_never_answers_nonsense_confidently(
    service: AnswerService, text: str
) -> None:
    matcher: Matcher = service.matcher
    match = matcher.match(text)
    assert match.decision in Decision
    assert 0.0 <= match.confidence <= 1.0 + 1e-9
    assert len(match.suggestions) <= 3


@settings(
    max_examples=100, deadline=BOUND, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(NONSENSE), min_size=1, max_size=4).map(" ".join))
def test_nonsense_is_never_answered(service: AnswerService, text: str) -> None:
    assert service.matcher.match(text).decision is not Decision.ANSWER


@settings(
    max_examples=200, deadline=BOUND, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts)
def test_asking_anything_gets_a_reply(service: AnswerService, text: str) -> None:
    answer = service.ask(text)
    assert answer.status in Status
    if len(fold(text).strip()) > MAX_QUESTION_LENGTH:
        assert answer.status is Status.INVALID
    if answer.status is not Status.ANSWERED:
        assert answer.message
    payload = answer.to_json()
    assert payload["question"] == text


def _normalize_by_regex(text: str) -> str:
    """The one-regex-per-step normalisation the fast paths in `normalize` must agree with."""
    text = strip_accents(fold(text)).casefold()
    text = re.sub(r"(?<=\w)'s\b", "", text).replace("'", "")
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    text = re.sub(r"[^\w$%]+", " ", text).replace("_", " ")
    text = text.replace("$", " $ ").replace("%", " % ")
    return " ".join(text.split())


@settings(max_examples=500, deadline=BOUND)
@given(st.one_of(texts, st.text(alphabet=st.characters(max_codepoint=127), max_size=200)))
def test_normalize_fast_paths_agree_with_the_plain_regexes(text: str) -> None:
    assert normalize(text) == _normalize_by_regex(text)
