"""bot/core/loading.py: every seed and fact file is read and cross-checked, and every problem
is reported at once with its file, fact id, field and (when known) line."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.core.loading import count_source_files, load_sources
from bot.core.problems import Problem, Severity
from bot.core.seeds import parse_seed
from bot.core.text import squash
from tests.support.factories import UK_SEED

ERROR, WARNING = Severity.ERROR, Severity.WARNING
SEED = "seeds/test_article.txt"
FACTS = "facts/test_article.yaml"


UK_FACT: dict[str, Any] = {
    "id": "cameron-post",
    "answer": "Foreign Secretary",
    "kind": "position",
    "questions": ["What is David Cameron's post?", "Which job does Cameron hold?", "Cameron role?"],
    "quote": "British Foreign Secretary David Cameron spoke to Wang Yi",
    "topics": ["uk"],
    "as_of": "2024-03-01",
}

Where = tuple[Severity, str, str | None, str | None]


def where(problem: Problem) -> Where:
    return (problem.severity, problem.file, problem.fact_id, problem.field)


def wheres(problems: list[Problem]) -> list[Where]:
    return [where(p) for p in problems]


@pytest.fixture
def load(
    make_sources: Callable[..., tuple[Path, Path]],
    seed_text: str,
    fact_file_text: Callable[..., str],
) -> Callable[..., Any]:
    """`load(facts, seeds=None)`: write the folders (default seed: `seed_text`) and load them.

    `facts` maps a file name to either YAML text or a list of fact entries to dump.
    """

    def run(facts: dict[str, Any], seeds: dict[str, str] | None = None):
        texts = {
            name: value if isinstance(value, str) else fact_file_text(value, Path(name).stem)
            for name, value in facts.items()
        }
        seeds_dir, facts_dir = make_sources(
            {"test_article.txt": seed_text} if seeds is None else seeds, texts
        )
        return load_sources(seeds_dir, facts_dir)

    return run


def test_valid_sources_load_without_problems(load, valid_facts) -> None:
    sources = load({"test_article.yaml": valid_facts})
    assert sources.problems == []
    assert sources.ok
    assert list(sources.articles) == ["test_article"]
    assert [f.id for f in sources.facts] == ["lavrov-post", "lavrov-xi-meeting-city", "trade-value"]
    assert all(f.article_id == "test_article" for f in sources.facts)


# --- one test per kind of problem -------------------------------------------------------------


def test_yaml_syntax_error_reports_its_line(load) -> None:
    text = (
        "article: test_article\n"
        "facts:\n"
        "  - id: lavrov-post\n"
        "    answer: Russian: Foreign Minister\n"
        "    kind: position\n"
    )
    sources = load({"test_article.yaml": text})
    assert wheres(sources.errors) == [(ERROR, FACTS, None, None)]
    error = sources.errors[0]
    assert error.line == 4
    assert "not valid YAML" in error.message
    assert sources.facts == []
    # The article is left without facts, which is reported too.
    assert wheres(sources.warnings) == [(WARNING, SEED, None, None)]


def test_schema_error_in_one_fact_keeps_its_siblings(load, valid_facts, fact_file_text) -> None:
    valid_facts[1]["questions"] = valid_facts[1]["questions"][:2]
    text = fact_file_text(valid_facts)
    sources = load({"test_article.yaml": text})
    assert wheres(sources.problems) == [(ERROR, FACTS, "lavrov-xi-meeting-city", "questions")]
    entry_line = text.splitlines().index("- id: lavrov-xi-meeting-city") + 1
    assert sources.problems[0].line == entry_line
    assert [f.id for f in sources.facts] == ["lavrov-post", "trade-value"]


def test_fact_without_id_is_named_by_its_position(load, valid_facts) -> None:
    del valid_facts[2]["id"]
    sources = load({"test_article.yaml": valid_facts})
    assert wheres(sources.problems) == [(ERROR, FACTS, "#3", "id")]
    assert sources.problems[0].message == "Field required"


def test_extra_field_is_reported_with_its_name(load, valid_facts) -> None:
    valid_facts[2]["qoute"] = "a typo"
    sources = load({"test_article.yaml": valid_facts})
    assert wheres(sources.problems) == [(ERROR, FACTS, "trade-value", "qoute")]


def test_envelope_errors_are_reported_once(load) -> None:
    sources = load({"test_article.yaml": "article: test_article\nfacts: not a list\n"})
    assert wheres(sources.errors) == [(ERROR, FACTS, None, "facts")]


def test_duplicate_fact_id_across_two_files(load, valid_facts, seed_text) -> None:
    uk_fact = {**UK_FACT, "id": "lavrov-post"}
    sources = load(
        {"test_article.yaml": valid_facts, "uk_article.yaml": [uk_fact]},
        seeds={"test_article.txt": seed_text, "uk_article.txt": UK_SEED},
    )
    assert wheres(sources.problems) == [(ERROR, "facts/uk_article.yaml", "lavrov-post", "id")]
    assert FACTS in sources.problems[0].message  # names where it was first defined
    assert sum(f.id == "lavrov-post" for f in sources.facts) == 1


def test_quote_not_verbatim_in_the_article(load, valid_facts) -> None:
    valid_facts[0]["quote"] = "Foreign Minister Sergei Lavrov met President Xi Jinping"
    sources = load({"test_article.yaml": valid_facts})
    assert wheres(sources.problems) == [(ERROR, FACTS, "lavrov-post", "quote")]
    assert "test_article" in sources.problems[0].message


def test_quote_matching_after_whitespace_and_quote_folding_is_accepted(
    load, valid_facts, seed_text
) -> None:
    # In the body: a paragraph break ("\n\n") and a curly apostrophe ("ministers’").
    quote = (
        "up 26% on the year before. Lavrov also met his counterpart Wang Yi,"
        "   and the ministers' talks lasted two days"
    )
    assert quote not in seed_text
    valid_facts[2]["quote"] = quote
    valid_facts[2]["answer"] = "26%"
    del valid_facts[2]["aliases"]
    sources = load({"test_article.yaml": valid_facts})
    assert sources.problems == []


def test_quotes_are_found_in_any_order_and_repeated(load, valid_facts) -> None:
    """Quotes are searched from where the last one was found; one earlier in the article,
    or the same sentence again, must still be found."""
    last, first = valid_facts[2], valid_facts[0]
    repeat = {**first, "id": "lavrov-post-again", "questions": ["Lavrov's title?", "a?", "b?"]}
    sources = load({"test_article.yaml": [last, first, repeat, valid_facts[1]]})
    assert [p for p in sources.problems if p.field == "quote"] == []
    missing = {**repeat, "id": "made-up", "quote": "Russian Foreign Minister Sergei Lavrov met"}
    missing["quote"] += " nobody"
    sources = load({"test_article.yaml": [last, first, missing]})
    assert [w for w in wheres(sources.problems) if w[3] == "quote"] == [
        (ERROR, FACTS, "made-up", "quote")
    ]


def test_quote_is_not_matched_across_a_changed_letter_case(load, valid_facts) -> None:
    valid_facts[1]["quote"] = "met chinese president xi jinping in beijing on tuesday"
    sources = load({"test_article.yaml": valid_facts})
    assert wheres(sources.problems) == [(ERROR, FACTS, "lavrov-xi-meeting-city", "quote")]


def test_unknown_article_id(load, valid_facts, fact_file_text) -> None:
    sources = load({"ghost.yaml": fact_file_text(valid_facts, "ghost")})
    assert wheres(sources.errors) == [(ERROR, "facts/ghost.yaml", None, "article")]
    assert "'ghost'" in sources.errors[0].message
    assert wheres(sources.warnings) == [(WARNING, SEED, None, None)]


def test_file_name_not_matching_article_id(load, valid_facts, fact_file_text) -> None:
    sources = load({"wrong_name.yaml": fact_file_text(valid_facts, "test_article")})
    assert wheres(sources.problems) == [(ERROR, "facts/wrong_name.yaml", None, None)]
    assert "test_article.yaml" in sources.problems[0].message


def test_answer_not_in_quote_nor_aliases_is_a_warning(load, valid_facts) -> None:
    valid_facts[2]["quote"] = "The two sides said trade reached"
    sources = load({"test_article.yaml": valid_facts})
    assert wheres(sources.problems) == [(WARNING, FACTS, "trade-value", "answer")]
    assert sources.ok


def test_answer_found_through_an_alias_is_fine(load, valid_facts) -> None:
    valid_facts[0]["answer"] = "Russia's top diplomat"
    valid_facts[0]["aliases"] = ["Russian Foreign Minister"]
    sources = load({"test_article.yaml": valid_facts})
    assert sources.problems == []


def test_superseded_by_unknown_id(load, valid_facts) -> None:
    valid_facts[1]["superseded_by"] = "no-such-fact"
    sources = load({"test_article.yaml": valid_facts})
    assert wheres(sources.problems) == [(ERROR, FACTS, "lavrov-xi-meeting-city", "superseded_by")]
    assert "'no-such-fact'" in sources.problems[0].message


def test_same_question_phrasing_in_two_facts(load, valid_facts) -> None:
    # Differs only by case, the apostrophe and punctuation: the same phrasing once normalised.
    valid_facts[1]["questions"][2] = "what is LAVROV’S job"
    sources = load({"test_article.yaml": valid_facts})
    assert wheres(sources.problems) == [(ERROR, FACTS, "lavrov-xi-meeting-city", "questions.2")]
    assert "lavrov-post" in sources.problems[0].message


def test_question_containing_its_own_answer_is_a_warning(load, valid_facts) -> None:
    valid_facts[1]["questions"][0] = "Did Lavrov meet Xi Jinping in Beijing?"
    sources = load({"test_article.yaml": valid_facts})
    assert wheres(sources.problems) == [(WARNING, FACTS, "lavrov-xi-meeting-city", "questions.0")]
    assert sources.ok


def test_question_asking_for_another_kind_of_answer_is_a_warning(load, valid_facts) -> None:
    valid_facts[1]["questions"][0] = "When did Lavrov meet Xi Jinping?"  # the answer is a city
    sources = load({"test_article.yaml": valid_facts})
    assert wheres(sources.problems) == [(WARNING, FACTS, "lavrov-xi-meeting-city", "questions.0")]
    assert "asks 'when' but the answer is a place" in sources.problems[0].message
    assert sources.ok


def test_short_answers_inside_questions_are_not_flagged(load, valid_facts) -> None:
    # Answers of three characters or fewer ("USD") are too common to count as an echo.
    valid_facts[2]["aliases"] = ["USD", "240 billion dollars"]
    valid_facts[2]["questions"][0] = "How much was the trade worth in USD?"
    sources = load({"test_article.yaml": valid_facts})
    assert sources.problems == []


def test_seed_without_fact_file_is_a_warning(load) -> None:
    sources = load({})
    assert wheres(sources.problems) == [(WARNING, SEED, None, None)]
    assert "no fact file" in sources.problems[0].message
    assert sources.ok
    assert list(sources.articles) == ["test_article"]


def test_seed_without_fact_file_names_the_real_seed_path(tmp_path: Path, seed_text) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "test_article.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "facts").mkdir()
    sources = load_sources(articles, tmp_path / "facts")
    assert [p.file for p in sources.problems] == ["articles/test_article.txt"]


def test_two_files_for_one_article(load, valid_facts) -> None:
    other = copy.deepcopy(valid_facts[:1])
    other[0]["id"] = "lavrov-post-copy"
    other[0]["questions"] = ["Lavrov's title?", "Lavrov's office?", "Lavrov's role in Moscow?"]
    sources = load({"test_article.yaml": valid_facts, "test_article.yml": other})
    assert wheres(sources.problems) == [(ERROR, "facts/test_article.yml", None, "article")]
    assert FACTS in sources.problems[0].message
    assert "lavrov-post-copy" not in {f.id for f in sources.facts}


def test_no_seed_articles_at_all(load, valid_facts) -> None:
    sources = load({}, seeds={})
    assert [p.severity for p in sources.problems] == [ERROR]
    assert "no seed articles" in sources.problems[0].message


def test_broken_seed_is_reported_and_its_facts_have_no_article(load, valid_facts) -> None:
    sources = load({"test_article.yaml": valid_facts}, seeds={"test_article.txt": "no fences"})
    assert wheres(sources.problems) == [
        (ERROR, SEED, None, None),
        (ERROR, FACTS, None, "article"),
    ]


# --- every problem at once --------------------------------------------------------------------


def test_all_problems_are_reported_at_once(load, valid_facts, seed_text) -> None:
    valid_facts[0]["id"] = "Lavrov_Post"  # schema: bad id
    valid_facts[1]["quote"] = "This sentence is not in the article."  # not verbatim
    valid_facts[2]["superseded_by"] = "nowhere"  # unknown reference
    bad_uk_fact = {**UK_FACT, "kind": "animal"}
    sources = load(
        {"test_article.yaml": valid_facts, "uk_article.yaml": [bad_uk_fact]},
        seeds={"test_article.txt": seed_text, "uk_article.txt": UK_SEED},
    )
    assert len(sources.errors) >= 3
    assert set(wheres(sources.errors)) >= {
        (ERROR, FACTS, "Lavrov_Post", "id"),
        (ERROR, FACTS, "lavrov-xi-meeting-city", "quote"),
        (ERROR, FACTS, "trade-value", "superseded_by"),
        (ERROR, "facts/uk_article.yaml", "cameron-post", "kind"),
    }
    assert not sources.ok


# --- hashing, callbacks, counting -------------------------------------------------------------


def test_content_hash_is_stable_and_tracks_edits(load, valid_facts) -> None:
    first = load({"test_article.yaml": valid_facts}).content_hash
    assert load({"test_article.yaml": valid_facts}).content_hash == first
    valid_facts[0]["difficulty"] = "hard"
    assert load({"test_article.yaml": valid_facts}).content_hash != first


def test_on_file_hears_every_file_and_count_matches(
    make_sources, seed_text, fact_file_text, valid_facts
) -> None:
    seeds_dir, facts_dir = make_sources(
        {"test_article.txt": seed_text, "uk_article.txt": UK_SEED, "notes.md": "ignored"},
        {"test_article.yaml": fact_file_text(valid_facts), "README": "ignored"},
    )
    heard: list[str] = []
    load_sources(seeds_dir, facts_dir, heard.append)
    assert heard == ["test_article.txt", "uk_article.txt", "test_article.yaml"]
    assert count_source_files(seeds_dir, facts_dir) == 3


# --- the real repository ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_sources():
    root = Path(__file__).resolve().parents[2]
    return load_sources(root / "seeds", root / "facts")


def test_real_sources_have_no_errors_and_no_warnings(real_sources) -> None:
    assert [str(p) for p in real_sources.problems] == []


def test_real_sources_are_substantial_and_well_formed(real_sources) -> None:
    facts = real_sources.facts
    assert len(facts) >= 60
    assert all(len(f.questions) >= 3 for f in facts)
    ids = [f.id for f in facts]
    assert len(ids) == len(set(ids))
    for fact in facts:
        body = real_sources.articles[fact.article_id].body
        assert squash(fact.quote) in squash(body), fact.id


def test_real_seed_body_equals_the_shared_original(project_root: Path) -> None:
    original = project_root.parent / "shared" / "seeds" / "000_e8bc1a953be82026.txt"
    if not original.is_file():
        pytest.skip(f"no shared original at {original}")
    article, problems = parse_seed(
        project_root / "seeds" / "000_e8bc1a953be82026.txt", "seeds/000_e8bc1a953be82026.txt"
    )
    assert problems == []
    assert article is not None
    assert article.body.encode("utf-8") == original.read_bytes()
