"""bot/core/quiz/session.py: the quiz state machine, driven by explicit `now` values.

Nothing here sleeps: every call gets a time computed from one fixed base datetime, so each
rule (deadlines, hints, pauses, points, streaks, idle ends) is pinned to the exact second.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import pytest

from bot.core.quiz.events import (
    AnswerAccepted,
    AnswerRejected,
    EndReason,
    HintGiven,
    Player,
    QuestionAsked,
    QuizEnded,
    Rejection,
    RoundEnded,
)
from bot.core.quiz.questions import QuizMode, QuizQuestion
from bot.core.quiz.scoring import PlayerScore, points_for
from bot.core.quiz.session import (
    MAX_ROUNDS,
    MAX_SECONDS,
    MIN_ROUNDS,
    MIN_SECONDS,
    NotAllowed,
    Phase,
    QuizSession,
    QuizSettings,
)

T0 = dt.datetime(2024, 4, 20, 12, 0, tzinfo=dt.UTC)
ALICE = Player(1, "alice")
BOB = Player(2, "bob")
CLEO = Player(3, "cleo")
STARTER = ALICE.id

ANSWERS = {f"f{i}": f"answer {i}" for i in range(1, 11)}


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def judge(fact_id: str, guess: str) -> bool:
    return guess.strip().casefold() == ANSWERS[fact_id]


def hinter(fact_id: str) -> str | None:
    return f"hint for {fact_id}"


def free(n: int) -> QuizQuestion:
    return QuizQuestion(f"f{n}", f"Question {n}?", ANSWERS[f"f{n}"], QuizMode.FREE_TEXT)


def choice(n: int, correct: int = 2) -> QuizQuestion:
    choices = ["wrong a", "wrong b", "wrong c"]
    choices.insert(correct, ANSWERS[f"f{n}"])
    return QuizQuestion(
        f"f{n}",
        f"Question {n}?",
        ANSWERS[f"f{n}"],
        QuizMode.MULTIPLE_CHOICE,
        tuple(choices),
        correct,
    )


def true_false(n: int, truthful: bool) -> QuizQuestion:
    return QuizQuestion(
        f"f{n}",
        f"Question {n}?",
        ANSWERS[f"f{n}"],
        QuizMode.TRUE_FALSE,
        ("True", "False"),
        0 if truthful else 1,
        ANSWERS[f"f{n}"] if truthful else "a lie",
    )


def make(
    questions: Sequence[QuizQuestion] | None = None,
    *,
    rounds: int = 3,
    mode: QuizMode = QuizMode.FREE_TEXT,
    hinter_fn=hinter,
    **settings: object,
) -> QuizSession:
    if questions is None:
        questions = [free(i) for i in range(1, rounds + 1)]
    options: dict[str, object] = {
        "rounds": len(questions),
        "seconds": 30.0,
        "mode": mode,
        "max_idle_rounds": 3,
        "pause_seconds": 5.0,
        "hint_fraction": 0.5,
    }
    options.update(settings)
    return QuizSession(
        id="session-1",
        guild_id=100,
        channel_id=200,
        starter_id=STARTER,
        settings=QuizSettings(**options),  # type: ignore[arg-type]
        questions=list(questions),
        judge=judge,
        hinter=hinter_fn,
    )


def started(*args: object, **kwargs: object) -> QuizSession:
    session = make(*args, **kwargs)  # type: ignore[arg-type]
    session.start(T0)
    return session


def win(session: QuizSession, player: Player, now: dt.datetime) -> list:
    question = session.current
    assert question is not None
    if question.mode is QuizMode.FREE_TEXT:
        return session.submit(player, question.answer, now)
    return session.submit(player, str(question.correct_index), now)


def of_type(events: Sequence[object], kind: type) -> list:
    return [e for e in events if isinstance(e, kind)]


# -- starting ------------------------------------------------------------------------------


def test_start_asks_round_one_with_the_right_deadline() -> None:
    session = make(rounds=3)
    assert session.phase is Phase.READY and session.current is None
    assert session.next_wakeup is None

    events = session.start(T0)

    assert events == [QuestionAsked(1, 3, free(1), at(30))]
    assert session.phase is Phase.ASKING and session.deadline == at(30)
    assert session.current == free(1)
    assert session.deadline == at(30)
    # Free text: the first wake-up is the hint, half-way through.
    assert session.next_wakeup == at(15)
    # Starting twice does nothing.
    assert session.start(at(1)) == []
    assert session.round == 1


def test_start_without_questions_ends_at_once() -> None:
    session = make([])
    events = session.start(T0)
    assert events == [QuizEnded(EndReason.NO_QUESTIONS, (), 0)]
    assert session.phase is Phase.ENDED and session.ended is EndReason.NO_QUESTIONS
    assert session.next_wakeup is None


# -- free text answers ----------------------------------------------------------------------


def test_a_wrong_answer_is_rejected_and_counted_as_one_attempt() -> None:
    session = started(rounds=2)

    assert session.submit(BOB, "nope", at(2)) == [AnswerRejected(1, BOB, Rejection.WRONG)]
    assert session.submit(BOB, "still nope", at(3)) == [AnswerRejected(1, BOB, Rejection.WRONG)]

    bob = session.scores[BOB.id]
    assert (bob.answered, bob.correct, bob.points) == (1, 0, 0)  # one attempt per round
    assert session.phase is Phase.ASKING and session.current == free(1)
    assert session.attempted == {BOB.id}


def test_a_right_answer_wins_the_round() -> None:
    session = started(rounds=2)
    session.submit(ALICE, "wrong first", at(1))

    events = session.submit(ALICE, "  ANSWER 1 ", at(6))

    points = points_for(6.0, 30.0, 1)
    assert events == [
        AnswerAccepted(1, ALICE, points, 1, 6.0, "f1"),
        RoundEnded(1, free(1), ALICE),
    ]
    alice = session.scores[ALICE.id]
    assert (alice.points, alice.correct, alice.answered, alice.streak) == (points, 1, 1, 1)
    assert session.phase is Phase.BETWEEN
    assert session.next_wakeup == at(6 + 5)


def test_first_correct_answer_wins_and_a_later_one_is_not_open() -> None:
    session = started(rounds=2)
    first = session.submit(BOB, "answer 1", at(4))
    assert isinstance(first[0], AnswerAccepted) and first[0].player == BOB

    late = session.submit(ALICE, "answer 1", at(4))

    assert late == [AnswerRejected(1, ALICE, Rejection.NOT_OPEN)]
    assert ALICE.id not in session.scores
    assert session.scores[BOB.id].correct == 1


def test_an_answer_after_the_deadline_is_not_open_even_before_the_tick() -> None:
    session = started(rounds=2)
    assert session.submit(ALICE, "answer 1", at(30.001)) == [
        AnswerRejected(1, ALICE, Rejection.NOT_OPEN)
    ]
    # Exactly at the deadline still counts.
    accepted = session.submit(BOB, "answer 1", at(30))
    assert isinstance(accepted[0], AnswerAccepted)
    assert accepted[0].points == points_for(30, 30, 1) == 10


@pytest.mark.parametrize(
    ("elapsed", "expected"),
    [(0, 20), (3, 19), (15, 15), (27, 11), (29, 10), (30, 10)],
)
def test_points_depend_on_speed(elapsed: float, expected: int) -> None:
    session = started(rounds=2)
    [accepted, _] = session.submit(ALICE, "answer 1", at(elapsed))
    assert accepted.points == expected == points_for(elapsed, 30.0, 1)
    assert accepted.elapsed == elapsed


def test_faster_is_worth_more() -> None:
    fast = started(rounds=1)
    slow = started(rounds=1)
    [fast_accept, *_] = fast.submit(ALICE, "answer 1", at(2))
    [slow_accept, *_] = slow.submit(ALICE, "answer 1", at(20))
    assert fast_accept.points > slow_accept.points


# -- streaks --------------------------------------------------------------------------------


def play_round(session: QuizSession, winner: Player | None, start: float) -> float:
    """Win (or time out) the current round `elapsed` 3 s in; return when the next one starts."""
    if winner is None:
        session.tick(at(start + 30))
        end = start + 30
    else:
        win(session, winner, at(start + 3))
        end = start + 3
    session.tick(at(end + 5))
    return end + 5


def test_streak_bonus_for_consecutive_wins_and_reset_by_another_winner() -> None:
    session = started(rounds=5)
    accepted = []
    start = 0.0
    for round_number, player in enumerate([ALICE, ALICE, ALICE, BOB, ALICE], start=1):
        events = win(session, player, at(start + 3))
        [event] = of_type(events, AnswerAccepted)
        assert event.round == round_number
        accepted.append(event)
        start += 3 + 5
        session.tick(at(start))

    assert [e.streak for e in accepted] == [1, 2, 3, 1, 1]
    assert [e.points for e in accepted] == [points_for(3, 30, s) for s in [1, 2, 3, 1, 1]]
    assert [e.points for e in accepted] == [19, 21, 23, 19, 19]
    alice, bob = session.scores[ALICE.id], session.scores[BOB.id]
    assert alice.best_streak == 3 and alice.streak == 1
    assert bob.best_streak == 1 and bob.streak == 0  # Alice's win ended Bob's streak
    assert alice.points == 19 + 21 + 23 + 19


def test_streak_is_reset_by_a_time_out() -> None:
    session = started(rounds=3)
    start = play_round(session, ALICE, 0)
    assert session.scores[ALICE.id].streak == 1
    start = play_round(session, None, start)
    assert session.scores[ALICE.id].streak == 0

    [accepted] = of_type(win(session, ALICE, at(start + 3)), AnswerAccepted)
    assert accepted.streak == 1
    assert accepted.points == points_for(3, 30, 1)
    assert session.scores[ALICE.id].best_streak == 1


def test_streak_is_reset_by_a_skip() -> None:
    session = started(rounds=3)
    win(session, ALICE, at(3))
    session.tick(at(8))
    skipped = session.skip(STARTER, at(10))
    assert skipped[0] == RoundEnded(2, free(2), None, skipped=True)
    assert session.scores[ALICE.id].streak == 0
    session.tick(at(15))

    [accepted] = of_type(win(session, ALICE, at(18)), AnswerAccepted)
    assert accepted.streak == 1


def test_best_streak_survives_a_reset() -> None:
    session = started(rounds=6)
    start = 0.0
    for winner in [BOB, BOB, BOB, None, BOB]:
        start = play_round(session, winner, start)
    bob = session.scores[BOB.id]
    assert bob.best_streak == 3
    assert bob.streak == 1
    assert bob.correct == 4


def test_streak_bonus_is_capped() -> None:
    session = started(rounds=10)
    start = 0.0
    streaks = []
    for _ in range(9):
        [accepted] = of_type(win(session, ALICE, at(start + 3)), AnswerAccepted)
        streaks.append((accepted.streak, accepted.points))
        start += 8
        session.tick(at(start))
    assert streaks[-1] == (9, 19 + 10)  # 2 per extra win, at most 10
    assert [p for _, p in streaks] == [19, 21, 23, 25, 27, 29, 29, 29, 29]


# -- hints ----------------------------------------------------------------------------------


def test_hint_at_the_hint_fraction_of_the_time_for_free_text() -> None:
    calls: list[str] = []

    def counting_hinter(fact_id: str) -> str | None:
        calls.append(fact_id)
        return f"hint for {fact_id}"

    session = started(rounds=2, seconds=40.0, hint_fraction=0.25, hinter_fn=counting_hinter)
    assert session.next_wakeup == at(10)
    assert session.tick(at(9.999)) == []

    assert session.tick(at(10)) == [HintGiven(1, "hint for f1")]
    assert session.hinted
    assert session.next_wakeup == at(40)  # the deadline next
    assert session.tick(at(11)) == []  # only once
    assert calls == ["f1"]


def test_no_hint_event_when_the_fact_has_gone() -> None:
    session = started(rounds=2, hinter_fn=lambda fact_id: None)
    assert session.tick(at(15)) == []
    assert session.hinted
    assert session.next_wakeup == at(30)


@pytest.mark.parametrize(
    ("mode", "question"),
    [(QuizMode.MULTIPLE_CHOICE, choice(1)), (QuizMode.TRUE_FALSE, true_false(1, True))],
)
def test_no_hints_in_choice_modes(mode: QuizMode, question: QuizQuestion) -> None:
    def no_hints(fact_id: str) -> str | None:
        raise AssertionError("choice modes must not ask for a hint")

    session = started([question, choice(2)], mode=mode, hinter_fn=no_hints)
    assert session.next_wakeup == at(30)  # straight to the deadline
    assert session.tick(at(15)) == []
    assert session.tick(at(29)) == []
    assert session.tick(at(30)) == [RoundEnded(1, question, None)]


# -- time-outs, pauses, the end ---------------------------------------------------------------


def test_time_out_reveals_the_answer_with_no_winner() -> None:
    session = started(rounds=2)
    session.tick(at(15))  # the hint

    events = session.tick(at(30))

    assert events == [RoundEnded(1, free(1), None)]
    assert events[0].skipped is False
    assert session.phase is Phase.BETWEEN
    assert session.next_wakeup == at(35)
    assert session.submit(ALICE, "answer 1", at(31)) == [
        AnswerRejected(1, ALICE, Rejection.NOT_OPEN)
    ]


def test_pause_between_rounds_then_the_next_question() -> None:
    session = started(rounds=3)
    win(session, BOB, at(8))
    assert session.next_wakeup == at(13)
    assert session.tick(at(12.9)) == []
    assert session.submit(ALICE, "answer 2", at(12)) == [
        AnswerRejected(1, ALICE, Rejection.NOT_OPEN)
    ]

    events = session.tick(at(13))

    assert events == [QuestionAsked(2, 3, free(2), at(43))]
    assert session.round == 2 and session.current == free(2)
    assert session.next_wakeup == at(28)


def test_ends_after_the_last_round_with_a_ranked_scoreboard() -> None:
    session = started(rounds=3)
    start = play_round(session, BOB, 0)  # bob 19
    start = play_round(session, ALICE, start)  # alice 19
    session.submit(CLEO, "not it", at(start + 1))

    events = session.submit(ALICE, "answer 3", at(start + 3))  # alice +21 (streak 2)

    assert [type(e) for e in events] == [AnswerAccepted, RoundEnded, QuizEnded]
    ended = events[-1]
    assert ended.reason is EndReason.COMPLETED
    assert ended.rounds_played == 3
    assert ended.stopped_by is None
    assert [(s.name, s.points, s.correct) for s in ended.scoreboard] == [
        ("alice", 40, 2),
        ("bob", 19, 1),
        ("cleo", 0, 0),
    ]
    assert ended.scoreboard == session.scoreboard()
    assert session.phase is Phase.ENDED and session.ended is EndReason.COMPLETED
    assert session.next_wakeup is None
    assert session.tick(at(start + 100)) == []
    assert session.submit(BOB, "answer 3", at(start + 4))[0].reason is Rejection.NOT_OPEN


def test_ends_after_max_idle_rounds_nobody_tried() -> None:
    session = started(rounds=5, max_idle_rounds=2)
    assert session.tick(at(30)) == [HintGiven(1, "hint for f1"), RoundEnded(1, free(1), None)]
    assert session.idle_rounds == 1
    session.tick(at(35))

    events = session.tick(at(65))

    assert events == [
        HintGiven(2, "hint for f2"),
        RoundEnded(2, free(2), None),
        QuizEnded(EndReason.IDLE, (), 2),
    ]
    assert session.ended is EndReason.IDLE


def test_a_failed_attempt_is_not_idle() -> None:
    session = started(rounds=3, max_idle_rounds=1)
    start = 0.0
    for round_number in (1, 2, 3):
        session.submit(BOB, "wrong", at(start + 1))
        events = session.tick(at(start + 30))
        assert RoundEnded(round_number, free(round_number), None) in events
        assert session.idle_rounds == 0
        start += 35
        session.tick(at(start))
    assert session.ended is EndReason.COMPLETED
    assert session.scores[BOB.id].answered == 3


def test_idle_count_restarts_after_a_round_someone_tried() -> None:
    session = started(rounds=5, max_idle_rounds=2)
    session.tick(at(30))  # idle 1
    session.tick(at(35))
    session.submit(BOB, "wrong", at(40))
    session.tick(at(65))  # tried: back to 0
    assert session.idle_rounds == 0
    session.tick(at(70))
    session.tick(at(100))  # idle 1
    assert session.ended is None
    session.tick(at(105))
    events = session.tick(at(135))  # idle 2
    assert events[-1].reason is EndReason.IDLE
    assert events[-1].rounds_played == 4


def test_a_won_round_resets_the_idle_count() -> None:
    session = started(rounds=4, max_idle_rounds=2)
    session.tick(at(30))
    session.tick(at(35))
    win(session, ALICE, at(40))
    assert session.idle_rounds == 0
    session.tick(at(45))
    session.tick(at(75))
    assert session.ended is None


# -- skip and stop ---------------------------------------------------------------------------


def test_skip_only_by_the_starter_or_a_moderator() -> None:
    session = started(rounds=3)
    with pytest.raises(NotAllowed):
        session.skip(BOB.id, at(5))
    assert session.round == 1 and session.phase is Phase.ASKING

    events = session.skip(STARTER, at(5))
    assert events == [RoundEnded(1, free(1), None, skipped=True)]
    assert session.phase is Phase.BETWEEN and session.next_wakeup == at(10)
    # Nothing to skip between rounds.
    assert session.skip(STARTER, at(6)) == []

    session.tick(at(10))
    assert session.skip(BOB.id, at(12), moderator=True) == [
        RoundEnded(2, free(2), None, skipped=True)
    ]


def test_skipping_the_last_round_completes_the_quiz() -> None:
    session = started(rounds=1)
    events = session.skip(STARTER, at(3))
    assert events[0] == RoundEnded(1, free(1), None, skipped=True)
    assert events[1] == QuizEnded(EndReason.COMPLETED, (), 1)


def test_a_skip_is_not_an_idle_round() -> None:
    session = started(rounds=3, max_idle_rounds=1)
    session.skip(STARTER, at(3))
    assert session.ended is None and session.idle_rounds == 0


def test_stop_only_by_the_starter_or_a_moderator() -> None:
    session = started(rounds=3)
    win(session, BOB, at(2))
    with pytest.raises(NotAllowed):
        session.stop(BOB.id, at(4))
    assert session.ended is None

    events = session.stop(CLEO.id, at(4), moderator=True)

    assert events == [QuizEnded(EndReason.STOPPED, session.scoreboard(), 1, stopped_by=CLEO.id)]
    assert [s.name for s in events[0].scoreboard] == ["bob"]
    assert session.phase is Phase.ENDED and session.next_wakeup is None
    assert session.stop(STARTER, at(5)) == []


def test_the_starter_can_stop_mid_question() -> None:
    session = started(rounds=3)
    [ended] = session.stop(STARTER, at(4))
    assert ended.reason is EndReason.STOPPED and ended.stopped_by == STARTER
    assert session.submit(BOB, "answer 1", at(5))[0].reason is Rejection.NOT_OPEN


# -- multiple choice and true/false ------------------------------------------------------------


def test_multiple_choice_one_answer_per_player_per_round() -> None:
    session = started([choice(1, correct=2), choice(2, correct=0)], mode=QuizMode.MULTIPLE_CHOICE)

    assert session.submit(ALICE, "0", at(1)) == [AnswerRejected(1, ALICE, Rejection.WRONG)]
    assert session.submit(ALICE, "2", at(2)) == [
        AnswerRejected(1, ALICE, Rejection.ALREADY_ANSWERED)
    ]
    assert session.scores[ALICE.id].answered == 1

    events = session.submit(BOB, "2", at(3))
    assert events[0] == AnswerAccepted(1, BOB, points_for(3, 30, 1), 1, 3.0, "f1")
    assert events[1] == RoundEnded(1, choice(1, correct=2), BOB)


@pytest.mark.parametrize("guess", ["4", "9", "-1", "x", "", " 1", "1.0", "answer 1"])
def test_multiple_choice_rejects_an_invalid_choice(guess: str) -> None:
    session = started([choice(1), choice(2)], mode=QuizMode.MULTIPLE_CHOICE)
    assert session.submit(ALICE, guess, at(1)) == [
        AnswerRejected(1, ALICE, Rejection.INVALID_CHOICE)
    ]
    # An invalid choice uses up nothing: the player can still answer.
    assert session.scores[ALICE.id].answered == 0
    assert isinstance(session.submit(ALICE, "2", at(2))[0], AnswerAccepted)


def test_true_false() -> None:
    false_statement = true_false(1, truthful=False)
    true_statement = true_false(2, truthful=True)
    session = started([false_statement, true_statement], mode=QuizMode.TRUE_FALSE)

    assert session.submit(ALICE, "2", at(1)) == [AnswerRejected(1, ALICE, Rejection.INVALID_CHOICE)]
    assert session.submit(ALICE, "0", at(1)) == [AnswerRejected(1, ALICE, Rejection.WRONG)]
    assert session.submit(ALICE, "1", at(2)) == [
        AnswerRejected(1, ALICE, Rejection.ALREADY_ANSWERED)
    ]
    assert of_type(session.submit(BOB, "1", at(2)), AnswerAccepted)[0].player == BOB

    session.tick(at(7))
    assert session.current == true_statement
    assert session.submit(ALICE, "1", at(8)) == [AnswerRejected(2, ALICE, Rejection.WRONG)]
    events = session.submit(BOB, "0", at(9))
    assert [type(e) for e in events] == [AnswerAccepted, RoundEnded, QuizEnded]
    assert events[0].streak == 2


# -- big time jumps --------------------------------------------------------------------------


def test_tick_with_a_big_jump_processes_everything_in_order() -> None:
    session = started(rounds=3, max_idle_rounds=5)

    events = session.tick(at(1000))

    assert events == [
        HintGiven(1, "hint for f1"),
        RoundEnded(1, free(1), None),
        QuestionAsked(2, 3, free(2), at(35 + 30)),  # asked when it was due, not at 1000
        HintGiven(2, "hint for f2"),
        RoundEnded(2, free(2), None),
        QuestionAsked(3, 3, free(3), at(70 + 30)),
        HintGiven(3, "hint for f3"),
        RoundEnded(3, free(3), None),
        QuizEnded(EndReason.COMPLETED, (), 3),
    ]


def test_tick_with_a_partial_jump_stops_at_now() -> None:
    session = started(rounds=3, max_idle_rounds=5)
    events = session.tick(at(50))
    assert events == [
        HintGiven(1, "hint for f1"),
        RoundEnded(1, free(1), None),
        QuestionAsked(2, 3, free(2), at(65)),
        HintGiven(2, "hint for f2"),
    ]
    assert session.next_wakeup == at(65)


# -- snapshots, restore and resume ---------------------------------------------------------------


def mid_game() -> QuizSession:
    """Round 2 of 4 is open: alice won round 1, bob tried round 2, the hint was given."""
    session = started(rounds=4)
    win(session, ALICE, at(5))
    session.tick(at(10))
    session.submit(BOB, "wrong", at(12))
    session.tick(at(25))
    assert session.hinted and session.round == 2
    return session


def through_json(session: QuizSession) -> dict:
    return json.loads(json.dumps(session.snapshot()))


def test_snapshot_round_trips_through_json() -> None:
    session = mid_game()
    data = through_json(session)

    restored = QuizSession.restore(data, judge, hinter)

    assert restored.snapshot() == session.snapshot()
    assert restored.settings == session.settings
    assert restored.questions == session.questions
    assert restored.scores == session.scores
    assert restored.attempted == {BOB.id}
    assert restored.last_winner == ALICE.id
    assert restored.deadline == session.deadline and restored.deadline.tzinfo is not None
    assert restored.next_wakeup == session.next_wakeup


def test_a_restored_session_continues_identically() -> None:
    original = mid_game()
    restored = QuizSession.restore(through_json(original), judge, hinter)

    script = [
        ("submit", BOB, "wrong again", 26),
        ("submit", ALICE, "answer 2", 27),
        ("tick", None, None, 32),
        ("tick", None, None, 62),
        ("tick", None, None, 67),
        ("submit", CLEO, "answer 4", 70),
    ]
    played = []
    for session in (original, restored):
        events = []
        for action, player, guess, seconds in script:
            if action == "submit":
                events.extend(session.submit(player, guess, at(seconds)))
            else:
                events.extend(session.tick(at(seconds)))
        played.append(events)

    assert played[0] == played[1]
    assert played[0][-1].reason is EndReason.COMPLETED
    # Alice's streak carried over the restore.
    assert of_type(played[1], AnswerAccepted)[0].streak == 2
    assert restored.snapshot() == original.snapshot()


@pytest.mark.parametrize("mode", [QuizMode.MULTIPLE_CHOICE, QuizMode.TRUE_FALSE])
def test_snapshot_keeps_choice_questions(mode: QuizMode) -> None:
    questions = (
        [choice(1, 3), choice(2, 1)]
        if mode is QuizMode.MULTIPLE_CHOICE
        else [
            true_false(1, False),
            true_false(2, True),
        ]
    )
    session = started(questions, mode=mode, topic="china", max_idle_rounds=4)
    restored = QuizSession.restore(through_json(session), judge, hinter)
    assert restored.questions == questions
    assert restored.settings.mode is mode and restored.settings.topic == "china"


def test_snapshot_of_an_ended_session() -> None:
    session = started(rounds=2)
    session.stop(STARTER, at(3))
    restored = QuizSession.restore(through_json(session), judge, hinter)
    assert restored.ended is EndReason.STOPPED and restored.phase is Phase.ENDED
    assert restored.resume(at(100)) == []


def test_resume_re_asks_the_interrupted_question_with_a_fresh_deadline() -> None:
    original = mid_game()
    restored = QuizSession.restore(through_json(original), judge, hinter)
    later = at(3600)

    events = restored.resume(later)

    assert events == [QuestionAsked(2, 4, free(2), later + dt.timedelta(seconds=30))]
    assert restored.round == 2 and restored.current == free(2)
    assert restored.attempted == set() and not restored.hinted
    assert restored.next_wakeup == later + dt.timedelta(seconds=15)
    assert restored.scores == original.scores  # scores kept
    # The old deadline is gone: answering now is fine.
    [accepted, *_] = restored.submit(ALICE, "answer 2", later + dt.timedelta(seconds=3))
    assert accepted == AnswerAccepted(2, ALICE, points_for(3, 30, 2), 2, 3.0, "f2")


def test_resume_between_rounds_waits_a_fresh_pause() -> None:
    session = started(rounds=3)
    win(session, ALICE, at(4))
    restored = QuizSession.restore(through_json(session), judge, hinter)

    assert restored.resume(at(500)) == []
    assert restored.phase is Phase.BETWEEN and restored.next_wakeup == at(505)
    assert restored.tick(at(505)) == [QuestionAsked(2, 3, free(2), at(535))]


def test_resume_of_a_session_that_never_started_starts_it() -> None:
    restored = QuizSession.restore(through_json(make(rounds=2)), judge, hinter)
    assert restored.resume(at(60)) == [QuestionAsked(1, 2, free(1), at(90))]


# -- shorten_to ------------------------------------------------------------------------------


def test_shorten_to_drops_only_questions_not_yet_asked() -> None:
    session = started(rounds=5)
    win(session, ALICE, at(3))
    session.tick(at(8))  # round 2 is being asked
    gone = {"f1", "f2", "f4"}

    dropped = session.shorten_to(lambda q: q.fact_id not in gone)

    assert dropped == 1  # only f4: f1 and f2 were already asked
    assert [q.fact_id for q in session.questions] == ["f1", "f2", "f3", "f5"]
    assert session.current == free(2)
    win(session, ALICE, at(10))
    [asked] = session.tick(at(15))
    assert asked == QuestionAsked(3, 4, free(3), at(45))


def test_shorten_to_before_the_start() -> None:
    session = make(rounds=3)
    assert session.shorten_to(lambda q: q.fact_id == "f2") == 2
    assert session.start(T0) == [QuestionAsked(1, 1, free(2), at(30))]


def test_shorten_to_during_the_last_question_ends_the_quiz_after_it() -> None:
    session = started(rounds=3)
    assert session.shorten_to(lambda q: q.fact_id == "f1") == 2
    events = win(session, BOB, at(3))
    assert events[-1] == QuizEnded(EndReason.COMPLETED, session.scoreboard(), 1)


def test_shorten_to_between_rounds_dropping_all_remaining_questions_ends_the_quiz() -> None:
    # Regression: the next tick used to ask a question past the end (IndexError).
    session = started(rounds=3)
    win(session, BOB, at(3))  # between rounds 1 and 2
    assert session.shorten_to(lambda q: q.fact_id == "f1") == 2

    assert session.tick(at(7.9)) == []
    events = session.tick(at(8))

    assert events == [QuizEnded(EndReason.COMPLETED, session.scoreboard(), 1)]
    assert session.phase is Phase.ENDED and session.next_wakeup is None


# -- settings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rounds", "seconds", "expected"),
    [
        (0, 5.0, (MIN_ROUNDS, MIN_SECONDS)),
        (-3, -1.0, (1, 10.0)),
        (1, 10.0, (1, 10.0)),
        (10, 30.0, (10, 30.0)),
        (50, 120.0, (50, 120.0)),
        (51, 121.0, (MAX_ROUNDS, MAX_SECONDS)),
        (1000, 1e6, (50, 120.0)),
    ],
)
def test_clamped_bounds_rounds_and_seconds(
    rounds: int, seconds: float, expected: tuple[int, float]
) -> None:
    clamped = QuizSettings(rounds=rounds, seconds=seconds, topic="china").clamped()
    assert (clamped.rounds, clamped.seconds) == expected
    assert clamped.topic == "china"  # the rest is kept


def test_clamped_keeps_at_least_one_idle_round() -> None:
    assert QuizSettings(max_idle_rounds=0).clamped().max_idle_rounds == 1
    assert QuizSettings(max_idle_rounds=7).clamped().max_idle_rounds == 7


def test_can_control() -> None:
    session = make(rounds=1)
    assert session.can_control(STARTER, moderator=False)
    assert not session.can_control(BOB.id, moderator=False)
    assert session.can_control(BOB.id, moderator=True)


def test_player_name_follows_the_latest_submission() -> None:
    session = started(rounds=2)
    session.submit(Player(BOB.id, "bob"), "wrong", at(1))
    session.submit(Player(BOB.id, "robert"), "answer 1", at(2))
    assert session.scores[BOB.id] == PlayerScore(BOB.id, "robert", 19, 1, 1, 1, 1)


def test_a_failed_quiz_ends_with_its_points_standing() -> None:
    session = started(rounds=3)
    win(session, BOB, at(2))

    events = session.fail()

    assert events == [QuizEnded(EndReason.FAILED, session.scoreboard(), 1)]
    assert [s.name for s in events[0].scoreboard] == ["bob"]
    assert session.phase is Phase.ENDED and session.ended is EndReason.FAILED
    assert session.next_wakeup is None
    assert session.fail() == []  # once over, nothing more happens
