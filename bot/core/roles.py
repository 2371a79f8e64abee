"""Which way a relation points: "Israel's envoy to Mozambique" is not "Mozambique's envoy
to Israel", though both name the same two countries.

The matcher compares bags of terms, which cannot tell those apart. This module reads the
grammatical role a name plays where English marks it plainly: the owner ("Israel's envoy",
"the envoy of Israel", "an envoy from Israel") and the target ("envoy to Mozambique", "talks
in Beijing"). A name with no such marker ("Xi and Putin", "talks with Lavrov") gets no role,
so symmetric wordings are never penalised.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.core.lexicon import Lexicon, TermKind
from bot.core.text import fold, strip_accents


class Role(StrEnum):
    OWNER = "owner"
    TARGET = "target"


_POSSESSIVE = "'s"
# Words, and the possessive as a token of its own: "israel's" -> "israel", "'s".
_TOKENS = re.compile(r"[^\W_]+|'s(?![^\W_])")
_TARGET_BEFORE = frozenset({"to", "in", "into", "toward", "towards", "at"})
# Not "from": "back from Russia" is where someone leaves, not whose they are.
_OWNER_BEFORE = frozenset({"of"})
_MARKERS = _TARGET_BEFORE | _OWNER_BEFORE | {_POSSESSIVE}


def name_roles(text: str, lexicon: Lexicon) -> dict[str, Role]:
    """Role of each name the text marks as owner or target. A name marked both ways in one
    text gets neither. Only the words next to a marker are looked up: indexing runs this on
    every phrasing that names two things."""
    tokens = _TOKENS.findall(strip_accents(fold(text)).casefold())
    if _MARKERS.isdisjoint(tokens):
        return {}
    # Multi-word names ("south africa") become one token; the possessive stays separate.
    words = lexicon.synonyms.join(tokens)
    roles: dict[str, Role] = {}
    clashing: set[str] = set()
    last = len(words) - 1
    for index, word in enumerate(words):
        if word == _POSSESSIVE:
            at, role = index - 1, Role.OWNER
        elif word in _TARGET_BEFORE or word in _OWNER_BEFORE:
            at = index + 2 if index < last and words[index + 1] == "the" else index + 1
            role = Role.TARGET if word in _TARGET_BEFORE else Role.OWNER
        else:
            continue
        if not 0 <= at <= last or words[at] == _POSSESSIVE:
            continue
        term = lexicon.term(words[at])
        if term is None or term.kind is not TermKind.ENTITY:
            continue
        if roles.setdefault(term.text, role) is not role:
            clashing.add(term.text)
    for name in clashing:
        del roles[name]
    return roles


def clash(asked: dict[str, Role], phrased: tuple[tuple[str, Role], ...]) -> bool:
    """Whether two names swap roles between the question and a phrasing: the owner became
    the target and the target the owner. One name in another role is not enough ("Russia's
    spy chief" met "during a visit to Russia" is the same fact)."""
    swapped = {role for name, role in phrased if name in asked and asked[name] is not role}
    return len(swapped) == 2
