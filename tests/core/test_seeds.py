"""bot/core/seeds.py: seed articles are YAML front matter plus a verbatim body."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from bot.core.problems import Problem, Severity
from bot.core.seeds import parse_seed, split_front_matter


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def parse(tmp_path: Path, text: str, name: str = "test_article.txt"):
    return parse_seed(write(tmp_path, name, text), f"seeds/{name}")


def only_error(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.severity is Severity.ERROR
    assert problem.file == "seeds/test_article.txt"
    assert problem.fact_id is None
    return problem


def test_valid_seed_parses_every_field(tmp_path: Path, seed_text: str) -> None:
    article, problems = parse(tmp_path, seed_text)
    assert problems == []
    assert article is not None
    assert article.id == "test_article"
    assert article.title == "Lavrov meets Xi in Beijing"
    assert article.section == "Diplomacy"
    assert article.published == dt.date(2024, 4, 9)
    assert article.published_precision == "day"
    assert article.source == "Test Wire"
    assert article.url == "https://example.org/lavrov-xi"
    assert article.published_note is None


def test_body_is_kept_byte_for_byte(tmp_path: Path, seed_text: str) -> None:
    article, _ = parse(tmp_path, seed_text)
    assert article is not None
    expected = seed_text.split("\n---\n", 1)[1]
    assert article.body == expected
    assert article.body.startswith("Russian Foreign Minister Sergei Lavrov")
    assert article.body.endswith("lasted two days.\n")
    assert "ministers’ talks" in article.body  # the curly apostrophe is not folded


def test_body_keeps_odd_whitespace_and_later_fences(tmp_path: Path) -> None:
    body = "\n  Indented line.\t\n\n---\nA rule above, a double  space here.\nNo final newline"
    text = "---\nid: test_article\ntitle: T\nsection: S\npublished: 2024-04-09\n---\n" + body
    article, problems = parse(tmp_path, text)
    assert problems == []
    assert article is not None
    assert article.body == body


def test_body_keeps_carriage_returns(tmp_path: Path) -> None:
    body = "First line.\r\nSecond line.\rThird line.\n"
    text = "---\nid: test_article\ntitle: T\nsection: S\npublished: 2024-04-09\n---\n" + body
    article, problems = parse(tmp_path, text)
    assert problems == []
    assert article is not None
    assert article.body == body


def test_split_front_matter() -> None:
    assert split_front_matter("---\na: 1\n---\nbody\n") == ("a: 1\n", "body\n")
    assert split_front_matter("no fence\n---\n") is None
    assert split_front_matter("---\na: 1\nno closing fence\n") is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Just an article body.\n", id="no-fence"),
        pytest.param("---\nid: test_article\ntitle: T\n", id="unclosed-fence"),
        pytest.param("\n---\nid: test_article\n---\nbody\n", id="fence-not-first-line"),
    ],
)
def test_missing_front_matter(tmp_path: Path, text: str) -> None:
    article, problems = parse(tmp_path, text)
    assert article is None
    problem = only_error(problems)
    assert "'---'" in problem.message
    assert problem.field is None


def test_bad_yaml_reports_the_line_in_the_file(tmp_path: Path) -> None:
    text = "---\nid: test_article\ntitle: a: b\nsection: S\npublished: 2024-04-09\n---\nbody\n"
    article, problems = parse(tmp_path, text)
    assert article is None
    problem = only_error(problems)
    assert problem.line == 3  # "title: a: b" is the file's third line
    assert "not valid YAML" in problem.message
    assert str(problem).startswith("error: seeds/test_article.txt:3:")


def test_bad_yaml_message_names_no_other_line(tmp_path: Path) -> None:
    text = "---\nid: test_article\ntitle: a: b\nsection: S\npublished: 2024-04-09\n---\nbody\n"
    _, problems = parse(tmp_path, text)
    problem = only_error(problems)
    assert set(re.findall(r"line (\d+)", problem.message)) <= {"3"}


def test_front_matter_must_be_a_mapping(tmp_path: Path) -> None:
    article, problems = parse(tmp_path, "---\n- id\n- title\n---\nbody\n")
    assert article is None
    assert "mapping" in only_error(problems).message


def test_missing_fields_are_each_reported(tmp_path: Path) -> None:
    article, problems = parse(tmp_path, "---\nid: test_article\n---\nbody\n")
    assert article is None
    assert all(p.severity is Severity.ERROR for p in problems)
    assert all(p.file == "seeds/test_article.txt" for p in problems)
    assert {p.field for p in problems} == {"title", "section", "published"}
    assert all(p.message == "Field required" for p in problems)


def test_empty_body_is_refused(tmp_path: Path) -> None:
    text = "---\nid: test_article\ntitle: T\nsection: S\npublished: 2024-04-09\n---\n"
    article, problems = parse(tmp_path, text)
    assert article is None
    assert only_error(problems).field == "body"


def test_bad_field_value(tmp_path: Path) -> None:
    text = "---\nid: test_article\ntitle: T\nsection: S\npublished: someday\n---\nbody\n"
    article, problems = parse(tmp_path, text)
    assert article is None
    assert only_error(problems).field == "published"


def test_id_must_match_file_name(tmp_path: Path, seed_text: str) -> None:
    article, problems = parse_seed(write(tmp_path, "other_name.txt", seed_text), "seeds/x.txt")
    assert article is None
    assert len(problems) == 1
    problem = problems[0]
    assert problem.severity is Severity.ERROR
    assert problem.file == "seeds/x.txt"
    assert problem.field == "id"
    assert "'test_article'" in problem.message
    assert "'other_name'" in problem.message


def test_unreadable_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "test_article.txt"
    path.write_bytes(b"---\nid: \xff\xfe\n---\nbody\n")
    article, problems = parse_seed(path, "seeds/test_article.txt")
    assert article is None
    assert "cannot read" in only_error(problems).message
