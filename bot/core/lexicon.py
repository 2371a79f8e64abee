"""Turning text into the terms the matcher compares: synonyms, stop words, stems, typos.

Questions and curated phrasings go through the same `Lexicon.terms`, so every paraphrase
rule is written once, as data (`bot/data/synonyms.yaml`, `bot/data/stopwords.txt`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources

import snowballstemmer
import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA
from spellchecker import SpellChecker

from bot.core.text import normalize, words

# Typos accepted when correcting a word to the fact base's vocabulary, by word length.
_MIN_CORRECTABLE = 4
# How often a word must occur in pyspellchecker's English corpus to count as a real word.
ENGLISH_WORD_FREQUENCY = 200


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

    @property
    def entity(self) -> bool:
        return self.kind is TermKind.ENTITY

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
        ordered = sorted(self.canonical, key=lambda v: (-len(v.split()), -len(v)))
        alternation = "|".join(re.escape(v) for v in ordered)
        self._pattern = re.compile(rf"(?<![\w$%])(?:{alternation})(?![\w$%])") if ordered else None

    def apply(self, normalized: str) -> str:
        if self._pattern is None:
            return normalized
        return self._pattern.sub(lambda m: " " + self.canonical[m.group(0)] + " ", normalized)


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
        text = self.synonyms.apply(" ".join(normalized_words))
        seen: dict[str, Term] = {}
        for word in text.split():
            if word in self.stopwords:
                continue
            stem = self.stem(word)
            if stem not in seen:
                if word in self.synonyms.entities:
                    kind = TermKind.ENTITY
                elif _NUMBER.match(word):
                    kind = TermKind.NUMBER
                else:
                    kind = TermKind.WORD
                seen[stem] = Term(text=stem, kind=kind, critical=stem in self.critical)
        return list(seen.values())

    def correct(self, word: str, vocabulary: dict[str, int]) -> str:
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
            word, vocabulary.keys(), scorer=OSA.distance, score_cutoff=budget, limit=5
        )
        if not found:
            return word
        best_distance = min(distance for _, distance, _ in found)
        closest = [w for w, distance, _ in found if distance == best_distance]
        return max(closest, key=lambda w: (vocabulary[w], w))


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
    table = SynonymTable(groups, entity_names=entities, chatter=raw.get("chatter", []))
    spellings = {
        variant: canonical
        for canonical, variants in raw.get("spellings", {}).items()
        for variant in variants
        if variant != canonical
    }
    critical = frozenset(normalize(w) for w in raw.get("critical", []))
    return Lexicon(table, stopwords, critical, spellings, raw.get("affiliations", {}))
