"""bot/core/text.py: the one place that decides what "the same words" means."""

from __future__ import annotations

import pytest

from bot.core.text import fold, normalize, normalize_words, squash


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Who Is LAVROV", "who is lavrov", id="case"),
        pytest.param("ÉCOLE Straße", "ecole strasse", id="casefold-beyond-lower"),
        pytest.param("Pékin", "pekin", id="accent"),
        pytest.param("Pe\u0301kin", "pekin", id="combining-accent"),
        pytest.param("“Peace plan”", "peace plan", id="curly-double-quotes"),
        pytest.param("China’s", "china", id="curly-possessive"),
        pytest.param("China's", "china", id="straight-possessive"),
        pytest.param("Xi Jinping’s visit", "xi jinping visit", id="possessive-in-sentence"),
        pytest.param("the ministers’ talks", "the ministers talks", id="plural-possessive"),
        pytest.param("$240 billion", "$ 240 billion", id="dollar-sign-kept-as-token"),
        pytest.param("26%", "26 %", id="percent-kept-as-token"),
        pytest.param("240,000", "240000", id="thousands-separator"),
        pytest.param("1,000,000 people", "1000000 people", id="several-separators"),
        pytest.param("12,34", "12 34", id="comma-not-a-separator"),
        pytest.param("Xi\u200bJinping", "xijinping", id="zero-width-space-joins"),
        pytest.param("\ufeffLavrov\u2060", "lavrov", id="bom-and-word-joiner"),
        pytest.param("  who\tis \n\n lavrov  ", "who is lavrov", id="whitespace"),
        pytest.param("who\u00a0is\u2003lavrov", "who is lavrov", id="unicode-spaces"),
        pytest.param("Sino-Russian law—enforcement", "sino russian law enforcement", id="dashes"),
        pytest.param("snake_case", "snake case", id="underscore"),
        pytest.param("?!...", "", id="punctuation-only"),
        pytest.param("中国", "中国", id="other-script-survives"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_makes_typographic_and_ascii_variants_equal() -> None:
    assert normalize("“China’s top security official”") == normalize(
        '"china\'s top  security official"'
    )


def test_normalize_is_idempotent() -> None:
    text = "  Pékin’s “$240,000” deal — up 26%!\u200b "
    once = normalize(text)
    assert once == "pekin $ 240000 deal up 26 %"
    assert normalize(once) == once


def test_words_splits_normalised_text_keeping_symbols() -> None:
    assert normalize_words("Trade hit $240 billion, up 26%") == [
        "trade",
        "hit",
        "$",
        "240",
        "billion",
        "up",
        "26",
        "%",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("China’s “plan”", 'China\'s "plan"', id="quotes-folded-case-kept"),
        pytest.param("A\u2014B\u2013C\u2212D", "A-B-C-D", id="dashes"),
        pytest.param("a\u00a0b", "a b", id="nbsp"),
        pytest.param("Xi\u200bJinping\u200f", "XiJinping", id="invisible-removed"),
        pytest.param("Pékin", "Pékin", id="accents-kept"),
        pytest.param("\ufb01ne", "fine", id="nfkc-ligature"),
        pytest.param("`quoted`", "'quoted'", id="backtick"),
    ],
)
def test_fold(raw: str, expected: str) -> None:
    assert fold(raw) == expected


def test_fold_does_not_touch_whitespace_layout() -> None:
    assert fold("a  b\nc") == "a  b\nc"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("  China’s\n  top   official ", "China's top official", id="ws-and-quote"),
        pytest.param("“Peace”\tplan", '"Peace" plan', id="tabs"),
        pytest.param("Case Kept", "Case Kept", id="case-kept"),
        pytest.param("punctuation, kept.", "punctuation, kept.", id="punctuation-kept"),
    ],
)
def test_squash(raw: str, expected: str) -> None:
    assert squash(raw) == expected


def test_squash_finds_a_reflowed_quote_in_a_body() -> None:
    body = "China’s top security\n  official Chen Wenqing will visit Russia."
    assert squash("China's top security official Chen Wenqing") in squash(body)
    # ...but it is not a fuzzy match: a changed word is still a different quote.
    assert squash("China's top security chief Chen Wenqing") not in squash(body)
