"""Time quiz answer checking: one typed guess against one fact, as every channel message is.

For each real fact, guesses of every sort (right, alias or upper case, lower case, a swap
typo, "i think it's ...", a wrong country, a near-neighbour country, a number in words, a
long chat line) are checked many times with a checker built once per fact,
as the quiz does. Prints median and p99 per check, and the one-off cost of building a
checker, measured in the same run.

    python -m bench.answer_check
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from bot.core.answer_check import AnswerChecker
from bot.core.loading import load_sources
from bot.core.models import Fact

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 200


def guesses_for(fact: Fact, rng: random.Random) -> list[str]:
    """One guess of each sort the docstring names. No empty guess: a channel message is
    never empty, and it would return before any work."""
    answer = fact.answer
    letters = list(answer)
    if len(letters) > 3:
        i = rng.randrange(1, len(letters) - 1)
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    return [
        answer,
        fact.aliases[0] if fact.aliases else answer.upper(),
        answer.lower(),
        "".join(letters),
        f"i think it's {answer}",
        "russia",
        "Niger",
        "one hundred and thirty-three",
        "no idea lol, something about the summit maybe? honestly not sure at all",
    ]


def main() -> int:
    sources = load_sources(ROOT / "seeds", ROOT / "facts")
    rng = random.Random(7)
    build_times, check_times = [], []
    for fact in sources.facts:
        start = time.perf_counter()
        checker = AnswerChecker(fact)
        build_times.append(time.perf_counter() - start)
        for guess in guesses_for(fact, rng):
            for _ in range(REPEATS):
                start = time.perf_counter()
                checker.check(guess)
                check_times.append(time.perf_counter() - start)
    check_times.sort()
    us = 1e6
    print("## Quiz answer checking\n")
    print("| measure | value |\n|---|---:|")
    print(f"| checks timed | {len(check_times):,} |")
    print(f"| median per check | {statistics.median(check_times) * us:.1f} µs |")
    print(f"| p99 per check | {check_times[int(len(check_times) * 0.99)] * us:.1f} µs |")
    build_ms = statistics.median(build_times) * 1e3
    print(f"| building a checker (median, once per question) | {build_ms:.2f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
