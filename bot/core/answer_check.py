"""Deciding whether a quiz player's typed guess is a correct answer to a fact.

Players type fast, in a chat window, on a phone. The checker is generous about *form* and
strict about *content*: a typo in "Lavrov" or a missing "per cent" must not cost a point,
but a different country, a different number or a different date must never earn one.

The rules, as a player would read them:

1. **Form is ignored.** Case, accents, punctuation, extra spaces, markdown (``**russia**``),
   Discord mentions and emoji, a leading "the"/"a"/"an", and small filler words ("in",
   "of", "ok", "lol", ...) do not matter. The guess is compared with the answer and every
   alias the curator accepted.
2. **Hedges are fine.** "i think russia", "it's russia", "is it russia?", "maybe russia",
   "probably", "pretty sure", "answer: russia", "my guess is russia" count as "russia".
3. **Small typos are forgiven, per word.** A word of 4 letters or fewer must be exact;
   5-8 letters may have 1 typo; 9-15 letters 2; longer words 3 (and the whole answer no
   more than its own length allows). Every word of the answer must be there, so "Chen"
   counts for "Chen Wenqing" only when the curator listed "Chen" as an alias. A typo may
   not turn the guess into a different real English word ("ministry" is not a typo of
   "minister"), and number words must be spelled right ("sixty" is not "sixth").
4. **A different place is never a typo.** A guess that is itself the name of another
   country or well-known place is wrong, however close: "Niger" is not "Nigeria",
   "South Sudan" is not "Sudan", "Austria" is not "Australia", "Prussia" is not "Russia".
   A guess closer to such a neighbour than to the answer is wrong too. Another name for
   the *same* country counts ("Russian Federation" for "Russia", "Turkey" for "Türkiye").
5. **Numbers are compared by value.** "133" = "one hundred and thirty-three" = "133
   people"; "$240 billion" = "240bn" = "US$240 bn" = "240000000000"; "26 per cent" =
   "26%" = "twenty-six percent"; "75th" = "seventy-fifth" = "75". The unit may be left
   out, but a different scale or unit is wrong ("240 million", "240 billion euros"), and
   so is a guess that offers two numbers.
6. **Dates are compared by meaning.** "October 2022" = "oct 2022" = "10/2022" =
   "2022-10"; "28 April" = "April 28" = "28th april" = "28/4" (day first, as in the
   articles; "4/28" is read month first only because 28 cannot be a month); "2014" = "in
   2014". A year in the guess must be the right one. A full date may be given without its
   year; a month-and-year answer needs both, so "2022" alone is wrong for "October 2022".
7. **Lists may come in any order.** For "Brazil, Russia, India, China and South Africa"
   any order of the same items is right, separated by commas, "and" or "&", each item
   typo-tolerant as above. A missing or extra item is wrong.
8. **Chat is not an answer.** A guess with more than three times the words of the longest
   accepted answer and more than four words beyond it (or over 1,000 characters) is
   reported as "too_long"; an empty guess, or one with no letters or digits, as "empty".
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple, cast

import pycountry
from rapidfuzz import process
from rapidfuzz.distance import OSA, DamerauLevenshtein, Indel

# text2num (Rust, maintained, ~1.5 µs a call) turns English number words into digits,
# cardinals and ordinals alike: "one hundred and thirty-three" -> "133", "seventy-fifth" ->
# "75th", "twenty-six per cent" -> "26 per cent". A hand-written parser would have to
# re-implement "and", hyphens, scales and every ordinal spelling; word2number (last release
# 2017) has no ordinals. text2num ships no type information, hence the typed alias below.
from text_to_num import alpha2digit as _untyped_alpha2digit  # type: ignore[import-untyped]

from bot.core.lexicon import english
from bot.core.models import Fact, Kind
from bot.core.text import fold, normalize, strip_accents

EXACT = "exact"
ALIAS = "alias"
TYPO = "typo"
NUMBER = "number"
DATE = "date"
TOO_LONG = "too_long"
NEAR_NEIGHBOUR = "near_neighbour"
WRONG = "wrong"
EMPTY = "empty"

# Discord's longest message is 2,000 characters and an accepted answer at most 200: a guess
# past this is never an answer, and refusing it early keeps hostile input cheap.
MAX_GUESS_CHARS = 1000
# "More than ~3x the words of the longest accepted form, and more than 4 extra words."
TOO_LONG_FACTOR = 3
TOO_LONG_EXTRA_WORDS = 4
# How often a word must occur in pyspellchecker's English corpus to count as a real word that
# a typo may not turn into. Misspellings ("lavrof", "intelligance") score 0, rare names 50.
COMMON_WORD_FREQUENCY = 1000

_alpha2digit = cast(Callable[..., str], _untyped_alpha2digit)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of one guess; `reason` is short and stable so adapters can pick wording."""

    correct: bool
    reason: str
    matched: str | None


_EMPTY = Verdict(False, EMPTY, None)
_TOO_LONG = Verdict(False, TOO_LONG, None)
_WRONG = Verdict(False, WRONG, None)
_NEAR = Verdict(False, NEAR_NEIGHBOUR, None)


def edit_limit(length: int) -> int:
    """Typos tolerated in a word (or whole answer) of this many characters.

    A typo in a short word usually makes another word ("Iran"/"Iraq", "Mali"/"Male"), so
    words of four characters or fewer must be exact.
    """
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    if length <= 15:
        return 2
    return 3


# --- normalisation -------------------------------------------------------------------------

# Custom emoji, user/role/channel mentions and timestamps: markup, never part of an answer.
_DISCORD_MARKUP = re.compile(r"<(?:a?:\w+:\d+|[@#][!&]?\d+|t:\d+(?::\w)?)>")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# Dropped from both sides before comparing: they carry no answer ("in Moscow", "war in the
# Ukraine", "Mr Lavrov", "russia lol").
_FILLERS = frozenset(
    {"a", "an", "the", "in", "on", "at", "of", "to", "and", "is", "it", "yes", "yeah", "ok",
     "okay", "um", "uh", "hmm", "erm", "lol", "pls", "please", "mr", "mrs", "ms", "dr"}
)  # fmt: skip
_ARTICLES = frozenset({"the", "a", "an"})


def _phrases(*texts: str, last: bool = False) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Token tuples indexed by their edge word, longest first ("i think it is" before "i think").

    Indexing by the first (or last) word makes stripping a dictionary lookup per round, not
    a scan of every phrase: it runs on every guess and every list item.
    """
    index: dict[str, list[tuple[str, ...]]] = {}
    for text in texts:
        phrase = tuple(text.split())
        index.setdefault(phrase[-1] if last else phrase[0], []).append(phrase)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


# Spelled as `normalize` leaves them: "it's" -> "it", "that's" -> "that", "i'm" -> "im".
_LEADING_HEDGES = _phrases(
    "i think", "i believe", "i guess", "i reckon", "i would say", "id say", "i say",
    "i am pretty sure", "im pretty sure", "pretty sure", "im sure", "i am sure",
    "my guess is", "my guess", "my answer is", "my answer", "the answer is", "answer is",
    "final answer is", "final answer", "answer", "it is", "its", "it", "is it", "is",
    "maybe", "probably", "perhaps", "possibly", "surely", "definitely", "must be",
    "could be", "has to be", "thats", "that is", "that", "hmm", "um", "uh", "erm", "ok",
    "okay", "well", "so", "oh",
)  # fmt: skip
_TRAILING_HEDGES = _phrases(
    "i think", "i guess", "i believe", "maybe", "probably", "perhaps", "right", "is it",
    "isnt it", "lol", "i hope", "hopefully", last=True,
)  # fmt: skip
_NEGATIONS = frozenset({"not", "never", "isnt", "wasnt", "aint", "nor", "neither"})


def _lower(text: str) -> str:
    """Folded, accent-free, case-free text that still has its punctuation (for dates/lists)."""
    text = _DISCORD_MARKUP.sub(" ", fold(text))
    if not text.isascii():  # the common case skips a per-character pass
        text = strip_accents(text)
    return _THOUSANDS.sub("", text.casefold())


def _numberize(text: str) -> str:
    """Number words to digits, identically for guesses and curated forms."""
    try:
        return _alpha2digit(text, "en", threshold=0)
    except ValueError:  # text2num documents none; a parser must not take the quiz down
        return text


def _strip_phrase(
    tokens: list[str], phrases: dict[str, tuple[tuple[str, ...], ...]], lead: bool
) -> bool:
    for phrase in phrases.get(tokens[0] if lead else tokens[-1], ()):
        n = len(phrase)
        if len(tokens) <= n:
            continue
        part = slice(0, n) if lead else slice(len(tokens) - n, len(tokens))
        if tuple(tokens[part]) == phrase:
            del tokens[part]
            return True
    return False


def _dehedge(tokens: Sequence[str]) -> list[str]:
    """Drop hedges and leading articles; always keep at least one token."""
    core = list(tokens)
    changed = True
    while changed:
        changed = _strip_phrase(core, _LEADING_HEDGES, lead=True)
        changed = _strip_phrase(core, _TRAILING_HEDGES, lead=False) or changed
        if len(core) > 1 and core[0] in _ARTICLES:
            del core[0]
            changed = True
    return core


def _strip_articles(tokens: list[str]) -> list[str]:
    while len(tokens) > 1 and tokens[0] in _ARTICLES:
        tokens = tokens[1:]
    return tokens


def _key(tokens: Sequence[str]) -> tuple[str, ...]:
    """The comparison key: number words as digits, fillers out (unless that empties it)."""
    return _key_of(_numberize(" ".join(tokens)).split())


def _key_of(numbered: Sequence[str]) -> tuple[str, ...]:
    kept = tuple(t for t in numbered if t not in _FILLERS)
    return kept or tuple(numbered)


def _has_digit(token: str) -> bool:
    return any(ch.isdigit() for ch in token)


def _spelling_key(word: str) -> str:
    """British/American spellings and plurals are the same word, not a different one."""
    word = word.replace("z", "s")
    if word.endswith("our"):
        word = word[:-3] + "or"
    return word.removesuffix("es").removesuffix("s")


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Frequent English words of five letters or more (shorter ones get no typos anyway)."""
    frequencies = english().word_frequency.dictionary
    return frozenset(
        str(word)
        for word, count in frequencies.items()
        if count >= COMMON_WORD_FREQUENCY and len(word) >= 5
    )


# --- places ----------------------------------------------------------------------------------

# Names pycountry lacks or files under another identity, for places players actually type.
# Identities are ISO alpha-3 codes, or upper-case words for places without one.
_EXTRA_PLACES: dict[str, tuple[str, ...]] = {
    "RUS": ("Russia",),
    "USA": ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America"),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain"),
    "PRK": ("North Korea", "DPRK"),
    "KOR": ("South Korea", "Republic of Korea"),
    "COD": (
        "Democratic Republic of the Congo", "Democratic Republic of Congo", "DR Congo",
        "DRC", "Congo-Kinshasa", "Zaire",
    ),
    "COG": ("Republic of the Congo", "Republic of Congo", "Congo-Brazzaville"),
    "SWZ": ("Swaziland",),
    "MMR": ("Burma",),
    "TUR": ("Turkey",),
    "CIV": ("Ivory Coast",),
    "CPV": ("Cape Verde",),
    "TLS": ("East Timor",),
    "MKD": ("Macedonia",),
    "NLD": ("Holland",),
    "VAT": ("Vatican", "Vatican City"),
    "CZE": ("Czech Republic",),
    "GMB": ("The Gambia",),
    "IRN": ("Persia",),
    "LKA": ("Ceylon",),
    "THA": ("Siam",),
    "BFA": ("Upper Volta",),
    "BEN": ("Dahomey",),
    "CHN": ("PRC", "Mainland China"),
    "SUHH": ("Soviet Union", "USSR"),
    "PRUSSIA": ("Prussia",),
    "KOSOVO": ("Kosovo",),
    "TIBET": ("Tibet",),
    "CRIMEA": ("Crimea",),
    "XINJIANG": ("Xinjiang",),
    "ENGLAND": ("England",),
    "SCOTLAND": ("Scotland",),
    "WALES": ("Wales",),
    "NORTHERN_IRELAND": ("Northern Ireland",),
    "EUROPE": ("Europe",),
    "ASIA": ("Asia",),
    "AFRICA": ("Africa",),
}  # fmt: skip
# Names that mean more than one country: never "the same place", always a neighbour.
_AMBIGUOUS_PLACES: dict[str, tuple[str, ...]] = {
    "Congo": ("COG", "COD"),
    "Korea": ("KOR", "PRK"),
}
# Pairs players confuse although their spellings are far apart (close spellings, and names
# containing one another, such as "Sudan"/"South Sudan", are found automatically).
_CONFUSABLE: tuple[tuple[str, ...], ...] = (
    ("SDN", "SSD"), ("NER", "NGA"), ("AUT", "AUS"), ("IRQ", "IRN"), ("PRK", "KOR"),
    ("SVN", "SVK"), ("GIN", "GNB", "GNQ", "PNG"), ("DMA", "DOM"), ("MLI", "MWI"),
    ("GMB", "ZMB"), ("LVA", "LTU", "EST"), ("SWE", "SWZ", "CHE"), ("COG", "COD"),
    ("RUS", "PRUSSIA", "BLR"), ("ISL", "IRL"), ("MUS", "MRT"), ("PRY", "URY"),
    ("ARM", "ALB"), ("AUT", "CHE", "DEU"), ("SVK", "CZE"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Places:
    """Every known place name as a comparison key, with what it names."""

    ids: dict[str, frozenset[str]]
    names: tuple[str, ...]
    by_token: dict[str, tuple[str, ...]]
    by_id: dict[str, tuple[str, ...]]
    confusable: dict[str, frozenset[str]]


def _pycountry_names(record: object) -> Iterable[str]:
    """A record's names, with "Korea, Republic of" also read as "Korea" and "Republic of Korea"."""
    for attr in ("name", "common_name", "official_name"):
        name = getattr(record, attr, None)
        if not isinstance(name, str):
            continue
        name = re.sub(r"\s*\([^)]*\)", "", name)
        if "," not in name:
            yield name
            continue
        head, _, tail = name.partition(",")
        yield head
        tail = tail.strip()
        if tail.endswith((" of", " of the")):
            yield f"{tail} {head}"


@lru_cache(maxsize=1)
def _places() -> _Places:
    """Countries from pycountry (current and historic) plus the curated names above."""
    found: dict[str, set[str]] = {}

    def add(name: str, ident: str, *, override: bool = False) -> None:
        key = " ".join(_key(_strip_articles(normalize(name).split())))
        if not key:
            return
        if override:
            found[key] = set()
        found.setdefault(key, set()).add(ident)

    for country in pycountry.countries:
        for name in _pycountry_names(country):
            add(name, str(country.alpha_3))
    current = set(found)
    for historic in pycountry.historic_countries:
        for name in _pycountry_names(historic):
            # "France, Metropolitan" must not make "France" mean two countries.
            if " ".join(_key(normalize(name).split())) not in current:
                add(name, str(historic.alpha_4))
    for ident, names in _EXTRA_PLACES.items():
        for name in names:
            add(name, ident, override=True)
    for name, idents in _AMBIGUOUS_PLACES.items():
        for i, ident in enumerate(idents):
            add(name, ident, override=i == 0)

    ids = {key: frozenset(v) for key, v in found.items()}
    by_token: dict[str, list[str]] = {}
    by_id: dict[str, list[str]] = {}
    for key, named in ids.items():
        for token in set(key.split()):
            by_token.setdefault(token, []).append(key)
        for ident in named:
            by_id.setdefault(ident, []).append(key)
    confusable: dict[str, set[str]] = {}
    for group in _CONFUSABLE:
        for ident in group:
            confusable.setdefault(ident, set()).update(i for i in group if i != ident)
    return _Places(
        ids=ids,
        names=tuple(ids),
        by_token={k: tuple(v) for k, v in by_token.items()},
        by_id={k: tuple(v) for k, v in by_id.items()},
        confusable={k: frozenset(v) for k, v in confusable.items()},
    )


_NAME_WORDS = 3


def _contains(outer: Sequence[str], inner: Sequence[str]) -> bool:
    n = len(inner)
    return n < len(outer) and any(
        tuple(outer[i : i + n]) == tuple(inner) for i in range(len(outer) - n + 1)
    )


# --- accepted forms --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Form:
    """One accepted spelling (or one item of a list answer), ready for cheap comparison."""

    text: str
    is_answer: bool
    norm: str
    words: int
    key: tuple[str, ...]
    key_text: str
    compact: str
    word_limits: tuple[int, ...]
    limit: int
    ids: frozenset[str]
    neighbours: tuple[str, ...] = field(default=())

    @property
    def reason(self) -> str:
        return EXACT if self.is_answer else ALIAS


def _make_form(text: str, is_answer: bool, places: _Places) -> _Form:
    tokens = _strip_articles(normalize(text).split())
    numbered = _numberize(" ".join(tokens)).split()
    key = _key_of(numbered)
    key_text = " ".join(key)
    compact = "".join(key)
    ids = places.ids.get(key_text, frozenset())
    form = _Form(
        text=text,
        is_answer=is_answer,
        norm=" ".join(tokens),
        words=len(numbered),
        key=key,
        key_text=key_text,
        compact=compact,
        word_limits=tuple(0 if _has_digit(w) else edit_limit(len(w)) for w in key),
        limit=edit_limit(len(compact)),
        ids=ids,
    )
    return _with_neighbours(form, places)


def _with_neighbours(form: _Form, places: _Places) -> _Form:
    """Place names a guess for this form could be confused with.

    Close spellings are found with Damerau-Levenshtein (a true metric, unlike OSA): a guess
    within `limit` typos of the form can only be as close to a name within 2 * `limit` of
    it, so these are the only names check() must compare a typo against.
    """
    found: set[str] = set()
    bound = max(2, 2 * form.limit)
    for name, _, _ in process.extract(
        form.key_text, places.names, scorer=DamerauLevenshtein.distance,
        score_cutoff=bound, limit=None,
    ):  # fmt: skip
        found.add(name)
    # Names containing one another ("Sudan"/"South Sudan"), when both are name-sized: a
    # country inside a long answer ("Brazil, Russia, India, ...") is a part, not a neighbour.
    for token in set(form.key) if len(form.key) <= _NAME_WORDS else ():
        for name in places.by_token.get(token, ()):
            tokens = name.split()
            if len(tokens) > _NAME_WORDS:
                continue
            if _contains(tokens, form.key) or _contains(form.key, tokens):
                found.add(name)
    for ident in form.ids:
        for other in places.confusable.get(ident, ()):
            found.update(places.by_id.get(other, ()))
    neighbours = tuple(sorted(n for n in found if n != form.key_text and places.ids[n] != form.ids))
    return replace(form, neighbours=neighbours)


@dataclass(frozen=True, slots=True)
class _ListForm:
    """A list answer: its items, and their keys sorted for a quick any-order comparison."""

    text: str
    is_answer: bool
    items: tuple[_Form, ...]
    sorted_keys: tuple[tuple[str, ...], ...]


# Lists are split on commas, ";", "&", "+", "and" and "plus"; an organisation's or a
# statement's "and" ("Central Political and Legal Affairs Commission") is not a separator.
_LIST_PUNCTUATION = re.compile(r"[,;&+]")
# A word `normalize` keeps, so the whole guess is normalised once rather than item by item.
_ITEM_BREAK = "zzlistbreakzz"
_ITEM_BREAKS = frozenset({_ITEM_BREAK, "and", "plus"})
_AND_LIST_KINDS = frozenset({Kind.PERSON, Kind.COUNTRY, Kind.PLACE, Kind.OTHER})
_LIST_KINDS = _AND_LIST_KINDS | {Kind.ORGANISATION}


def _marked_tokens(lowered: str) -> list[str]:
    """Normalised tokens with list punctuation kept as `_ITEM_BREAK` tokens."""
    return normalize(_LIST_PUNCTUATION.sub(f" {_ITEM_BREAK} ", lowered)).split()


def _split_items(marked: Sequence[str]) -> list[list[str]]:
    """The items of a list, as token lists; one item when the text is not a list."""
    items: list[list[str]] = [[]]
    for token in marked:
        if token in _ITEM_BREAKS:
            items.append([])
        else:
            items[-1].append(token)
    return [item for item in items if item]


# --- numbers ---------------------------------------------------------------------------------

_SCALES = {
    "thousand": 1e3, "thousands": 1e3, "k": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9,
    "trillion": 1e12, "trillions": 1e12, "tn": 1e12, "trn": 1e12,
}  # fmt: skip
_UNITS = {
    "percent": "percent", "pct": "percent", "percentage": "percent",
    "usd": "usd", "dollar": "usd", "dollars": "usd",
    "eur": "eur", "euro": "eur", "euros": "eur",
    "gbp": "gbp", "pound": "gbp", "pounds": "gbp", "sterling": "gbp",
    "yuan": "cny", "rmb": "cny", "renminbi": "cny", "cny": "cny",
    "yen": "jpy", "jpy": "jpy",
    "rouble": "rub", "roubles": "rub", "ruble": "rub", "rubles": "rub", "rub": "rub",
}  # fmt: skip
_FACT_UNITS = {"usd": "usd", "dollars": "usd", "percent": "percent", "per cent": "percent"}
_SYMBOLS = str.maketrans({"%": " percent ", "$": " usd ", "€": " eur ", "£": " gbp ", "¥": " jpy "})
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])(?!(?:st|nd|rd|th)\b)|(?<=[^\W\d_])(?=\d)")
# Protect "240 billion" from text2num, which would write it "240 1000000000".
_DIGIT_SCALE = re.compile(r"(\d)\s*(thousand|million|billion|trillion)s?\b")
_SCALE_ABBREVIATION = {"thousand": "k", "million": "mn", "billion": "bn", "trillion": "tn"}
_NUMBER_TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+")
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})


class _Amount(NamedTuple):
    """What a text says numerically: its numbers, its units, and whether that is all it says."""

    values: tuple[float, ...]
    units: frozenset[str]
    negated: bool
    clean: bool


def _numeric_text(lowered: str) -> str:
    text = lowered.translate(_SYMBOLS)
    text = _DIGIT_LETTER.sub(" ", text)
    text = _DIGIT_SCALE.sub(lambda m: f"{m[1]} {_SCALE_ABBREVIATION[m[2]]}", text)
    return _numberize(text)


def _parse_amount(numeric: str) -> _Amount:
    tokens = _NUMBER_TOKEN.findall(numeric)
    values: list[float] = []
    units: set[str] = set()
    negated = False
    clean = True
    i = 0
    while i < len(tokens):
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token[0].isdigit():
            value = float(token)
            if nxt in _SCALES:
                value *= _SCALES[nxt]
                i += 1
            elif nxt.isdigit() and value < 1000 and _is_scale_number(nxt):
                value *= float(nxt)  # text2num's "1.5 1000000000" for "one point five billion"
                i += 1
            values.append(value)
        elif token in _UNITS:
            units.add(_UNITS[token])
        elif token == "per" and nxt == "cent":
            units.add("percent")
            i += 1
        elif token in _NEGATIONS:
            negated = True
        elif token not in _ORDINAL_SUFFIXES and token not in _FILLERS:
            clean = False
        i += 1
    return _Amount(tuple(values), frozenset(units), negated, clean)


def _is_scale_number(token: str) -> bool:
    return len(token) >= 4 and token[0] == "1" and set(token[1:]) == {"0"} and len(token) % 3 == 1


# --- dates -----------------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DATE_WORDS = frozenset(
    {"in", "on", "of", "the", "since", "year", "month", "day", "monday", "tuesday",
     "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed",
     "thu", "thurs", "fri", "sat", "sun", "st", "nd", "rd", "th"}
)  # fmt: skip
_NUMERIC_DATE = re.compile(
    r"(?<![\d.])(?:"
    r"(?P<iy>\d{4})[-/.](?P<im>\d{1,2})(?:[-/.](?P<id>\d{1,2}))?"
    r"|(?P<dd>\d{1,2})[-/.](?P<dm>\d{1,2})[-/.](?P<dy>\d{4}|\d{2})"
    r"|(?P<mm>\d{1,2})[-/.](?P<my>\d{4})"
    r"|(?P<sd>\d{1,2})[/.](?P<sm>\d{1,2})"
    r")(?!\d)"
)
_DATE_TOKEN = re.compile(r"(\d+)(st|nd|rd|th)?|[^\W\d_]+")


class _When(NamedTuple):
    """The parts of a date a text gives; `ambiguous` when it gives two of anything."""

    year: int | None
    month: int | None
    day: int | None
    ambiguous: bool
    clean: bool
    negated: bool


def _valid_day(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]


def _day_month(first: int, second: int) -> tuple[int, int] | None:
    """Day first, as the articles write it; month first only when day first is impossible."""
    if _valid_day(first, second):
        return first, second
    if _valid_day(second, first):
        return second, first
    return None


def _parse_when(numeric: str) -> _When | None:
    years: list[int] = []
    months: list[int] = []
    days: list[int] = []
    stray = False

    def numeric_date(match: re.Match[str]) -> str:
        nonlocal stray
        g = match.groupdict()
        if g["iy"]:
            years.append(int(g["iy"]))
            month = int(g["im"])
            if g["id"]:
                if _valid_day(int(g["id"]), month):
                    days.append(int(g["id"]))
                else:
                    stray = True
            if 1 <= month <= 12:
                months.append(month)
            else:
                stray = True
        elif g["dd"]:
            year = int(g["dy"])
            years.append(year + 2000 if year < 100 else year)
            pair = _day_month(int(g["dd"]), int(g["dm"]))
            if pair is None:
                stray = True
            else:
                days.append(pair[0])
                months.append(pair[1])
        elif g["mm"]:
            years.append(int(g["my"]))
            if 1 <= int(g["mm"]) <= 12:
                months.append(int(g["mm"]))
            else:
                stray = True
        else:
            pair = _day_month(int(g["sd"]), int(g["sm"]))
            if pair is None:
                stray = True
            else:
                days.append(pair[0])
                months.append(pair[1])
        return " "

    rest = _NUMERIC_DATE.sub(numeric_date, numeric)
    tokens = [(m[0], m[1], m[2]) for m in _DATE_TOKEN.finditer(rest)]
    words = [t[0] for t in tokens]
    clean = True
    negated = False
    for i, (token, digits, suffix) in enumerate(tokens):
        if token in _MONTHS:
            months.append(_MONTHS[token])
        elif digits:
            number = int(digits) if len(digits) <= 4 else 0
            if not suffix and len(digits) == 4 and 1000 <= number <= 2999:
                years.append(number)
            elif 1 <= number <= 31 and _next_to_month(words, i):
                days.append(number)
            else:
                stray = True
        elif token in _NEGATIONS:
            negated = True
        elif token not in _DATE_WORDS:
            clean = False
    if not (years or months or days):
        return None
    ambiguous = stray or len(years) > 1 or len(months) > 1 or len(days) > 1
    return _When(
        years[0] if years else None,
        months[0] if months else None,
        days[0] if days else None,
        ambiguous,
        clean and not ambiguous,
        negated,
    )


def _next_to_month(words: Sequence[str], i: int) -> bool:
    """A day number sits beside its month: "28 april", "april 28", "28th of april"."""
    before = words[i - 1] if i >= 1 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    after2 = words[i + 2] if i + 2 < len(words) else ""
    return before in _MONTHS or after in _MONTHS or (after == "of" and after2 in _MONTHS)


def _satisfies(guess: _When, target: _When) -> bool:
    """Does the guess give everything the target asks for? A full date's year may be left out."""
    if target.month is not None and guess.month != target.month:
        return False
    if target.day is not None and guess.day != target.day:
        return False
    if target.year is not None and guess.year != target.year:
        return guess.year is None and target.day is not None
    return True


def _conflicts(guess: _When, reference: _When) -> bool:
    return any(
        g is not None and r is not None and g != r
        for g, r in (
            (guess.year, reference.year),
            (guess.month, reference.month),
            (guess.day, reference.day),
        )
    )


# --- the checker -----------------------------------------------------------------------------


class AnswerChecker:
    """Precomputes the accepted forms of one fact's answer; check() must take well under 0.1 ms.

    Everything that depends only on the fact (normalised forms, their typo budgets, the place
    names they could be confused with, the target number or date) is worked out here once,
    so a quiz round can check every message in the channel cheaply.
    """

    def __init__(self, fact: Fact) -> None:
        places = _places()
        self._places = places
        self._common = _common_words()
        self.fact = fact
        forms: list[_Form] = []
        seen: set[str] = set()
        for i, text in enumerate(fact.accepted_answers):
            form = _make_form(text, i == 0, places)
            if form.norm and form.norm not in seen:
                seen.add(form.norm)
                forms.append(form)
        self._forms = tuple(forms)
        self._by_norm = {f.norm: f for f in reversed(forms)}
        self._by_key = {f.key: f for f in reversed(forms)}
        self._by_ids = {f.ids: f for f in reversed(forms) if len(f.ids) == 1}
        self._max_words = max((f.words for f in forms), default=1)
        self._lists = self._list_forms(fact, places)
        self._neighbour_names = frozenset(
            n
            for f in (*forms, *(item for lst in self._lists for item in lst.items))
            for n in f.neighbours
        ) - {f.key_text for f in forms}
        self._date_reference, self._date_targets = self._date_setup(fact)
        self._number_value, self._number_units = self._number_setup(fact)

    # -- setup --

    @staticmethod
    def _list_forms(fact: Fact, places: _Places) -> tuple[_ListForm, ...]:
        if fact.kind not in _LIST_KINDS:
            return ()
        found: list[_ListForm] = []
        for i, text in enumerate(fact.accepted_answers):
            lowered = _lower(text)
            if fact.kind not in _AND_LIST_KINDS and "," not in lowered:
                continue
            items = _split_items(_marked_tokens(lowered))
            if len(items) < 2:
                continue
            forms = tuple(_make_form(" ".join(item), True, places) for item in items)
            keys = tuple(sorted(form.key for form in forms))
            found.append(_ListForm(text, i == 0, forms, keys))
        return tuple(found)

    @staticmethod
    def _date_setup(fact: Fact) -> tuple[_When | None, tuple[tuple[_When, str], ...]]:
        """The answer's date (its missing year filled from an alias) and every clean date form."""
        answer = _parse_when(_numeric_text(_lower(fact.answer)))
        if answer is not None and not answer.clean:
            answer = None
        value, unit = fact.value, (fact.unit or "").lower()
        if answer is None and value is not None and math.isfinite(value) and unit == "year":
            answer = _When(int(value), None, None, False, True, False)
        if answer is None or (fact.kind is not Kind.DATE and answer.month is None):
            return None, ()
        targets = [(answer, fact.answer)]
        reference = answer
        for alias in fact.aliases:
            parsed = _parse_when(_numeric_text(_lower(alias)))
            if parsed is None or not parsed.clean:
                continue
            targets.append((parsed, alias))
            same_day = (parsed.month, parsed.day) == (reference.month, reference.day)
            if reference.year is None and parsed.year is not None and same_day:
                reference = reference._replace(year=parsed.year)
        return reference, tuple(targets)

    def _number_setup(self, fact: Fact) -> tuple[float | None, frozenset[str]]:
        """The value to compare and the unit it is in; none when the answer is not a number."""
        if self._date_reference is not None:
            return None, frozenset()
        amount = _parse_amount(_numeric_text(_lower(fact.answer)))
        value: float | None = fact.value
        if value is None and len(amount.values) == 1:
            value = amount.values[0]
        numeric = fact.kind is Kind.NUMBER or fact.value is not None or amount.clean
        if value is None or not numeric:
            return None, frozenset()
        units = set(amount.units)
        unit = _FACT_UNITS.get((fact.unit or "").lower())
        if unit is not None:
            units.add(unit)
        return value, frozenset(units)

    # -- checking --

    def check(self, guess: str) -> Verdict:
        """Judge one typed guess; never raises, whatever the text."""
        if not guess or guess.isspace():
            return _EMPTY
        if len(guess) > MAX_GUESS_CHARS:
            return _TOO_LONG
        lowered = _lower(guess)
        marked = _marked_tokens(lowered)
        tokens = [t for t in marked if t != _ITEM_BREAK]
        if not tokens:
            return _EMPTY
        core = _dehedge(tokens)
        core_key = _key(core)
        if len(core_key) > TOO_LONG_FACTOR * self._max_words and (
            len(core_key) > self._max_words + TOO_LONG_EXTRA_WORDS
        ):
            return _TOO_LONG
        candidates = [core_key] if core == tokens else [core_key, _key(tokens)]

        for text in (" ".join(core), " ".join(tokens)):
            form = self._by_norm.get(text)
            if form is not None:
                return Verdict(True, form.reason, form.text)
        for key in candidates:
            form = self._by_key.get(key)
            if form is not None:
                return Verdict(True, form.reason, form.text)

        place = None
        for key in candidates:
            ids = self._places.ids.get(" ".join(key))
            if ids is not None:
                same = self._by_ids.get(ids)
                if same is not None:
                    return Verdict(True, ALIAS, same.text)
                place = " ".join(key)
                break

        if self._date_reference is not None or self._number_value is not None:
            verdict = self._check_value(lowered)
            if verdict is not None:
                return verdict
        if place is not None:
            return _NEAR if place in self._neighbour_names else _WRONG

        if self._lists:
            verdict = self._check_list(marked)
            if verdict is not None:
                return verdict
        return self._check_typos(candidates)

    def _check_value(self, lowered: str) -> Verdict | None:
        """Dates and numbers by meaning; None when the guess states neither."""
        numeric = _numeric_text(lowered)
        if self._date_reference is not None:
            when = _parse_when(numeric)
            if when is None:
                return None
            if when.ambiguous or when.negated or _conflicts(when, self._date_reference):
                return _WRONG
            for target, text in self._date_targets:
                if _satisfies(when, target):
                    return Verdict(True, DATE, text)
            return None  # incomplete: a misspelt month may still match as a typo
        amount = _parse_amount(numeric)
        if not amount.values:
            return None
        value = self._number_value
        if (
            value is None
            or amount.negated
            or len(amount.values) != 1
            or not math.isclose(amount.values[0], value, rel_tol=1e-9, abs_tol=1e-9)
            or amount.units - self._number_units
        ):
            return _WRONG
        return Verdict(True, NUMBER, self.fact.answer)

    def _check_list(self, marked: Sequence[str]) -> Verdict | None:
        """Same items in any order, each exact or a forgivable typo; None if not a list guess."""
        items = [_key(_dehedge(item)) for item in _split_items(marked)]
        if len(items) < 2:
            return None
        keys = sorted(items)
        for lst in self._lists:
            if list(lst.sorted_keys) == keys:
                return Verdict(True, EXACT if lst.is_answer else ALIAS, lst.text)
        names = [" ".join(item) for item in items]
        ids = [self._places.ids.get(name) for name in names]
        for lst in self._lists:
            if len(lst.items) != len(items):
                continue
            edges = [
                [self._item_edits(item, name, place, form) for form in lst.items]
                for item, name, place in zip(items, names, ids, strict=True)
            ]
            exact = [[j for j, e in enumerate(row) if e == 0] for row in edges]
            if _perfect_matching(exact):
                return Verdict(True, EXACT if lst.is_answer else ALIAS, lst.text)
            loose = [[j for j, e in enumerate(row) if e is not None] for row in edges]
            if _perfect_matching(loose):
                return Verdict(True, TYPO, lst.text)
        return None

    def _item_edits(
        self, item: tuple[str, ...], name: str, ids: frozenset[str] | None, form: _Form
    ) -> int | None:
        """Typos between one guessed item and one answer item; None when they differ."""
        if item == form.key:
            return 0
        if ids is not None:  # a place: the same place under another name, or wrong
            return 0 if ids == form.ids and len(ids) == 1 else None
        edits = self._align(item, form)
        if edits is None or self._closer_neighbour(name, form):
            return None
        return edits

    def _check_typos(self, candidates: Sequence[tuple[str, ...]]) -> Verdict:
        """The last resort: a forgivable typo of some accepted form, unless a place is closer."""
        near = False
        for key in candidates:
            name = " ".join(key)
            for form in self._forms:
                edits = self._align(key, form)
                if edits is None:
                    continue
                if self._closer_neighbour(name, form):
                    near = True
                    continue
                return Verdict(True, TYPO, form.text)
        return _NEAR if near else _WRONG

    def _align(self, guess: tuple[str, ...], form: _Form) -> int | None:
        """Total typos when every word matches its counterpart within its budget, else None."""
        if len(guess) != len(form.key):
            if "".join(guess) == form.compact:  # "wen qing" / "chenwenqing"
                return 1
            return None
        total = 0
        for word, target, limit in zip(guess, form.key, form.word_limits, strict=True):
            if word == target:
                continue
            if limit == 0 or _has_digit(word):
                return None
            edits = OSA.distance(word, target, score_cutoff=limit)
            if edits > limit:
                return None
            if word in self._common and _spelling_key(word) != _spelling_key(target):
                return None  # a real, different word: "ministry" for "minister"
            total += edits
            if total > form.limit:
                return None
        return total

    @staticmethod
    def _closer_neighbour(name: str, form: _Form) -> bool:
        """Is the guess at least as close to another known place as to this form?"""
        if not form.neighbours:
            return False
        distance = OSA.distance(name, form.key_text)
        similarity = Indel.normalized_similarity(name, form.key_text)
        for neighbour in form.neighbours:
            d = OSA.distance(name, neighbour, score_cutoff=distance)
            if d < distance:
                return True
            if d == distance and Indel.normalized_similarity(name, neighbour) >= similarity:
                return True
        return False


def _perfect_matching(options: Sequence[Sequence[int]]) -> bool:
    """Can every guess item take a distinct answer item? (Kuhn's augmenting paths.)"""
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = i
                return True
        return False

    return all(place(i, set()) for i in range(len(options)))


@lru_cache(maxsize=512)
def _checker(fact: Fact) -> AnswerChecker:
    return AnswerChecker(fact)


def check_answer(fact: Fact, guess: str) -> Verdict:
    """One-off check; the checker for a fact is cached, since building it is the costly part."""
    return _checker(fact).check(guess)
