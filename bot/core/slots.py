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
    PEOPLE = "who are"
    REASON = "why"
    STATEMENT = "what was said"
    POSITION = "which post"
    ORGANISATION = "which body"
    EVENT = "which event"
    ANY = "what"


# "where does Russia rank" is a ranking, not a place.
_RANK = r"where (do|does|did) (\w+ ){1,4}rank"
# Spans of time ("how long after", "how many weeks") are answered in words, not numbers.
_SPAN = r"how long|how soon|how much time|how many (seconds|minutes|hours|days|weeks|months)"
# "what did Peskov say about the visit" asks for words, not the visit's date.
_SAID = (
    r"what (did|does|do|will|would) (\w+ ){1,3}"
    r"(say|tell|stress|pledge|vow|promise|claim|warn|reply|respond)|"
    r"what (has|have|had) (\w+ ){1,3}"
    r"(said|told|stressed|pledged|vowed|promised|claimed|warned|replied|responded)"
)
# "why couldn't Peskov confirm when Putin goes": the reason is asked, not the date.
_WHY = r"why|whys|how come"
# "which ministry", "what kind of venue", "what year": the noun after the ask names the
# answer's kind. One alternative for all of them, so the search tries "what" once per word.
_NOUN_SLOTS: dict[str, Slot] = {
    **dict.fromkeys(["year", "month", "date", "day"], Slot.DATE),
    **dict.fromkeys(["percent", "percentage", "number"], Slot.NUMBER),
    # Not "role" or "office": "what role did china play", "which office announced it".
    **dict.fromkeys(["post", "position", "title", "job"], Slot.POSITION),
    **dict.fromkeys(
        [
            "body",
            "commission",
            "committee",
            "ministry",
            "organisation",
            "organization",
            "grouping",
            "bloc",
            "alliance",
        ],
        Slot.ORGANISATION,
    ),
    **dict.fromkeys(["event", "occasion", "milestone", "war", "conflict"], Slot.EVENT),
    **dict.fromkeys(["city", "capital", "town", "venue", "place", "nation", "country"], Slot.PLACE),
}
_NOUN = (
    r"(what|which|whats) ((kind|type|sort) of )?"
    rf"(?P<noun>{'|'.join(sorted(_NOUN_SLOTS, key=len, reverse=True))})"
)
_AUX = r"(did|does|do|is|was|were|will|would|are|has|have|had|can|could)"
# Asks that are never a subordinate clause: "which month" or "when did" is the question even
# after chatter such as "is putin going to china or what, which month". At the same position,
# earlier entries win. "why" and "how did" are not among them: "who explained why ..." asks
# who, and "how is it going, when did ..." asks when.
_STRONG: list[tuple[Slot | None, str]] = [
    (Slot.NUMBER, _RANK),
    (Slot.STATEMENT, _SAID),
    (Slot.FREQUENCY, r"how often|how frequently"),
    (Slot.ANY, _SPAN),
    (Slot.NUMBER, r"how many|how much"),
    # "which country are going to the summit" (a typo for "countries") asks for several:
    # a plural verb after the noun makes it a plain "what", which a list can answer. Not
    # after a time: in "what year were the talks held" the verb belongs to the talks.
    (
        Slot.ANY,
        r"(what|which|whats) ((kind|type|sort) of )?(?!(year|month|date|day|time)s? )\w+ "
        r"(are|were)",
    ),
    (None, _NOUN),  # the slot is the noun's
    (Slot.DATE, rf"when {_AUX}|since when"),
    (Slot.PLACE, rf"where {_AUX}"),
    # "who are the five ahead of Russia" may be answered by a list, which is no one person.
    (Slot.PEOPLE, r"who (are|were)"),
    (Slot.PERSON, rf"who {_AUX}|whos"),
]
# Any ask phrase, for a question with no strong ask: the earliest wins. Nothing here repeats
# a strong ask, which would have been found first.
_PATTERNS: list[tuple[Slot | None, str]] = [
    # "why couldn't Peskov confirm when Putin goes" asks why: it comes first.
    (Slot.REASON, _WHY),
    (Slot.FREQUENCY, r"how regularly|at what interval"),
    (
        Slot.NUMBER,
        r"how old|what age|by how much|what share|what amount|how big|how large|death toll|"
        r"number of|what rank(ing)?|which rank|how manyth|(what|which) (largest|biggest)",
    ),
    (
        Slot.DATE,
        r"when|whens|until when|till when|what time|date|dates",
    ),
    (Slot.PLACE, r"where|wheres|location"),
    (Slot.PERSON, r"who|whom|which person|what person"),
    # "how did Peskov respond about when Putin goes" asks how, not when.
    (Slot.ANY, rf"how {_AUX}"),
    (Slot.OWNER, r"whose"),
    (Slot.ANY, r"what|whats|which|name|list"),
]

# Who someone is: a person, or the body, country or office acting as one.
_SOMEONE = frozenset({Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY, Kind.POSITION})
_COMPATIBLE: dict[Slot, frozenset[Kind]] = {
    Slot.PERSON: _SOMEONE,
    Slot.DATE: frozenset({Kind.DATE}),
    Slot.PLACE: frozenset({Kind.PLACE, Kind.COUNTRY}),
    Slot.NUMBER: frozenset({Kind.NUMBER}),
    Slot.FREQUENCY: frozenset({Kind.OTHER, Kind.DATE}),
    # "whose proposal": the owner, or the thing owned ("Beijing's peace plan"); "who are the
    # five": several, which may be a list.
    Slot.OWNER: _SOMEONE | {Kind.OTHER},
    Slot.PEOPLE: _SOMEONE | {Kind.OTHER},
    Slot.REASON: frozenset({Kind.EVENT, Kind.STATEMENT, Kind.OTHER}),
    Slot.STATEMENT: frozenset({Kind.STATEMENT, Kind.EVENT, Kind.OTHER}),
    Slot.POSITION: frozenset({Kind.POSITION}),
    Slot.ORGANISATION: frozenset({Kind.ORGANISATION}),
    Slot.EVENT: frozenset({Kind.EVENT}),
    Slot.ANY: frozenset(Kind),
}


def _combined(patterns: list[tuple[Slot | None, str]]) -> tuple[re.Pattern[str], list[Slot | None]]:
    """One regex for a list: the leftmost match wins, and at one position the first listed
    alternative does, which is exactly "earliest ask, ties to the earlier pattern"."""
    joined = "|".join(f"(?P<s{i}>{pattern})" for i, (_, pattern) in enumerate(patterns))
    # Every ask starts and ends a word, and normalised words are single-spaced: the
    # look-behind lets the engine skip the middle of words instead of trying each
    # alternative there (2x faster over half a million phrasings).
    return re.compile(f"(?<!\\S)(?:{joined})\\b"), [slot for slot, _ in patterns]


_ORDERED = [_combined(_STRONG), _combined(_PATTERNS)]


def detect_slot(normalized_question: str) -> Slot:
    """The earliest strong ask; failing that, the earliest ask phrase of any kind."""
    for pattern, slots in _ORDERED:
        match = pattern.search(normalized_question)
        if match is not None and match.lastgroup is not None:
            # The named group of the whole alternative closes last.
            slot = slots[int(match.lastgroup[1:])]
            return slot if slot is not None else _NOUN_SLOTS[match["noun"]]
    return Slot.ANY


# Asks that narrow "what" by the noun or verb after it: a "what did X say" phrasing asks the
# same way as a plain "what" question.
_NARROWED_WHAT = frozenset({Slot.STATEMENT, Slot.POSITION, Slot.ORGANISATION, Slot.EVENT})


def ask_word(slot: Slot) -> Slot:
    """The slot's plain ask, for telling whether two questions are asked the same way."""
    if slot is Slot.PEOPLE:
        return Slot.PERSON
    return Slot.ANY if slot in _NARROWED_WHAT else slot


def compatible(slot: Slot, kind: Kind) -> bool:
    return kind in _COMPATIBLE[slot]
