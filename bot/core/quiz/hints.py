"""Hints that help without giving the answer away."""

from __future__ import annotations

import re

from bot.core.models import Fact, Kind

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MASK = "*"


def mask(answer: str) -> str:
    """First letter of every word, and the last letter of the last word: `C*** W*****g`.

    Spaces and punctuation stay, and every letter or digit becomes one star, so the player
    sees how many words and characters to type ("October 2022" -> "O****** 2**2").
    """
    words = list(_WORD.finditer(answer))
    if not words:
        return answer
    out = list(answer)
    last = words[-1]
    for match in words:
        start, end = match.span()
        for index in range(start + 1, end):
            if match is last and index == end - 1 and end - start > 2:
                continue
            out[index] = MASK
    return "".join(out)


def number_hint(fact: Fact) -> str | None:
    """A range for numbers: "a 3-digit number", "in the billions", "a year in the 2010s"."""
    value = fact.value
    if value is None:
        return None
    if fact.kind is Kind.DATE or fact.unit == "year":
        return f"a year in the {int(value) // 10 * 10}s"
    if fact.unit == "ordinal":
        return (
            f"an ordinal between {max(1, int(value) // 10 * 10)} and {int(value) // 10 * 10 + 10}"
        )
    magnitude = abs(value)
    for size, label in ((1e12, "trillions"), (1e9, "billions"), (1e6, "millions")):
        if magnitude >= size:
            return f"a figure in the {label}" + (f" ({fact.unit})" if fact.unit else "")
    digits = len(str(int(magnitude)))
    unit = f" ({fact.unit})" if fact.unit and fact.unit not in {"people"} else ""
    return f"a {digits}-digit number{unit}"


def hint_for(fact: Fact) -> str:
    return number_hint(fact) or mask(fact.answer)
