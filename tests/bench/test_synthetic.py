"""Guards on the synthetic fact bases the scale benchmark builds."""

from __future__ import annotations

from bench.synthetic import generate
from bot.core.lexicon import Lexicon
from bot.core.text import normalize_words


def test_no_critical_word_vetoes_a_paraphrase_of_its_own_fact() -> None:
    """The synthetic bases stand in for articles nobody has curated yet. Their unseen
    phrasings ("who heads X's embassy" for an ambassador, "what was trade worth") are
    paraphrases of the fact; a critical word in one would veto the fact for that wording,
    so the critical list would be paying for near-miss declines with real questions."""
    lexicon = Lexicon.default()
    base = generate(2000, seed=0)
    facts = {fact.id: fact for fact in base.facts}
    vetoed: set[str] = set()
    for fact_id, paraphrases in base.heldout.items():
        own = {
            term.text
            for question in facts[fact_id].questions
            for term in lexicon.terms(normalize_words(question))
        }
        for text in paraphrases:
            vetoed.update(
                term.text
                for term in lexicon.terms(normalize_words(text))
                if term.critical and term.text not in own
            )
    assert not vetoed
