"""What kind of answer a question asks for, read from its ask words.

"How old is Chen Wenqing?" and "Who is Chen Wenqing?" share every name; only the ask tells
them apart. The matcher uses the slot to refuse facts whose answer is the wrong kind of thing.

The ask is the earliest ask phrase in the question: in "what did they agree on when they
met?" the "when" belongs to a clause, and "what" is the ask.
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


# "where does Russia rank" is a ranking, not a place.
_RANK = re.compile(r"\bwhere (do|does|did) (\w+ ){1,4}rank\b")
# At the same position, earlier entries win.
_PATTERNS: list[tuple[Slot, re.Pattern[str]]] = [
    (Slot.NUMBER, _RANK),
    # Spans of time ("how long after", "how many weeks") are answered in words, not numbers.
    (
        Slot.ANY,
        re.compile(r"\b(how long|how soon|how many (seconds|minutes|hours|days|weeks|months))\b"),
    ),
    (Slot.FREQUENCY, re.compile(r"\b(how often|how frequently|how regularly|at what interval)\b")),
    (
        Slot.NUMBER,
        re.compile(
            r"\b(how old|what age|how many|how much|what number|what percent(age)?|"
            r"by how much|what share|what amount|how big|how large|death toll|number of|"
            r"what rank(ing)?|which rank|how manyth|how many th|"
            r"(what|which) (largest|biggest))\b"
        ),
    ),
    (
        Slot.DATE,
        re.compile(
            r"\b(when|whens|what year|which year|what date|which date|on what date|"
            r"what month|which month|what day|which day|since when|until when|till when|"
            r"what time|date|dates)\b"
        ),
    ),
    (
        Slot.PLACE,
        re.compile(
            r"\b(where|wheres|what city|which city|what country|which country|what place|"
            r"which place|what venue|which venue|location)\b"
        ),
    ),
    (Slot.PERSON, re.compile(r"\b(who|whos|whom|whose|which person|what person)\b")),
    (Slot.ANY, re.compile(r"\b(what|whats|which|name|list)\b")),
]

_COMPATIBLE: dict[Slot, frozenset[Kind]] = {
    Slot.PERSON: frozenset({Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY, Kind.POSITION}),
    Slot.DATE: frozenset({Kind.DATE}),
    Slot.PLACE: frozenset({Kind.PLACE, Kind.COUNTRY}),
    Slot.NUMBER: frozenset({Kind.NUMBER}),
    Slot.FREQUENCY: frozenset({Kind.OTHER, Kind.DATE}),
    Slot.ANY: frozenset(Kind),
}


# Asks that are never a subordinate clause: "which month" or "when did" is the question even
# after chatter such as "is putin going to china or what, which month".
_AUX = r"(did|does|do|is|was|were|will|would|are|has|have|had|can|could)"
_STRONG: list[tuple[Slot, re.Pattern[str]]] = [
    (Slot.NUMBER, _RANK),
    (Slot.FREQUENCY, re.compile(r"\b(how often|how frequently)\b")),
    (
        Slot.ANY,
        re.compile(r"\b(how long|how soon|how many (seconds|minutes|hours|days|weeks|months))\b"),
    ),
    (Slot.NUMBER, re.compile(r"\b(how many|how much|what percent(age)?|what number)\b")),
    (
        Slot.DATE,
        re.compile(rf"\b((what|which) (year|month|date|day)|when {_AUX}|since when)\b"),
    ),
    (Slot.PLACE, re.compile(rf"\b((what|which) (city|country)|where {_AUX})\b")),
    (Slot.PERSON, re.compile(rf"\b(who {_AUX}|whos)\b")),
]


def _combined(patterns: list[tuple[Slot, re.Pattern[str]]]) -> tuple[re.Pattern[str], list[Slot]]:
    """One regex for a list: the leftmost match wins, and at one position the first listed
    alternative does, which is exactly "earliest ask, ties to the earlier pattern"."""
    joined = "|".join(f"(?P<s{i}>{pattern.pattern})" for i, (_, pattern) in enumerate(patterns))
    # Every ask starts a word, and normalised words are single-spaced: the look-behind lets
    # the engine skip the middle of words instead of trying each alternative there (2x faster
    # over half a million phrasings).
    return re.compile(f"(?<!\\S)(?:{joined})"), [slot for slot, _ in patterns]


_ORDERED = [_combined(_STRONG), _combined(_PATTERNS)]


def detect_slot(normalized_question: str) -> Slot:
    """The earliest strong ask; failing that, the earliest ask phrase of any kind."""
    for pattern, slots in _ORDERED:
        match = pattern.search(normalized_question)
        if match is not None and match.lastgroup is not None:
            return slots[int(match.lastgroup[1:])]
    return Slot.ANY


def compatible(slot: Slot, kind: Kind) -> bool:
    return kind in _COMPATIBLE[slot]
