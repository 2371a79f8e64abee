"""Calibrate the matcher's weights and thresholds on the tuning split only.

Coordinate descent over `Tuning`'s fields: each pass tries every candidate value of one
field with the others fixed and keeps the best. The objective is the balanced accuracy
minus a penalty for each confident wrong answer, because answering wrongly is worse than
abstaining. The held-out split is reported at the end, never optimised.

    python -m bench.tune            # prints the best Tuning and both splits' tables
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from bot.core.evaluation import Report, evaluate, load_question_sets
from bot.core.lexicon import Lexicon
from bot.core.loading import load_sources
from bot.core.matcher import Matcher, Tuning

ROOT = Path(__file__).resolve().parent.parent
WRONG_ANSWER_COST = 2.0

GRID: dict[str, list[float]] = {
    "fact_coverage": [0.0, 0.05, 0.1, 0.15, 0.2, 0.3],
    "fuzzy": [0.0, 0.05, 0.1, 0.15, 0.2, 0.3],
    "recall_bias": [1.0, 1.5, 2.0, 3.0, 4.0],
    "unknown_weight": [0.4, 0.6, 0.8, 1.0, 1.2, 1.5],
    "rarity_power": [0.0, 0.5, 1.0, 1.5, 2.0, 3.0],
    "common_log": [3.0, 3.5, 4.0, 4.5, 5.0, 6.0, 7.9],
    "slot_mismatch": [0.3, 0.45, 0.55, 0.7, 0.85],
    "missing_pin": [0.4, 0.55, 0.7, 0.85, 1.0],
    "conflicting_pin": [0.15, 0.25, 0.35, 0.5, 0.7],
    "answer_echo": [0.3, 0.5, 0.7, 1.0],
    "ask_differs": [0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0],
    "aside_weight": [0.25, 0.4, 0.55, 0.7, 0.85, 1.0],
    "quote_credit": [0.0, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5],
    "roles_reversed": [0.3, 0.5, 0.7, 1.0],
    "answer_threshold": [x / 100 for x in range(40, 86, 2)],
    "sure_threshold": [0.75, 0.8, 0.85, 0.9, 0.95, 2.0],
    "min_margin": [0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.14],
}


def objective(report: Report) -> float:
    answerable = report.overall(answerable=True)
    unanswerable = report.overall(answerable=False)
    wrong = (answerable.wrong + unanswerable.wrong) / max(len(report.outcomes), 1)
    return report.balanced - WRONG_ANSWER_COST * wrong


def main() -> int:
    sources = load_sources(ROOT / "seeds", ROOT / "facts")
    questions = load_question_sets(ROOT / "tests" / "data")
    tune = [q for q in questions if q.split == "tune"]
    holdout = [q for q in questions if q.split == "holdout"]
    lexicon = Lexicon.default()

    def score(tuning: Tuning) -> float:
        return objective(evaluate(Matcher(sources.facts, lexicon, tuning), tune))

    best = Tuning()
    best_score = score(best)
    for sweep in range(3):
        improved = False
        for name, values in GRID.items():
            for value in values:
                trial = dataclasses.replace(best, **{name: value})
                trial_score = score(trial)
                if trial_score > best_score + 1e-9:
                    best, best_score, improved = trial, trial_score, True
        print(f"sweep {sweep + 1}: objective {best_score:.4f}", file=sys.stderr)
        if not improved:
            break
    print(best)
    for label, subset in (("tune", tune), ("holdout", holdout)):
        print(f"\n== {label}")
        print(evaluate(Matcher(sources.facts, lexicon, best), subset).table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
