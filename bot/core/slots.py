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
    OWNER = "whose"
    REASON = "why"
    STATEMENT = "what was said"
    POSITION = "which post"
    ORGANISATION = "which body"
    EVENT = "which event"
    ANY = "what"


# "where does Russia rank" is a ranking, not a place.
_RANK = re.compile(r"\bwhere (do|does|did) (\w+ ){1,4}rank\b")
# Spans of time ("how long after", "how many weeks") are answered in words, not numbers.
_SPAN = re.compile(
    r"\b(how long|how soon|how much time|how many (seconds|minutes|hours|days|weeks|months))\b"
)
# "what did Peskov say about the visit" asks for words, not the visit's date.
_SAID = re.compile(
    r"\bwhat (did|does|do|has|have|had|will|would) (\w+ ){1,3}"
    r"(say|tell|stress|pledge|vow|promise|claim|warn|reply|respond)\b"
)
# "why couldn't Peskov confirm when Putin goes": the reason is asked, not the date.
_WHY = re.compile(r"\b(why|whys|how come)\b")
# "which ministry", "what kind of venue": the noun after the ask names the answer's kind.
_WHICH = r"(what|which|whats) ((kind|type|sort) of )?"
_HEAD_NOUNS: list[tuple[Slot, re.Pattern[str]]] = [
    (Slot.POSITION, re.compile(rf"\b{_WHICH}(post|office|position|title|job|role)\b")),
    (
        Slot.ORGANISATION,
        re.compile(
            rf"\b{_WHICH}(body|commission|committee|ministry|organisation|organization|"
            r"grouping|bloc|alliance)\b"
        ),
    ),
    (Slot.EVENT, re.compile(rf"\b{_WHICH}(event|occasion|milestone|war|conflict)\b")),
    (Slot.PLACE, re.compile(rf"\b{_WHICH}(city|capital|town|venue|place|nation|country)\b")),
]
# At the same position, earlier entries win.
_PATTERNS: list[tuple[Slot, re.Pattern[str]]] = [
    (Slot.NUMBER, _RANK),
    (Slot.ANY, _SPAN),
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
    *_HEAD_NOUNS,
    (Slot.PLACE, re.compile(r"\b(where|wheres|location)\b")),
    (Slot.PERSON, re.compile(r"\b(who|whos|whom|which person|what person)\b")),
    (Slot.OWNER, re.compile(r"\bwhose\b")),
    (Slot.ANY, re.compile(r"\b(what|whats|which|name|list)\b")),
]

_COMPATIBLE: dict[Slot, frozenset[Kind]] = {
    Slot.PERSON: frozenset({Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY, Kind.POSITION}),
    Slot.DATE: frozenset({Kind.DATE}),
    Slot.PLACE: frozenset({Kind.PLACE, Kind.COUNTRY}),
    Slot.NUMBER: frozenset({Kind.NUMBER}),
    Slot.FREQUENCY: frozenset({Kind.OTHER, Kind.DATE}),
    # "whose proposal": the answer may be the owner or the thing owned ("Beijing's peace plan").
    Slot.OWNER: frozenset(
        {Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY, Kind.POSITION, Kind.OTHER}
    ),
    Slot.REASON: frozenset({Kind.EVENT, Kind.STATEMENT, Kind.OTHER}),
    Slot.STATEMENT: frozenset({Kind.STATEMENT, Kind.EVENT, Kind.OTHER}),
    Slot.POSITION: frozenset({Kind.POSITION}),
    Slot.ORGANISATION: frozenset({Kind.ORGANISATION}),
    Slot.EVENT: frozenset({Kind.EVENT}),
    Slot.ANY: frozenset(Kind),
}


# Asks that are never a subordinate clause: "which month" or "when did" is the question even
# after chatter such as "is putin going to china or what, which month".
_AUX = r"(did|does|do|is|was|were|will|would|are|has|have|had|can|could)"
_STRONG: list[tuple[Slot, re.Pattern[str]]] = [
    (Slot.NUMBER, _RANK),
    (Slot.REASON, _WHY),
    (Slot.STATEMENT, _SAID),
    (Slot.FREQUENCY, re.compile(r"\b(how often|how frequently)\b")),
    (Slot.ANY, _SPAN),
    (Slot.NUMBER, re.compile(r"\b(how many|how much|what percent(age)?|what number)\b")),
    (
        Slot.DATE,
        re.compile(rf"\b((what|which) (year|month|date|day)|when {_AUX}|since when)\b"),
    ),
    *_HEAD_NOUNS,
    (Slot.PLACE, re.compile(rf"\bwhere {_AUX}\b")),
    (Slot.PERSON, re.compile(rf"\b(who {_AUX}|whos)\b")),
    # "how did Peskov respond about when Putin goes" asks how, not when.
    (Slot.ANY, re.compile(rf"\bhow {_AUX}\b")),
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


# Asks that narrow "what" by the noun or verb after it: a "what did X say" phrasing asks the
# same way as a plain "what" question.
_NARROWED_WHAT = frozenset({Slot.STATEMENT, Slot.POSITION, Slot.ORGANISATION, Slot.EVENT})


def ask_word(slot: Slot) -> Slot:
    """The slot's plain ask, for telling whether two questions are asked the same way."""
    return Slot.ANY if slot in _NARROWED_WHAT else slot


def compatible(slot: Slot, kind: Kind) -> bool:
    return kind in _COMPATIBLE[slot]
