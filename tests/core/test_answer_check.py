"""bot/core/answer_check.py: is a quiz player's typed guess a correct answer to a fact?

The table pins every rule of the module docstring with a guess that must pass and one that
must not, on small facts built here and on real curated facts, so a change that makes the
checker more generous (or stricter) shows up as a named row.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from functools import cache, lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.answer_check import (
    ALIAS,
    DATE,
    EMPTY,
    EXACT,
    NEAR_NEIGHBOUR,
    NUMBER,
    TOO_LONG,
    TYPO,
    WRONG,
    AnswerChecker,
    Verdict,
    check_answer,
    edit_limit,
)
from bot.core.loading import parse_fact_file
from bot.core.models import Fact, Kind
from tests.support.factories import make_fact

REAL_FACT_FILE = Path(__file__).resolve().parents[2] / "facts" / "000_e8bc1a953be82026.yaml"
REASONS = {EXACT, ALIAS, TYPO, NUMBER, DATE, TOO_LONG, NEAR_NEIGHBOUR, WRONG, EMPTY}


_fact = make_fact


SMALL_FACTS: dict[str, Fact] = {
    "chen": _fact("Chen Wenqing", "Wenqing Chen", kind=Kind.PERSON),
    "lavrov": _fact("Sergei Lavrov", "Lavrov", kind=Kind.PERSON),
    "russia": _fact("Russia", "the Russian Federation", kind=Kind.COUNTRY),
    "sudan": _fact("Sudan", kind=Kind.COUNTRY),
    "nigeria": _fact("Nigeria", kind=Kind.COUNTRY),
    "niger": _fact("Niger", kind=Kind.COUNTRY),
    "australia": _fact("Australia", kind=Kind.COUNTRY),
    "iraq": _fact("Iraq", kind=Kind.COUNTRY),
    "north-korea": _fact("North Korea", kind=Kind.COUNTRY),
    "slovenia": _fact("Slovenia", kind=Kind.COUNTRY),
    "guinea": _fact("Guinea", kind=Kind.COUNTRY),
    "dominica": _fact("Dominica", kind=Kind.COUNTRY),
    "mali": _fact("Mali", kind=Kind.COUNTRY),
    "gambia": _fact("Gambia", kind=Kind.COUNTRY),
    "latvia": _fact("Latvia", kind=Kind.COUNTRY),
    "sweden": _fact("Sweden", kind=Kind.COUNTRY),
    "drc": _fact("Democratic Republic of the Congo", kind=Kind.COUNTRY),
    "eswatini": _fact("Eswatini", kind=Kind.COUNTRY),
    "turkiye": _fact("Türkiye", kind=Kind.COUNTRY),
    "moscow": _fact("Moscow", kind=Kind.PLACE),
    "deaths": _fact("133", kind=Kind.NUMBER, value=133, unit="people"),
    "trade": _fact("$240 billion", kind=Kind.NUMBER, value=240_000_000_000, unit="usd"),
    "growth": _fact("26 per cent", kind=Kind.NUMBER, value=26, unit="percent"),
    "anniversary": _fact("75th", kind=Kind.NUMBER, value=75, unit="ordinal"),
    "rank": _fact("sixth", kind=Kind.NUMBER, value=6, unit="ordinal"),
    "promotion": _fact("October 2022", kind=Kind.DATE),
    "visit-end": _fact("28 April", "28 April 2024", kind=Kind.DATE),
    "visit-start": _fact("21 April 2024", kind=Kind.DATE),
    "founded": _fact("2014", kind=Kind.DATE, value=2014, unit="year"),
    "brics": _fact("Brazil, Russia, India, China and South Africa"),
    "areas": _fact("military, artificial intelligence and space"),
    "pledge": _fact("defend a multipolar world", kind=Kind.STATEMENT),
    "minister": _fact("Russian Foreign Minister", "Foreign Minister", kind=Kind.POSITION),
    "cooperation": _fact("law enforcement cooperation"),
}


@lru_cache(maxsize=1)
def _real_facts() -> dict[str, Fact]:
    _, facts, problems = parse_fact_file(REAL_FACT_FILE, REAL_FACT_FILE.name)
    assert not problems
    return {f"real:{fact.id}": fact for fact in facts}


def _get_fact(name: str) -> Fact:
    return _real_facts()[name] if name.startswith("real:") else SMALL_FACTS[name]


@cache
def _checker(name: str) -> AnswerChecker:
    return AnswerChecker(_get_fact(name))


# (fact, guess, correct). Every example of the brief appears once as accepted and once as
# rejected; the ids say which rule a row is about.
ROWS: list[tuple[str, str, bool]] = [
    # --- form: case, accents, punctuation, articles, hedges, chat decoration ---
    ("russia", "Russia", True),
    ("russia", "  RUSSIA  ", True),
    ("russia", "russia?", True),
    ("russia", "Russia!!! 🎉🎉", True),
    ("russia", "it's russia", True),
    ("russia", "its russia", True),
    ("russia", "i think russia", True),
    ("russia", "is it russia?", True),
    ("russia", "maybe russia", True),
    ("russia", "probably Russia", True),
    ("russia", "pretty sure it's russia", True),
    ("russia", "answer: russia", True),
    ("russia", "my guess is Russia", True),
    ("russia", "i think it's probably russia lol", True),
    ("russia", "the russian federation", True),
    ("russia", "Russian Federation", True),
    ("russia", "in russia", True),
    ("turkiye", "turkiye", True),
    ("turkiye", "Turkey", True),
    ("eswatini", "Swaziland", True),
    ("russia", "not russia", False),
    ("russia", "russia or china", False),
    ("russia", "russian", False),
    ("russia", "china", False),
    ("russia", "i think it's china", False),
    # --- typos, per word, length-aware ---
    ("chen", "Chen Wenquing", True),
    ("chen", "chen wenqing", True),
    ("chen", "wenqing chen", True),
    ("chen", "chenwenqing", True),
    ("chen", "Chen", False),  # only where "Chen" is an accepted alias (see the real fact)
    ("chen", "Chan Wenqing", False),  # four-letter words must be exact
    ("chen", "Chen Jinping", False),
    ("chen", "Xi Jinping", False),
    ("lavrov", "sergei lavrof", True),
    ("lavrov", "lavrof", True),
    ("lavrov", "Sergey Lavrov", True),
    ("lavrov", "sergei ivanov", False),
    ("lavrov", "sergei lavrenko", False),
    ("russia", "rusia", True),
    ("australia", "austrlia", True),
    ("nigeria", "nigera", True),
    ("slovenia", "slovenija", True),
    ("sweden", "sweeden", True),
    ("gambia", "gambai", True),
    ("gambia", "the gambia", True),
    ("moscow", "moskow", True),
    ("moscow", "mosco", True),
    ("moscow", "minsk", False),
    ("iraq", "irak", False),  # four letters: no typo allowed
    ("mali", "mail", False),
    ("minister", "foreign minster", True),
    ("minister", "russian foreign ministry", False),  # a real, different word
    ("cooperation", "law enforcment cooperation", True),
    ("cooperation", "law-enforcement cooperation", True),
    ("cooperation", "law enforcement corporation", False),
    ("pledge", "defend a multipolar wrld", True),
    ("pledge", "defend multipolar world", True),
    ("pledge", "a multipolar world", False),
    ("pledge", "defend a unipolar world", False),
    # --- near neighbours: another place is never a typo ---
    ("sudan", "Sudan", True),
    ("sudan", "South Sudan", False),
    ("nigeria", "Niger", False),
    ("niger", "Nigeria", False),
    ("niger", "nigeri", False),  # closer to Nigeria than to Niger
    ("australia", "Austria", False),
    ("iraq", "Iran", False),
    ("north-korea", "North Korea", True),
    ("north-korea", "DPRK", True),
    ("north-korea", "South Korea", False),
    ("north-korea", "Korea", False),
    ("slovenia", "Slovakia", False),
    ("guinea", "Guinea", True),
    ("guinea", "Guinea-Bissau", False),
    ("guinea", "Equatorial Guinea", False),
    ("dominica", "Dominica", True),
    ("dominica", "Dominican Republic", False),
    ("mali", "Mali", True),
    ("mali", "Malawi", False),
    ("gambia", "Zambia", False),
    ("latvia", "Latvia", True),
    ("latvia", "Lithuania", False),
    ("sweden", "Swaziland", False),
    ("sweden", "Switzerland", False),
    ("drc", "DRC", True),
    ("drc", "Democratic Republic of Congo", True),
    ("drc", "Congo", False),
    ("drc", "Republic of the Congo", False),
    ("russia", "Prussia", False),
    ("russia", "Belarus", False),
    # --- numbers by value ---
    ("deaths", "133", True),
    ("deaths", "one hundred thirty-three", True),
    ("deaths", "one hundred and thirty three", True),
    ("deaths", "133 people", True),
    ("deaths", "i think 133", True),
    ("deaths", "134", False),
    ("deaths", "133 million", False),
    ("deaths", "133 or 134", False),
    ("deaths", "not 133", False),
    ("deaths", "thirteen", False),
    ("trade", "$240 billion", True),
    ("trade", "240 billion", True),
    ("trade", "240bn", True),
    ("trade", "240 billion dollars", True),
    ("trade", "240000000000", True),
    ("trade", "240,000,000,000", True),
    ("trade", "US$240 bn", True),
    ("trade", "two hundred and forty billion dollars", True),
    ("trade", "0.24 trillion", True),
    ("trade", "240 million", False),
    ("trade", "$240 million", False),
    ("trade", "240", False),
    ("trade", "240 billion euros", False),
    ("trade", "250 billion", False),
    ("growth", "26 per cent", True),
    ("growth", "26%", True),
    ("growth", "26 percent", True),
    ("growth", "twenty-six per cent", True),
    ("growth", "26", True),
    ("growth", "27%", False),
    ("growth", "26 dollars", False),
    ("growth", "62%", False),
    ("anniversary", "75th", True),
    ("anniversary", "seventy-fifth", True),
    ("anniversary", "75", True),
    ("anniversary", "seventy fifth anniversary", True),
    ("anniversary", "76th", False),
    ("anniversary", "seventy-sixth", False),
    ("rank", "sixth", True),
    ("rank", "6th", True),
    ("rank", "6", True),
    ("rank", "6th largest", True),
    ("rank", "sixty", False),
    ("rank", "seventh", False),
    ("rank", "16th", False),
    # --- years and dates ---
    ("promotion", "October 2022", True),
    ("promotion", "oct 2022", True),
    ("promotion", "Oct. 2022", True),
    ("promotion", "10/2022", True),
    ("promotion", "2022-10", True),
    ("promotion", "in october 2022", True),
    ("promotion", "octobre 2022", True),
    ("promotion", "2022", False),  # a bare year for a month-and-year answer
    ("promotion", "october 2023", False),
    ("promotion", "11/2022", False),
    ("promotion", "october", False),
    ("promotion", "sept 2022", False),
    ("visit-end", "28 April", True),
    ("visit-end", "April 28", True),
    ("visit-end", "28th april", True),
    ("visit-end", "28/4", True),
    ("visit-end", "4/28", True),
    ("visit-end", "twenty-eighth of April", True),
    ("visit-end", "28 April 2024", True),
    ("visit-end", "28 April 2023", False),  # a year given must be the right one
    ("visit-end", "27 April", False),
    ("visit-end", "28/5", False),
    ("visit-end", "april", False),
    ("visit-start", "21 April", True),
    ("visit-start", "April 21st, 2024", True),
    ("visit-start", "21/04/2024", True),
    ("visit-start", "2024-04-21", True),
    ("visit-start", "21 April 2023", False),
    ("visit-start", "April 2024", False),
    ("founded", "2014", True),
    ("founded", "in 2014", True),
    ("founded", "two thousand and fourteen", True),
    ("founded", "2015", False),
    ("founded", "2014 or 2015", False),
    # --- lists in any order ---
    ("brics", "Brazil, Russia, India, China and South Africa", True),
    ("brics", "russia, china, india, brazil and south africa", True),
    ("brics", "india & china & russia & brazil & south africa", True),
    ("brics", "brazil, russia, india, china, and south africa", True),
    ("brics", "brazil russia india china south africa", True),
    ("brics", "brasil, russia, india, china and south afrika", True),
    ("brics", "russia, china, india", False),
    ("brics", "brazil, russia, india, china and south sudan", False),
    ("brics", "brazil, russia, india, china, south africa and iran", False),
    ("brics", "russia", False),
    ("areas", "military, artificial intelligence and space", True),
    ("areas", "space, military and artificial intelligence", True),
    ("areas", "military, artificial inteligence and space", True),
    ("areas", "military and space", False),
    ("areas", "military, artificial intelligence and cyber", False),
    # --- chat, not an answer ---
    ("russia", "well I have been thinking about it for a while and I reckon it is Russia", False),
    ("deaths", "the attack on the concert hall killed 133 people according to reports", False),
    # --- hostile input: a Verdict, never an exception ---
    ("russia", "russia " * 1430, False),  # 10,010 characters
    ("russia", "x" * 10_000, False),
    ("russia", "ru\u200bss\u200dia", True),  # zero-width characters vanish
    ("russia", "\u200b\u200c\u200d\ufeff", False),
    ("russia", "**russia**", True),
    ("russia", "||russia||", True),
    ("russia", "`russia`", True),
    ("russia", "<@123456789> russia", True),
    ("russia", "@everyone", False),
    ("russia", "@here russia russia russia", False),
    ("russia", "🇷🇺🎉🔥", False),
    ("russia", "'; DROP TABLE facts; --", False),
    ("russia", "Robert'); DROP TABLE students;--", False),
    ("deaths", "1; DROP TABLE facts", False),
    ("promotion", "' OR 1=1 --", False),
    ("russia", "\ud800russia", True),  # a lone surrogate
    ("trade", "9" * 999, False),
    ("visit-end", "99/99", False),
    ("russia", "", False),
    ("russia", "   \t\n ", False),
    # --- real curated facts ---
    ("real:chen-wenqing-top-security-official", "Chen Wenquing", True),
    ("real:chen-wenqing-top-security-official", "chen", True),  # "Chen" is an alias here
    ("real:chen-wenqing-top-security-official", "Chen Wenli", False),
    ("real:sergei-lavrov-foreign-minister", "sergei lavrof", True),
    ("real:sergei-lavrov-foreign-minister", "sergei naryshkin", False),
    ("real:chen-visit-destination", "i think it's russia", True),
    ("real:chen-visit-destination", "Prussia", False),
    ("real:putin-china-visit-destination", "russia", False),
    ("real:moscow-attack-death-toll", "one hundred and thirty-three", True),
    ("real:moscow-attack-death-toll", "130", False),
    ("real:china-russia-trade-value", "US$240 bn", True),
    ("real:china-russia-trade-value", "240 million", False),
    ("real:china-russia-trade-growth", "26%", True),
    ("real:china-russia-trade-growth", "26 billion", False),
    ("real:diplomatic-relations-anniversary-ordinal", "seventy-fifth", True),
    ("real:russia-trading-partner-rank", "6th", True),
    ("real:russia-trading-partner-rank", "fifth", False),
    ("real:chen-wenqing-promotion-date", "10/2022", True),
    ("real:chen-wenqing-promotion-date", "2022", False),
    ("real:chen-visit-end-date", "28/4", True),
    ("real:chen-visit-end-date", "28 april 2023", False),
    ("real:chen-visit-start-date", "21st april", True),
    ("real:security-mechanism-year", "in 2014", True),
    ("real:security-mechanism-year", "2013", False),
    (
        "real:brics-summit-attending-countries",
        "china, russia, brazil, south africa and india",
        True,
    ),
    ("real:brics-summit-attending-countries", "china, russia, brazil and india", False),
    ("real:china-larger-trading-partners", "japan, usa, taiwan, hong kong and south korea", True),
    (
        "real:china-larger-trading-partners",
        "japan, taiwan, hong kong, north korea and the us",
        False,
    ),
    ("real:cooperation-areas", "space, AI and military", True),
    ("real:lavrov-xi-pledge", "to defend a multipolar world", True),
    ("real:lavrov-xi-pledge", "defend a bipolar world", False),
    ("real:chen-2023-russian-officials-met", "nikolai patrushev, sergei naryshkin", True),
    ("real:chen-2023-russian-officials-met", "sergei lavrov and nikolai patrushev", False),
]


def _row_id(row: tuple[str, str, bool]) -> str:
    fact, guess, correct = row
    shown = guess if len(guess) <= 40 else f"{guess[:20]}...({len(guess)} chars)"
    return f"{fact}|{shown!r}|{'ok' if correct else 'no'}"


@pytest.mark.parametrize(("fact", "guess", "correct"), ROWS, ids=[_row_id(r) for r in ROWS])
def test_answer_table(fact: str, guess: str, correct: bool) -> None:
    verdict = _checker(fact).check(guess)
    assert isinstance(verdict, Verdict)
    assert verdict.correct is correct, verdict
    assert verdict.reason in REASONS
    assert (verdict.matched is not None) is correct
    if correct:
        assert verdict.matched in _get_fact(fact).accepted_answers


def test_table_is_large_enough() -> None:
    assert len(ROWS) >= 80
    assert {correct for _, _, correct in ROWS} == {True, False}


@pytest.mark.parametrize(
    ("fact", "guess", "reason", "matched"),
    [
        pytest.param("russia", "Russia", EXACT, "Russia", id="exact"),
        pytest.param(
            "russia", "the russian federation", ALIAS, "the Russian Federation", id="alias"
        ),
        pytest.param("turkiye", "Turkey", ALIAS, "Türkiye", id="same-country-other-name"),
        pytest.param("lavrov", "sergei lavrof", TYPO, "Sergei Lavrov", id="typo"),
        pytest.param("trade", "240bn", NUMBER, "$240 billion", id="number"),
        pytest.param("promotion", "10/2022", DATE, "October 2022", id="date"),
        pytest.param("brics", "china, india, russia, brazil, south africa", EXACT, None, id="list"),
        pytest.param("sudan", "South Sudan", NEAR_NEIGHBOUR, None, id="near-neighbour"),
        pytest.param("russia", "Prussia", NEAR_NEIGHBOUR, None, id="near-neighbour-typo-distance"),
        pytest.param("russia", "China", WRONG, None, id="far-country-is-just-wrong"),
        pytest.param("russia", "", EMPTY, None, id="empty"),
        pytest.param("russia", " \n\t ", EMPTY, None, id="whitespace"),
        pytest.param("russia", "🎉🎉", EMPTY, None, id="emoji-only"),
        pytest.param("russia", "x" * 10_000, TOO_LONG, None, id="ten-thousand-characters"),
        pytest.param(
            "russia",
            "so what I would like to say is that the answer is obviously russia my friend",
            TOO_LONG,
            None,
            id="chat",
        ),
    ],
)
def test_reasons(fact: str, guess: str, reason: str, matched: str | None) -> None:
    verdict = _checker(fact).check(guess)
    assert verdict.reason == reason
    if matched is not None:
        assert verdict.matched == matched


def test_check_answer_matches_the_checker() -> None:
    fact = SMALL_FACTS["trade"]
    for guess in ("240 billion", "240 million", "", "US$240 bn"):
        assert check_answer(fact, guess) == AnswerChecker(fact).check(guess)


def test_verdict_is_immutable() -> None:
    verdict = check_answer(SMALL_FACTS["russia"], "russia")
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.correct = False  # type: ignore[misc]


@pytest.mark.parametrize(
    ("length", "limit"),
    [(1, 0), (4, 0), (5, 1), (8, 1), (9, 2), (15, 2), (16, 3), (40, 3)],
)
def test_edit_limit(length: int, limit: int) -> None:
    assert edit_limit(length) == limit


_PROPERTY_FACTS = ("russia", "trade", "growth", "visit-end", "promotion", "brics", "chen", "drc")
# Pieces the parsers react to, so generated text reaches the number, date and list paths.
_PIECES = st.sampled_from(
    [*"0123456789 ,./-$%&:'*|<>@", "april", "may", "oct", "billion", "bn", "th", "and",
     "per cent", "russia", "south", "congo", "i think", "it's", "the", "\u200b", "é", "🎉"]
)  # fmt: skip


@settings(max_examples=300, deadline=timedelta(milliseconds=500))
@given(guess=st.one_of(st.text(), st.lists(_PIECES, max_size=40).map("".join)))
def test_any_text_gives_a_verdict(guess: str) -> None:
    for name in _PROPERTY_FACTS:
        verdict = _checker(name).check(guess)
        assert isinstance(verdict, Verdict)
        assert verdict.reason in REASONS
        assert verdict.correct == (verdict.matched is not None)
