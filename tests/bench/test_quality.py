"""The scoring rules of `bench.quality`, on tiny hand-made inputs (no fact base, no timing)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pytest
from rapidfuzz import fuzz

from bench.quality import (
    Ask,
    Passage,
    Record,
    build_bm25,
    build_fuzz,
    build_tfidf,
    choose_threshold,
    decide,
    longest_common_run,
    overlaps,
    run_baseline,
    score_split,
    split_sentences,
)
from bot.core.evaluation import EvalQuestion

BODY = """DIPLOMACY

Lavrov meets Xi

Lavrov met Xi in Beijing last week. In their talks, the two pledged
to defend a “multipolar world.” Trade reached $240 billion!

MOST READ
"""


def test_split_sentences_cuts_paragraphs_and_drops_headings() -> None:
    assert split_sentences(BODY) == [
        "Lavrov met Xi in Beijing last week.",
        "In their talks, the two pledged to defend a “multipolar world.”",
        "Trade reached $240 billion!",
    ]


def test_split_sentences_joins_lines_inside_a_paragraph() -> None:
    # A lower-case word after a full stop does not start a new sentence.
    assert split_sentences("The visit comes\nafter the attack. it was 2014.") == [
        "The visit comes after the attack. it was 2014."
    ]


def quote(text: str, article: str = "a") -> Passage:
    return Passage.of(article, text)


SENTENCE = quote("Chen, a member of the Communist Party’s Politburo, was invited on Friday.")


@pytest.mark.parametrize(
    "text",
    [
        "Chen, a member of the Communist Party's Politburo",  # inside the sentence
        "Chen, a member of the Communist Party’s Politburo, was invited on Friday. He came.",
        "a member of the Communist Party’s Politburo said the ministry last week",  # 7 of 12 words
    ],
)
def test_overlapping_quotes_are_right(text: str) -> None:
    assert overlaps(SENTENCE, quote(text))


@pytest.mark.parametrize(
    ("text", "article"),
    [
        ("Chen, a member of the Communist Party’s Politburo", "b"),  # another article
        ("the Communist Party’s leaders met in Beijing on Friday for talks", "a"),  # 3 of 11 words
        ("invited to Moscow", "a"),  # shares one word only
        ("members", "a"),  # whole words only: "members" is not "member"
    ],
)
def test_other_quotes_are_wrong(text: str, article: str) -> None:
    assert not overlaps(SENTENCE, quote(text, article))


def test_longest_common_run() -> None:
    assert longest_common_run(list("abcde"), list("xbcdy")) == 3
    assert longest_common_run(list("ab"), list("cd")) == 0


def question(text: str, fact: str | None, style: str = "paraphrase") -> EvalQuestion:
    return EvalQuestion(q=text, style=style, fact=fact)


def record(score: float | None, *, answerable: bool, hit: bool = False) -> Record:
    return Record(question("q", "f" if answerable else None), hit, score, 0.0)


def test_choose_threshold_maximises_balanced() -> None:
    records = [
        record(0.9, answerable=True, hit=True),
        record(0.88, answerable=True, hit=True),
        record(0.7, answerable=True, hit=False),
        record(0.6, answerable=False),
        record(0.85, answerable=False),
        record(None, answerable=False),  # no candidate at all: always declines
    ]
    # 0.88 answers the two hits and declines every unanswerable one: (2/3 + 3/3) / 2.
    assert choose_threshold(records) == pytest.approx(0.88)
    decided = decide(records, 0.88)
    assert [r.answered for r in decided] == [True, True, False, False, False, False]


def test_choose_threshold_keeps_the_lowest_of_equals() -> None:
    # 0.5 and 0.6 both answer the hit and decline the unanswerable question.
    records = [
        record(0.4, answerable=False),
        record(0.6, answerable=True, hit=True),
        record(0.5, answerable=True, hit=False),
    ]
    assert choose_threshold(records) == pytest.approx(0.5)


def test_choose_threshold_can_refuse_everything() -> None:
    records = [record(0.5, answerable=True), record(0.9, answerable=False)]
    assert math.isinf(choose_threshold(records))


TWO_SENTENCES = (
    "Lavrov met Xi in Beijing last week. "
    "China's total trade with Russia reached a record $240 billion."
)


@pytest.mark.parametrize(
    "build", [build_bm25, build_tfidf, lambda s: build_fuzz(s, fuzz.token_set_ratio)]
)
def test_baseline_end_to_end_on_a_two_sentence_article(
    build: Callable[[Sequence[Passage]], Ask],
) -> None:
    sentences = [Passage.of("a", s) for s in split_sentences(TWO_SENTENCES)]
    assert len(sentences) == 2
    quotes = {
        "meeting": quote("Lavrov met Xi in Beijing last week."),
        "trade": quote("China’s total trade with Russia reached a record $240 billion"),
    }
    questions = [
        question("where did lavrov meet xi", "meeting"),
        question("china russia trade value record", "trade"),
        question("who won the 2018 football world cup in moscow", None, "off-topic"),
    ]
    records = run_baseline(build(sentences), sentences, quotes, questions)
    assert [r.hit for r in records] == [True, True, False]
    decided, summary = score_split(records, tune=True)
    assert summary.right == 100.0
    assert summary.balanced == 100.0
    assert summary.wrong == 0.0
    assert [r.answered for r in decided] == [True, True, False]


def test_the_unseen_split_is_the_files_held_out_whole() -> None:
    from bench.quality import in_split
    from bot.core.evaluation import EvalQuestion

    text = "who runs china's security apparatus"
    written_after = EvalQuestion(q=text, style="x", whole="holdout")
    hashed = EvalQuestion(q=text, style="x")
    assert in_split(written_after, "unseen") and in_split(written_after, "holdout")
    assert not in_split(hashed, "unseen") and in_split(hashed, "tune")
    assert in_split(written_after, "all") and in_split(hashed, "all")
