"""bot/core/lexicon.py: synonyms, terms and typo correction, the matcher's vocabulary."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from bot.core.lexicon import Lexicon, SynonymTable, Vocabulary
from bot.core.text import normalize_words


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.default()


def test_join_takes_the_longest_variant_left_to_right_and_drops_chatter() -> None:
    table = SynonymTable(
        {
            "head": ["in charge", "in charge of"],
            "intelligence": ["spy"],
            "spy_chief": ["spy chief"],
        },
        entity_names=[],
        chatter=["quick q"],
    )
    words = ["quick", "q", "who", "is", "in", "charge", "of", "the", "spy", "chief", "office"]
    assert table.join(words) == ["who", "is", "head", "the", "spy_chief", "office"]
    # Single words are left to the per-word map.
    assert table.join(["spy", "agency"]) == ["spy", "agency"]
    assert table.single["spy"] == "intelligence"


def test_a_canonical_term_that_is_also_a_variant_is_refused() -> None:
    with pytest.raises(ValueError, match="canonical and also a variant"):
        SynonymTable({"china": ["prc"], "asia": ["china"]}, entity_names=[])


@pytest.mark.parametrize(
    "text",
    [
        "Who runs China's security apparatus?",
        "hey bot, quick q: who's the PRC's spy chief these days",
        "How many people died in the concert hall attack near Moscow?",
        "South Africa and the United States",
    ],
)
def test_term_texts_agree_with_terms(lexicon: Lexicon, text: str) -> None:
    """Indexing reads term texts from per-word caches; questions read Term objects. Both
    must see the same terms, or a phrasing could never match its own wording."""
    words = normalize_words(text)
    terms = lexicon.terms(words)
    texts, pins = lexicon.term_texts(words)
    assert texts == {t.text for t in terms}
    assert pins == {t.text for t in terms if t.pinning}
    assert lexicon.term_texts(words, pins=False) == (texts, set())


VOCABULARY = Vocabulary(
    {"patrushev": 3, "naryshkin": 2, "peskov": 5, "lavrov": 9, "beijing": 4, "bloc": 1}
)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("oatrushev", "patrushev"),  # first letter
        ("pqtrushev", "patrushev"),  # second letter
        ("patrushv", "patrushev"),  # a letter dropped in the middle
        ("patrusheva", "patrushev"),  # a letter added at the end
        ("atrushev", "patrushev"),  # the first letter dropped
        ("aptrushev", "patrushev"),  # the first two swapped
        ("naryshkn", "naryshkin"),
        ("pesckov", "peskov"),
        ("lavorv", "lavrov"),
    ],
)
def test_one_typo_anywhere_is_found(typed: str, meant: str) -> None:
    assert meant in VOCABULARY.within(typed, 2)


def test_only_words_within_the_budget_are_returned() -> None:
    found = VOCABULARY.within("lavrof", 1)
    assert found == {"lavrov": 1}
    assert VOCABULARY.within("zzzzzz", 2) == {}


def test_correction_prefers_the_vocabulary_and_never_corrects_english(lexicon: Lexicon) -> None:
    assert lexicon.correct("patrushv", VOCABULARY) == "patrushev"
    assert lexicon.correct("born", VOCABULARY) == "born"  # a real word, not "bloc"
    assert lexicon.correct("lavrov", VOCABULARY) == "lavrov"
    assert lexicon.correct("xqzw", VOCABULARY) == "xqzw"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("whidh", "which"), ("wno", "who"), ("whhere", "where"), ("woh", "who")],
)
def test_a_misspelt_ask_word_is_read_as_the_ask(lexicon: Lexicon, typed: str, meant: str) -> None:
    assert lexicon.correct(typed, VOCABULARY) == meant


def test_an_ask_word_typo_that_could_be_two_asks_is_left_alone(lexicon: Lexicon) -> None:
    assert lexicon.correct("whee", VOCABULARY) == "whee"  # "where" or "when"


def test_misspelt_chatter_becomes_english_not_a_distant_fact_word(lexicon: Lexicon) -> None:
    vocabulary = Vocabulary({"first": 5, "summit": 3, "format": 2, "world": 4})
    assert lexicon.correct("firget", vocabulary) == "forget"  # not "first", two typos away
    assert lexicon.correct("woould", vocabulary) == "would"  # not "world"
    # A fact word one typo away still wins over English ("submit" is one typo away too).
    assert lexicon.correct("sumit", vocabulary) == "summit"
    # Short words have too many English neighbours to guess from.
    assert lexicon.correct("qing", vocabulary) == "qing"


def test_every_critical_word_can_veto(lexicon: Lexicon) -> None:
    """A critical word that a synonym replaces or the stop list drops never reaches the
    matcher: the list would promise a veto it cannot give."""
    raw = yaml.safe_load((resources.files("bot") / "data" / "synonyms.yaml").read_text("utf-8"))
    silent = []
    for word in raw["critical"]:
        terms = lexicon.terms(normalize_words(str(word)))
        if not (len(terms) == 1 and terms[0].critical):
            silent.append(word)
    assert not silent
