"""Points for a correct answer: a base, a bonus for speed and a bonus for a winning streak."""

from __future__ import annotations

from dataclasses import dataclass

BASE_POINTS = 10
MAX_SPEED_BONUS = 10
STREAK_BONUS = 2
MAX_STREAK_BONUS = 10


def points_for(elapsed: float, limit: float, streak: int) -> int:
    """`streak` counts this answer: 1 for a first win, 2 for a second round in a row..."""
    remaining = max(0.0, min(1.0, 1.0 - elapsed / limit)) if limit > 0 else 0.0
    speed = round(MAX_SPEED_BONUS * remaining)
    bonus = min(MAX_STREAK_BONUS, STREAK_BONUS * max(0, streak - 1))
    return BASE_POINTS + speed + bonus


@dataclass
class PlayerScore:
    user_id: int
    name: str
    points: int = 0
    correct: int = 0
    answered: int = 0
    streak: int = 0
    best_streak: int = 0

    def to_dict(self) -> dict[str, int | str]:
        return {
            "user_id": self.user_id,
            "name": self.name,
            "points": self.points,
            "correct": self.correct,
            "answered": self.answered,
            "streak": self.streak,
            "best_streak": self.best_streak,
        }

    @classmethod
    def from_dict(cls, data: dict[str, int | str]) -> PlayerScore:
        return cls(
            user_id=int(data["user_id"]),
            name=str(data["name"]),
            points=int(data["points"]),
            correct=int(data["correct"]),
            answered=int(data["answered"]),
            streak=int(data["streak"]),
            best_streak=int(data["best_streak"]),
        )


def ranked(scores: dict[int, PlayerScore]) -> list[PlayerScore]:
    """Most points first; ties go to more correct answers, then to the earlier name."""
    return sorted(scores.values(), key=lambda s: (-s.points, -s.correct, s.name.casefold()))
