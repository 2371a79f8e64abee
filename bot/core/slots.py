"""What kind of answer a question asks for, read from its ask words.

"How old is Chen Wenqing?" and "Who is Chen Wenqing?" share every name; only the ask tells
them apart. The matcher uses the slot to refuse facts whose answer is the wrong kind of thing.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.core.models import Kind


class Slot(StrEnum):
    PERSON = "who"
    DATE = "when"
    PLACE = "where"
    NUMBER = "how many"
    FREQUENCY = "how often"
    ANY = "what"


# Checked in order: the first pattern found in the normalised question decides.
_PATTERNS: list[tuple[Slot, re.Pattern[str]]] = [
    (Slot.FREQUENCY, re.compile(r"\b(how often|how frequently|how regularly|at what interval)\b")),
    (
        Slot.NUMBER,
        re.compile(
            r"\b(how old|what age|how many|how much|what number|what percent(age)?|"
            r"by how much|what share|what amount|how big|how large|death toll|"
            r"what rank(ing)?|what position|"
            r"how manyth|how many th)\b"
        ),
    ),
    (
        Slot.DATE,
        re.compile(
            r"\b(when|what year|which year|what date|which date|what month|which month|"
            r"what day|which day|since when|until when|till when|what time|date|dates|year|"
            r"month|day)\b"
        ),
    ),
    (
        Slot.PLACE,
        re.compile(
            r"\b(where|what city|which city|what country|which country|what place|"
            r"which place|in what country|what venue|which venue|location|venue|city|"
            r"(which|what) (\w+ )?(cities|countries|places|towns|venues))\b"
        ),
    ),
    (Slot.PERSON, re.compile(r"\b(who|whom|whose|which person|what person)\b")),
]

_COMPATIBLE: dict[Slot, frozenset[Kind]] = {
    Slot.PERSON: frozenset(
        {Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY, Kind.POSITION, Kind.OTHER}
    ),
    Slot.DATE: frozenset({Kind.DATE}),
    Slot.PLACE: frozenset({Kind.PLACE, Kind.COUNTRY}),
    Slot.NUMBER: frozenset({Kind.NUMBER}),
    Slot.FREQUENCY: frozenset({Kind.OTHER, Kind.DATE}),
    Slot.ANY: frozenset(Kind),
}


def detect_slot(normalized_question: str) -> Slot:
    for slot, pattern in _PATTERNS:
        if pattern.search(normalized_question):
            return slot
    return Slot.ANY


def compatible(slot: Slot, kind: Kind) -> bool:
    return kind in _COMPATIBLE[slot]
