"""Read `seeds/` and `facts/` into validated models, collecting every problem at once.

Nothing here touches the database: a build only starts from a load without errors, which is
what keeps a bad edit from ever reaching the running fact base.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.core.collector import collector_paused
from bot.core.models import Article, Fact, FactEntry, FactFile
from bot.core.problems import Problem, Severity
from bot.core.seeds import SEED_SUFFIX, YamlLoader, parse_seed
from bot.core.slots import compatible, detect_slot
from bot.core.text import normalize, squash
from bot.core.yamltree import construct

FACT_SUFFIXES = (".yaml", ".yml")


@dataclass
class FactSources:
    """Everything read from disk, plus what was wrong with it."""

    articles: dict[str, Article] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def content_hash(self) -> str:
        """A digest of everything a build stores, so an unchanged build can be skipped."""
        return self.digest(self.fact_hashes(), self.article_hashes())

    def fact_hashes(self) -> dict[str, str]:
        return {fact.id: fact_hash(fact) for fact in self.facts}

    def article_hashes(self) -> dict[str, str]:
        return {article_id: article_hash(a) for article_id, a in self.articles.items()}

    @staticmethod
    def digest(fact_hashes: dict[str, str], article_hashes: dict[str, str]) -> str:
        """`content_hash` from hashes already worked out (a build stores them too)."""
        digest = hashlib.sha256()
        for article_id in sorted(article_hashes):
            digest.update(article_hashes[article_id].encode())
        for fact_id in sorted(fact_hashes):
            digest.update(fact_hashes[fact_id].encode())
        return digest.hexdigest()


# pydantic's own JSON: fields in declaration order, so the same content hashes the same.
def fact_hash(fact: Fact) -> str:
    return hashlib.sha256(fact.model_dump_json().encode()).hexdigest()


def article_hash(article: Article) -> str:
    return hashlib.sha256(article.model_dump_json().encode()).hexdigest()


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _files(folder: Path, suffixes: Iterable[str]) -> list[Path]:
    if not folder.is_dir():
        return []
    wanted = tuple(suffixes)
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.endswith(wanted))


def _parse(text: str) -> tuple[Any, list[int]]:
    """The YAML data and the line (1-based) of each `facts:` entry, from one parse."""
    loader = YamlLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, []
        data = construct(loader, root)
    finally:
        loader.dispose()
    lines: list[int] = []
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if getattr(key, "value", None) == "facts" and isinstance(value, yaml.SequenceNode):
                lines = [item.start_mark.line + 1 for item in value.value]
    return data, lines


def _field_name(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(file)"


def parse_fact_file(path: Path, display: str) -> tuple[str | None, list[Fact], list[Problem]]:
    """Parse one fact file; keep every valid fact even when siblings are broken."""
    problems: list[Problem] = []

    def error(message: str, **where: Any) -> None:
        problems.append(Problem(Severity.ERROR, display, message, **where))

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        error(f"cannot read the file: {exc}")
        return None, [], problems
    try:
        raw, lines = _parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        error(f"not valid YAML: {reason}", line=mark.line + 1 if mark is not None else None)
        return None, [], problems
    if not isinstance(raw, dict):
        error("a fact file is a mapping with 'article' and 'facts'")
        return None, [], problems

    raw_facts = raw.get("facts")
    entries: list[FactEntry] = []
    if isinstance(raw_facts, list):
        for index, item in enumerate(raw_facts):
            line = lines[index] if index < len(lines) else None
            fact_id = item.get("id") if isinstance(item, dict) else None
            try:
                entries.append(FactEntry.model_validate(item))
            except ValidationError as exc:
                for err in exc.errors():
                    error(
                        err["msg"],
                        fact_id=str(fact_id) if fact_id is not None else f"#{index + 1}",
                        field=_field_name(err["loc"]),
                        line=line,
                    )
    try:
        # Validate the envelope with placeholder facts so per-fact errors are not repeated.
        envelope = FactFile.model_validate({**raw, "facts": entries or raw_facts})
    except ValidationError as exc:
        for err in exc.errors():
            if err["loc"] and err["loc"][0] == "facts" and len(err["loc"]) > 1:
                continue
            error(err["msg"], field=_field_name(err["loc"]))
        article_id = raw.get("article") if isinstance(raw.get("article"), str) else None
    else:
        article_id = envelope.article
    if article_id is None:
        return None, [], problems
    if path.stem != article_id:
        error(f"the file for article {article_id!r} must be named {article_id}.yaml")
    # Each entry is validated already: building the Fact without validating it again halves
    # the cost of loading a large base.
    facts = [
        Fact.model_construct(
            _fields_set={*entry.model_fields_set, "article_id"},
            **dict(entry),
            article_id=article_id,
        )
        for entry in entries
    ]
    return article_id, facts, problems


def count_source_files(seeds_dir: Path, facts_dir: Path) -> int:
    return len(_files(seeds_dir, (SEED_SUFFIX,))) + len(_files(facts_dir, FACT_SUFFIXES))


def load_sources(
    seeds_dir: Path, facts_dir: Path, on_file: Callable[[str], None] | None = None
) -> FactSources:
    """Load and cross-check every seed and fact file; `on_file` hears of each file read."""
    with collector_paused():
        return _load_sources(seeds_dir, facts_dir, on_file)


def _load_sources(
    seeds_dir: Path, facts_dir: Path, on_file: Callable[[str], None] | None
) -> FactSources:
    sources = FactSources()
    problems = sources.problems
    seed_files: dict[str, str] = {}
    for path in _files(seeds_dir, (SEED_SUFFIX,)):
        seed_files[path.stem] = _display(path, seeds_dir)
        article, found = parse_seed(path, seed_files[path.stem])
        if on_file is not None:
            on_file(path.name)
        problems.extend(found)
        if article is not None:
            sources.articles[article.id] = article
    if not sources.articles and sources.ok:
        problems.append(Problem(Severity.ERROR, str(seeds_dir), "no seed articles found"))

    fact_files: dict[str, str] = {}
    located: dict[str, str] = {}
    # Each article body squashed once: quotes are checked against it for every fact.
    squashed: dict[str, _Body] = {}
    for path in _files(facts_dir, FACT_SUFFIXES):
        display = _display(path, facts_dir)
        article_id, facts, found = parse_fact_file(path, display)
        if on_file is not None:
            on_file(path.name)
        problems.extend(found)
        if article_id is None:
            continue
        if article_id in fact_files:
            problems.append(
                Problem(
                    Severity.ERROR,
                    display,
                    f"article {article_id!r} already has facts in {fact_files[article_id]}",
                    field="article",
                )
            )
            continue
        fact_files[article_id] = display
        article = sources.articles.get(article_id)
        if article is None:
            problems.append(
                Problem(
                    Severity.ERROR,
                    display,
                    f"unknown article id {article_id!r}: no seeds/{article_id}{SEED_SUFFIX}",
                    field="article",
                )
            )
        for fact in facts:
            if fact.id in located:
                problems.append(
                    Problem(
                        Severity.ERROR,
                        display,
                        f"duplicate fact id, first defined in {located[fact.id]}",
                        fact_id=fact.id,
                        field="id",
                    )
                )
                continue
            located[fact.id] = display
            sources.facts.append(fact)
            if article is not None:
                body = squashed.get(article.id)
                if body is None:
                    body = squashed[article.id] = _Body(squash(article.body))
                problems.extend(_check_against_article(fact, article.id, body, display))

    problems.extend(_check_cross_references(sources.facts, located))
    for article_id in sources.articles:
        if article_id not in fact_files:
            problems.append(
                Problem(
                    Severity.WARNING,
                    seed_files.get(article_id, article_id),
                    "this article has no fact file yet",
                )
            )
    return sources


class _Body:
    """An article's squashed text, searched for quotes from where the last one was found:
    curators quote an article in order, so in a long article most searches are short."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._last = 0

    def __contains__(self, quote: str) -> bool:
        at = self.text.find(quote, self._last)
        if at < 0:
            at = self.text.find(quote, 0, self._last + len(quote))
        if at < 0:
            return False
        self._last = at
        return True


def _check_against_article(
    fact: Fact, article_id: str, squashed_body: _Body, display: str
) -> list[Problem]:
    found: list[Problem] = []
    if squash(fact.quote) not in squashed_body:
        found.append(
            Problem(
                Severity.ERROR,
                display,
                f"quote does not appear verbatim in article {article_id}",
                fact_id=fact.id,
                field="quote",
            )
        )
    quote = f" {normalize(fact.quote)} "
    if not any(f" {normalize(answer)} " in quote for answer in fact.accepted_answers):
        found.append(
            Problem(
                Severity.WARNING,
                display,
                "neither the answer nor any alias appears in the quote",
                fact_id=fact.id,
                field="answer",
            )
        )
    return found


def _check_cross_references(facts: list[Fact], located: dict[str, str]) -> list[Problem]:
    found: list[Problem] = []
    asked_by: dict[str, str] = {}
    for fact in facts:
        display = located[fact.id]
        if fact.superseded_by is not None and fact.superseded_by not in located:
            found.append(
                Problem(
                    Severity.ERROR,
                    display,
                    f"superseded_by names unknown fact {fact.superseded_by!r}",
                    fact_id=fact.id,
                    field="superseded_by",
                )
            )
        answers = {normalize(a) for a in fact.accepted_answers}
        for position, question in enumerate(fact.questions):
            key = normalize(question)
            owner = asked_by.setdefault(key, fact.id)
            if owner != fact.id:
                found.append(
                    Problem(
                        Severity.ERROR,
                        display,
                        f"question {question!r} is also a phrasing of fact {owner}",
                        fact_id=fact.id,
                        field=f"questions.{position}",
                    )
                )
            if any(f" {a} " in f" {key} " for a in answers if len(a) > 3):
                found.append(
                    Problem(
                        Severity.WARNING,
                        display,
                        f"question {question!r} contains its own answer",
                        fact_id=fact.id,
                        field=f"questions.{position}",
                    )
                )
            # The matcher cuts facts whose kind does not fit a question's ask, so a phrasing
            # that asks "who" of a date fact works against its own fact.
            slot = detect_slot(key)
            if not compatible(slot, fact.kind):
                found.append(
                    Problem(
                        Severity.WARNING,
                        display,
                        f"question {question!r} asks {slot.value!r} but the answer is a "
                        f"{fact.kind.value}",
                        fact_id=fact.id,
                        field=f"questions.{position}",
                    )
                )
    return found
