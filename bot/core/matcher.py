"""Find the fact a free-text question is about, or decide that none is.

How a question is scored against a fact (every number is shown by `attache ask --explain`;
every weight and threshold is a field of `Tuning`, calibrated by `python -m bench.tune`):

1. Both sides become terms (`Lexicon.terms`): synonyms unified, stop words and chatter
   dropped, words stemmed, and the question's typos corrected against the fact base's own
   vocabulary (a real English word is never "corrected").
2. Each term weighs its inverse document frequency over facts, so "Patrushev" outweighs
   "Russia". A word the fact base has never seen weighs a large share of the rarest known
   term: an unknown word usually means the question asks about something the base does
   not hold.
3. For each phrasing of a fact: recall (how much of the question's weight the phrasing
   explains) and precision (how much of the phrasing the question uses), combined as an F
   measure that favours recall, plus RapidFuzz similarity of the two term lists. A question
   term the phrasing lacks but the fact's verbatim quote has earns part of its weight: people
   who read the article reuse its words ("from Sunday to what date?").
4. Vetoes and penalties: a "critical" word ("born", "injured") the fact never uses vetoes
   it; a name or number that contradicts the phrasing's ("China's foreign minister" against
   "Russia's") cuts it hard; an ask ("when", "how many") that does not fit the answer's kind
   cuts it; a question that already names the fact's answer is asking something else; two
   names that swap owner and target ("Israel's envoy to Mozambique" against "Mozambique's
   envoy to Israel", `bot/core/roles.py`) cut it.
5. Decision: answer only above a calibrated threshold and with a margin over the best
   runner-up that gives a different answer (or far above the threshold); otherwise offer
   the closest facts as "did you mean", or say plainly it does not know.
6. A second opinion, when the matcher has one (`SecondOpinion`; the bot's is sentence
   meaning, `bot/core/semantic.py`): an unsure decision may be confirmed, never overruled.

Scoring starts from an inverted index over terms, so only facts sharing a rare term with
the question are looked at, and RapidFuzz runs only on the best few of those: the cost
follows the postings touched, not the size of the base.
"""

from __future__ import annotations

import logging
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import chain
from typing import Protocol

import numpy as np
from rapidfuzz import fuzz

from bot.core.collector import collector_paused
from bot.core.lexicon import LOG_MOST_FREQUENT, Lexicon, Term, TermKind, Vocabulary
from bot.core.models import Fact
from bot.core.roles import Role, clash, name_roles
from bot.core.slots import Slot, ask_word, compatible, detect_slot
from bot.core.text import fold, normalize, normalize_words

log = logging.getLogger(__name__)

MAX_SUGGESTIONS = 3
SUGGEST_THRESHOLD = 0.40
FUZZY_SHORTLIST = 15
# A term in more than this share of facts (and more than COMMON_MIN_FACTS) is "common".
COMMON_SHARE = 0.02
COMMON_MIN_FACTS = 500


@dataclass(frozen=True, slots=True)
class Tuning:
    """Every weight and threshold of the scorer, calibrated on the tuning split of
    `tests/data/eval_questions.yaml` (`python -m bench.tune`); the held-out split is never
    used to choose them."""

    fact_coverage: float = 0.0
    phrasing_match: float = 0.7
    fuzzy: float = 0.2
    recall_bias: float = 2.0
    unknown_weight: float = 0.8
    rarity_power: float = 1.0
    common_log: float = 7.9
    slot_mismatch: float = 0.7
    missing_pin: float = 1.0
    conflicting_pin: float = 0.35
    answer_echo: float = 0.7
    ask_differs: float = 0.95
    roles_reversed: float = 0.5
    quote_credit: float = 0.25
    aside_weight: float = 0.55
    answer_threshold: float = 0.6
    sure_threshold: float = 0.8
    min_margin: float = 0.06
    suggest_threshold: float = SUGGEST_THRESHOLD

    @property
    def max_score(self) -> float:
        """What a question matching a phrasing word for word, with no penalty, scores."""
        return self.fact_coverage + self.phrasing_match + self.fuzzy


class Decision(StrEnum):
    ANSWER = "answer"
    UNSURE = "unsure"
    UNKNOWN = "unknown"
    NOT_A_QUESTION = "not_a_question"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One fact's score for a question, with the evidence behind it."""

    fact: Fact
    score: float
    question_coverage: float
    phrasing_coverage: float
    fuzzy: float
    best_phrasing: str
    matched: tuple[str, ...]
    unmatched: tuple[str, ...]
    penalties: tuple[str, ...]
    # Question terms the best phrasing lacks but the fact's quote has: partial credit.
    quoted: tuple[str, ...] = ()
    # The answer a yes-or-no question asks to confirm ("was it 133 killed?"): a note, not a
    # penalty, since the guess counts for the fact.
    guessed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Meaning:
    """The second opinion on a question the words alone left unsure: how close in meaning
    it is to the best fact's phrasings, and to the closest fact with another answer."""

    confirmed: bool
    reason: str
    # Unset when the best candidate had a penalty, so meaning was not asked.
    similarity: float | None = None
    runner_up: float | None = None
    phrasing: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    question: str
    terms: tuple[str, ...]
    slot: Slot
    decision: Decision
    candidates: tuple[Candidate, ...] = ()
    corrections: dict[str, str] = field(default_factory=dict)
    suggest_threshold: float = SUGGEST_THRESHOLD
    # The highest raw score the tuning allows, to report confidence on a 0-1 scale.
    scale: float = 1.0
    # Set when a second opinion was asked (see `SecondOpinion`).
    meaning: Meaning | None = None

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def fact(self) -> Fact | None:
        return self.best.fact if self.decision is Decision.ANSWER and self.best else None

    @property
    def confidence(self) -> float:
        """The best score as a share of the best possible one (a perfect match is 1.0)."""
        return self.share(self.best.score) if self.best else 0.0

    def share(self, score: float) -> float:
        return min(1.0, score / self.scale) if self.scale > 0 else 0.0

    @property
    def suggestions(self) -> tuple[Candidate, ...]:
        """Runner-ups worth offering as "did you mean" (the best too, when unsure)."""
        start = 1 if self.decision is Decision.ANSWER else 0
        picked = [c for c in self.candidates[start:] if c.score >= self.suggest_threshold]
        return tuple(picked[:MAX_SUGGESTIONS])


class SecondOpinion(Protocol):
    """Reviews a match the words left unsure and may confirm its best fact
    (`bot.core.semantic.SemanticCheck`); kept apart so the index itself stays lexical."""

    def review(self, match: Match) -> Match: ...


@dataclass(slots=True)
class _Phrasing:
    """Kept small (sorted tuples, no strings that can be derived): at 100,000 facts there
    are half a million of these."""

    terms: tuple[str, ...]
    pins: tuple[str, ...]
    # How it asks (`ask_word` of its slot): a question asked another way is a little less
    # likely to be this phrasing's paraphrase.
    ask: Slot
    weight: float = 0.0
    # Owner and target among its names ("Israel's envoy to Mozambique"): read the first time
    # a question that marks two roles meets this phrasing (most never do), then kept.
    roles: tuple[tuple[str, Role], ...] | None = None

    @property
    def text(self) -> str:
        return " ".join(self.terms)


@dataclass(slots=True)
class _IndexedFact:
    fact: Fact
    phrasings: list[_Phrasing]
    answer_terms: tuple[tuple[str, ...], ...]
    quote_terms: frozenset[str]

    def terms(self) -> frozenset[str]:
        return frozenset().union(*(p.terms for p in self.phrasings))


class Matcher:
    """An index over a list of facts; build a new one to change the facts. Matching changes
    two things, a scratch array reset after every question and a cache of phrasing roles
    read when a question first needs them, so it takes one question at a time (the bot
    asks from a single worker thread)."""

    def __init__(
        self,
        facts: Sequence[Fact],
        lexicon: Lexicon | None = None,
        tuning: Tuning | None = None,
        second_opinion: SecondOpinion | None = None,
    ) -> None:
        self.lexicon = lexicon or Lexicon.default()
        self.tuning = tuning or Tuning()
        self.second_opinion = second_opinion
        with collector_paused():
            self._build(facts)

    def _build(self, facts: Sequence[Fact]) -> None:
        self._facts: list[_IndexedFact] = []
        # Only useful while building: cleared once the index is built.
        self._answer_cache: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._quote_cache: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}
        vocabulary: Counter[str] = Counter()
        postings: dict[str, list[int]] = {}
        for fact in facts:
            indexed = self._index(fact, vocabulary)
            position = len(self._facts)
            self._facts.append(indexed)
            for term in indexed.terms():
                postings.setdefault(term, []).append(position)
        self._answer_cache.clear()
        self._quote_cache.clear()
        self._postings = {t: np.array(p, dtype=np.int32) for t, p in postings.items()}
        # Scratch space for stage 1, reset after every question (matching is synchronous).
        self._covered = np.zeros(len(self._facts), dtype=np.float64)
        self._common_df = max(COMMON_MIN_FACTS, int(len(self._facts) * COMMON_SHARE))
        for variant in self.lexicon.synonyms.canonical:
            if " " not in variant and variant.isalpha():
                vocabulary[variant] += 1
        self.vocabulary = Vocabulary(dict(vocabulary))
        total = max(len(self._facts), 1)
        self._idf = {term: math.log(1 + total / len(posting)) for term, posting in postings.items()}
        self._unknown_weight = self.tuning.unknown_weight * math.log(1 + total)
        idf = self._idf.__getitem__  # every phrasing term is in the index
        for indexed in self._facts:
            for phrasing in indexed.phrasings:
                phrasing.weight = sum(map(idf, phrasing.terms)) or 1.0

    def _index(self, fact: Fact, vocabulary: Counter[str]) -> _IndexedFact:
        lexicon = self.lexicon
        phrasings = []
        seen: list[str] = []  # the fact's words, counted in one call
        for question in (*fact.questions, *_derived_questions(fact)):
            surface = normalize_words(question)
            normalized = " ".join(surface)
            seen.extend(surface)
            texts, pins = lexicon.term_texts(surface)
            phrasings.append(
                _Phrasing(
                    tuple(sorted(texts)), tuple(sorted(pins)), ask_word(detect_slot(normalized))
                )
            )
        quote_surface, quote_terms = self._quote(fact.quote)
        seen.extend(quote_surface)
        # Each accepted answer's terms: a question that names one is asking something else
        # ("who is Lavrov?" is not asking for Lavrov). Acronyms are left out: "what does SCO
        # stand for?" names the alias and asks for the answer.
        answer_terms = []
        for answer in fact.accepted_answers:
            answer_surface, accepted = self._analysed(answer)
            seen.extend(answer_surface)
            if accepted and not _is_acronym_of(answer, fact.answer):
                answer_terms.append(accepted)
        vocabulary.update(seen)
        return _IndexedFact(fact, phrasings, tuple(answer_terms), quote_terms)

    def _analysed(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """An answer's or a quote's words and terms. Both repeat across facts (countries,
        years, one sentence behind several facts), so each is worked out once per build."""
        cached = self._answer_cache.get(text)
        if cached is None:
            # Interned: at 100,000 facts the cached words would otherwise be a million
            # strings of their own.
            surface = tuple(map(sys.intern, normalize_words(text)))
            texts = self.lexicon.term_texts(surface, pins=False)[0]
            cached = self._answer_cache[text] = (surface, tuple(sorted(texts)))
        return cached

    def _quote(self, quote: str) -> tuple[tuple[str, ...], frozenset[str]]:
        """A quote's words and terms; facts drawn from one sentence share the same set."""
        cached = self._quote_cache.get(quote)
        if cached is None:
            surface, terms = self._analysed(quote)
            cached = self._quote_cache[quote] = (surface, frozenset(terms))
        return cached

    @property
    def facts(self) -> list[Fact]:
        return [f.fact for f in self._facts]

    def analyse(self, question: str) -> tuple[list[Term], Slot, dict[str, str]]:
        """The question's terms after typo correction, its ask, and the corrections made.

        Terms only found in chatter around the question come last and are marked, so they
        can weigh less: a preamble before the ask ("ngl i missed this, which country...") or
        a personal remark ("... i always forget"). Chatter that names nothing the base knows
        ("my uncle keeps arguing with me about this:") is left out: it can only dilute.
        """
        preamble, ask = split_preamble(question)
        ask, remark = split_remark(ask, self._asks_something)
        corrections: dict[str, str] = {}

        def corrected(text: str) -> list[str]:
            out = []
            for word in normalize_words(text):
                fixed = self.lexicon.correct(word, self.vocabulary)
                if fixed != word:
                    corrections[word] = fixed
                out.append(fixed)
            return out

        main = _fix_ask_word(corrected(ask))
        terms = self.lexicon.terms(main)
        seen = {t.text for t in terms}
        extra = []
        for text in (preamble, remark):
            aside = self.lexicon.terms(corrected(text)) if text else []
            if not any(t.text in self._idf for t in aside):
                continue  # mentions nothing the base knows: pure chatter
            for term in aside:
                if term.text not in seen:
                    seen.add(term.text)
                    extra.append(replace(term, aside=True))
        # "did xi and putin talk about a war when they met? which one" asks which war.
        follow_up = _fix_ask_word(corrected(_follow_up(question)))
        asked = follow_up if follow_up[:1] and follow_up[0] in _WH_WORDS else main
        slot = detect_slot(" ".join(asked))
        return terms + extra, slot, corrections

    def _asks_something(self, text: str) -> bool:
        return bool(self.lexicon.terms(normalize_words(text)))

    def match(self, question: str, *, limit: int = 5) -> Match:
        terms, slot, corrections = self.analyse(question)
        texts = tuple(t.text for t in terms)
        if not terms:
            return Match(question, texts, slot, Decision.NOT_A_QUESTION, corrections=corrections)
        names = sum(1 for t in terms if t.kind is TermKind.ENTITY)
        roles = name_roles(question, self.lexicon) if names >= 2 else {}
        confirm = _asks_to_confirm(question)
        ranked = tuple(self._score(terms, slot, roles, confirm)[:limit])
        match = Match(
            question,
            texts,
            slot,
            self._decide(ranked),
            ranked,
            corrections,
            suggest_threshold=self.tuning.suggest_threshold,
            scale=self.tuning.max_score,
        )
        if self.second_opinion is None or match.decision is not Decision.UNSURE:
            return match
        try:
            return self.second_opinion.review(match)
        except Exception:  # a second opinion is a bonus: its failure costs no answer
            log.exception("the second opinion failed; answering from words alone")
            return match

    def _query_weight(self, term: Term) -> float:
        weight = self._raw_weight(term)
        return weight * self.tuning.aside_weight if term.aside else weight

    def _raw_weight(self, term: Term) -> float:
        known = self._idf.get(term.text)
        if known is not None:
            return known
        # Rarity 1 - log10(f)/7.9; rescaled so words at or above 10**common_log fade to 0.
        common = self.tuning.common_log / LOG_MOST_FREQUENT
        rarity = max(0.0, (term.rarity - (1 - common)) / common) if common < 1 else term.rarity
        return self._unknown_weight * float(rarity**self.tuning.rarity_power)

    def _score(
        self, terms: list[Term], slot: Slot, roles: dict[str, Role], confirm: bool
    ) -> list[Candidate]:
        weights = {t.text: self._query_weight(t) for t in terms}
        total = sum(weights.values())
        # Stage 1: rank facts by the weight of the question's terms they contain, from the
        # postings. Terms found in a large share of facts ("minister" in a big base) only
        # join when the question has nothing rarer: they would touch every fact and
        # barely change the order. Cost follows the postings touched, not the base's size.
        found = [(w, p) for t, w in weights.items() if (p := self._postings.get(t)) is not None]
        rare = [(w, p) for w, p in found if len(p) <= self._common_df]
        used = rare or found
        if not used:
            hits: list[int] = []
        else:
            covered = self._covered
            for weight, posting in used:
                covered[posting] += weight
            touched = np.unique(np.concatenate([p for _, p in used]))
            if len(touched) > FUZZY_SHORTLIST:
                best = np.argpartition(-covered[touched], FUZZY_SHORTLIST - 1)[:FUZZY_SHORTLIST]
                hits = touched[best].tolist()
            else:
                hits = touched.tolist()
            covered[touched] = 0.0
        # Stage 2: full scoring, RapidFuzz included, on the shortlist only.
        query = _Query(terms, weights, total, roles, confirm)
        scored = []
        for position in hits:
            indexed = self._facts[position]
            fact_terms = indexed.terms()
            fact_coverage = sum(w for t, w in weights.items() if t in fact_terms) / total
            candidate = self._candidate(indexed, fact_terms, query, fact_coverage, slot)
            if candidate is not None:
                scored.append(candidate)
        scored.sort(key=lambda c: (-c.score, c.fact.id))
        return scored

    def _candidate(
        self,
        indexed: _IndexedFact,
        fact_terms: frozenset[str],
        query: _Query,
        fact_coverage: float,
        slot: Slot,
    ) -> Candidate | None:
        tuning = self.tuning
        if any(t not in fact_terms for t in query.critical):
            return None
        factor = 1.0
        penalties = []
        if not compatible(slot, indexed.fact.kind):
            factor *= tuning.slot_mismatch
            penalties.append(f"asks {slot.value}, answer is a {indexed.fact.kind.value}")
        # "was it 133 killed, or more?" names the answer to have it confirmed: the guess counts
        # for the fact instead of against it. A name is what the question is about ("is
        # patrushev the council's secretary?"), never the guess, and neither is a word the
        # fact's own phrasings use ("attack" in "was it 200 killed in the attack?").
        guessed = (
            query.names.intersection(chain.from_iterable(indexed.answer_terms)).difference(
                query.entities, fact_terms
            )
            if query.confirm and indexed.answer_terms
            else frozenset()
        )
        # "Whose peace plan?" names the thing owned and asks for the rest of the answer.
        echoed = (
            [t for t in indexed.answer_terms if query.names.issuperset(t)]
            if slot is not Slot.OWNER and not guessed
            else []
        )
        asked_pins = query.pins - guessed
        ask = ask_word(slot)
        quotable = query.names.intersection(indexed.quote_terms) if tuning.quote_credit else ()
        best: tuple[float, int, float, float, _Phrasing, list[str], list[str]] | None = None
        for position, phrasing in enumerate(indexed.phrasings):
            shared = sum(query.weights[t] for t in query.names.intersection(phrasing.terms))
            quoted = [t for t in quotable if t not in phrasing.terms]
            credit = tuning.quote_credit * sum(query.weights[t] for t in quoted)
            credit += sum(query.weights[t] for t in guessed if t not in phrasing.terms)
            question_coverage = (shared + credit) / query.total
            coverage = shared / phrasing.weight
            similarity = fuzz.token_sort_ratio(query.text, phrasing.text) / 100
            pin_factor, pin_notes = self._pins(asked_pins, phrasing.pins)
            if phrasing.ask is not ask:
                pin_factor *= tuning.ask_differs
            if len(query.roles) >= 2 and sum(n in query.roles for n in phrasing.pins) >= 2:
                if phrasing.roles is None:
                    text = _phrasing_text(indexed.fact, position)
                    phrasing.roles = tuple(sorted(name_roles(text, self.lexicon).items()))
                if clash(query.roles, phrasing.roles):
                    pin_factor *= tuning.roles_reversed
                    pin_notes = [*pin_notes, "the same names, the other way round"]
            # Naming the answer means asking something else, unless this fact is itself
            # asked that way ("which countries attend the BRICS summit?" when "the BRICS
            # countries" is an accepted answer).
            if any(any(word not in phrasing.terms for word in t) for t in echoed):
                pin_factor *= tuning.answer_echo
                pin_notes = [*pin_notes, "the question already names this answer"]
            raw = (
                tuning.fact_coverage * fact_coverage
                + tuning.phrasing_match * _f_beta(question_coverage, coverage, tuning.recall_bias)
                + tuning.fuzzy * similarity
            ) * pin_factor
            if best is None or raw > best[0]:
                best = (raw, position, coverage, similarity, phrasing, pin_notes, quoted)
        assert best is not None
        raw, position, coverage, similarity, phrasing, pin_notes, quoted = best
        return Candidate(
            fact=indexed.fact,
            score=round(raw * factor, 4),
            question_coverage=round(fact_coverage, 4),
            phrasing_coverage=round(coverage, 4),
            fuzzy=round(similarity, 4),
            best_phrasing=_phrasing_text(indexed.fact, position),
            matched=tuple(t for t in query.weights if t in fact_terms),
            unmatched=tuple(t for t in query.weights if t not in fact_terms),
            quoted=tuple(sorted(quoted)),
            penalties=(*penalties, *pin_notes),
            guessed=tuple(sorted(guessed)),
        )

    def _pins(self, asked: frozenset[str], phrased: tuple[str, ...]) -> tuple[float, list[str]]:
        """Names and numbers must agree: "China's foreign minister" is not Russia's.

        A person counts as their country too, so "Beijing" agrees with "Xi".
        """
        if asked.issubset(phrased):  # nothing asked that the phrasing does not name
            return 1.0, []
        affiliations = self.lexicon.affiliations
        phrased_wide = {*phrased, *(affiliations[p] for p in phrased if p in affiliations)}
        only_asked = sorted(p for p in asked if p not in phrased_wide)
        if not only_asked:
            return 1.0, []
        asked_wide = asked | {affiliations[p] for p in asked if p in affiliations}
        if any(p not in asked_wide for p in phrased):
            names = ", ".join(only_asked)
            return self.tuning.conflicting_pin, [f"asks about {names}, phrasing names another"]
        return self.tuning.missing_pin ** len(only_asked), [
            f"phrasing does not name {', '.join(only_asked)}"
        ]

    def _decide(self, ranked: Sequence[Candidate]) -> Decision:
        tuning = self.tuning
        if not ranked:
            return Decision.UNKNOWN
        best = ranked[0].score
        # A close second that gives the same answer is no reason to hesitate.
        answer = normalize(ranked[0].fact.answer)
        runner_up = next((c.score for c in ranked[1:] if normalize(c.fact.answer) != answer), 0.0)
        if best >= tuning.sure_threshold or (
            best >= tuning.answer_threshold and best - runner_up >= tuning.min_margin
        ):
            return Decision.ANSWER
        if best >= tuning.suggest_threshold:
            return Decision.UNSURE
        return Decision.UNKNOWN


# A yes-or-no question or a tag asks to confirm a guess: "was it 133 killed or more?",
# "chen's in russia until the 28th, right?", "is it true that ...".
_CONFIRM = re.compile(
    r"(?:^|[.?!,;:]\s+)(?:(?:so|wait|and|but|ok|hmm|also|hey|yo)\s+)?"
    r"(?:is|was|were|are|did|does|do|has|have|had)(?:n'?t)?\s"
    # "does anyone know ...", "do you know ..." ask the room, not for a guess to be confirmed.
    r"(?!(?:anyone|anybody|someone|somebody|any of you|you|u|ya|ye|yall)\b)"
    r"|\b(?:right|yeah|yes|correct|true|innit|yea|no)\W*$"
)
_WH_WORDS = frozenset(
    {"who", "whose", "whom", "what", "whats", "when", "where", "which", "how", "why"}
)
_QUESTION_MARKS = re.compile(r"\?+")
# Punctuation that ends a clause is followed by a space or the end: "6,200" and "U.S." are
# words, not clauses.
_CLAUSE = re.compile(r"[,.?!;:]+(?=\s|$)|\s[-\u2013\u2014]+\s")
_ASK_START = re.compile(
    r"^\s*(who|whos|whom|whose|what|whats|when|whens|where|wheres|which|how|why|name|"
    r"is|are|was|were|did|does|do|will|can|could)\b",
    re.IGNORECASE,
)


# Real words typed for an ask word, recognisable only by what follows: "were is the summit".
_ASK_MISSPELLINGS = {
    "were": "where",
    "wear": "where",
    "wen": "when",
    "hoe": "how",
}
_AUXILIARIES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "did",
        "does",
        "do",
        "will",
        "would",
        "has",
        "have",
        "had",
        "can",
        "could",
        "should",
    ]
)


def _fix_ask_word(words_: list[str]) -> list[str]:
    """ "were is the brics summit" asks where; "were they there" does not."""
    if len(words_) >= 2 and words_[0] in _ASK_MISSPELLINGS and words_[1] in _AUXILIARIES:
        return [_ASK_MISSPELLINGS[words_[0]], *words_[1:]]
    return words_


def _asks_to_confirm(question: str) -> bool:
    """A yes-or-no question or a tag, unless a follow-up asks what ("did they talk about a
    war? which one")."""
    follow_up = normalize_words(_follow_up(question))
    if follow_up[:1] and follow_up[0] in _WH_WORDS:
        return False
    return _CONFIRM.search(fold(question).casefold()) is not None


def _follow_up(ask: str) -> str:
    """The last of several questions ("did xi and putin talk about a war when they met?
    which one"): if it starts with an ask word, it says what is really asked."""
    sentences = [s for s in _QUESTION_MARKS.split(ask) if s.strip()]
    return sentences[-1] if len(sentences) >= 2 else ""


def split_preamble(question: str) -> tuple[str, str]:
    """(chatter before the ask, the ask and what follows). The ask is the first clause after
    the first that starts with an ask word; with none, everything is the ask."""
    clauses = _CLAUSE.split(question)
    if _ASK_START.match(clauses[0]):
        return "", question
    for index in range(1, len(clauses)):
        if _ASK_START.match(clauses[index]):
            return " ".join(clauses[:index]), " ".join(clauses[index:])
    return "", question


# The asker speaking of themself or to the bot: "i keep mixing it up", "my friend says
# otherwise". Left out, as they are also other words: "us" (the US), "id", "mine", "ours".
_PERSONAL = frozenset(
    [
        "i",
        "im",
        "i'm",
        "ive",
        "i've",
        "i'd",
        "me",
        "my",
        "myself",
        "we",
        "our",
        "you",
        "your",
        "youre",
        "you're",
        "u",
        "ur",
    ]
)


def _bare(word: str) -> str:
    """A word as the pronoun list spells it: lower case, straight apostrophes, unquoted."""
    return word.lower().replace("\u2019", "'").strip("'\"")


def split_remark(ask: str, asks_something: Callable[[str], bool]) -> tuple[str, str]:
    """(the question, the asker's personal remarks around it): "who is chen wenqing | i keep
    mixing it up", "what's xi's title again, | i always forget".

    A remark runs from a personal pronoun to the end of its clause once the clause has asked
    something (`asks_something` of the words before it), and takes in any other clause that
    speaks of the asker without asking ("for my class assignment, | chen promotion date").
    "can you tell me who chen is" and "how do i make borscht" stay whole: nothing is asked
    before the pronoun.
    """
    clauses = _CLAUSE.split(ask)
    kept: list[str] = []
    remark: list[str] = []
    for clause in clauses:
        words = clause.split()
        personal = next((i for i, w in enumerate(words) if _bare(w) in _PERSONAL), None)
        if personal is None:
            kept.append(clause)
        elif _ASK_START.match(clause) or len(clauses) == 1:
            # A question clause: the remark starts at the pronoun, once something is asked.
            cut = personal if asks_something(" ".join(words[:personal])) else len(words)
            kept.append(" ".join(words[:cut]))
            remark.append(" ".join(words[cut:]))
        else:
            remark.append(clause)  # "for my class assignment," / ", i always forget"
    said = " ".join(remark).strip()
    return (" ".join(kept), said) if said else (ask, "")


def _derived_questions(fact: Fact) -> list[str]:
    """Questions every fact of its shape answers, so curators need not write them: an answer
    with an acronym among its aliases answers "what does SCO stand for?"."""
    return [
        f"What does {alias} stand for?"
        for alias in fact.aliases
        if _is_acronym_of(alias, fact.answer)
    ]


def _phrasing_text(fact: Fact, index: int) -> str:
    """The text of a fact's phrasing by its position in the index (derived ones come last)."""
    if index < len(fact.questions):
        return fact.questions[index]
    return _derived_questions(fact)[index - len(fact.questions)]


def _is_acronym_of(alias: str, answer: str) -> bool:
    if not alias.isupper() or len(alias) > 6 or alias == answer:
        return False
    initial = next((word[0] for word in answer.split() if word[:1].isalpha()), "")
    return alias[0] == initial


def _f_beta(recall: float, precision: float, beta: float) -> float:
    """F-measure favouring recall: unexplained question words matter more than phrasing
    words the question left out (keyword questions leave out a lot)."""
    if recall <= 0 or precision <= 0:
        return 0.0
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall)


class _Query:
    """A question's terms prepared once for scoring against many facts."""

    def __init__(
        self,
        terms: list[Term],
        weights: dict[str, float],
        total: float,
        roles: dict[str, Role],
        confirm: bool,
    ) -> None:
        self.confirm = confirm
        self.weights = weights
        self.roles = roles
        self.total = total or 1.0
        self.names = frozenset(weights)
        self.text = " ".join(sorted(weights))
        # Names and numbers in chatter around the question are guesses or context ("my
        # professor said 10%"), not conditions the fact must meet.
        self.pins = frozenset(t.text for t in terms if t.pinning and not t.aside)
        self.entities = frozenset(t.text for t in terms if t.kind is TermKind.ENTITY)
        self.critical = [t.text for t in terms if t.critical]
