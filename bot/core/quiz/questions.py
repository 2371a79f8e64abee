"""Drawing quiz questions from the fact base, with plausible wrong choices.

Distractors are answers of other facts of the same kind (people for a person), or, for
numbers, nearby values written the same way ("$180 billion" next to "$240 billion"), so
multiple choice tests knowledge rather than spotting the odd one out.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.core.answer_check import AnswerChecker
from bot.core.models import Difficulty, Fact, Kind
from bot.core.text import normalize

CHOICES = 4
# Kinds whose answers can stand in for each other as wrong choices.
_FAMILIES: tuple[frozenset[Kind], ...] = (
    frozenset({Kind.PERSON}),
    frozenset({Kind.POSITION}),
    frozenset({Kind.COUNTRY, Kind.PLACE}),
    frozenset({Kind.ORGANISATION, Kind.EVENT}),
    frozenset({Kind.DATE}),
    frozenset({Kind.NUMBER}),
    frozenset({Kind.STATEMENT, Kind.OTHER}),
)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SCALES = (0.5, 0.75, 1.25, 1.5, 2.0, 0.6, 1.4)
_ORDINAL_SUFFIX = re.compile(r"^(st|nd|rd|th)\b")
ORDINAL_WORDS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


class QuizMode(StrEnum):
    FREE_TEXT = "free"
    MULTIPLE_CHOICE = "choice"
    TRUE_FALSE = "truefalse"


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    fact_id: str
    prompt: str
    answer: str
    mode: QuizMode
    choices: tuple[str, ...] = ()
    correct_index: int = 0
    # True/false: the statement shown and whether it is true.
    shown_answer: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "fact_id": self.fact_id,
            "prompt": self.prompt,
            "answer": self.answer,
            "mode": self.mode.value,
            "choices": list(self.choices),
            "correct_index": self.correct_index,
            "shown_answer": self.shown_answer,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> QuizQuestion:
        choices = data.get("choices") or []
        assert isinstance(choices, list)
        shown = data.get("shown_answer")
        return cls(
            fact_id=str(data["fact_id"]),
            prompt=str(data["prompt"]),
            answer=str(data["answer"]),
            mode=QuizMode(str(data["mode"])),
            choices=tuple(str(c) for c in choices),
            correct_index=int(str(data.get("correct_index", 0))),
            shown_answer=str(shown) if shown is not None else None,
        )


def eligible(
    facts: Sequence[Fact], topic: str | None = None, difficulty: Difficulty | None = None
) -> list[Fact]:
    """Facts a quiz may ask: current ones, optionally of one topic and difficulty."""
    return [
        f
        for f in facts
        if not f.superseded
        and (topic is None or topic in f.topics)
        and (difficulty is None or f.difficulty is difficulty)
    ]


def _is_list(answer: str) -> bool:
    return "," in answer or " and " in answer


class QuestionDrawer:
    def __init__(self, facts: Sequence[Fact], rng: random.Random) -> None:
        self._facts = list(facts)
        self._rng = rng

    def draw(
        self,
        count: int,
        mode: QuizMode,
        topic: str | None = None,
        difficulty: Difficulty | None = None,
    ) -> list[QuizQuestion]:
        """Up to `count` questions about different facts (fewer when the pool is small)."""
        pool = eligible(self._facts, topic, difficulty)
        picked = self._rng.sample(pool, min(count, len(pool)))
        return [self.question(fact, mode) for fact in picked]

    def question(self, fact: Fact, mode: QuizMode) -> QuizQuestion:
        prompt = self._rng.choice(fact.questions)
        if mode is QuizMode.FREE_TEXT:
            return QuizQuestion(fact.id, prompt, fact.answer, mode)
        wrong = self.distractors(fact, CHOICES - 1)
        if mode is QuizMode.TRUE_FALSE:
            truthful = not wrong or self._rng.random() < 0.5
            shown = fact.answer if truthful else wrong[0]
            return QuizQuestion(
                fact.id,
                prompt,
                fact.answer,
                mode,
                choices=("True", "False"),
                correct_index=0 if truthful else 1,
                shown_answer=shown,
            )
        choices = [fact.answer, *wrong]
        self._rng.shuffle(choices)
        return QuizQuestion(
            fact.id, prompt, fact.answer, mode, tuple(choices), choices.index(fact.answer)
        )

    def distractors(self, fact: Fact, count: int) -> list[str]:
        """Plausible wrong answers, never equal (after normalisation) to an accepted one."""
        taken = {normalize(a) for a in fact.accepted_answers}
        found: list[str] = []
        # A wrong choice must be wrong by the same rules as a typed answer
        # ("21 April 2024" would count as right for "April 2024").
        checker = AnswerChecker(fact)

        def offer(candidates: list[str]) -> None:
            """Take candidates in order until `count` are found (the rest are not even
            normalised: at 10,000 facts that was half a quiz's start-up)."""
            for candidate in candidates:
                if len(found) >= count:
                    return
                key = normalize(candidate)
                if key and key not in taken:
                    taken.add(key)
                    if not checker.check(candidate).correct:
                        found.append(candidate)

        if fact.kind is Kind.NUMBER or (fact.kind is Kind.DATE and fact.value is not None):
            offer(self._numeric_neighbours(fact))
        family = next((f for f in _FAMILIES if fact.kind in f), frozenset({fact.kind}))
        same_kind = [f.answer for f in self._facts if f.kind in family and f.id != fact.id]
        self._rng.shuffle(same_kind)
        # Lists next to lists, single names next to single names: no odd one out.
        is_list = _is_list(fact.answer)
        same_kind.sort(key=lambda answer: _is_list(answer) != is_list)
        offer(same_kind)
        if len(found) < count:  # only a small base runs out of answers of the same kind
            others = [f.answer for f in self._facts if f.id != fact.id]
            self._rng.shuffle(others)
            offer(others)
        return found

    def _numeric_neighbours(self, fact: Fact) -> list[str]:
        word = fact.answer.strip().lower()
        if word in ORDINAL_WORDS:
            position = ORDINAL_WORDS.index(word)
            near = [w for w in ORDINAL_WORDS if abs(ORDINAL_WORDS.index(w) - position) <= 3]
            self._rng.shuffle(near)
            return near
        match = _NUMBER.search(fact.answer)
        if match is None:
            return []
        number = float(match.group(0).replace(",", ""))
        is_year = fact.kind is Kind.DATE or (fact.unit == "year")
        if is_year:
            offsets = [-3, -2, -1, 1, 2, 3, 4]
            self._rng.shuffle(offsets)
            values = [number + o for o in offsets]
        else:
            scales = list(_SCALES)
            self._rng.shuffle(scales)
            values = [number * s for s in scales]
        out = []
        for value in values:
            rounded = round(value) if value >= 10 or number == int(number) else round(value, 1)
            if rounded <= 0 or rounded == number:
                continue
            grouped = "," in match.group(0)
            if float(rounded).is_integer():
                text = f"{int(rounded):,}" if grouped else f"{int(rounded)}"
            else:
                text = f"{rounded}"
            rest = fact.answer[match.end() :]
            if _ORDINAL_SUFFIX.match(rest) and float(rounded).is_integer():
                text, rest = ordinal(int(rounded)), rest[2:]
            out.append(fact.answer[: match.start()] + text + rest)
        return out
