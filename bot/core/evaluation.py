"""Measure the matcher on a labelled question set, per question style.

The same code backs the accuracy tests, the tuning script and the README's report, so the
numbers quoted anywhere are the numbers the tests check.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from bot.core.matcher import Decision, Matcher

Split = Literal["tune", "holdout"]
HOLDOUT_PERCENT = 30


class EvalQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    q: str
    style: str
    fact: str | None = None
    answer: str | None = None
    # Set from the file, not per question: a set written after tuning is held out whole,
    # and a set written to study failures is read whole, so it is tuning data whole.
    whole: Split | None = None

    @property
    def answerable(self) -> bool:
        return self.fact is not None

    @property
    def held_out(self) -> bool:
        return self.whole == "holdout"

    @property
    def split(self) -> Split:
        """A stable split by the question's text, never by file order, unless its file puts
        it whole on one side."""
        if self.whole is not None:
            return self.whole
        bucket = zlib.crc32(self.q.encode("utf-8")) % 100
        return "holdout" if bucket < HOLDOUT_PERCENT else "tune"


EVAL_GLOB = "eval_questions*.yaml"


def load_question_sets(folder: Path) -> list[EvalQuestion]:
    """Every evaluation file in a folder (`eval_questions*.yaml`), in name order."""
    questions: list[EvalQuestion] = []
    for path in sorted(folder.glob(EVAL_GLOB)):
        questions.extend(load_questions(path))
    return questions


def load_questions(path: Path) -> list[EvalQuestion]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    whole = raw.get("split")
    if whole not in (None, "holdout", "tune"):
        raise ValueError(f"{path.name}: split must be 'holdout', 'tune' or absent, not {whole!r}")
    for key in ("answerable", "unanswerable"):
        for entry in raw.get(key, []):
            if "whole" in entry or "held_out" in entry:
                raise ValueError(f"{path.name}: a whole file's split is set once, with split:")
    answerable = [
        EvalQuestion.model_validate({**e, "whole": whole}) for e in raw.get("answerable", [])
    ]
    unanswerable = [
        EvalQuestion.model_validate({**e, "fact": None, "whole": whole})
        for e in raw.get("unanswerable", [])
    ]
    missing = [q.q for q in answerable if q.fact is None]
    if missing:
        raise ValueError(f"answerable questions without a fact id: {missing[:3]}")
    return answerable + unanswerable


@dataclass
class StyleResult:
    total: int = 0
    right: int = 0
    wrong: int = 0  # answered with the wrong fact (answerable) or answered at all (unanswerable)

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Outcome:
    question: EvalQuestion
    decision: Decision
    fact_id: str | None
    best_id: str | None
    confidence: float

    @property
    def right(self) -> bool:
        if self.question.answerable:
            return self.decision is Decision.ANSWER and self.fact_id == self.question.fact
        return self.decision is not Decision.ANSWER

    @property
    def wrong(self) -> bool:
        """A confident wrong answer: the failure that costs trust."""
        return self.decision is Decision.ANSWER and self.fact_id != self.question.fact


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def styles(self, *, answerable: bool) -> dict[str, StyleResult]:
        results: dict[str, StyleResult] = {}
        for outcome in self.outcomes:
            if outcome.question.answerable != answerable:
                continue
            result = results.setdefault(outcome.question.style, StyleResult())
            result.total += 1
            result.right += outcome.right
            result.wrong += outcome.wrong
        return dict(sorted(results.items()))

    def overall(self, *, answerable: bool) -> StyleResult:
        total = StyleResult()
        for result in self.styles(answerable=answerable).values():
            total.total += result.total
            total.right += result.right
            total.wrong += result.wrong
        return total

    @property
    def balanced(self) -> float:
        """(in-scope accuracy + out-of-scope abstention) / 2, the figure baselines report."""
        return (self.overall(answerable=True).rate + self.overall(answerable=False).rate) / 2

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.right]

    def table(self) -> str:
        lines = [f"{'style':<22}{'right':>7}{'total':>7}{'rate':>8}{'wrong':>7}"]
        for answerable, label in ((True, "answer"), (False, "decline")):
            for style, result in self.styles(answerable=answerable).items():
                lines.append(
                    f"{label + ': ' + style:<22}{result.right:>7}{result.total:>7}"
                    f"{result.rate:>8.1%}{result.wrong:>7}"
                )
        lines.append(f"{'balanced':<22}{'':>14}{self.balanced:>8.1%}")
        return "\n".join(lines)


def evaluate(matcher: Matcher, questions: Iterable[EvalQuestion]) -> Report:
    report = Report()
    for question in questions:
        match = matcher.match(question.q)
        report.outcomes.append(
            Outcome(
                question=question,
                decision=match.decision,
                fact_id=match.fact.id if match.fact else None,
                best_id=match.best.fact.id if match.best else None,
                confidence=match.confidence,
            )
        )
    return report
