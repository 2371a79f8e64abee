"""How answers, problems and build results look in a terminal (rich markup, escaped input)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.core.answers import Answer, Status
from bot.core.gaps import Gap
from bot.core.matcher import Match
from bot.core.problems import Problem, Severity
from bot.core.store import BuildResult, FactBase


def answer(console: Console, result: Answer, *, numbered: bool = False) -> None:
    if result.status is Status.ANSWERED and result.fact is not None:
        fact = result.fact
        as_of = f" [dim]({result.as_of_label})[/dim]" if result.as_of_label else ""
        console.print(f"[bold green]{escape(fact.answer)}[/bold green]{as_of}")
        if result.understood_as:
            console.print(f"  [dim]understood as:[/dim] {escape(result.understood_as)}")
        console.print(f"  [italic]“{escape(fact.quote)}”[/italic]")
        if result.article is not None:
            article = result.article
            console.print(
                f"  [dim]— {escape(article.title)} ({escape(article.section)},"
                f" {article.published_label}) · fact {fact.id} ·"
                f" confidence {result.confidence:.0%}"
                + (" · matched by meaning" if result.by_meaning else "")
                + "[/dim]"
            )
        if fact.superseded:
            console.print("  [yellow]This fact has since been superseded.[/yellow]")
        return
    colour = "red" if result.status is Status.INVALID else "yellow"
    console.print(f"[{colour}]{escape(result.message or '')}[/{colour}]")
    for number, suggestion in enumerate(result.suggestions, start=1):
        bullet = f"{number}." if numbered else "•"
        console.print(f"  {bullet} {escape(suggestion.question)} [dim]({suggestion.fact_id})[/dim]")


def explanation(console: Console, match: Match) -> None:
    """Why the best fact won and why the others lost: `attache ask --explain`."""
    terms = ", ".join(match.terms) or "(none)"
    console.print(f"[dim]terms:[/dim] {escape(terms)}   [dim]asks:[/dim] {match.slot.value}")
    if match.corrections:
        fixes = ", ".join(f"{a}→{b}" for a, b in match.corrections.items())
        console.print(f"[dim]typos corrected:[/dim] {escape(fixes)}")
    table = Table(show_lines=False, title=f"decision: {match.decision.value}")
    for column in ("fact", "score", "covers", "phrasing", "fuzzy", "closest phrasing", "notes"):
        table.add_column(column)
    for c in match.candidates:
        notes = list(c.penalties)
        if c.guessed:
            notes.append("asks to confirm " + ", ".join(c.guessed))
        if c.quoted:
            notes.append("in the quote only: " + ", ".join(c.quoted))
        if c.unmatched:
            notes.append("not matched: " + ", ".join(c.unmatched))
        table.add_row(
            c.fact.id,
            f"{c.score:.3f}",
            f"{c.question_coverage:.2f}",
            f"{c.phrasing_coverage:.2f}",
            f"{c.fuzzy:.2f}",
            escape(c.best_phrasing),
            escape("; ".join(notes)),
        )
    console.print(table)
    meaning = match.meaning
    if meaning is not None:
        detail = (
            f" (closest phrasing {meaning.similarity:.2f}: {escape(meaning.phrasing or '')};"
            f" another answer {meaning.runner_up:.2f})"
            if meaning.similarity is not None and meaning.runner_up is not None
            else ""
        )
        console.print(f"[dim]meaning:[/dim] {escape(meaning.reason)}{detail}")


def problems(console: Console, found: list[Problem]) -> None:
    for problem in found:
        colour = "red" if problem.severity is Severity.ERROR else "yellow"
        console.print(f"[{colour}]{escape(str(problem))}[/{colour}]")


def build(console: Console, result: BuildResult) -> None:
    if not result.wrote:
        console.print(
            f"Fact base unchanged ({result.facts} facts from {result.articles} articles,"
            f" hash {result.content_hash[:12]})."
        )
        return
    console.print(
        f"[green]Built the fact base:[/green] {result.facts} facts, {result.questions}"
        f" phrasings, {result.articles} articles (hash {result.content_hash[:12]})."
    )
    for label, ids in (("added", result.added), ("removed", result.removed)):
        if ids:
            console.print(
                f"  {label} {len(ids)}: {escape(', '.join(ids[:10]))}"
                + (" …" if len(ids) > 10 else "")
            )
    if result.changed:
        console.print(f"  changed {len(result.changed)}: {escape(', '.join(result.changed[:10]))}")


def stats(console: Console, base: FactBase) -> None:
    build = base.build
    if build is None:
        console.print("The fact base has not been built yet: run `attache facts build`.")
        return
    console.print(
        f"{len(base.facts)} facts from {len(base.articles)} articles; built"
        f" {build.built_at:%Y-%m-%d %H:%M} UTC (hash {build.content_hash[:12]})."
    )
    counts = base.counts()
    by_article = Table(title="facts by article")
    by_article.add_column("article")
    by_article.add_column("facts", justify="right")
    for article_id, count in counts.by_article.items():
        article = base.articles.get(article_id)
        label = f"{article_id}: {article.title}" if article else article_id
        by_article.add_row(escape(label), str(count))
    console.print(by_article)
    for title, table_counts in (
        ("facts by topic", counts.by_topic),
        ("facts by kind", counts.by_kind),
        ("facts by difficulty", counts.by_difficulty),
    ):
        table = Table(title=title)
        table.add_column(title.split()[-1])
        table.add_column("facts", justify="right")
        for name, count in table_counts.items():
            table.add_row(name, str(count))
        console.print(table)


def gaps(console: Console, found: list[Gap]) -> None:
    if not found:
        console.print("No unanswered questions recorded yet.")
        return
    table = Table(title="questions without an answer, most asked first")
    for column in ("times", "question", "status", "closest fact", "last asked"):
        table.add_column(column)
    for gap in found:
        table.add_row(
            str(gap.count),
            escape(gap.question),
            gap.status,
            gap.best_fact or "",
            f"{gap.last_asked:%Y-%m-%d %H:%M}",
        )
    console.print(table)
