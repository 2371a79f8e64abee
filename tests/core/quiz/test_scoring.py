"""bot/core/quiz/scoring.py: points for speed and streaks, and the ranked scoreboard."""

from __future__ import annotations

import pytest

from bot.core.quiz.scoring import (
    BASE_POINTS,
    MAX_SPEED_BONUS,
    MAX_STREAK_BONUS,
    PlayerScore,
    points_for,
    ranked,
)


@pytest.mark.parametrize(
    ("elapsed", "limit", "streak", "points"),
    [
        (0.0, 30.0, 1, 20),  # instant: the whole speed bonus
        (-5.0, 30.0, 1, 20),  # a clock skew never gives more than the maximum
        (15.0, 30.0, 1, 15),
        (29.9, 30.0, 1, 10),
        (30.0, 30.0, 1, 10),  # at the deadline: base only
        (90.0, 30.0, 1, 10),  # late never goes below the base
        (3.0, 30.0, 0, 19),  # no streak is the same as a first win
        (3.0, 30.0, 2, 21),
        (3.0, 30.0, 3, 23),
        (3.0, 30.0, 6, 29),  # bonus reaches its cap...
        (3.0, 30.0, 7, 29),  # ...and stays there
        (3.0, 30.0, 100, 29),
        (5.0, 0.0, 1, 10),  # no time limit: no speed bonus
        (0.0, 10.0, 6, 30),  # the best possible answer
    ],
)
def test_points_for(elapsed: float, limit: float, streak: int, points: int) -> None:
    assert points_for(elapsed, limit, streak) == points


def test_points_for_bounds() -> None:
    best = BASE_POINTS + MAX_SPEED_BONUS + MAX_STREAK_BONUS
    for elapsed in range(0, 40):
        for streak in range(0, 10):
            assert BASE_POINTS <= points_for(elapsed, 30.0, streak) <= best


def test_points_never_grow_with_time() -> None:
    values = [points_for(t / 2, 30.0, 1) for t in range(0, 70)]
    assert values == sorted(values, reverse=True)
    assert values[0] == 20 and values[-1] == 10


def score(user_id: int, name: str, points: int, correct: int) -> PlayerScore:
    return PlayerScore(user_id, name, points=points, correct=correct)


def test_ranked_by_points_first() -> None:
    scores = {1: score(1, "ann", 10, 1), 2: score(2, "ben", 30, 2), 3: score(3, "cat", 20, 5)}
    assert [s.name for s in ranked(scores)] == ["ben", "cat", "ann"]


def test_ranked_ties_go_to_more_correct_answers_then_the_earlier_name() -> None:
    scores = {
        1: score(1, "zoe", 40, 2),
        2: score(2, "Bob", 40, 3),
        3: score(3, "alice", 40, 2),
        4: score(4, "carl", 40, 2),
        5: score(5, "dan", 0, 0),
    }
    assert [s.name for s in ranked(scores)] == ["Bob", "alice", "carl", "zoe", "dan"]


def test_ranked_compares_names_without_case() -> None:
    scores = {1: score(1, "bob", 5, 1), 2: score(2, "ALICE", 5, 1)}
    assert [s.user_id for s in ranked(scores)] == [2, 1]
    assert ranked({}) == []


def test_player_score_round_trips_through_a_dict() -> None:
    original = PlayerScore(7, "eve", points=42, correct=3, answered=5, streak=2, best_streak=3)
    assert PlayerScore.from_dict(original.to_dict()) == original
    assert original.to_dict()["best_streak"] == 3
