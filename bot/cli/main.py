"""The `attache` command line: facts validate/build/stats, ask, console and run.

Exit codes: 0 success (an answer was given), 1 setup or data error, 2 unusable input,
3 the question was understood but not answered ("don't know" or "did you mean").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from bot import __version__
from bot.cli import render
from bot.core.answers import AnswerService, Status
from bot.core.factbase import rebuild
from bot.core.gaps import GapLog
from bot.core.loading import count_source_files, load_sources
from bot.core.problems import FactBaseInvalid
from bot.core.reload import Actor, record_reload
from bot.core.store import Store, StoreError, utc_now
from bot.settings import Settings, SettingsError, load_settings

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BAD_INPUT = 2
EXIT_NOT_ANSWERED = 3
# Show a progress bar only when a build reads enough files for it to be worth watching.
PROGRESS_MIN_FILES = 20
SHELL = Actor("shell", "cli")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="attache", description="Attaché: diplomacy trivia from curated news facts."
    )
    parser.add_argument("--version", action="version", version=f"attache {__version__}")
    parser.add_argument("--database", type=Path, help="SQLite file (default from settings)")
    parser.add_argument("--facts-dir", type=Path, help="folder of curated fact files")
    parser.add_argument("--seeds-dir", type=Path, help="folder of seed articles")
    commands = parser.add_subparsers(dest="command", required=True)

    facts = commands.add_parser("facts", help="validate, build and inspect the fact base")
    facts_commands = facts.add_subparsers(dest="facts_command", required=True)
    facts_commands.add_parser("validate", help="check every seed and fact file")
    facts_commands.add_parser("build", help="validate, then build the SQLite fact base")
    facts_commands.add_parser("stats", help="counts by article, topic, kind and difficulty")
    gaps = facts_commands.add_parser("gaps", help="the questions people asked that had no answer")
    gaps.add_argument("--limit", type=int, default=20, help="how many (default 20)")

    ask = commands.add_parser("ask", help="answer one question (or a file of them)")
    ask.add_argument("question", nargs="?", help="the question, in plain words")
    ask.add_argument("--json", action="store_true", help="print a JSON object")
    ask.add_argument("--explain", action="store_true", help="show why the answer won")
    ask.add_argument(
        "--batch", type=Path, metavar="FILE", help="one question per line; JSON lines out"
    )

    commands.add_parser("console", help="an interactive terminal session")
    commands.add_parser("run", help="start the bot (the console when no Discord token is set)")
    commands.add_parser("sync", help="publish the slash commands to Discord globally")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    console = Console(highlight=False)
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    overrides = {
        key: value
        for key, value in (
            ("database", args.database),
            ("facts_dir", args.facts_dir),
            ("seeds_dir", args.seeds_dir),
        )
        if value is not None
    }
    try:
        settings = load_settings(**overrides)
    except SettingsError as exc:
        errors.print(f"[red]{exc}[/red]")
        return EXIT_ERROR
    try:
        if args.command == "facts" and args.facts_command == "validate":
            return _validate(settings, console)
        if args.command in {"run", "sync"} and settings.discord_token is not None:
            from bot.cli.launch import run_bot, sync_commands

            if args.command == "sync":
                return sync_commands(settings, console, errors)
            return run_bot(settings, errors)
        if args.command == "sync":
            errors.print("[red]Set DISCORD_TOKEN to sync commands with Discord.[/red]")
            return EXIT_ERROR
        return asyncio.run(_dispatch(args, settings, console, errors))
    except StoreError as exc:
        errors.print(f"[red]{exc}[/red]")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR


async def _dispatch(
    args: argparse.Namespace, settings: Settings, console: Console, errors: Console
) -> int:
    if args.command == "run":
        errors.print("No DISCORD_TOKEN is set: starting the terminal console instead.")
    async with await Store.open(settings.database) as store:
        if args.command == "facts" and args.facts_command == "build":
            return await _build(store, settings, console, errors)
        if args.command in {"console", "run"} or await store.last_build() is None:
            # First use, or an interactive start: bring the base up to date with the files.
            status = await _build(store, settings, errors, errors, quiet=True)
            if status != EXIT_OK and await store.last_build() is None:
                return status
        if args.command == "facts" and args.facts_command == "gaps":
            render.gaps(console, await GapLog(store, utc_now).top(max(1, args.limit)))
            return EXIT_OK
        base = await store.load()
        if args.command == "facts":
            render.stats(console, base)
            return EXIT_OK
        from bot.core.semantic import semantic_check  # the model loads only to answer

        second_opinion = semantic_check() if settings.semantic else None
        service = AnswerService(base, second_opinion=second_opinion)
        if args.command == "ask":
            return await _ask(args, service, GapLog(store, utc_now), console, errors)
        from bot.cli.console import run_console

        return await run_console(service, store, console, settings)


def _validate(settings: Settings, console: Console) -> int:
    sources = load_sources(settings.seeds_dir, settings.facts_dir)
    render.problems(console, sources.problems)
    questions = sum(len(f.questions) for f in sources.facts)
    summary = (
        f"{len(sources.articles)} articles, {len(sources.facts)} facts, {questions} phrasings:"
        f" {len(sources.errors)} errors, {len(sources.warnings)} warnings."
    )
    console.print(("[green]OK[/green] " if sources.ok else "[red]Invalid[/red] ") + summary)
    return EXIT_OK if sources.ok else EXIT_ERROR


async def _build(
    store: Store, settings: Settings, console: Console, errors: Console, *, quiet: bool = False
) -> int:
    files = count_source_files(settings.seeds_dir, settings.facts_dir)
    try:
        if files >= PROGRESS_MIN_FILES and not quiet:
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task("Reading fact files", total=files)
                done = await rebuild(
                    store,
                    settings.seeds_dir,
                    settings.facts_dir,
                    lambda _: progress.advance(task),
                )
        else:
            done = await rebuild(store, settings.seeds_dir, settings.facts_dir)
    except FactBaseInvalid as exc:
        render.problems(errors, exc.problems)
        errors.print(
            f"[red]The fact base was not rebuilt: {exc}. The previous build is unchanged.[/red]"
        )
        if not quiet:
            await record_reload(store, utc_now, SHELL, "invalid", {"errors": str(exc)})
        return EXIT_ERROR
    if not quiet and done.result.wrote:
        await record_reload(
            store,
            utc_now,
            SHELL,
            "ok",
            {"hash": done.result.content_hash, "facts": done.result.facts},
        )
    if not quiet or done.result.wrote:
        render.problems(console, done.sources.warnings)
        render.build(console, done.result)
    return EXIT_OK


async def _ask(
    args: argparse.Namespace,
    service: AnswerService,
    gaps: GapLog,
    console: Console,
    errors: Console,
) -> int:
    if args.batch is not None:
        return await _ask_batch(args.batch, service, gaps, errors)
    if args.question is None:
        errors.print('[red]Give a question, e.g. attache ask "who is Sergei Lavrov?"[/red]')
        return EXIT_BAD_INPUT
    result = service.ask(args.question)
    await gaps.record(result, None)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        render.answer(console, result)
        if args.explain and result.match is not None:
            render.explanation(console, result.match)
    if result.status is Status.INVALID:
        return EXIT_BAD_INPUT
    return EXIT_OK if result.status is Status.ANSWERED else EXIT_NOT_ANSWERED


async def _ask_batch(path: Path, service: AnswerService, gaps: GapLog, errors: Console) -> int:
    try:
        handle = sys.stdin if str(path) == "-" else path.open(encoding="utf-8")
    except OSError as exc:
        errors.print(f"[red]Cannot read {path}: {exc.strerror}[/red]")
        return EXIT_ERROR
    with handle:
        for line in handle:
            question = line.rstrip("\n")
            if not question.strip():
                continue
            answer = service.ask(question)
            await gaps.record(answer, None)
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
    return EXIT_OK
