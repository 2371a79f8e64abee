"""bot/core/answers.py: input checks and the answer statuses every adapter relies on."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.core.answers import (
    MAX_QUESTION_LENGTH,
    AnswerService,
    InvalidReason,
    Status,
    check_question,
)
from bot.core.factbase import rebuild
from bot.core.models import Kind
from bot.core.store import FactBase, Store

ROOT = Path(__file__).resolve().parents[2]

# --- check_question ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("", InvalidReason.EMPTY, id="empty"),
        pytest.param("   \t\n ", InvalidReason.EMPTY, id="whitespace"),
        pytest.param("\u200b\u00a0\ufeff", InvalidReason.EMPTY, id="invisible-only"),
        pytest.param("?!...", InvalidReason.NO_WORDS, id="punctuation-only"),
        pytest.param("$%", InvalidReason.NO_WORDS, id="symbols-only"),
        pytest.param("x" * (MAX_QUESTION_LENGTH + 1), InvalidReason.TOO_LONG, id="501-chars"),
        pytest.param("🙂🌍🙂", InvalidReason.NO_WORDS, id="emoji-only"),
        pytest.param("中国的外交部长是谁？", InvalidReason.OTHER_SCRIPT, id="chinese-only"),
        pytest.param("Кто такой Лавров?", InvalidReason.OTHER_SCRIPT, id="cyrillic-only"),
    ],
)
def test_check_question_refuses(text: str, reason: InvalidReason) -> None:
    assert check_question(text) is reason


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("who is lavrov 🙂", id="latin-plus-emoji"),
        pytest.param("Who is Lavrov (Лавров)?", id="latin-plus-cyrillic"),
        pytest.param("Pékin?", id="accented-latin"),
        pytest.param("2024", id="digits-only"),
        pytest.param("x" * MAX_QUESTION_LENGTH, id="exactly-500-chars"),
        pytest.param("  " + "x" * MAX_QUESTION_LENGTH + "  ", id="500-chars-padded"),
    ],
)
def test_check_question_accepts(text: str) -> None:
    assert check_question(text) is None


# --- AnswerService on the real fact base ------------------------------------------------------


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> FactBase:
    path = tmp_path_factory.mktemp("answers") / "attache.sqlite3"

    async def build() -> FactBase:
        async with await Store.open(path) as store:
            await rebuild(store, ROOT / "seeds", ROOT / "facts")
            return await store.load()

    return asyncio.run(build())


@pytest.fixture(scope="module")
def service(base: FactBase) -> AnswerService:
    return AnswerService(base)


def test_clear_question_is_answered_with_the_right_fact(service: AnswerService) -> None:
    answer = service.ask("Who is the Russian Foreign Minister?")
    assert answer.status is Status.ANSWERED
    assert answer.fact is not None
    assert answer.fact.id == "sergei-lavrov-foreign-minister"
    assert "Lavrov" in answer.fact.answer
    assert answer.article is not None
    assert answer.article.id == answer.fact.article_id == "000_e8bc1a953be82026"
    assert 0 < answer.confidence <= 1
    assert answer.message is None
    assert answer.invalid is None
    assert answer.match is not None
    assert answer.fact.id not in {s.fact_id for s in answer.suggestions}


def test_time_sensitive_answers_say_when_they_were_true(service: AnswerService) -> None:
    answer = service.ask("Who is the Russian Foreign Minister?")
    assert answer.fact is not None
    assert answer.fact.kind is Kind.PERSON
    assert answer.as_of_label == f"as of {answer.fact.as_of:%B %Y}"


def test_unrelated_question_is_unknown_with_a_message(service: AnswerService) -> None:
    answer = service.ask("who painted the mona lisa")
    assert answer.status is Status.UNKNOWN
    assert answer.fact is None
    assert answer.suggestions == ()
    assert answer.message is not None
    assert answer.message.startswith("I don't know that one.")
    assert "I know about:" in answer.message


def test_capital_of_france_is_unknown(service: AnswerService) -> None:
    answer = service.ask("what is the capital of France")
    assert answer.status is Status.UNKNOWN
    assert answer.message


def test_capital_of_france_is_at_least_not_answered(service: AnswerService) -> None:
    answer = service.ask("what is the capital of France")
    assert answer.status in {Status.UNKNOWN, Status.UNSURE}
    assert answer.fact is None
    assert answer.message


def test_chatter_without_a_question_is_unknown(service: AnswerService) -> None:
    answer = service.ask("hello")
    assert answer.status is Status.UNKNOWN
    assert answer.message is not None
    assert "didn't find a question" in answer.message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", InvalidReason.EMPTY),
        ("?!", InvalidReason.NO_WORDS),
        ("x" * 600, InvalidReason.TOO_LONG),
        ("中国的外交部长是谁", InvalidReason.OTHER_SCRIPT),
    ],
)
def test_invalid_questions_get_a_message_and_no_match(
    service: AnswerService, text: str, reason: InvalidReason
) -> None:
    answer = service.ask(text)
    assert answer.status is Status.INVALID
    assert answer.invalid is reason
    assert answer.message
    assert answer.match is None
    assert answer.fact is None


def test_to_json_of_an_answer(service: AnswerService) -> None:
    payload = service.ask("Who is the Russian Foreign Minister?").to_json()
    assert {"question", "answer", "fact_id", "confidence", "suggestions"} <= payload.keys()
    assert payload["question"] == "Who is the Russian Foreign Minister?"
    assert payload["status"] == "answered"
    assert payload["fact_id"] == "sergei-lavrov-foreign-minister"
    assert "Lavrov" in payload["answer"]
    assert isinstance(payload["confidence"], float)
    assert payload["article"]["id"] == "000_e8bc1a953be82026"
    assert all(s.keys() == {"fact_id", "question", "confidence"} for s in payload["suggestions"])
    assert json.loads(json.dumps(payload)) == payload  # plain JSON types only


def test_to_json_of_an_unknown_answer(service: AnswerService) -> None:
    payload = service.ask("who painted the mona lisa").to_json()
    assert payload["status"] == "unknown"
    assert payload["answer"] is None
    assert payload["fact_id"] is None
    assert payload["article"] is None
    assert payload["suggestions"] == []
    assert payload["message"]


def test_ask_fact_by_id(service: AnswerService, base: FactBase) -> None:
    answer = service.ask_fact("sergei-lavrov-foreign-minister")
    fact = base.fact("sergei-lavrov-foreign-minister")
    assert fact is not None
    assert answer.status is Status.ANSWERED
    assert answer.fact == fact
    assert answer.question == fact.questions[0]
    assert answer.confidence == 1.0
    assert answer.article is base.articles[fact.article_id]


def test_ask_fact_of_an_unknown_id(service: AnswerService) -> None:
    answer = service.ask_fact("no-such-fact")
    assert answer.status is Status.UNKNOWN
    assert answer.fact is None
    assert answer.message == "That fact is no longer in the base."


def test_empty_fact_base_says_so() -> None:
    service = AnswerService(FactBase(articles={}, facts=[], build=None))
    answer = service.ask("who is lavrov")
    assert answer.status is Status.UNKNOWN
    assert answer.message is not None
    assert "empty" in answer.message
