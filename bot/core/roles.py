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
_WORD = re.compile(r"([^\W_]+)('s)?(?![^\W_])")
_TARGET_BEFORE = frozenset({"to", "in", "into", "toward", "towards", "at"})
# Not "from": "back from Russia" is where someone leaves, not whose they are.
_OWNER_BEFORE = frozenset({"of"})


def name_roles(text: str, lexicon: Lexicon) -> dict[str, Role]:
    """Role of each name or number term the text marks as owner or target. A name marked
    both ways in one text gets neither."""
    tokens: list[str] = []
    for match in _WORD.finditer(strip_accents(fold(text)).casefold()):
        tokens.append(match.group(1))
        if match.group(2):
            tokens.append(_POSSESSIVE)
    # Multi-word names ("south africa") become one token; the possessive stays separate.
    joined = lexicon.synonyms.join(tokens)
    roles: dict[str, Role] = {}
    clashing: set[str] = set()
    for index, word in enumerate(joined):
        role = _role_at(joined, index)
        if role is None:
            continue
        for term in lexicon.terms([word]):
            if term.kind is not TermKind.ENTITY:
                continue
            if roles.setdefault(term.text, role) is not role:
                clashing.add(term.text)
    for text_ in clashing:
        del roles[text_]
    return roles


def _role_at(words: list[str], index: int) -> Role | None:
    word = words[index]
    if word == _POSSESSIVE:
        return None
    if index + 1 < len(words) and words[index + 1] == _POSSESSIVE:
        return Role.OWNER
    before = words[index - 1] if index else ""
    if before == "the" and index >= 2:
        before = words[index - 2]
    if before in _TARGET_BEFORE:
        return Role.TARGET
    if before in _OWNER_BEFORE:
        return Role.OWNER
    return None


def clash(asked: dict[str, Role], phrased: tuple[tuple[str, Role], ...]) -> bool:
    """Whether two names swap roles between the question and a phrasing: the owner became
    the target and the target the owner. One name in another role is not enough ("Russia's
    spy chief" met "during a visit to Russia" is the same fact)."""
    swapped = {role for name, role in phrased if name in asked and asked[name] is not role}
    return len(swapped) == 2
