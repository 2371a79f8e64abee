"""Turning text into the terms the matcher compares: synonyms, stop words, stems, typos.

Questions and curated phrasings go through the same `Lexicon.terms`, so every paraphrase
rule is written once, as data (`bot/data/synonyms.yaml`, `bot/data/stopwords.txt`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from itertools import pairwise

import pycountry
import snowballstemmer
import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA
from spellchecker import SpellChecker

from bot.core.text import normalize

# Typos accepted when correcting a word to the fact base's vocabulary, by word length.
_MIN_CORRECTABLE = 4
# Words whose analysis is remembered (questions and phrasings reuse a small vocabulary).
_TERM_CACHE_SIZE = 200_000
# How often a word must occur in pyspellchecker's English corpus to count as a real word.
ENGLISH_WORD_FREQUENCY = 200
# log10 of the count of "the" in pyspellchecker's English corpus: rarity 0.
LOG_MOST_FREQUENT = 7.9


@lru_cache(maxsize=1)
def english() -> SpellChecker:
    """pyspellchecker's English dictionary, loaded once for everything that needs it."""
    return SpellChecker(language="en", distance=1)


def max_typos(length: int) -> int:
    """Edits tolerated in a word of this length; a typo in a short word makes a new word."""
    if length < _MIN_CORRECTABLE:
        return 0
    if length <= 5:
        return 1
    if length <= 8:
        return 2
    return 3


class TermKind(StrEnum):
    """Names and numbers pin a question to particular facts; words only describe it."""

    ENTITY = "entity"
    NUMBER = "number"
    WORD = "word"


_NUMBER = re.compile(r"^\d")


@dataclass(frozen=True, slots=True)
class Term:
    """One meaningful unit of a text, after synonyms and stemming."""

    text: str
    kind: TermKind
    critical: bool
    rarity: float = 1.0
    # Found only in chatter around the question: before its ask ("ngl i missed this, who
    # ...") or in a personal remark after it ("... i keep mixing it up").
    aside: bool = False

    @property
    def pinning(self) -> bool:
        return self.kind is not TermKind.WORD


class SynonymTable:
    """Variant -> canonical replacements, longest variant first, on word boundaries."""

    def __init__(
        self,
        groups: dict[str, list[str]],
        entity_names: Iterable[str],
        chatter: Iterable[str] = (),
    ) -> None:
        self.canonical: dict[str, str] = {}
        for canonical, variants in {**groups, "": list(chatter)}.items():
            for variant in variants:
                key = normalize(str(variant)) if str(variant) not in {"$", "%"} else str(variant)
                if not key:
                    continue
                if key in self.canonical and self.canonical[key] != canonical:
                    raise ValueError(
                        f"synonym {variant!r} is listed under both {self.canonical[key]!r}"
                        f" and {canonical!r}"
                    )
                self.canonical[key] = canonical
        self.entities = frozenset(entity_names)
        # Words are replaced one at a time by `single` (the caller caches that per word);
        # runs of words by `join`. The table must be idempotent for the two to compose: a
        # canonical term is never itself a variant of something else.
        self.single = {v: c for v, c in self.canonical.items() if " " not in v}
        multi = [variant.split() for variant in self.canonical if " " in variant]
        self._starts = frozenset(parts[0] for parts in multi)
        self._prefixes = frozenset(
            " ".join(parts[:size]) for parts in multi for size in range(2, len(parts) + 1)
        )
        for canonical in self.canonical.values():
            if self.canonical.get(canonical, canonical) != canonical:
                raise ValueError(f"synonym {canonical!r} is canonical and also a variant")

    def join(self, tokens: list[str]) -> list[str]:
        """Replace multi-word variants ("spy chief", "the west") by their canonical term,
        longest first, left to right; single words are left for `single`.

        Most texts contain no two words that start a variant, which one pass over the word
        pairs (in C) tells, so the word-by-word scan runs only for the rest.
        """
        # Word pairs meet only the two-word prefixes of the table.
        if len(tokens) < 2 or self._prefixes.isdisjoint(map(" ".join, pairwise(tokens))):
            return tokens
        out: list[str] = []
        starts, prefixes, canonical = self._starts, self._prefixes, self.canonical
        i, count = 0, len(tokens)
        while i < count:
            token = tokens[i]
            found, found_size = "", 0
            if token in starts:
                key, size = token, 1
                while i + size < count:
                    key = f"{key} {tokens[i + size]}"
                    if key not in prefixes:
                        break
                    size += 1
                    longer = canonical.get(key)
                    if longer is not None:
                        found, found_size = longer, size
            if found_size == 0:
                out.append(token)
                i += 1
            else:
                if found:
                    out.append(found)
                i += found_size
        return out


class Vocabulary:
    """The fact base's own words with their counts, grouped for typo search.

    A word within k edits of another differs in length by at most k, and one typo cannot
    change both ends of a word: so each word is filed under its length with its first two
    letters (in either order, for "hte"), with its first and last letters, and with its last
    two. One typo anywhere, inserted or deleted letters included, leaves at least one of
    those three the same. A misspelt word is compared only with the words in its own three
    groups at nearby lengths: at 100,000 facts a few hundred, not thousands.
    """

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        by_key: dict[tuple[int, str], list[str]] = {}
        for word in counts:
            for key in _typo_keys(word):
                by_key.setdefault((len(word), key), []).append(word)
        self._by_key = by_key

    def __contains__(self, word: object) -> bool:
        return word in self.counts

    def within(self, word: str, budget: int) -> dict[str, int]:
        """Every word at most `budget` typos (OSA edits) from `word`, with its distance,
        among the words that share one of its groups."""
        found: dict[str, int] = {}
        keys = _typo_keys(word)
        for size in range(len(word) - budget, len(word) + budget + 1):
            for key in keys:
                bucket = self._by_key.get((size, key))
                if bucket:
                    for match, distance, _ in process.extract(
                        word, bucket, scorer=OSA.distance, score_cutoff=budget, limit=None
                    ):
                        found[match] = int(distance)
        return found


def _typo_keys(word: str) -> tuple[str, ...]:
    """The groups a word is filed under for typo search (see `Vocabulary`)."""
    if len(word) < 3:
        return (word,)
    first, second = word[0], word[1]
    pair = first + second if first <= second else second + first
    return (f"^{pair}", f"{first}~{word[-1]}", f"{word[-2:]}$")


class Lexicon:
    """The shared analyser. Built once; pure functions of its data afterwards."""

    def __init__(
        self,
        synonyms: SynonymTable,
        stopwords: frozenset[str],
        critical: frozenset[str],
        spellings: dict[str, str] | None = None,
        affiliations: dict[str, str] | None = None,
    ) -> None:
        self.synonyms = synonyms
        self.spellings = spellings or {}
        self.stopwords = stopwords
        self._stemmer = snowballstemmer.stemmer("english")
        self.critical = frozenset(self._stem(w) for w in critical)
        self._terms: dict[str, Term | None] = {}
        # The same, reduced to what indexing needs ("" for no term, or for a word that is not
        # a name or number).
        self._texts: dict[str, str] = {}
        self._pins: dict[str, str] = {}
        self._english = english()
        self._english_fixes: dict[str, str | None] = {}
        # Person or body -> the country it belongs to, as stemmed terms.
        self.affiliations = {
            self._stem(who): self._stem(country) for who, country in (affiliations or {}).items()
        }

    @classmethod
    def default(cls) -> Lexicon:
        return _default_lexicon()

    def _stem(self, word: str) -> str:
        if "_" in word or not word.isalpha():
            return word
        return str(self._stemmer.stemWord(word))

    def terms(self, normalized_words: Iterable[str]) -> list[Term]:
        """Meaningful terms of already-normalised (and typo-corrected) words, in order, unique."""
        return self._unique_terms(self.synonyms.join(list(normalized_words)))

    def _unique_terms(self, joined: list[str]) -> list[Term]:
        seen: dict[str, Term] = {}
        cache = self._terms
        for word in joined:
            term = cache[word] if word in cache else self._remember(word)
            if term is not None and term.text not in seen:
                seen[term.text] = term
        return list(seen.values())

    def term(self, word: str) -> Term | None:
        """One normalised word's term (None for a stop word), as `terms` would give it."""
        if word in self._terms:
            return self._terms[word]
        return self._remember(word)

    def term_texts(
        self, normalized_words: Iterable[str], *, pins: bool = True
    ) -> tuple[set[str], set[str]]:
        """The texts of `terms`, and those of its names and numbers (unless `pins` is
        false): what indexing needs.

        Built from per-word caches with C-level set and map calls, because indexing runs this
        on half a million phrasings and quotes at 100,000 facts.
        """
        joined = self.synonyms.join(list(normalized_words))
        try:
            found = set(map(self._texts.__getitem__, joined))
            pinned = set(map(self._pins.__getitem__, joined)) if pins else set()
        except KeyError:  # a new word, or the caches are full
            terms = self._unique_terms(joined)
            return {t.text for t in terms}, {t.text for t in terms if t.pinning}
        found.discard("")
        pinned.discard("")
        return found, pinned

    def _remember(self, word: str) -> Term | None:
        """A word's term after single-word synonyms (None for stop words and chatter), kept
        while the caches have room: questions and phrasings reuse a small vocabulary."""
        canonical = self.synonyms.single.get(word, word)
        term = self._term(canonical) if canonical else None
        if len(self._terms) < _TERM_CACHE_SIZE:
            self._terms[word] = term
            self._texts[word] = term.text if term is not None else ""
            self._pins[word] = term.text if term is not None and term.pinning else ""
        return term

    def _term(self, word: str) -> Term | None:
        """One word's term (None for a stop word); cached, as the same words recur."""
        if word in self.stopwords:
            return None
        stem = self._stem(word)
        if word in self.synonyms.entities:
            kind = TermKind.ENTITY
        elif _NUMBER.match(word):
            kind = TermKind.NUMBER
        else:
            kind = TermKind.WORD
        return Term(text=stem, kind=kind, critical=stem in self.critical, rarity=self.rarity(word))

    def rarity(self, word: str) -> float:
        """How unusual a word is in general English: 1 when never seen, falling with log
        frequency to 0 for words as common as "the". Used as log10 of the word's count in
        pyspellchecker's corpus, so the matcher can decide how fast common words fade.

        An unknown word that is common English ("awful", "standards") is usually chatter;
        a rare one usually names what the question is really about.
        """
        frequency = self._english.word_frequency[word]
        return max(0.0, 1.0 - math.log10(frequency + 1) / LOG_MOST_FREQUENT)

    def correct(self, word: str, vocabulary: Vocabulary) -> str:
        """The word a typo was meant to be: an ask word, a word of the fact base, or plain
        English, in that order of trust.

        A real English word is never "corrected": "born" must stay "born" (and so tell the
        matcher the question is about something else), not become "bloc". A fact-base word
        one typo away wins; failing that, an English word one typo away beats a fact-base
        word two or three away ("firget" is "forget", not "first"), so chatter misspelt
        stays chatter instead of turning into a word that points at the wrong fact.
        """
        if word in self.spellings:
            return self.spellings[word]
        if word in vocabulary or word in self.stopwords or not word.isalpha():
            return word
        if self._english.word_frequency[word] >= ENGLISH_WORD_FREQUENCY:
            return word
        asked = [a for a in _ASK_WORDS if OSA.distance(word, a, score_cutoff=1) <= 1]
        if len(asked) == 1 and len(word) >= 3:  # "whidh", "wno"; "whee" could be two
            return asked[0]
        budget = max_typos(len(word))
        if budget == 0:
            return word
        # A stop word is never the intended correction: "agre" means "agree", not "are".
        found = {
            w: d for w, d in vocabulary.within(word, budget).items() if w not in self.stopwords
        }
        best_distance = min(found.values(), default=budget + 1)
        # Short words have too many English neighbours to guess from ("qing": sing, king).
        if best_distance > 1 and len(word) >= 5:
            english = self._english_correction(word)
            if english is not None:
                return english
        if not found:
            return word
        closest = [w for w, distance in found.items() if distance == best_distance]
        return max(closest, key=lambda w: (vocabulary.counts[w], w))

    def _english_correction(self, word: str) -> str | None:
        """The most frequent common English word one typo from `word`, if any. Remembered:
        working it out means trying every one-typo variant, and people misspell the same
        words again and again."""
        if word in self._english_fixes:
            return self._english_fixes[word]
        fix = self._closest_english(word)
        if len(self._english_fixes) < _TERM_CACHE_SIZE:
            self._english_fixes[word] = fix
        return fix

    def _closest_english(self, word: str) -> str | None:
        frequency = self._english.word_frequency
        candidates = self._english.candidates(word) or ()
        common = [
            c
            for c in candidates
            if c != word and c.isalpha() and frequency[c] >= ENGLISH_WORD_FREQUENCY
        ]
        return max(common, key=lambda c: (frequency[c], c), default=None)


# What a misspelt ask word is corrected to ("whidh" -> "which").
_ASK_WORDS = ("who", "what", "when", "where", "which", "why", "how", "whose")


def _country_names(known: set[str]) -> dict[str, list[str]]:
    """Every country as a named entity (pycountry's ISO list), unless the curated file has it.

    A question about France must not be answered with a fact about China because "France"
    was an unknown word; as an entity it has to agree with the fact's names.
    """
    found: dict[str, list[str]] = {}
    for country in pycountry.countries:
        names = {getattr(country, "common_name", None), country.name}
        for name in filter(None, names):
            if "," in name or "(" in name:
                continue
            variant = normalize(name)
            if not variant or variant in known:
                continue
            canonical = variant.replace(" ", "_")
            if canonical in known:
                continue
            found.setdefault(canonical, []).append(variant)
    return found


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    data = resources.files("bot") / "data"
    raw = yaml.safe_load((data / "synonyms.yaml").read_text("utf-8"))
    entities: dict[str, list[str]] = raw.get("entities", {})
    groups = {**entities, **raw.get("terms", {})}
    stopwords = frozenset(
        word
        for line in (data / "stopwords.txt").read_text("utf-8").splitlines()
        if not line.startswith("#")
        for word in line.split()
    )
    known = {normalize(str(v)) for variants in groups.values() for v in variants} | set(groups)
    countries = _country_names(known)
    table = SynonymTable(
        {**countries, **groups},
        entity_names=[*entities, *countries],
        chatter=raw.get("chatter", []),
    )
    spellings = {
        variant: canonical
        for canonical, variants in raw.get("spellings", {}).items()
        for variant in variants
        if variant != canonical
    }
    critical = frozenset(normalize(w) for w in raw.get("critical", []))
    return Lexicon(table, stopwords, critical, spellings, raw.get("affiliations", {}))
