"""bot/core/quiz/questions.py: drawing questions and wrong choices from the real fact base.

Every test uses a seeded random.Random, so a failure replays exactly.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from bot.core.answer_check import AnswerChecker
from bot.core.loading import load_sources
from bot.core.models import Difficulty, Fact, Kind
from bot.core.quiz.questions import (
    CHOICES,
    ORDINAL_WORDS,
    QuestionDrawer,
    QuizMode,
    QuizQuestion,
    eligible,
    ordinal,
)
from bot.core.text import normalize

ROOT = Path(__file__).resolve().parents[3]


@cache
def real_facts() -> tuple[Fact, ...]:
    sources = load_sources(ROOT / "seeds", ROOT / "facts")
    assert sources.ok, sources.errors
    assert len(sources.facts) >= 40
    return tuple(sources.facts)


def fact(fact_id: str) -> Fact:
    return next(f for f in real_facts() if f.id == fact_id)


def drawer(seed: int = 7, facts: tuple[Fact, ...] | list[Fact] | None = None) -> QuestionDrawer:
    return QuestionDrawer(real_facts() if facts is None else facts, random.Random(seed))


def accepted(f: Fact) -> set[str]:
    return {normalize(a) for a in f.accepted_answers}


# -- drawing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", list(QuizMode))
def test_no_fact_is_repeated_in_a_draw(mode: QuizMode) -> None:
    for seed in range(5):
        questions = drawer(seed).draw(20, mode)
        ids = [q.fact_id for q in questions]
        assert len(ids) == 20
        assert len(set(ids)) == len(ids)
        assert all(q.mode is mode for q in questions)


def test_asking_for_more_than_the_pool_returns_each_fact_once() -> None:
    questions = drawer().draw(500, QuizMode.FREE_TEXT)
    assert len(questions) == len(real_facts())
    assert {q.fact_id for q in questions} == {f.id for f in real_facts()}


def test_draw_respects_the_topic() -> None:
    pool = [f for f in real_facts() if "trade" in f.topics]
    assert 0 < len(pool) < 20
    for seed in range(5):
        questions = drawer(seed).draw(20, QuizMode.FREE_TEXT, topic="trade")
        assert len(questions) == len(pool)  # fewer than asked: the pool is small
        assert {q.fact_id for q in questions} == {f.id for f in pool}
    three = drawer().draw(3, QuizMode.MULTIPLE_CHOICE, topic="trade")
    assert len(three) == 3
    assert all("trade" in fact(q.fact_id).topics for q in three)


def test_draw_respects_the_difficulty() -> None:
    for difficulty in Difficulty:
        pool = {f.id for f in real_facts() if f.difficulty is difficulty}
        questions = drawer().draw(50, QuizMode.FREE_TEXT, difficulty=difficulty)
        assert {q.fact_id for q in questions} == pool
        assert len(questions) == len(pool)


def test_draw_respects_topic_and_difficulty_together() -> None:
    pool = {f.id for f in real_facts() if "china" in f.topics and f.difficulty is Difficulty.HARD}
    assert pool
    questions = drawer().draw(50, QuizMode.TRUE_FALSE, topic="china", difficulty=Difficulty.HARD)
    assert {q.fact_id for q in questions} == pool


def test_an_impossible_topic_draws_nothing() -> None:
    assert drawer().draw(10, QuizMode.FREE_TEXT, topic="no-such-topic") == []
    assert drawer().draw(0, QuizMode.FREE_TEXT) == []


def test_superseded_facts_are_never_drawn() -> None:
    facts = list(real_facts())
    old = {f.id for f in facts[::3]}
    marked = [f.model_copy(update={"superseded": True}) if f.id in old else f for f in facts]
    assert {f.id for f in eligible(marked)} == {f.id for f in facts} - old
    for seed in range(5):
        drawn = {q.fact_id for q in drawer(seed, marked).draw(100, QuizMode.FREE_TEXT)}
        assert drawn == {f.id for f in facts} - old
    choices = drawer(1, marked).draw(100, QuizMode.MULTIPLE_CHOICE)
    assert {q.fact_id for q in choices} == {f.id for f in facts} - old


def test_a_free_text_question() -> None:
    f = fact("china-russia-trade-value")
    q = drawer().question(f, QuizMode.FREE_TEXT)
    assert q.fact_id == f.id and q.answer == f.answer
    assert q.prompt in f.questions
    assert q.choices == () and q.shown_answer is None


def test_prompts_vary_over_the_fact_phrasings() -> None:
    f = fact("china-russia-trade-value")
    d = drawer(3)
    prompts = {d.question(f, QuizMode.FREE_TEXT).prompt for _ in range(60)}
    assert prompts == set(f.questions)


# -- multiple choice ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_multiple_choice_has_four_distinct_choices_and_one_right_answer(seed: int) -> None:
    d = drawer(seed)
    for f in real_facts():
        q = d.question(f, QuizMode.MULTIPLE_CHOICE)
        assert len(q.choices) == CHOICES == 4, f.id
        keys = [normalize(c) for c in q.choices]
        assert len(set(keys)) == 4, (f.id, q.choices)
        assert q.choices[q.correct_index] == f.answer
        right = [c for c in q.choices if normalize(c) in accepted(f)]
        assert right == [f.answer], (f.id, q.choices)


def test_distractors_are_never_accepted_answers() -> None:
    d = drawer(11)
    for f in real_facts():
        for _ in range(5):
            wrong = d.distractors(f, 3)
            assert len(wrong) == 3, f.id
            assert not {normalize(w) for w in wrong} & accepted(f), (f.id, wrong)


def test_month_dates_get_no_same_month_days_as_wrong_choices() -> None:
    # Regression: "21 April 2024" was a "wrong" choice for "April 2024", yet a typed
    # "21 April 2024" is judged right.
    for fact_id in ("lavrov-confirmation-date", "peskov-statement-date"):
        f = fact(fact_id)
        assert f.answer == "April 2024"
        wrong = many_distractors(f, rounds=10)
        assert len(wrong) >= 3
        assert not [w for w in wrong if re.fullmatch(r"\d{1,2} April 2024", w)], wrong


def test_no_distractor_is_a_guess_the_answer_checker_accepts() -> None:
    d = drawer(5)
    judged_right = []
    for f in real_facts():
        checker = AnswerChecker(f)
        for _ in range(3):
            judged_right += [(f.id, w) for w in d.distractors(f, 3) if checker.check(w).correct]
    assert judged_right == []


def test_the_correct_index_is_spread_over_all_four_positions() -> None:
    d = drawer(2024)
    positions = Counter(
        d.question(f, QuizMode.MULTIPLE_CHOICE).correct_index
        for _ in range(5)
        for f in real_facts()
    )
    total = sum(positions.values())
    assert set(positions) == {0, 1, 2, 3}
    for count in positions.values():
        assert 0.15 * total < count < 0.35 * total, positions


def test_distractors_come_from_the_same_family_when_possible() -> None:
    people = {f.answer for f in real_facts() if f.kind is Kind.PERSON}
    d = drawer(9)
    for f in real_facts():
        if f.kind is Kind.PERSON:
            drawn = d.distractors(f, 3)
            assert len(drawn) == 3, f.id
            assert set(drawn) <= people - {f.answer}, f.id


# -- numeric distractors -----------------------------------------------------------------------


def many_distractors(f: Fact, rounds: int = 30) -> set[str]:
    d = drawer(13)
    return {w for _ in range(rounds) for w in d.distractors(f, 3)}


def test_money_distractors_keep_the_answer_format() -> None:
    f = fact("china-russia-trade-value")
    assert f.answer == "$240 billion"
    wrong = many_distractors(f)
    assert len(wrong) >= 4
    for w in wrong:
        match = re.fullmatch(r"\$(\d+) billion", w)
        assert match, w
        assert int(match.group(1)) not in (0, 240)


def test_percentage_distractors_keep_the_answer_format() -> None:
    f = fact("china-russia-trade-growth")
    for w in many_distractors(f):
        match = re.fullmatch(r"(\d+) per cent", w)
        assert match and int(match.group(1)) != 26, w


@pytest.mark.parametrize("fact_id", ["chen-visit-12th-meeting", "eleventh-meeting-ordinal"])
def test_ordinal_distractors_are_ordinals_with_the_right_suffix(fact_id: str) -> None:
    f = fact(fact_id)
    answer_number = int(f.value or 0)
    wrong = many_distractors(f)
    assert len(wrong) >= 4
    for w in wrong:
        match = re.fullmatch(r"(\d+)(st|nd|rd|th)", w)
        assert match, w
        number = int(match.group(1))
        assert number != answer_number
        assert w == ordinal(number)


def test_ordinal_of_a_larger_number() -> None:
    f = fact("diplomatic-relations-anniversary-ordinal")
    assert f.answer == "75th"
    for w in many_distractors(f):
        number = int(re.fullmatch(r"(\d+)(?:st|nd|rd|th)", w).group(1))  # type: ignore[union-attr]
        assert w == ordinal(number) and number != 75


def test_ordinal_word_distractors_are_nearby_ordinal_words() -> None:
    f = fact("russia-trading-partner-rank")
    assert f.answer == "sixth"
    wrong = many_distractors(f)
    assert wrong <= set(ORDINAL_WORDS) - {"sixth"}
    assert wrong <= {"third", "fourth", "fifth", "seventh", "eighth", "ninth"}


@pytest.mark.parametrize("fact_id", ["security-mechanism-year", "china-largest-partner-since"])
def test_year_distractors_stay_nearby_years(fact_id: str) -> None:
    f = fact(fact_id)
    year = int(f.answer)
    wrong = many_distractors(f)
    assert len(wrong) >= 4
    for w in wrong:
        assert re.fullmatch(r"\d{4}", w), w
        assert 0 < abs(int(w) - year) <= 4


def test_people_count_distractors_are_whole_numbers() -> None:
    f = fact("moscow-attack-death-toll")
    for w in many_distractors(f):
        assert re.fullmatch(r"\d+", w) and int(w) not in (0, 133), w


def synthetic(answer: str, kind: Kind, value: float | None, unit: str | None) -> Fact:
    return real_facts()[0].model_copy(
        update={
            "id": "synthetic",
            "answer": answer,
            "aliases": (),
            "kind": kind,
            "value": value,
            "unit": unit,
        }
    )


def test_decimal_distractors_keep_one_decimal() -> None:
    f = synthetic("1.5 million", Kind.NUMBER, 1.5e6, "people")
    for w in many_distractors(f):
        assert re.fullmatch(r"\d+(\.\d)? million", w), w
        assert w != "1.5 million"


def test_thousands_separators_are_kept() -> None:
    # Regression: "1,500 troops" got "2250 troops", the answer the only choice with a comma.
    f = synthetic("1,500 troops", Kind.NUMBER, 1500.0, "troops")
    wrong = many_distractors(f)
    large = [w for w in wrong if int(w.removesuffix(" troops").replace(",", "")) >= 1000]
    assert len(large) >= 3
    for w in wrong:
        assert w.endswith(" troops"), w
    for w in large:
        assert re.fullmatch(r"\d{1,3}(,\d{3})+ troops", w), w


def test_ungrouped_numbers_stay_ungrouped() -> None:
    f = synthetic("2500 troops", Kind.NUMBER, 2500.0, "troops")
    for w in many_distractors(f):
        assert re.fullmatch(r"\d+ troops", w), w


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (10, "10th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (20, "20th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
        (113, "113th"),
        (122, "122nd"),
    ],
)
def test_ordinal(number: int, text: str) -> None:
    assert ordinal(number) == text


# -- true / false ---------------------------------------------------------------------------------


def test_true_false_statements_are_true_about_half_the_time() -> None:
    d = drawer(99)
    questions = [d.question(f, QuizMode.TRUE_FALSE) for _ in range(4) for f in real_facts()]
    true_share = sum(q.correct_index == 0 for q in questions) / len(questions)
    assert 0.4 < true_share < 0.6
    for q in questions:
        f = fact(q.fact_id)
        assert q.choices == ("True", "False")
        if q.correct_index == 0:
            assert q.shown_answer == f.answer
        else:
            assert q.correct_index == 1
            assert q.shown_answer is not None
            assert normalize(q.shown_answer) not in accepted(f), (f.id, q.shown_answer)


def test_true_false_with_no_possible_distractor_is_true() -> None:
    lonely = [real_facts()[0]]
    d = drawer(1, lonely)
    for _ in range(10):
        q = d.question(lonely[0], QuizMode.TRUE_FALSE)
        assert q.correct_index == 0 and q.shown_answer == lonely[0].answer


# -- serialisation -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", list(QuizMode))
def test_a_question_round_trips_through_a_dict(mode: QuizMode) -> None:
    for f in real_facts()[:10]:
        q = drawer().question(f, mode)
        assert QuizQuestion.from_dict(q.to_dict()) == q
