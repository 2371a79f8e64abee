"""Seed articles: one text file each, YAML front matter then the article body verbatim.

The body is kept byte for byte as published because every fact's quote must be found in it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from bot.core.models import Article
from bot.core.problems import Problem, Severity

# libyaml's C loader when PyYAML was built with it: YAML parses about ten times faster.
YamlLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SEED_SUFFIX = ".txt"


_OPENING = re.compile(r"\A---\r?\n")
_CLOSING = re.compile(r"\r?\n---\r?\n")


def split_front_matter(text: str) -> tuple[str, str] | None:
    """Return (front matter, body) or None when the file does not start with a fence.

    The body is returned exactly as stored (line endings included): quotes are checked
    against it, and the article must stay as published.
    """
    opening = _OPENING.match(text)
    if opening is None:
        return None
    closing = _CLOSING.search(text, opening.end() - 1)
    if closing is None:
        return None
    return text[opening.end() : closing.start() + 1], text[closing.end() :]


def parse_seed(path: Path, display: str) -> tuple[Article | None, list[Problem]]:
    def error(message: str, field: str | None = None, line: int | None = None) -> Problem:
        return Problem(Severity.ERROR, display, message, field=field, line=line)

    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [error(f"cannot read the file: {exc}")]
    parts = split_front_matter(text)
    if parts is None:
        return None, [
            error("a seed starts with a '---' line, its metadata, and another '---' line")
        ]
    header, body = parts
    try:
        meta = yaml.load(header, Loader=YamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        reason = getattr(exc, "problem", None) or "cannot be parsed"
        return None, [error(f"front matter is not valid YAML: {reason}", line=line)]
    if not isinstance(meta, dict):
        return None, [error("front matter must be a mapping of fields")]
    try:
        article = Article.model_validate({**meta, "body": body})
    except ValidationError as exc:
        return None, [
            error(err["msg"], field=".".join(str(p) for p in err["loc"])) for err in exc.errors()
        ]
    if article.id != path.stem:
        return None, [error(f"id {article.id!r} must match the file name {path.stem!r}", "id")]
    return article, []
