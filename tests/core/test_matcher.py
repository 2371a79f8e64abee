"""The matcher on hand-made facts (each rule in isolation) and on the real fact base."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core.matcher import (
    Decision,
    Matcher,
    Tuning,
    _asks_to_confirm,
    split_preamble,
    split_remark,
)
from bot.core.models import Fact, Kind
from bot.core.slots import Slot
from tests.support.factories import make_fact


def fact(fact_id: str, answer: str, kind: Kind, *questions: str) -> Fact:
    return make_fact(answer, fact_id=fact_id, kind=kind, questions=questions)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(
        [
            fact(
                "lavrov-post",
                "Russian Foreign Minister",
                Kind.POSITION,
                "Who is Sergei Lavrov?",
                "What post does Sergei Lavrov hold?",
                "What is Lavrov's job?",
            ),
            fact(
                "russia-fm",
                "Sergei Lavrov",
                Kind.PERSON,
                "Who is the Russian Foreign Minister?",
                "Who is Russia's top diplomat?",
                "Name Russia's foreign minister.",
            ),
            fact(
                "lavrov-xi-city",
                "Beijing",
                Kind.PLACE,
                "Where did Lavrov meet Xi?",
                "In which city did Sergei Lavrov meet Xi Jinping?",
                "Lavrov Xi meeting city",
            ),
            fact(
                "lavrov-xi-date",
                "April 2024",
                Kind.DATE,
                "When did Lavrov meet Xi?",
                "In what month did Sergei Lavrov meet Xi Jinping?",
                "Lavrov Xi meeting date",
            ),
            fact(
                "death-toll",
                "133",
                Kind.NUMBER,
                "How many people were killed at the concert hall near Moscow?",
                "What was the death toll of the concert hall attack?",
                "How many died in the Moscow concert attack?",
            ),
        ]
    )


def test_answers_a_phrasing_it_was_given(matcher: Matcher) -> None:
    match = matcher.match("Who is the Russian Foreign Minister?")
    assert match.decision is Decision.ANSWER
    assert match.fact is not None and match.fact.id == "russia-fm"


def test_synonyms_and_chatter_do_not_get_in_the_way(matcher: Matcher) -> None:
    match = matcher.match("hey bot, quick q: who's the kremlin's top diplomat rn?")
    assert match.fact is not None and match.fact.id == "russia-fm"


def test_typos_are_corrected_against_the_fact_base_vocabulary(matcher: Matcher) -> None:
    match = matcher.match("how many ppl were kiled at the concert hal near moskow")
    assert match.fact is not None and match.fact.id == "death-toll"
    assert match.corrections.get("kiled") == "killed"


def test_the_ask_decides_between_facts_that_share_every_name(matcher: Matcher) -> None:
    where = matcher.match("where did lavrov and xi meet")
    when = matcher.match("when did lavrov and xi meet")
    assert where.fact is not None and where.fact.id == "lavrov-xi-city"
    assert when.fact is not None and when.fact.id == "lavrov-xi-date"


def test_a_critical_word_the_fact_never_uses_vetoes_it(matcher: Matcher) -> None:
    match = matcher.match("how many people were injured at the concert hall near moscow")
    assert match.decision is not Decision.ANSWER
    assert all(c.fact.id != "death-toll" for c in match.candidates)


@pytest.mark.parametrize(
    "question",
    [
        "how many gunmen were involved in the concert hall attack near moscow",
        "how many hostages were taken at the concert hall near moscow",
    ],
)
def test_a_question_about_other_participants_is_not_the_death_toll(
    matcher: Matcher, question: str
) -> None:
    assert matcher.match(question).decision is not Decision.ANSWER
    assert matcher.match("how many people died at the concert hall near moscow").fact


def test_a_rank_other_than_the_facts_own_is_not_answered() -> None:
    """ "second biggest" asks for another partner than "the biggest"; an ordinal the fact
    never names vetoes it like any critical word."""
    largest = make_fact(
        "China",
        fact_id="largest-partner",
        kind=Kind.COUNTRY,
        questions=[
            "Who is Russia's largest trading partner?",
            "Russia's biggest trade partner",
            "Which country trades the most with Russia?",
        ],
    )
    matcher = Matcher([largest])
    assert matcher.match("who is russia's largest trading partner").fact == largest
    assert matcher.match("who is russia's second largest trading partner").fact is None
    assert matcher.match("russia's 3rd biggest trade partner").fact is None


def test_a_different_country_is_not_the_same_post(matcher: Matcher) -> None:
    match = matcher.match("who is china's foreign minister")
    assert match.decision is not Decision.ANSWER


def test_an_unrelated_question_is_declined(matcher: Matcher) -> None:
    match = matcher.match("what is the best pizza topping")
    assert match.decision is Decision.UNKNOWN
    assert match.fact is None


def test_pure_chatter_is_not_a_question(matcher: Matcher) -> None:
    assert matcher.match("hey bot, thanks!").decision is Decision.NOT_A_QUESTION


def test_naming_the_answer_is_asking_something_else(matcher: Matcher) -> None:
    match = matcher.match("who is sergei lavrov")
    assert match.fact is not None and match.fact.id == "lavrov-post"


def test_suggestions_never_repeat_the_answer(matcher: Matcher) -> None:
    match = matcher.match("lavrov xi meeting")
    ids = [s.fact.id for s in match.suggestions]
    assert len(ids) == len(set(ids))
    if match.fact is not None:
        assert match.fact.id not in ids


def test_explanation_names_matched_and_unmatched_terms(matcher: Matcher) -> None:
    match = matcher.match("how many people were killed in the moscow flood")
    best = match.best
    assert best is not None
    assert "flood" in best.unmatched
    assert "kill" in best.matched


def test_an_empty_fact_base_knows_nothing() -> None:
    match = Matcher([]).match("who is sergei lavrov")
    assert match.decision is Decision.UNKNOWN
    assert match.candidates == ()


@pytest.mark.parametrize(
    ("question", "preamble", "ask"),
    [
        ("ngl i missed this, which country is chen visiting?", "ngl i missed this", "which"),
        ("who is lavrov, the guy from the news", "", "who is lavrov, the guy from the news"),
        ("lavrov xi meeting city", "", "lavrov xi meeting city"),
        ("omg. so sad - how many died?", "omg  so sad", "how many died"),
    ],
)
def test_chatter_before_the_ask_is_split_off(question: str, preamble: str, ask: str) -> None:
    found_preamble, found_ask = split_preamble(question)
    assert found_preamble.split() == preamble.split()
    assert found_ask.strip().startswith(ask.split()[0])


@pytest.mark.parametrize(
    ("question", "kept", "remark"),
    [
        ("who is chen wenqing i keep mixing it up", "who is chen wenqing", "i keep mixing it up"),
        ("what's xi's title again, i always forget", "what's xi's title again", "i always forget"),
        (
            "which city did they meet in? my friend says otherwise",
            "which city did they meet in",
            "my friend says otherwise",
        ),
        # Nothing is asked before the pronoun: it is all question.
        ("can you tell me who chen is", "can you tell me who chen is", ""),
        ("how do i make borscht", "how do i make borscht", ""),
        # "us" is also the US, and "U.S." or "6,200" is one word, not two clauses.
        ("what did the us say about lavrov", "what did the us say about lavrov", ""),
        ("who did lavrov meet in the U.S.", "who did lavrov meet in the U.S.", ""),
        ("what is the id of the meeting", "what is the id of the meeting", ""),
        # A personal clause before the question is chatter too, unless it is the question.
        (
            "for my class assignment, chen wenqing promotion date",
            "chen wenqing promotion date",
            "for my class assignment",
        ),
        ("who is xi again, I\u2019m lost", "who is xi again", "I\u2019m lost"),
        (
            "which venue with 6,200 seats was attacked",
            "which venue with 6,200 seats was attacked",
            "",
        ),
        (
            "trade grew 2.5 times, who said so? u know",
            "trade grew 2.5 times  who said so",
            "u know",
        ),
    ],
)
def test_a_personal_remark_after_the_question_is_split_off(
    matcher: Matcher, question: str, kept: str, remark: str
) -> None:
    found_kept, found_remark = split_remark(question, matcher._asks_something)
    assert found_kept.split() == kept.split()
    assert found_remark.split() == remark.split()


def test_numbers_with_separators_survive_the_clause_split() -> None:
    venue = make_fact(
        "Crocus City Hall",
        fact_id="venue",
        kind=Kind.PLACE,
        questions=(
            "Which venue with 6,200 seats was attacked?",
            "Where was the attack?",
            "Attacked venue",
        ),
    )
    match = Matcher([venue]).match("which venue with 6,200 seats was attacked")
    assert "6200" in match.terms
    assert match.fact is not None and match.fact.id == "venue"


def test_remark_words_count_for_less(matcher: Matcher) -> None:
    terms, _, _ = matcher.analyse("who did lavrov meet in beijing? my uncle says moscow")
    marked = {t.text for t in terms if t.aside}
    assert "uncl" in marked and "russia" in marked  # Moscow is Russia
    assert "lavrov" not in marked


def test_chatter_that_names_nothing_the_base_knows_counts_for_nothing(matcher: Matcher) -> None:
    """ "my uncle keeps arguing with me about this:" says nothing about any fact; a remark
    that names one ("my uncle says putin") still counts, for less (above)."""
    question = "my uncle keeps arguing with me about this: where did lavrov meet xi?"
    terms, _, _ = matcher.analyse(question)
    assert {t.text for t in terms} >= {"lavrov", "xi"}
    assert not any(t.aside for t in terms)
    plain = matcher.match("where did lavrov meet xi?")
    wrapped = matcher.match(question)
    assert wrapped.fact is not None and wrapped.fact == plain.fact
    assert wrapped.confidence == plain.confidence


def test_a_number_in_a_remark_is_a_guess_not_a_condition() -> None:
    """ "my professor said 10%" offers a guess; it does not ask about another figure, so it
    need not agree with the fact's numbers the way "in 2022" must."""
    growth = make_fact(
        "26.3%",
        fact_id="trade-growth",
        kind=Kind.NUMBER,
        questions=[
            "By what percent did China-Russia trade grow in 2023?",
            "What was the growth of China's trade with Russia in 2023?",
            "How fast did trade between China and Russia grow in 2023?",
        ],
    )
    matcher = Matcher([growth])
    question = "by how much did china's trade with russia grow last year? my professor said 10%"
    assert matcher.match(question).fact == growth
    assert matcher.match("by how much did china's trade with russia grow in 2022").fact is None


def test_preamble_words_count_for_less(matcher: Matcher) -> None:
    terms, _, _ = matcher.analyse("that moscow concert thing was awful, how many people died?")
    marked = {t.text for t in terms if t.aside}
    assert "concert_hall" in marked
    assert "kill" not in marked and "peopl" not in marked
    assert matcher.match("that moscow concert thing was awful, how many people died?").fact


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("did xi and putin talk about a war when they met? which one", Slot.ANY),
        ("lavrov met xi, who confirmed the meetings? wher", Slot.PLACE),
        ("when did lavrov meet xi? in beijing", Slot.DATE),  # not an ask: the first stands
        ("when did lavrov meet xi", Slot.DATE),
    ],
)
def test_a_short_follow_up_question_says_what_is_asked(
    matcher: Matcher, question: str, slot: Slot
) -> None:
    _, asked, _ = matcher.analyse(question)
    assert asked is slot


@pytest.mark.parametrize(
    ("question", "confirm"),
    [
        ("was it 133 killed in the concert hall attack or more?", True),
        ("chen's in russia until the 28th of april, yeah?", True),
        ("putin's trip is in may, isn't it?", True),
        ("wait, was it the foreign ministry that announced it?", True),
        ("does anyone know who announced chen's trip?", False),
        ("did xi and putin talk about a war when they met? which one", False),
        ("who announced chen's trip", False),
    ],
)
def test_a_yes_or_no_question_asks_to_confirm_a_guess(question: str, confirm: bool) -> None:
    assert _asks_to_confirm(question) is confirm


def test_a_guessed_answer_counts_for_the_fact_it_guesses() -> None:
    """ "was it 133 killed, or more?" names the answer to have it confirmed; the same words
    in a plain question ask something else ("the question already names this answer")."""
    toll = make_fact(
        "133",
        fact_id="death-toll",
        kind=Kind.NUMBER,
        questions=[
            "How many people were killed in the concert hall attack?",
            "What was the death toll of the concert hall attack?",
            "How many died at the concert hall near Moscow?",
        ],
    )
    matcher = Matcher([toll])
    for guess in (
        "was it 133 killed in the concert hall attack or more?",
        "133 people died in the concert hall attack, right?",
    ):
        match = matcher.match(guess)
        assert match.decision is Decision.ANSWER and match.fact == toll, guess
        best = match.candidates[0]
        assert best.guessed == ("133",), guess
        assert not any("names this answer" in p for p in best.penalties)
    plain = matcher.match("what happened to the 133 killed in the concert hall attack")
    assert any("names this answer" in p for p in plain.candidates[0].penalties)


def test_a_word_the_facts_phrasings_use_is_not_a_guess() -> None:
    """ "was it 200 killed in the attack?" guesses a number; "attack" is part of the
    description fact's answer but also of how that fact is asked, so it confirms nothing."""
    description = make_fact(
        "Russia's worst terrorist attack in decades",
        fact_id="attack-description",
        kind=Kind.EVENT,
        questions=[
            "How does the article describe the concert hall attack?",
            "How bad was the concert hall attack for Russia?",
            "How did the concert hall attack compare with earlier attacks in Russia?",
        ],
    )
    match = Matcher([description]).match("was it 200 killed in the concert hall attack?")
    assert not any(candidate.guessed for candidate in match.candidates)


def test_a_misspelt_ask_word_is_read_from_what_follows(matcher: Matcher) -> None:
    where = matcher.match("were did lavrov and xi meet")
    assert where.slot.value == "where"
    assert where.fact is not None and where.fact.id == "lavrov-xi-city"
    assert matcher.match("were they killed near moscow").slot.value != "where"


def test_words_from_the_quote_earn_part_of_their_weight() -> None:
    """A reader reuses the article's words: "sunday" is in the quote, not in any phrasing."""
    visit = make_fact(
        "28 April",
        fact_id="visit-end",
        kind=Kind.DATE,
        questions=(
            "Until what date will Chen stay in Russia?",
            "When does Chen's visit end?",
            "Last day of Chen's trip?",
        ),
        quote="Chen will visit Russia from Sunday to April 28.",
    )
    other = make_fact(
        "19 April",
        fact_id="visit-announced",
        kind=Kind.DATE,
        questions=(
            "When was Chen's visit announced?",
            "What date was the visit announced?",
            "Announcement date of the visit?",
        ),
        quote="The ministry announced the visit on Friday.",
    )
    question = "Chen will visit Russia from Sunday to what date?"
    with_quote = Matcher([visit, other]).match(question)
    without = Matcher([visit, other], tuning=replace(Tuning(), quote_credit=0.0)).match(question)
    assert with_quote.best is not None and without.best is not None
    assert with_quote.best.fact.id == "visit-end"
    assert with_quote.best.quoted == ("sunday",)
    assert without.best.quoted == ()
    assert with_quote.best.score > without.best.score


def test_naming_the_answer_is_no_penalty_when_the_fact_is_asked_that_way() -> None:
    """ "the BRICS countries" is an accepted answer, yet "which countries attend the BRICS
    summit" is how this fact is asked: its own phrasing names the same words."""
    members = make_fact(
        "Brazil, Russia, India, China and South Africa",
        "the BRICS countries",
        fact_id="brics-members",
        questions=(
            "Name the countries whose leaders attend the BRICS summit.",
            "Which countries make up BRICS?",
            "BRICS members",
        ),
    )
    lavrov = fact(
        "russia-fm",
        "Sergei Lavrov",
        Kind.PERSON,
        "Who is Russia's foreign minister?",
        "Name Russia's top diplomat.",
        "Russian foreign minister",
    )
    matcher = Matcher([members, lavrov])
    named = matcher.match("which countries are going to the brics summit?")
    assert named.best is not None and named.best.fact.id == "brics-members"
    assert not any("names this answer" in p for p in named.best.penalties)
    echoed = matcher.match("is sergei lavrov russia's foreign minister?")
    assert echoed.best is not None and echoed.best.fact.id == "russia-fm"
    assert "the question already names this answer" in echoed.best.penalties


def test_whose_names_the_thing_owned_without_echoing_the_answer() -> None:
    """ "Whose peace plan?" names part of "Beijing's peace plan" and asks for the rest."""
    plan = make_fact(
        "Beijing's proposed peace plan",
        "peace plan",
        fact_id="peace-plan",
        kind=Kind.OTHER,
        questions=(
            "Which Chinese proposal did Xi and Putin discuss in Moscow?",
            "What did Beijing put forward to end the war?",
            "Chinese proposal discussed by Xi and Putin",
        ),
    )
    matcher = Matcher([plan])
    whose = matcher.match("whose peace plan did xi and putin discuss in moscow")
    assert whose.best is not None and whose.best.fact.id == "peace-plan"
    assert not any("names this answer" in p for p in whose.best.penalties)
    assert not any("asks" in p for p in whose.best.penalties)
    which = matcher.match("which peace plan did xi and putin discuss in moscow")
    assert which.best is not None
    assert "the question already names this answer" in which.best.penalties


def test_an_acronym_alias_answers_what_it_stands_for() -> None:
    """No curator wrote "what does SCO stand for?": an acronym among the aliases implies it."""
    sco = make_fact(
        "Shanghai Cooperation Organisation",
        "SCO",
        fact_id="sco-name",
        kind=Kind.ORGANISATION,
        questions=(
            "At which grouping's meeting will Xi and Putin meet?",
            "Which organisation meets in Kazakhstan?",
            "Grouping hosting the Astana meeting",
        ),
    )
    host = fact(
        "sco-host",
        "Kazakhstan",
        Kind.COUNTRY,
        "Where is the SCO meeting this year?",
        "Which country hosts the SCO meeting?",
        "SCO meeting host",
    )
    matcher = Matcher([sco, host])
    for question in ("sco stands for?", "what is SCO short for", "full name of the SCO"):
        match = matcher.match(question)
        assert match.fact is not None and match.fact.id == "sco-name", question
        assert match.best is not None and match.best.best_phrasing == "What does SCO stand for?"
    assert matcher.match("what does kazakhstan stand for").fact is None


def test_a_close_second_with_the_same_answer_does_not_make_it_unsure() -> None:
    met = fact(
        "lavrov-met-xi-date",
        "April 2024",
        Kind.DATE,
        "When did Lavrov meet Xi in Beijing?",
        "When was Lavrov in Beijing?",
        "Date of the Lavrov-Xi talks",
    )
    said = fact(
        "lavrov-said-date",
        "April 2024",
        Kind.DATE,
        "When did Lavrov meet Xi and speak of Putin?",
        "When did Lavrov confirm the Xi-Putin meetings?",
        "Date of Lavrov's confirmation",
    )
    question = "when did lavrov"  # fits both facts about equally well
    both = Matcher([met, said]).match(question)
    assert both.best is not None and both.suggestions
    assert both.best.score - both.suggestions[0].score < Tuning().min_margin
    assert both.decision is Decision.ANSWER
    assert both.fact is not None and both.fact.answer == "April 2024"
    # The same closeness with a different answer is a "did you mean".
    rival = said.model_copy(update={"answer": "March 2023"})
    assert Matcher([met, rival]).match(question).decision is Decision.UNSURE


def test_a_narrowed_what_is_asked_the_same_way_as_a_plain_what() -> None:
    """ "What did Peskov say ..." and "what was Peskov's comment ..." both ask "what": no cut
    for being asked differently, as a "when" phrasing would get."""
    said = make_fact(
        "he could not confirm the timing",
        fact_id="said",
        kind=Kind.STATEMENT,
        questions=(  # every one asks "what did X say" (a statement)
            "What did Peskov say about the visit?",
            "What did Peskov tell reporters about the visit?",
            "What did Peskov stress about the visit?",
        ),
    )
    when = make_fact(
        "April 2024",
        fact_id="when",
        kind=Kind.DATE,
        questions=(
            "When did Peskov comment on the visit?",
            "Date of Peskov's remark on the visit",
            "Month Peskov spoke about the visit",
        ),
    )
    question = "what was peskov's comment about the visit"

    def score(fact: Fact, ask_differs: float) -> float:
        match = Matcher([fact], tuning=Tuning(ask_differs=ask_differs)).match(question)
        assert match.best is not None
        return match.best.score

    assert score(said, 0.5) == score(said, 1.0)
    assert score(when, 0.5) < score(when, 1.0)
