"""bot/core/roles.py: which name is the owner and which the target of a relation."""

from __future__ import annotations

import pytest

from bot.core.lexicon import Lexicon
from bot.core.matcher import Matcher
from bot.core.models import Kind
from bot.core.roles import Role, clash, name_roles
from tests.support.factories import make_fact

OWNER, TARGET = Role.OWNER, Role.TARGET


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.default()


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("Who is Israel's ambassador to Mozambique?", {"israel": OWNER, "mozambiqu": TARGET}),
        ("the ambassador of Mozambique to Israel", {"mozambiqu": OWNER, "israel": TARGET}),
        ("South Africa’s envoy to the United States", {"south_africa": OWNER, "usa": TARGET}),
        ("Who did Lavrov meet in Beijing?", {"china": TARGET}),
        # No marker, no role: symmetric wordings are never told apart.
        ("When did Xi and Putin meet?", {}),
        ("talks between Israel and Mozambique", {}),
        # Numbers and ordinary words play no role; "from" is not ownership.
        ("what happened in 2023 to the envoy", {}),
        ("when is chen back from russia", {}),
        # A name marked both ways in one text gets neither.
        ("Russia's envoy to Russia", {}),
    ],
)
def test_roles_are_read_where_english_marks_them(
    lexicon: Lexicon, text: str, roles: dict[str, Role]
) -> None:
    assert name_roles(text, lexicon) == roles


def test_only_two_names_swapping_roles_is_a_clash() -> None:
    phrased = (("israel", OWNER), ("mozambiqu", TARGET))
    assert clash({"israel": TARGET, "mozambiqu": OWNER}, phrased)
    assert not clash({"israel": OWNER, "mozambiqu": TARGET}, phrased)
    assert not clash({"israel": TARGET}, phrased)  # one name in another role
    assert not clash({}, phrased)


def test_the_matcher_tells_an_envoy_from_the_reverse_one() -> None:
    def envoy(fact_id: str, answer: str, a: str, b: str):
        return make_fact(
            answer,
            fact_id=fact_id,
            kind=Kind.PERSON,
            questions=(
                f"Who is {a}'s ambassador to {b}?",
                f"Name {a}'s envoy to {b}.",
                f"Who is the ambassador of {a} to {b}?",
            ),
        )

    matcher = Matcher(
        [
            envoy("israel-to-mozambique", "Ana Bell", "Israel", "Mozambique"),
            envoy("mozambique-to-israel", "Rui Costa", "Mozambique", "Israel"),
        ]
    )
    for question, expected in [
        ("who is israel's ambassador to mozambique", "israel-to-mozambique"),
        ("mozambique's envoy to israel?", "mozambique-to-israel"),
        ("who's the ambassador of israel to mozambique", "israel-to-mozambique"),
    ]:
        match = matcher.match(question)
        assert match.fact is not None and match.fact.id == expected, question
        reverse = next(c for c in match.candidates if c.fact.id != expected)
        assert "the same names, the other way round" in reverse.penalties


def test_a_question_without_two_roles_is_never_penalised() -> None:
    fact = make_fact(
        "Ana Bell",
        fact_id="israel-to-mozambique",
        kind=Kind.PERSON,
        questions=(
            "Who is Israel's ambassador to Mozambique?",
            "Name Israel's envoy to Mozambique.",
            "Israel Mozambique ambassador",
        ),
    )
    match = Matcher([fact]).match("mozambique israel ambassador")
    assert match.best is not None
    assert "the same names, the other way round" not in match.best.penalties
