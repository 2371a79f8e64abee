"""Text normalisation shared by the fact index, the question matcher and answer checking.

Every comparison in Attaché goes through these functions, so a question, a curated phrasing
and a typed quiz answer are always reduced the same way: one place decides what "the same
words" means.
"""

from __future__ import annotations

import re
import unicodedata

# Typographic characters that curators and users type interchangeably with ASCII ones.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
# Zero-width and bidi control characters carry no meaning and must not split or join words.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_ALNUM = re.compile(r"[^\W_]")
# Each starts with its literal so the regex engine can scan for it (a leading look-behind
# makes it try every position: four times slower).
_POSSESSIVE = re.compile(r"'s\b(?<=\w's)")
_NUMBER_GROUP = re.compile(r",(?<=\d,)(?=\d{3}\b)")
_NON_WORD = re.compile(r"[^\w$%]+")
# The same for ASCII text, as a byte table: everything but letters, digits, "$" and "%"
# becomes a space (indexing normalises close to a million texts at 100,000 facts).
_ASCII_NON_WORD = bytes(
    ch if ch < 128 and (chr(ch).isalnum() or chr(ch) in "$%") else ord(" ") for ch in range(256)
)


def fold(text: str) -> str:
    """Unify typographic quotes, dashes and invisible characters without changing case."""
    if text.isascii():
        return text.replace("`", "'")
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    return text.translate(_FOLD)


def collapse_whitespace(text: str) -> str:
    # str.split and the regex \s agree on what whitespace is; splitting is faster.
    return " ".join(text.split())


def strip_accents(text: str) -> str:
    """Drop combining marks so "Pékin" and "Pekin" compare equal; other scripts survive."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def normalize(text: str) -> str:
    """Lower-case, accent-free, punctuation-free text with single spaces.

    Possessives are dropped ("China's" -> "china") and thousands separators removed
    ("240,000" -> "240000") so that numbers survive as one token.
    """
    return " ".join(normalize_words(text))


def normalize_words(text: str) -> list[str]:
    """The words of `normalize(text)`: callers that need both split once. Only runs of
    word characters, "$" and "%" are left, so splitting on spaces is enough (five times
    faster than a regex, which matters when indexing half a million phrasings)."""
    text = strip_accents(fold(text)).casefold()
    if "'" in text:
        text = _POSSESSIVE.sub("", text).replace("'", "")
    if "," in text:
        text = _NUMBER_GROUP.sub("", text)
    if text.isascii():
        text = text.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii")
    else:
        text = _NON_WORD.sub(" ", text).replace("_", " ")
    if "$" in text or "%" in text:
        text = text.replace("$", " $ ").replace("%", " % ")
    return text.split()


def squash(text: str) -> str:
    """Whitespace- and quote-insensitive form used to check that a quote is verbatim."""
    return collapse_whitespace(fold(text))


def has_letters_or_digits(text: str) -> bool:
    return _ALNUM.search(text) is not None
