"""bot/cli/main.py: the `attache` command, run in-process (and `console` as a real process)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli.main import EXIT_BAD_INPUT, EXIT_ERROR, EXIT_NOT_ANSWERED, EXIT_OK, main
from bot.core.answers import AnswerService, Status
from bot.core.factbase import rebuild
from bot.core.loading import load_sources
from bot.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "000_e8bc1a953be82026"
FACT_FILE = f"facts/{ARTICLE}.yaml"
LAVROV = "sergei-lavrov-foreign-minister"
BROKEN_FACT = "chen-wenqing-top-security-official"
REAL_QUOTE = 'quote: "China’s top security official Chen Wenqing will visit Russia"'


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def all(self) -> str:
        return self.out + self.err


Cli = Callable[..., Run]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No setting leaks in from the caller's environment or a `.env` in the working directory."""
    for name in list(os.environ):
        if name.startswith("ATTACHE_") or name == "DISCORD_TOKEN":
            monkeypatch.delenv(name)
    monkeypatch.setenv("COLUMNS", "400")  # rich must not wrap file names and ids
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "x.sqlite3"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db: Path) -> Cli:
    def run(
        *args: str, database: Path = db, seeds: Path = ROOT / "seeds", facts: Path = ROOT / "facts"
    ) -> Run:
        capsys.readouterr()
        code = main(
            [
                "--database",
                str(database),
                "--seeds-dir",
                str(seeds),
                "--facts-dir",
                str(facts),
                *args,
            ]
        )
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


@pytest.fixture(scope="module")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real fact base, built once for the read-only `ask` tests."""
    path = tmp_path_factory.mktemp("cli") / "built.sqlite3"

    async def build() -> None:
        async with await Store.open(path) as store:
            await rebuild(store, ROOT / "seeds", ROOT / "facts")

    asyncio.run(build())
    return path


@pytest.fixture
def copied_sources(tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the real seeds/ and facts/ that a test may break."""
    seeds, facts = tmp_path / "src" / "seeds", tmp_path / "src" / "facts"
    shutil.copytree(ROOT / "seeds", seeds)
    shutil.copytree(ROOT / "facts", facts)
    return seeds, facts


def break_a_quote(facts: Path) -> None:
    path = facts / f"{ARTICLE}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(REAL_QUOTE) == 1
    path.write_text(
        text.replace(REAL_QUOTE, 'quote: "A sentence that is not in the article."'),
        encoding="utf-8",
    )


def no_traceback(run: Run) -> None:
    assert "Traceback" not in run.all


def real_fact_count() -> int:
    return len(load_sources(ROOT / "seeds", ROOT / "facts").facts)


# --- facts validate / build / stats -----------------------------------------------------------


def test_facts_validate_ok(cli: Cli, db: Path) -> None:
    run = cli("facts", "validate")
    assert run.code == EXIT_OK
    assert run.out.startswith("OK ")
    assert f"{real_fact_count()} facts" in run.out
    assert "0 errors, 0 warnings" in run.out
    assert not db.exists()  # validating never touches the database


def test_facts_validate_broken_dir(cli: Cli, copied_sources: tuple[Path, Path]) -> None:
    seeds, facts = copied_sources
    break_a_quote(facts)
    run = cli("facts", "validate", seeds=seeds, facts=facts)
    assert run.code == EXIT_ERROR
    problem_lines = [line for line in run.out.splitlines() if line.startswith("error:")]
    assert len(problem_lines) == 1
    line = problem_lines[0]
    assert FACT_FILE in line
    assert f"fact {BROKEN_FACT}" in line
    assert "field quote" in line
    assert "Invalid" in run.out
    assert "1 errors" in run.out
    no_traceback(run)


def test_facts_build_then_stats(cli: Cli, db: Path) -> None:
    n = real_fact_count()
    build = cli("facts", "build")
    assert build.code == EXIT_OK
    assert f"Built the fact base: {n} facts" in build.out
    assert f"added {n}:" in build.out
    hash_prefix = re.search(r"hash ([0-9a-f]{12})", build.out)
    assert hash_prefix is not None

    again = cli("facts", "build")
    assert again.code == EXIT_OK
    assert "Fact base unchanged" in again.out

    stats = cli("facts", "stats")
    assert stats.code == EXIT_OK
    assert f"{n} facts from 1 articles" in stats.out
    assert f"hash {hash_prefix.group(1)}" in stats.out
    for table in ("facts by article", "facts by topic", "facts by kind", "facts by difficulty"):
        assert table in stats.out
    assert ARTICLE in stats.out
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT COUNT(*) FROM builds").fetchone() == (1,)


def table_rows(out: str, title: str) -> dict[str, int]:
    """The name -> count rows of one of `facts stats`'s tables, in the order shown."""
    section = out.split(title, 1)[1].split("└", 1)[0]
    rows = re.findall(r"│ (.+?) +│ +(\d+) │", section)
    return {name: int(count) for name, count in rows}


def test_facts_stats_counts_every_table_right(cli: Cli) -> None:
    stats = cli("facts", "stats")
    assert stats.code == EXIT_OK
    facts = load_sources(ROOT / "seeds", ROOT / "facts").facts
    expected = {
        "facts by topic": Counter(t for f in facts for t in f.topics),
        "facts by kind": Counter(f.kind.value for f in facts),
        "facts by difficulty": Counter(f.difficulty.value for f in facts),
    }
    for title, counts in expected.items():
        shown = table_rows(stats.out, title)
        assert shown == dict(counts), title
        assert list(shown.values()) == sorted(shown.values(), reverse=True), "most first"
    [(article, count)] = table_rows(stats.out, "facts by article").items()
    assert article.startswith(f"{ARTICLE}: ") and count == len(facts)


def test_broken_build_keeps_the_previous_build(
    cli: Cli, db: Path, copied_sources: tuple[Path, Path]
) -> None:
    seeds, facts = copied_sources
    first = cli("facts", "build", seeds=seeds, facts=facts)
    assert first.code == EXIT_OK
    hash_prefix = re.search(r"hash ([0-9a-f]{12})", first.out)
    assert hash_prefix is not None

    break_a_quote(facts)
    failed = cli("facts", "build", seeds=seeds, facts=facts)
    assert failed.code == EXIT_ERROR
    assert "not rebuilt" in failed.err
    assert "previous build is unchanged" in failed.err
    assert f"fact {BROKEN_FACT}" in failed.err
    no_traceback(failed)

    stats = cli("facts", "stats", seeds=seeds, facts=facts)
    assert stats.code == EXIT_OK
    assert f"{real_fact_count()} facts from 1 articles" in stats.out
    assert f"hash {hash_prefix.group(1)}" in stats.out
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT COUNT(*) FROM builds").fetchone() == (1,)


def test_first_use_with_broken_files_fails_cleanly(
    cli: Cli, copied_sources: tuple[Path, Path]
) -> None:
    seeds, facts = copied_sources
    break_a_quote(facts)
    run = cli("ask", "who is sergei lavrov", seeds=seeds, facts=facts)
    assert run.code == EXIT_ERROR
    assert "not rebuilt" in run.err
    no_traceback(run)


def test_garbage_database_is_a_clean_error(cli: Cli, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all\n" * 100)
    run = cli("facts", "stats", database=garbage)
    assert run.code == EXIT_ERROR
    assert "unusable" in run.err
    no_traceback(run)


# --- ask --------------------------------------------------------------------------------------


def test_ask_json_prints_one_object(cli: Cli, built_db: Path) -> None:
    run = cli("ask", "Who is the Russian Foreign Minister?", "--json", database=built_db)
    assert run.code == EXIT_OK
    lines = run.out.splitlines()
    assert len(lines) == 1
    payload = json.loads(lines[0])
    assert {"answer", "fact_id", "confidence", "suggestions"} <= payload.keys()
    assert payload["fact_id"] == LAVROV
    assert "Lavrov" in payload["answer"]
    assert 0 < payload["confidence"] <= 1
    assert isinstance(payload["suggestions"], list)


def test_ask_on_a_fresh_database_builds_first(cli: Cli, db: Path) -> None:
    run = cli("ask", "Who is the Russian Foreign Minister?", "--json")
    assert run.code == EXIT_OK
    assert json.loads(run.out)["fact_id"] == LAVROV  # stdout holds the JSON only
    assert "Built the fact base" in run.err
    assert db.is_file()


def test_ask_prints_the_answer_with_its_source(cli: Cli, built_db: Path) -> None:
    run = cli("ask", "Who is the Russian Foreign Minister?", database=built_db)
    assert run.code == EXIT_OK
    assert "Lavrov" in run.out
    assert f"fact {LAVROV}" in run.out
    assert "as of" in run.out


@pytest.mark.parametrize(
    ("question", "message"),
    [
        pytest.param("", "Ask me a question", id="empty"),
        pytest.param("   ", "Ask me a question", id="blank"),
        pytest.param("?!?...", "couldn't find any words", id="punctuation"),
        pytest.param("x" * 600, "too long", id="600-chars"),
        pytest.param("🙂🌍🙂", "couldn't find any words", id="emoji"),
        pytest.param("中国的外交部长是谁", "only read questions in English", id="chinese"),
    ],
)
def test_ask_bad_input_exits_2(cli: Cli, built_db: Path, question: str, message: str) -> None:
    run = cli("ask", question, database=built_db)
    assert run.code == EXIT_BAD_INPUT
    assert message in run.out
    no_traceback(run)


def test_ask_bad_input_as_json(cli: Cli, built_db: Path) -> None:
    run = cli("ask", "?!", "--json", database=built_db)
    assert run.code == EXIT_BAD_INPUT
    payload = json.loads(run.out)
    assert payload["status"] == "invalid"
    assert payload["message"]


def test_ask_without_a_question_exits_2(cli: Cli, built_db: Path) -> None:
    run = cli("ask", database=built_db)
    assert run.code == EXIT_BAD_INPUT
    assert "Give a question" in run.err


@pytest.mark.parametrize("question", ["what is the capital of France", "who painted the mona lisa"])
def test_unknown_question_exits_3(cli: Cli, built_db: Path, question: str) -> None:
    run = cli("ask", question, "--json", database=built_db)
    assert run.code == EXIT_NOT_ANSWERED
    payload = json.loads(run.out)
    assert payload["status"] in {"unknown", "unsure"}
    assert payload["fact_id"] is None
    assert payload["message"]


def test_ask_batch_skips_blank_lines(cli: Cli, built_db: Path, tmp_path: Path) -> None:
    batch = tmp_path / "questions.txt"
    batch.write_text(
        "Who is the Russian Foreign Minister?\n\nwho painted the mona lisa\n?!\n", encoding="utf-8"
    )
    run = cli("ask", "--batch", str(batch), database=built_db)
    assert run.code == EXIT_OK
    lines = run.out.splitlines()
    assert len(lines) == 3
    payloads = [json.loads(line) for line in lines]
    assert [p["question"] for p in payloads] == [
        "Who is the Russian Foreign Minister?",
        "who painted the mona lisa",
        "?!",
    ]
    assert [p["status"] for p in payloads] == ["answered", "unknown", "invalid"]
    assert payloads[0]["fact_id"] == LAVROV


def test_ask_batch_missing_file(cli: Cli, built_db: Path, tmp_path: Path) -> None:
    run = cli("ask", "--batch", str(tmp_path / "nope.txt"), database=built_db)
    assert run.code == EXIT_ERROR
    assert "Cannot read" in run.err
    no_traceback(run)


def test_ask_explain_prints_the_decision(cli: Cli, built_db: Path) -> None:
    run = cli("ask", "Who is the Russian Foreign Minister?", "--explain", database=built_db)
    assert run.code == EXIT_OK
    assert "decision: answer" in run.out
    assert "terms:" in run.out
    assert "asks:" in run.out
    table_rows = [line for line in run.out.splitlines() if LAVROV in line and "│" in line]
    assert table_rows, run.out


# --- console ----------------------------------------------------------------------------------


def test_console_in_a_real_process(tmp_path: Path, built_db: Path) -> None:
    db = tmp_path / "console.sqlite3"
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("ATTACHE_") and name != "DISCORD_TOKEN"
    }
    env.update(
        PYTHONPATH=str(ROOT),
        ATTACHE_DATABASE=str(db),
        ATTACHE_SEEDS_DIR=str(ROOT / "seeds"),
        ATTACHE_FACTS_DIR=str(ROOT / "facts"),
        COLUMNS="200",
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="who is sergei lavrov\nhelp\nquit\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert db.is_file()  # the console built the base it needed

    async def expected() -> str:
        async with await Store.open(built_db) as store:
            answer = AnswerService(await store.load()).ask("who is sergei lavrov")
        assert answer.status is Status.ANSWERED
        assert answer.fact is not None
        return answer.fact.answer

    assert asyncio.run(expected()) in done.stdout
    assert "Attaché console" in done.stdout
    assert "Commands:" in done.stdout  # the help text


def test_facts_gaps_lists_unanswered_questions_most_asked_first(cli: Cli) -> None:
    assert cli("facts", "gaps").out.strip() == "No unanswered questions recorded yet."
    for question in ("who won the 1998 world cup", "who won the 1998 world cup?", "best pizza?"):
        assert cli("ask", question).code == 3
    assert cli("ask", "Who is the Russian foreign minister?").code == 0
    listed = cli("facts", "gaps").out
    assert listed.index("1998 world cup") < listed.index("best pizza")
    assert "foreign minister" not in listed
    rows = [line for line in listed.splitlines() if "1998 world cup" in line]
    assert rows and rows[0].split("│")[1].strip() == "2"


def test_a_question_answered_by_meaning_is_offered_to_curators_as_a_phrasing(cli: Cli) -> None:
    """Its wording is one no phrasing covers: the gap log names the fact it belongs to."""
    assert cli("ask", "where's the brics summit this year? my friend swears it's brazil").code == 0
    listed = cli("facts", "gaps", "--limit", "5").out
    row = next(line for line in listed.splitlines() if "brics summit" in line)
    assert "by meaning" in row and "brics-summit-host-count" in row


def test_a_shell_build_is_recorded_in_the_reload_history(cli: Cli, db: Path) -> None:
    import sqlite3

    assert cli("facts", "build").code == 0
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT user_name, source, outcome FROM reload_log").fetchall()
    assert rows == [("shell", "cli", "ok")]
