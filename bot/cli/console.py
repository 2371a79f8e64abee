"""`attache console`: the same answer service in an interactive terminal session.

Typing a number picks one of the last "did you mean" suggestions, as the buttons do on
Discord.
"""

from __future__ import annotations

import random

from rich.console import Console
from rich.markup import escape

from bot.cli import render
from bot.core.answers import AnswerService, Status, Suggestion

HELP = """Ask me anything about the articles I know, in plain words, for example:
  who is China's top security official?
  when did Lavrov meet Xi?
Commands: [bold]topics[/bold] (what I know about), [bold]fact[/bold] (a random fact),
[bold]help[/bold], [bold]quit[/bold]. After "did you mean", type a number to pick."""

QUIT = frozenset({"quit", "exit", "q", ":q", "/quit", "/exit", "bye"})


def run_console(service: AnswerService, console: Console, rng: random.Random | None = None) -> int:
    rng = rng or random.Random()
    base = service.base
    console.print(
        f"[bold]Attaché[/bold] console: {len(base.facts)} facts from"
        f" {len(base.articles)} articles. Type [bold]help[/bold] for examples,"
        " [bold]quit[/bold] to leave."
    )
    pending: tuple[Suggestion, ...] = ()
    while True:
        try:
            line = console.input("[bold cyan]ask>[/bold cyan] ")
        except (EOFError, KeyboardInterrupt):
            console.print()
            return 0
        command = line.strip().lower()
        if command in QUIT:
            return 0
        if command in {"help", "?", "/help"}:
            console.print(HELP)
            continue
        if command in {"topics", "/topics"}:
            for topic, count in base.topics().items():
                console.print(f"  {escape(topic)} ({count})")
            continue
        if command in {"fact", "/fact"}:
            fact = service.random_fact(rng)
            if fact is None:
                console.print("The fact base is empty.")
            else:
                console.print(f"[bold]{escape(fact.questions[0])}[/bold]")
                render.answer(console, service.ask_fact(fact.id))
            continue
        if command.isdigit() and pending and 1 <= int(command) <= len(pending):
            render.answer(console, service.ask_fact(pending[int(command) - 1].fact_id))
            pending = ()
            continue
        result = service.ask(line)
        pending = result.suggestions if result.status is Status.UNSURE else ()
        render.answer(console, result, numbered=bool(pending))
        if pending:
            console.print("[dim]Type a number to pick one.[/dim]")
        if result.status is Status.ANSWERED and result.suggestions:
            console.print(
                "[dim]Not what you meant? Related: "
                + escape("; ".join(s.question for s in result.suggestions[:2]))
                + "[/dim]"
            )
