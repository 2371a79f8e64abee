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

import pycountry
import snowballstemmer
import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA
from spellchecker import SpellChecker

from bot.core.text import normalize, words

# Typos accepted when correcting a word to the fact base's vocabulary, by word length.
_MIN_CORRECTABLE = 4
# Words whose analysis is remembered (questions and phrasings reuse a small vocabulary).
_TERM_CACHE_SIZE = 200_000
# How often a word must occur in pyspellchecker's English corpus to count as a real word.
ENGLISH_WORD_FREQUENCY = 200
# log10 of the count of "the" in pyspellchecker's English corpus: rarity 0.
LOG_MOST_FREQUENT = 7.9


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
    # Found only in chatter before the question's ask ("ngl i missed this, who ...").
    in_preamble: bool = False

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
        self._by_first: dict[str, int] = {}
        for variant in self.canonical:
            first, length = variant.split()[0], len(variant.split())
            self._by_first[first] = max(self._by_first.get(first, 0), length)

    def apply(self, tokens: list[str]) -> list[str]:
        """Replace variants by canonical terms, longest variant first, left to right."""
        out: list[str] = []
        by_first = self._by_first
        i, count = 0, len(tokens)
        while i < count:
            longest = by_first.get(tokens[i])
            if longest is None:  # the common case: no variant starts with this word
                out.append(tokens[i])
                i += 1
                continue
            for size in range(min(longest, count - i), 0, -1):
                key = tokens[i] if size == 1 else " ".join(tokens[i : i + size])
                canonical = self.canonical.get(key)
                if canonical is not None:
                    if canonical:
                        out.append(canonical)
                    i += size
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out


class Vocabulary:
    """The fact base's own words with their counts, grouped by length for typo search.

    A word within k edits of another differs in length by at most k, so the search only
    looks at words of nearby lengths: at 100,000 facts that is a fraction of the list.
    """

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        # (length, letter at 0) and (length, letter at 1): a typo rarely hits both of the
        # first two letters, and this cuts the search to a few percent of the vocabulary.
        by_key: dict[tuple[int, int, str], list[str]] = {}
        for word in counts:
            for position in (0, 1):
                if len(word) > position:
                    by_key.setdefault((len(word), position, word[position]), []).append(word)
        self._by_key = by_key

    def __contains__(self, word: object) -> bool:
        return word in self.counts

    def near(self, word: str, budget: int) -> list[str]:
        """Words that could be `word` with at most `budget` typos (a superset, mostly)."""
        buckets = [
            self._by_key.get((size, position, word[position]), ())
            for size in range(len(word) - budget, len(word) + budget + 1)
            for position in (0, 1)
            if len(word) > position
        ]
        return list(set().union(*buckets))


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
        self._stems: dict[str, str] = {}
        self._terms: dict[str, Term | None] = {}
        self._english = SpellChecker(language="en", distance=1)
        # Person or body -> the country it belongs to, as stemmed terms.
        self.affiliations = {
            self.stem(who): self.stem(country) for who, country in (affiliations or {}).items()
        }

    @classmethod
    def default(cls) -> Lexicon:
        return _default_lexicon()

    def _stem(self, word: str) -> str:
        if "_" in word or not word.isalpha():
            return word
        return str(self._stemmer.stemWord(word))

    def stem(self, word: str) -> str:
        cached = self._stems.get(word)
        if cached is None:
            cached = self._stems[word] = self._stem(word)
        return cached

    def surface_words(self, text: str) -> list[str]:
        """Normalised words before synonyms: the level at which typos are corrected."""
        return words(normalize(text))

    def terms(self, normalized_words: Iterable[str]) -> list[Term]:
        """Meaningful terms of already-normalised (and typo-corrected) words, in order, unique."""
        seen: dict[str, Term] = {}
        cache = self._terms
        for word in self.synonyms.apply(list(normalized_words)):
            if word in cache:
                term = cache[word]
            else:
                term = self._term(word)
                if len(cache) < _TERM_CACHE_SIZE:
                    cache[word] = term
            if term is not None and term.text not in seen:
                seen[term.text] = term
        return list(seen.values())

    def _term(self, word: str) -> Term | None:
        """One word's term (None for a stop word); cached, as the same words recur."""
        if word in self.stopwords:
            return None
        stem = self.stem(word)
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
        """The closest vocabulary word within the typo budget, preferring frequent words.

        A real English word is never "corrected": "born" must stay "born" (and so tell the
        matcher the question is about something else), not become "bloc".
        """
        if word in self.spellings:
            return self.spellings[word]
        if word in vocabulary or word in self.stopwords or not word.isalpha():
            return word
        if self._english.word_frequency[word] >= ENGLISH_WORD_FREQUENCY:
            return word
        budget = max_typos(len(word))
        if budget == 0:
            return word
        found = process.extract(
            word,
            vocabulary.near(word, budget),
            scorer=OSA.distance,
            score_cutoff=budget,
            limit=10,
        )
        # A stop word is never the intended correction: "agre" means "agree", not "are".
        found = [f for f in found if f[0] not in self.stopwords]
        if not found:
            return word
        best_distance = min(distance for _, distance, _ in found)
        closest = [w for w, distance, _ in found if distance == best_distance]
        return max(closest, key=lambda w: (vocabulary.counts[w], w))


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
