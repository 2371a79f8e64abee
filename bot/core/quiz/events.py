"""What a quiz session announces. Adapters render these; a recorder persists them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from bot.core.quiz.questions import QuizQuestion
from bot.core.quiz.scoring import PlayerScore


class EndReason(StrEnum):
    COMPLETED = "completed"
    STOPPED = "stopped"
    IDLE = "idle"
    NO_QUESTIONS = "no_questions"
    FAILED = "failed"  # the code driving it raised: ended so the channel is free again


class Rejection(StrEnum):
    WRONG = "wrong"
    ALREADY_ANSWERED = "already_answered"
    NOT_OPEN = "not_open"
    INVALID_CHOICE = "invalid_choice"


@dataclass(frozen=True, slots=True)
class Player:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class QuestionAsked:
    round: int
    rounds: int
    question: QuizQuestion
    deadline: dt.datetime


@dataclass(frozen=True, slots=True)
class HintGiven:
    round: int
    hint: str


@dataclass(frozen=True, slots=True)
class AnswerAccepted:
    round: int
    player: Player
    points: int
    streak: int
    elapsed: float
    fact_id: str


@dataclass(frozen=True, slots=True)
class AnswerRejected:
    round: int
    player: Player
    reason: Rejection


@dataclass(frozen=True, slots=True)
class RoundEnded:
    """The answer is revealed: won by `winner`, skipped, or timed out (winner None)."""

    round: int
    question: QuizQuestion
    winner: Player | None
    skipped: bool = False


@dataclass(frozen=True, slots=True)
class QuizEnded:
    reason: EndReason
    scoreboard: tuple[PlayerScore, ...]
    rounds_played: int
    stopped_by: int | None = None


Event = QuestionAsked | HintGiven | AnswerAccepted | AnswerRejected | RoundEnded | QuizEnded
