"""`attache console`: the answer service and the quiz in an interactive terminal session.

Typing a number picks one of the last "did you mean" suggestions, as the buttons do on
Discord. `quiz` starts a single-player game on the same engine the Discord bot uses; its
timer runs while the prompt waits, so hints and time-outs arrive on their own.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from dataclasses import replace

from rich.console import Console
from rich.markup import escape

from bot.cli import render
from bot.core.answers import AnswerService, Status, Suggestion
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
from bot.core.quiz.questions import QuizMode
from bot.core.quiz.service import NoQuestions, QuizService
from bot.core.quiz.session import QuizSession
from bot.core.store import Store, utc_now
from bot.settings import Settings

HELP = """Ask me anything about the articles I know, in plain words, for example:
  who is China's top security official?
  when did Lavrov meet Xi?
Commands: [bold]topics[/bold] (what I know about), [bold]fact[/bold] (a random fact),
[bold]quiz[/bold] [rounds] [free|choice|truefalse] [topic] (a timed quiz),
[bold]help[/bold], [bold]quit[/bold]. After "did you mean", type a number to pick.
During a quiz: type your answer (A-D or 1-4 for choices, T/F for true or false),
[bold]skip[/bold] or [bold]stop[/bold]."""

QUIT = frozenset({"quit", "exit", "q", ":q", "/quit", "/exit", "bye"})
# The console is one player in one "channel".
CONSOLE_GUILD = CONSOLE_CHANNEL = 0
YOU = Player(0, "you")
LETTERS = "ABCD"


class ConsoleSession:
    """The session state: the last suggestions and the running quiz, if any."""

    def __init__(
        self, service: AnswerService, store: Store, console: Console, settings: Settings
    ) -> None:
        self.service = service
        self.console = console
        self.pending: tuple[Suggestion, ...] = ()
        self.defaults = settings.quiz_defaults()
        self.quiz = QuizService(
            store,
            lambda: service.base,
            self.show_events,
            clock=utc_now,
            pause_seconds=settings.quiz_pause_seconds,
        )

    @property
    def session(self) -> QuizSession | None:
        return self.quiz.session_in(CONSOLE_CHANNEL)

    async def show_events(self, session: QuizSession, events: Sequence[Event]) -> None:
        out = self.console
        for event in events:
            if isinstance(event, QuestionAsked):
                question = event.question
                out.print(
                    f"\n[bold]Question {event.round} of {event.rounds}[/bold]"
                    f" ({session.settings.seconds:.0f} s): {escape(question.prompt)}"
                )
                if question.mode is QuizMode.MULTIPLE_CHOICE:
                    for index, choice in enumerate(question.choices):
                        out.print(f"  {LETTERS[index]}. {escape(choice)}")
                elif question.mode is QuizMode.TRUE_FALSE:
                    out.print(f"  True or false: {escape(question.shown_answer or '')}")
            elif isinstance(event, HintGiven):
                out.print(f"[dim]Hint: {escape(event.hint)}[/dim]")
            elif isinstance(event, AnswerAccepted):
                out.print(
                    f"[green]Correct! +{event.points} points (streak {event.streak}).[/green]"
                )
            elif isinstance(event, AnswerRejected) and event.reason is Rejection.WRONG:
                out.print(f"[yellow]{_REJECTIONS[event.reason]}[/yellow]")
            elif isinstance(event, AnswerRejected):
                out.print(f"[dim]{_REJECTIONS[event.reason]}[/dim]")
            elif isinstance(event, RoundEnded) and event.winner is None:
                label = "Skipped" if event.skipped else "Time's up"
                out.print(f"[yellow]{label}! The answer: {escape(event.question.answer)}[/yellow]")
            elif isinstance(event, QuizEnded) and event.reason is EndReason.FAILED:
                out.print(
                    "[red]Sorry: something went wrong and the quiz stopped.[/red]"
                    " Type [bold]quiz[/bold] to start a new one."
                )
            elif isinstance(event, QuizEnded):
                score = event.scoreboard[0] if event.scoreboard else None
                total = f"{score.points} points, {score.correct} correct" if score else "no points"
                out.print(f"[bold]Quiz over[/bold] ({event.reason.value}): {total}.")

    async def start_quiz(self, words: list[str]) -> None:
        rounds, mode, topic = self.defaults.rounds, self.defaults.mode, None
        for word in words:
            if word.isdigit():
                rounds = int(word)
            elif word in {m.value for m in QuizMode}:
                mode = QuizMode(word)
            else:
                topic = word
        try:
            await self.quiz.start(
                CONSOLE_GUILD,
                CONSOLE_CHANNEL,
                YOU.id,
                replace(self.defaults, rounds=rounds, mode=mode, topic=topic),
            )
        except NoQuestions:
            self.console.print("I have no questions on that topic. Try [bold]topics[/bold].")

    async def quiz_input(self, line: str) -> None:
        session = self.session
        assert session is not None
        command = line.strip().lower()
        if command in {"stop", "skip"}:
            method = self.quiz.stop if command == "stop" else self.quiz.skip
            await method(CONSOLE_CHANNEL, YOU.id, moderator=True)
            return
        question = session.current
        if question is None:
            self.console.print(f"[dim]{_REJECTIONS[Rejection.NOT_OPEN]}[/dim]")
            return
        guess = line
        if question.mode is QuizMode.MULTIPLE_CHOICE:
            guess = _choice_index(command, "abcd")
        elif question.mode is QuizMode.TRUE_FALSE:
            guess = _choice_index(command, "tf", words=("true", "false"))
        await self.quiz.submit(CONSOLE_CHANNEL, YOU, guess)

    def ask(self, line: str, rng: random.Random) -> None:
        command = line.strip().lower()
        base = self.service.base
        if command in {"help", "?", "/help"}:
            self.console.print(HELP)
        elif command in {"topics", "/topics"}:
            for topic, count in base.topics().items():
                self.console.print(f"  {escape(topic)} ({count})")
        elif command in {"fact", "/fact"}:
            fact = self.service.random_fact(rng)
            if fact is None:
                self.console.print("The fact base is empty.")
            else:
                self.console.print(f"[bold]{escape(fact.questions[0])}[/bold]")
                render.answer(self.console, self.service.ask_fact(fact.id))
        elif command.isdigit() and self.pending and 1 <= int(command) <= len(self.pending):
            render.answer(
                self.console, self.service.ask_fact(self.pending[int(command) - 1].fact_id)
            )
            self.pending = ()
        else:
            result = self.service.ask(line)
            self.pending = result.suggestions if result.status is Status.UNSURE else ()
            render.answer(self.console, result, numbered=bool(self.pending))
            if self.pending:
                self.console.print("[dim]Type a number to pick one.[/dim]")


_REJECTIONS = {
    Rejection.WRONG: "Not quite.",
    Rejection.ALREADY_ANSWERED: "One answer per question for choices.",
    Rejection.NOT_OPEN: "No question is open right now: the next one is coming.",
    Rejection.INVALID_CHOICE: "Pick one of the letters shown (or T/F).",
}


def _choice_index(command: str, letters: str, words: tuple[str, ...] = ()) -> str:
    if command in words:
        return str(words.index(command))
    if len(command) == 1 and command in letters:
        return str(letters.index(command))
    if command.isdigit():
        return str(int(command) - 1)
    return command


async def run_console(
    service: AnswerService,
    store: Store,
    console: Console,
    settings: Settings,
    rng: random.Random | None = None,
) -> int:
    rng = rng or random.Random()
    base = service.base
    console.print(
        f"[bold]Attaché[/bold] console: {len(base.facts)} facts from"
        f" {len(base.articles)} articles. Type [bold]help[/bold] for examples,"
        " [bold]quiz[/bold] to play, [bold]quit[/bold] to leave."
    )
    state = ConsoleSession(service, store, console, settings)
    try:
        while True:
            prompt = (
                "[bold magenta]answer>[/bold magenta] "
                if state.session
                else ("[bold cyan]ask>[/bold cyan] ")
            )
            try:
                line = await asyncio.to_thread(console.input, prompt)
            except (EOFError, KeyboardInterrupt):
                console.print()
                return 0
            if line.strip().lower() in QUIT:
                return 0
            if state.session is not None:
                await state.quiz_input(line)
            elif line.strip().lower().split()[:1] == ["quiz"]:
                await state.start_quiz(line.strip().lower().split()[1:])
            else:
                state.ask(line, rng)
    finally:
        if state.session is not None:
            # A console quiz does not outlive the console.
            await state.quiz.stop(CONSOLE_CHANNEL, YOU.id, moderator=True)
        await state.quiz.shutdown()
