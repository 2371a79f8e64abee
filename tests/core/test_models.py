"""bot/core/models.py: field-level validation of fact entries and article date labels."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from bot.core.models import Article, Difficulty, Fact, FactEntry, FactFile, Kind


def entry(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "lavrov-post",
        "answer": "Russian Foreign Minister",
        "kind": "position",
        "questions": ["Who is Lavrov?", "What post does Lavrov hold?", "What is Lavrov's job?"],
        "quote": "Russian Foreign Minister Sergei Lavrov",
        "topics": ["russia"],
        "as_of": "2024-04-09",
    }
    data.update(overrides)
    return data


def error_fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {".".join(str(p) for p in err["loc"]) for err in exc.value.errors()}


def test_valid_entry_gets_defaults_and_collapsed_whitespace() -> None:
    fact = FactEntry.model_validate(
        entry(answer="  Russian   Foreign\nMinister ", aliases=["Foreign  Minister"])
    )
    assert fact.answer == "Russian Foreign Minister"
    assert fact.aliases == ("Foreign Minister",)
    assert fact.kind is Kind.POSITION
    assert fact.difficulty is Difficulty.MEDIUM
    assert fact.as_of == dt.date(2024, 4, 9)
    assert fact.superseded is False
    assert fact.superseded_by is None
    assert fact.value is None
    assert fact.unit is None


@pytest.mark.parametrize(
    "bad_id",
    [
        "Lavrov-Post",
        "lavrov_post",
        "lavrov--post",
        "-lavrov",
        "lavrov-",
        "lavrov post",
        "",
        "a" * 81,
    ],
)
def test_id_must_be_lowercase_words_joined_by_hyphens(bad_id: str) -> None:
    with pytest.raises(ValidationError) as exc:
        FactEntry.model_validate(entry(id=bad_id))
    assert error_fields(exc) == {"id"}


@pytest.mark.parametrize("good_id", ["lavrov", "lavrov-post-2024", "g7", "a" * 80])
def test_id_pattern_accepts(good_id: str) -> None:
    assert FactEntry.model_validate(entry(id=good_id)).id == good_id


def test_fewer_than_three_questions_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        FactEntry.model_validate(entry(questions=["Who is Lavrov?", "What is Lavrov's job?"]))
    assert error_fields(exc) == {"questions"}
    assert "at least 3" in str(exc.value)


@pytest.mark.parametrize("answer", ["", "   ", "\n\t"])
def test_empty_answer_is_refused(answer: str) -> None:
    with pytest.raises(ValidationError) as exc:
        FactEntry.model_validate(entry(answer=answer))
    assert error_fields(exc) == {"answer"}


def test_answer_longer_than_200_chars_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        FactEntry.model_validate(entry(answer="x" * 201))
    assert error_fields(exc) == {"answer"}


@pytest.mark.parametrize("alias", ["?!", "...", "—", "“”"])
def test_punctuation_only_alias_is_refused(alias: str) -> None:
    with pytest.raises(ValidationError) as exc:
        FactEntry.model_validate(entry(aliases=["Foreign Minister", alias]))
    assert error_fields(exc) == {"aliases"}
    assert "no letters or digits" in str(exc.value)


def test_punctuation_only_question_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        FactEntry.model_validate(entry(questions=["Who is Lavrov?", "???", "What is his job?"]))
    assert error_fields(exc) == {"questions"}


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        FactEntry.model_validate(entry(kind="animal"))
    assert error_fields(exc) == {"kind"}


def test_unknown_difficulty_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        FactEntry.model_validate(entry(difficulty="trivial"))
    assert error_fields(exc) == {"difficulty"}


def test_extra_field_is_forbidden() -> None:
    with pytest.raises(ValidationError) as exc:
        FactEntry.model_validate(entry(source="a typo for quote"))
    assert error_fields(exc) == {"source"}
    assert exc.value.errors()[0]["type"] == "extra_forbidden"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"quote": "too short"}, "quote"),
        ({"topics": []}, "topics"),
        ({"topics": ["russia", "Not A Slug"]}, "topics.1"),
        ({"as_of": "April 2024"}, "as_of"),
    ],
)
def test_other_field_constraints(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        FactEntry.model_validate(entry(**overrides))
    assert error_fields(exc) == {field}


def test_several_errors_are_reported_together() -> None:
    with pytest.raises(ValidationError) as exc:
        FactEntry.model_validate(entry(id="Bad Id", kind="animal", questions=["one?"]))
    assert error_fields(exc) == {"id", "kind", "questions"}


def test_entries_are_frozen() -> None:
    fact = FactEntry.model_validate(entry())
    with pytest.raises(ValidationError):
        fact.answer = "Someone else"  # type: ignore[misc]


def test_fact_accepted_answers_are_answer_then_aliases() -> None:
    fact = Fact.model_validate(
        {**entry(aliases=["Foreign Minister", "FM"]), "article_id": "test_article"}
    )
    assert fact.accepted_answers == ("Russian Foreign Minister", "Foreign Minister", "FM")


def test_fact_file_needs_at_least_one_fact_and_a_valid_article_id() -> None:
    with pytest.raises(ValidationError) as exc:
        FactFile.model_validate({"article": "bad id!", "facts": []})
    assert error_fields(exc) == {"article", "facts"}


def article(**overrides: Any) -> Article:
    data: dict[str, Any] = {
        "id": "test_article",
        "title": "Lavrov meets Xi",
        "section": "Diplomacy",
        "published": dt.date(2024, 4, 5),
        "body": "Body.",
    }
    data.update(overrides)
    return Article.model_validate(data)


@pytest.mark.parametrize(
    ("precision", "label"),
    [
        ("day", "5 April 2024"),
        ("month", "April 2024"),
        ("approximate", "around 5 April 2024"),
    ],
)
def test_published_label(precision: str, label: str) -> None:
    assert article(published_precision=precision).published_label == label


def test_published_precision_defaults_to_day() -> None:
    assert article().published_label == "5 April 2024"


def test_unknown_published_precision_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        article(published_precision="year")
    assert error_fields(exc) == {"published_precision"}
