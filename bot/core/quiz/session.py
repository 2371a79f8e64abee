"""One quiz in one channel: a state machine over rounds, driven by the caller's clock.

    ready -> asking -(hint)-> asking -(answer | time out | skip)-> between -> asking ... -> ended

Nothing here sleeps or reads the time: `start`, `submit`, `skip`, `stop` and `tick` take
`now`, and `next_wakeup` says when `tick` has work to do. That is what lets the tests play
a whole quiz in microseconds and lets a restarted bot resume one from a snapshot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from bot.core.models import Difficulty
from bot.core.quiz.events import (
    AnswerAccepted,
    AnswerRejected,
    EndReason,
    Event,
    HintGiven,
    Player,
    QuestionAsked,
    QuizEnded,
    Rejection,
    RoundEnded,
)
from bot.core.quiz.questions import QuizMode, QuizQuestion
from bot.core.quiz.scoring import PlayerScore, points_for, ranked

# (fact id, typed guess) -> correct? Injected so the engine needs no fact objects.
Judge = Callable[[str, str], bool]
# fact id -> hint text, or None when the fact has gone.
Hinter = Callable[[str], str | None]

MIN_ROUNDS, MAX_ROUNDS = 1, 50
MIN_SECONDS, MAX_SECONDS = 10.0, 120.0


class Phase(StrEnum):
    READY = "ready"
    ASKING = "asking"
    BETWEEN = "between"
    ENDED = "ended"


class NotAllowed(Exception):
    """Only the quiz's starter or a moderator may skip or stop it."""


@dataclass(frozen=True, slots=True)
class QuizSettings:
    rounds: int = 10
    seconds: float = 30.0
    mode: QuizMode = QuizMode.FREE_TEXT
    topic: str | None = None
    difficulty: Difficulty | None = None
    max_idle_rounds: int = 3
    pause_seconds: float = 5.0
    hint_fraction: float = 0.5

    def clamped(self) -> QuizSettings:
        """The same settings brought inside the allowed ranges (user input is never trusted)."""
        return replace(
            self,
            rounds=max(MIN_ROUNDS, min(MAX_ROUNDS, self.rounds)),
            seconds=max(MIN_SECONDS, min(MAX_SECONDS, self.seconds)),
            max_idle_rounds=max(1, self.max_idle_rounds),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rounds": self.rounds,
            "seconds": self.seconds,
            "mode": self.mode.value,
            "topic": self.topic,
            "difficulty": self.difficulty.value if self.difficulty else None,
            "max_idle_rounds": self.max_idle_rounds,
            "pause_seconds": self.pause_seconds,
            "hint_fraction": self.hint_fraction,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuizSettings:
        return cls(
            rounds=int(data["rounds"]),
            seconds=float(data["seconds"]),
            mode=QuizMode(data["mode"]),
            topic=data.get("topic"),
            difficulty=Difficulty(data["difficulty"]) if data.get("difficulty") else None,
            max_idle_rounds=int(data["max_idle_rounds"]),
            pause_seconds=float(data["pause_seconds"]),
            hint_fraction=float(data["hint_fraction"]),
        )


@dataclass
class QuizSession:
    id: str
    guild_id: int
    channel_id: int
    starter_id: int
    settings: QuizSettings
    questions: list[QuizQuestion]
    judge: Judge
    hinter: Hinter
    phase: Phase = Phase.READY
    round: int = 0
    round_started_at: dt.datetime | None = None
    deadline: dt.datetime | None = None
    hint_at: dt.datetime | None = None
    hinted: bool = False
    next_round_at: dt.datetime | None = None
    idle_rounds: int = 0
    attempted: set[int] = field(default_factory=set)
    scores: dict[int, PlayerScore] = field(default_factory=dict)
    last_winner: int | None = None
    ended: EndReason | None = None

    # -- reading ---------------------------------------------------------------------------
    @property
    def current(self) -> QuizQuestion | None:
        if self.phase is not Phase.ASKING or not 1 <= self.round <= len(self.questions):
            return None
        return self.questions[self.round - 1]

    @property
    def next_wakeup(self) -> dt.datetime | None:
        if self.phase is Phase.ASKING:
            assert self.deadline is not None
            if self._hints and not self.hinted and self.hint_at is not None:
                return min(self.hint_at, self.deadline)
            return self.deadline
        if self.phase is Phase.BETWEEN:
            return self.next_round_at
        return None

    @property
    def _hints(self) -> bool:
        return self.settings.mode is QuizMode.FREE_TEXT

    def scoreboard(self) -> tuple[PlayerScore, ...]:
        return tuple(ranked(self.scores))

    def can_control(self, user_id: int, *, moderator: bool) -> bool:
        return moderator or user_id == self.starter_id

    # -- driving ---------------------------------------------------------------------------
    def start(self, now: dt.datetime) -> list[Event]:
        if self.phase is not Phase.READY:
            return []
        if not self.questions:
            return self._end(EndReason.NO_QUESTIONS)
        return [self._ask(now)]

    def submit(self, player: Player, guess: str, now: dt.datetime) -> list[Event]:
        """A typed answer or a button choice ("0".."3" for choices, "0"/"1" for true/false)."""
        question = self.current
        if question is None or self.deadline is None or now > self.deadline:
            return [AnswerRejected(self.round, player, Rejection.NOT_OPEN)]
        score = self._player(player)
        if question.mode is QuizMode.FREE_TEXT:
            if player.id not in self.attempted:
                self.attempted.add(player.id)
                score.answered += 1
            if not self.judge(question.fact_id, guess):
                return [AnswerRejected(self.round, player, Rejection.WRONG)]
            return self._win(player, now)
        if not guess.isdigit() or not 0 <= int(guess) < len(question.choices):
            return [AnswerRejected(self.round, player, Rejection.INVALID_CHOICE)]
        if player.id in self.attempted:
            return [AnswerRejected(self.round, player, Rejection.ALREADY_ANSWERED)]
        self.attempted.add(player.id)
        score.answered += 1
        if int(guess) != question.correct_index:
            return [AnswerRejected(self.round, player, Rejection.WRONG)]
        return self._win(player, now)

    def tick(self, now: dt.datetime) -> list[Event]:
        """Everything due by `now`: a hint, a time-out, the next question, the end."""
        events: list[Event] = []
        while True:
            if self.phase is Phase.ASKING:
                assert self.deadline is not None and self.hint_at is not None
                if self._hints and not self.hinted and now >= self.hint_at < self.deadline:
                    self.hinted = True
                    hint = self.hinter(self.questions[self.round - 1].fact_id)
                    if hint:
                        events.append(HintGiven(self.round, hint))
                    continue
                if now >= self.deadline:
                    events.extend(self._time_out())
                    continue
            elif self.phase is Phase.BETWEEN:
                assert self.next_round_at is not None
                if now >= self.next_round_at:
                    if self.round >= len(self.questions):  # a reload removed the rest
                        events.extend(self._end(EndReason.COMPLETED))
                    else:
                        events.append(self._ask(self.next_round_at))
                    continue
            return events

    def skip(self, user_id: int, now: dt.datetime, *, moderator: bool = False) -> list[Event]:
        if not self.can_control(user_id, moderator=moderator):
            raise NotAllowed("only the quiz's starter or a moderator can skip")
        question = self.current
        if question is None:
            return []
        self._reset_streak()
        return [
            RoundEnded(self.round, question, None, skipped=True),
            *self._after_round(now, idle=False),
        ]

    def stop(self, user_id: int, now: dt.datetime, *, moderator: bool = False) -> list[Event]:
        if not self.can_control(user_id, moderator=moderator):
            raise NotAllowed("only the quiz's starter or a moderator can stop it")
        if self.phase is Phase.ENDED:
            return []
        return self._end(EndReason.STOPPED, stopped_by=user_id)

    def fail(self) -> list[Event]:
        """End a quiz its driver could not carry on (an error, not a player's choice): the
        points won so far stand, and the channel can start a new quiz."""
        if self.phase is Phase.ENDED:
            return []
        return self._end(EndReason.FAILED)

    def shorten_to(self, keep: Callable[[QuizQuestion], bool]) -> int:
        """Drop questions not yet asked that fail `keep` (facts removed by a reload)."""
        asked = self.questions[: self.round]
        upcoming = [q for q in self.questions[self.round :] if keep(q)]
        dropped = len(self.questions) - len(asked) - len(upcoming)
        self.questions = asked + upcoming
        return dropped

    # -- transitions -----------------------------------------------------------------------
    def _ask(self, at: dt.datetime) -> QuestionAsked:
        self.round += 1
        self.phase = Phase.ASKING
        seconds = self.settings.seconds
        self.round_started_at = at
        self.deadline = at + dt.timedelta(seconds=seconds)
        self.hint_at = at + dt.timedelta(seconds=seconds * self.settings.hint_fraction)
        self.hinted = False
        self.attempted = set()
        self.next_round_at = None
        return QuestionAsked(
            self.round, len(self.questions), self.questions[self.round - 1], self.deadline
        )

    def _win(self, player: Player, now: dt.datetime) -> list[Event]:
        question = self.questions[self.round - 1]
        score = self._player(player)
        if self.last_winner != player.id:
            self._reset_streak()
        score.streak += 1
        score.best_streak = max(score.best_streak, score.streak)
        self.last_winner = player.id
        assert self.round_started_at is not None
        elapsed = (now - self.round_started_at).total_seconds()
        points = points_for(elapsed, self.settings.seconds, score.streak)
        score.points += points
        score.correct += 1
        self.idle_rounds = 0
        accepted = AnswerAccepted(
            self.round, player, points, score.streak, round(elapsed, 3), question.fact_id
        )
        return [
            accepted,
            RoundEnded(self.round, question, player),
            *self._after_round(now, idle=False),
        ]

    def _time_out(self) -> list[Event]:
        assert self.deadline is not None
        question = self.questions[self.round - 1]
        nobody_tried = not self.attempted
        self._reset_streak()
        return [
            RoundEnded(self.round, question, None),
            *self._after_round(self.deadline, idle=nobody_tried),
        ]

    def _after_round(self, at: dt.datetime, *, idle: bool) -> list[Event]:
        self.idle_rounds = self.idle_rounds + 1 if idle else 0
        self.deadline = self.hint_at = None
        if self.idle_rounds >= self.settings.max_idle_rounds:
            return self._end(EndReason.IDLE)
        if self.round >= len(self.questions):
            return self._end(EndReason.COMPLETED)
        self.phase = Phase.BETWEEN
        self.next_round_at = at + dt.timedelta(seconds=self.settings.pause_seconds)
        return []

    def _end(self, reason: EndReason, stopped_by: int | None = None) -> list[Event]:
        self.phase = Phase.ENDED
        self.ended = reason
        self.deadline = self.hint_at = self.next_round_at = None
        played = self.round
        return [QuizEnded(reason, self.scoreboard(), played, stopped_by)]

    def _reset_streak(self) -> None:
        if self.last_winner is not None and self.last_winner in self.scores:
            self.scores[self.last_winner].streak = 0
        self.last_winner = None

    def _player(self, player: Player) -> PlayerScore:
        score = self.scores.get(player.id)
        if score is None:
            score = self.scores[player.id] = PlayerScore(player.id, player.name)
        elif score.name != player.name:
            score.name = player.name
        return score

    # -- persistence -----------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """Everything needed to resume after a restart (the judge and hinter are re-injected)."""

        def iso(value: dt.datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "id": self.id,
            "guild_id": self.guild_id,
            "channel_id": self.channel_id,
            "starter_id": self.starter_id,
            "settings": self.settings.to_dict(),
            "questions": [q.to_dict() for q in self.questions],
            "phase": self.phase.value,
            "round": self.round,
            "round_started_at": iso(self.round_started_at),
            "deadline": iso(self.deadline),
            "hint_at": iso(self.hint_at),
            "hinted": self.hinted,
            "next_round_at": iso(self.next_round_at),
            "idle_rounds": self.idle_rounds,
            "attempted": sorted(self.attempted),
            "scores": [s.to_dict() for s in self.scores.values()],
            "last_winner": self.last_winner,
            "ended": self.ended.value if self.ended else None,
        }

    @classmethod
    def restore(cls, data: dict[str, Any], judge: Judge, hinter: Hinter) -> QuizSession:
        def when(value: str | None) -> dt.datetime | None:
            return dt.datetime.fromisoformat(value) if value else None

        scores = [PlayerScore.from_dict(s) for s in data["scores"]]
        return cls(
            id=data["id"],
            guild_id=int(data["guild_id"]),
            channel_id=int(data["channel_id"]),
            starter_id=int(data["starter_id"]),
            settings=QuizSettings.from_dict(data["settings"]),
            questions=[QuizQuestion.from_dict(q) for q in data["questions"]],
            judge=judge,
            hinter=hinter,
            phase=Phase(data["phase"]),
            round=int(data["round"]),
            round_started_at=when(data["round_started_at"]),
            deadline=when(data["deadline"]),
            hint_at=when(data["hint_at"]),
            hinted=bool(data["hinted"]),
            next_round_at=when(data["next_round_at"]),
            idle_rounds=int(data["idle_rounds"]),
            attempted=set(data["attempted"]),
            scores={s.user_id: s for s in scores},
            last_winner=data["last_winner"],
            ended=EndReason(data["ended"]) if data["ended"] else None,
        )

    def resume(self, now: dt.datetime) -> list[Event]:
        """After a restart: re-ask the interrupted question with a full clock."""
        if self.phase is Phase.ASKING:
            self.round -= 1
            return [self._ask(now)]
        if self.phase is Phase.BETWEEN:
            self.next_round_at = now + dt.timedelta(seconds=self.settings.pause_seconds)
        if self.phase is Phase.READY:
            return self.start(now)
        return []
