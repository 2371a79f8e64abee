"""bot/core/slots.py: reading what kind of answer a question asks for."""

from __future__ import annotations

import pytest

from bot.core.models import Kind
from bot.core.slots import Slot, ask_word, compatible, detect_slot
from bot.core.text import normalize


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("Who runs China's security apparatus?", Slot.PERSON),
        ("whos lavrov", Slot.PERSON),
        ("When did Lavrov meet Xi?", Slot.DATE),
        ("what year did the mechanism start", Slot.DATE),
        ("Where is the BRICS summit?", Slot.PLACE),
        ("which country hosts the SCO meeting", Slot.PLACE),
        ("How many people died?", Slot.NUMBER),
        ("how old is chen wenqing", Slot.NUMBER),
        ("Where does Russia rank among China's partners?", Slot.NUMBER),
        ("How often do they meet?", Slot.FREQUENCY),
        # Spans of time are answered in words ("about a month"), not as a number.
        ("How long after the attack does Chen visit?", Slot.ANY),
        ("how many weeks after the attack is the visit", Slot.ANY),
        ("so chen's going after the attack? how many weeks after is it", Slot.ANY),
        # The earliest ask wins; a "when" inside a clause is not the ask.
        ("What did they agree on when they met?", Slot.ANY),
        # A strong ask wins over chatter before it.
        ("is putin going to china or what, which month", Slot.DATE),
        ("What does SCO stand for?", Slot.ANY),
        ("How much time separates the attack from the trip?", Slot.ANY),
        # A reason is asked, whatever clause follows.
        ("why couldnt peskov confirm when putin is going to china", Slot.REASON),
        ("how come lavrov went to beijing", Slot.REASON),
        # Asking what someone said wants their words, not the date they said them.
        ("what did peskov say about putins visit timing", Slot.STATEMENT),
        ("What did Xi tell Lavrov?", Slot.STATEMENT),
        ("when did peskov say it", Slot.DATE),
        # "how did" asks how: a later "when" belongs to a clause.
        ("How did Peskov respond regarding when Putin would visit China?", Slot.ANY),
        # The noun after "which"/"what" names the answer's kind.
        ("which ministry announced the trip", Slot.ORGANISATION),
        ("what post was chen wenqing bumped up to", Slot.POSITION),
        ("what kind of venue got attacked", Slot.PLACE),
        ("in which capital did they meet", Slot.PLACE),
        ("which war did xi and putin discuss", Slot.EVENT),
        # A plural asks for a list, which is no single organisation.
        ("which bodies does chen sit on", Slot.ANY),
        ("whose peace plan came up", Slot.OWNER),
        ("whats year did the mechanism start", Slot.DATE),
        # "who are" may be answered with a list; "who is" with one person.
        ("who are the five ahead of russia in china's trade ranking", Slot.PEOPLE),
        # A plural verb after the noun asks for several, whatever a typo did to the noun.
        ("which country are ahead of russia as china's trade partners", Slot.ANY),
        ("which country is chen visiting", Slot.PLACE),
        ("what year were the talks held", Slot.DATE),
        ("which month are they meeting", Slot.DATE),
        # A "why" or "how" clause is not the ask when another ask comes first or is strong.
        ("who said why the timing could not be confirmed", Slot.PERSON),
        ("how is it going, when did chen visit russia", Slot.DATE),
        ("what has peskov said about the visit", Slot.STATEMENT),
        # Nouns that name more than one kind narrow nothing.
        ("what role did china play", Slot.ANY),
        ("which office announced the trip", Slot.ANY),
        ("which number was the meeting chen spoke at", Slot.NUMBER),
        ("the how manyth meeting is it", Slot.NUMBER),
    ],
)
def test_the_ask_is_read_from_the_question(question: str, slot: Slot) -> None:
    assert detect_slot(normalize(question)) is slot


def test_every_slot_accepts_some_kind_and_what_accepts_all() -> None:
    for slot in Slot:
        assert any(compatible(slot, kind) for kind in Kind)
    assert all(compatible(Slot.ANY, kind) for kind in Kind)
    assert not compatible(Slot.DATE, Kind.PERSON)
    assert compatible(Slot.PERSON, Kind.ORGANISATION)  # "who announced it?" "the ministry"
    assert compatible(Slot.OWNER, Kind.OTHER)  # "whose plan?" "Beijing's proposed peace plan"
    assert compatible(Slot.PEOPLE, Kind.OTHER)  # "who are the five?" "the US, Japan, ..."
    assert not compatible(Slot.PERSON, Kind.OTHER)
    assert not compatible(Slot.STATEMENT, Kind.DATE)


def test_narrowed_asks_are_asked_the_way_plain_what_is() -> None:
    assert ask_word(Slot.STATEMENT) is Slot.ANY
    assert ask_word(Slot.POSITION) is Slot.ANY
    assert ask_word(Slot.DATE) is Slot.DATE
    assert ask_word(Slot.REASON) is Slot.REASON
    assert ask_word(Slot.PEOPLE) is Slot.PERSON
