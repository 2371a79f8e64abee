"""bot/core/quiz/hints.py: masks for names and ranges for numbers."""

from __future__ import annotations

import pytest

from bot.core.models import Fact, Kind
from bot.core.quiz.hints import MASK, hint_for, mask, number_hint
from tests.support.factories import make_fact as base_fact


def make_fact(
    answer: str, kind: Kind = Kind.OTHER, value: float | None = None, unit: str | None = None
) -> Fact:
    return base_fact(answer, fact_id="hint-fact", kind=kind, value=value, unit=unit)


@pytest.mark.parametrize(
    ("answer", "masked"),
    [
        ("Chen Wenqing", "C*** W*****g"),
        ("Beijing", "B*****g"),
        ("Xi Jinping", "X* J*****g"),
        ("Xi", "X*"),  # a two-letter last word keeps only its first letter
        ("Wang Yi", "W*** Y*"),
        ("a", "a"),
        ("Sino-Russian ties", "S***-R****** t**s"),
        ("People's Republic of China", "P*****'s R******* o* C***a"),
        ("Shanghai Cooperation Organisation (SCO)", "S******* C********** O*********** (S*O)"),
        ("$240 billion", "$2** b*****n"),
        ("Moscow, Russia", "M*****, R****a"),
        ("Pékin", "P***n"),
        ("Москва", "М****а"),
        ("...", "..."),
        ("", ""),
    ],
)
def test_mask(answer: str, masked: str) -> None:
    assert mask(answer) == masked


def test_mask_keeps_the_shape_of_the_answer() -> None:
    answer = "Collective Security Treaty Organization"
    masked = mask(answer)
    assert len(masked) == len(answer)
    assert [i for i, c in enumerate(masked) if c == " "] == [
        i for i, c in enumerate(answer) if c == " "
    ]
    assert [w[0] for w in masked.split()] == [w[0] for w in answer.split()]
    assert masked.endswith("n")
    assert masked.count(MASK) == len(answer.replace(" ", "")) - 4 - 1


@pytest.mark.parametrize(
    ("kind", "value", "unit", "hint"),
    [
        (Kind.DATE, 2014.0, "year", "a year in the 2010s"),
        (Kind.DATE, 2010.0, "year", "a year in the 2010s"),
        (Kind.DATE, 1999.0, None, "a year in the 1990s"),
        (Kind.NUMBER, 2024.0, "year", "a year in the 2020s"),
        (Kind.NUMBER, 12.0, "ordinal", "an ordinal between 10 and 20"),
        (Kind.NUMBER, 6.0, "ordinal", "an ordinal between 1 and 10"),
        (Kind.NUMBER, 75.0, "ordinal", "an ordinal between 70 and 80"),
        (Kind.NUMBER, 240e9, "usd", "a figure in the billions (usd)"),
        (Kind.NUMBER, 1e9, None, "a figure in the billions"),
        (Kind.NUMBER, 3.2e12, "usd", "a figure in the trillions (usd)"),
        (Kind.NUMBER, 5e6, "people", "a figure in the millions (people)"),
        (Kind.NUMBER, 999_999.0, None, "a 6-digit number"),
        (Kind.NUMBER, 133.0, "people", "a 3-digit number"),  # "people" is left out
        (Kind.NUMBER, 26.0, "percent", "a 2-digit number (percent)"),
        (Kind.NUMBER, 7.5, None, "a 1-digit number"),
        (Kind.NUMBER, -450.0, None, "a 3-digit number"),
    ],
)
def test_number_hint(kind: Kind, value: float, unit: str | None, hint: str) -> None:
    assert number_hint(make_fact("placeholder", kind, value, unit)) == hint


def test_no_number_hint_without_a_value() -> None:
    assert number_hint(make_fact("April 2024", Kind.DATE)) is None


def test_hint_for_prefers_the_number_hint() -> None:
    assert hint_for(make_fact("2014", Kind.DATE, 2014.0, "year")) == "a year in the 2010s"
    assert hint_for(make_fact("$240 billion", Kind.NUMBER, 240e9, "usd")) == (
        "a figure in the billions (usd)"
    )
    assert hint_for(make_fact("Chen Wenqing", Kind.PERSON)) == "C*** W*****g"
    assert hint_for(make_fact("April 2024", Kind.DATE)) == "A**** 2**4"


def test_hint_never_contains_the_whole_answer() -> None:
    for answer in ["Chen Wenqing", "Beijing", "Shanghai Cooperation Organisation", "Kremlin"]:
        assert answer not in hint_for(make_fact(answer, Kind.PLACE))
