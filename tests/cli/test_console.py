"""The console's quiz, driven through a real process's standard input."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMAND = [sys.executable, "-m", "bot", "console"]


def console_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    """The console's environment: only the settings given here (ATTACHE_ + name in capitals)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATTACHE_")}
    env.pop("DISCORD_TOKEN", None)
    env.update(
        PYTHONPATH=str(ROOT),
        ATTACHE_DATABASE=str(tmp_path / "console.sqlite3"),
        ATTACHE_SEEDS_DIR=str(ROOT / "seeds"),
        ATTACHE_FACTS_DIR=str(ROOT / "facts"),
        COLUMNS="200",
    )
    env.update({f"ATTACHE_{name.upper()}": value for name, value in settings.items()})
    return env


def run_console(tmp_path: Path, script: str, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        COMMAND,
        input=script,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=console_env(tmp_path, **settings),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )


def sessions(tmp_path: Path) -> list[tuple[str, int, int]]:
    """(id, channel, active) of every stored quiz session, oldest first."""
    with sqlite3.connect(tmp_path / "console.sqlite3") as db:
        return db.execute(
            "SELECT id, channel_id, active FROM quiz_sessions ORDER BY started_at, rowid"
        ).fetchall()


def test_a_quiz_in_the_console_asks_checks_and_ends(tmp_path: Path) -> None:
    done = run_console(tmp_path, "quiz 2 choice trade\nA\nB\nskip\nquit\n")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "Question 1 of 2" in done.stdout
    # The second key in round 1 is refused either way: one answer per question for
    # choices, or the round is already over because the first one was right.
    assert "One answer per question" in done.stdout or "No question is open" in done.stdout
    assert "Skipped! The answer:" in done.stdout or "Quiz over" in done.stdout
    assert "Quiz over" in done.stdout


def test_leaving_mid_quiz_does_not_leave_a_game_running(tmp_path: Path) -> None:
    done = run_console(tmp_path, "quiz 3\nquit\n")
    assert done.returncode == 0, done.stderr
    assert "Question 1 of 3" in done.stdout
    with sqlite3.connect(tmp_path / "console.sqlite3") as db:
        active = db.execute("SELECT COUNT(*) FROM quiz_sessions WHERE active = 1").fetchone()[0]
    assert active == 0
    again = run_console(tmp_path, "quiz 1\nstop\nquit\n")
    assert "Question 1 of 1" in again.stdout
    assert "Quiz over (stopped)" in again.stdout


def test_an_unknown_quiz_topic_is_explained(tmp_path: Path) -> None:
    done = run_console(tmp_path, "quiz cricket\nquit\n")
    assert done.returncode == 0
    assert "no questions on that topic" in done.stdout


def test_the_console_quiz_uses_the_quiz_settings(tmp_path: Path) -> None:
    done = run_console(
        tmp_path,
        "quiz\nstop\nquit\n",
        quiz_rounds="2",
        quiz_seconds="45",
        quiz_mode="choice",
    )
    assert done.returncode == 0, done.stderr
    assert "Question 1 of 2" in done.stdout
    assert "(45 s)" in done.stdout
    assert "  A. " in done.stdout and "  D. " in done.stdout  # multiple choice
    # What is typed after `quiz` still wins over the settings.
    again = run_console(tmp_path, "quiz 1 free\nstop\nquit\n", quiz_rounds="2", quiz_mode="choice")
    assert "Question 1 of 1" in again.stdout and "  A. " not in again.stdout


def test_a_console_killed_mid_quiz_leaves_the_next_one_a_clean_start(tmp_path: Path) -> None:
    process = subprocess.Popen(
        COMMAND,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        env=console_env(tmp_path),
        cwd=tmp_path,
    )
    try:
        assert process.stdin is not None
        process.stdin.write("quiz 3\n")
        process.stdin.flush()
        deadline = time.monotonic() + 60
        while not (tmp_path / "console.sqlite3").exists() or not _active(tmp_path):
            assert time.monotonic() < deadline, "the quiz never started"
            assert process.poll() is None, "the console exited early"
            time.sleep(0.1)
    finally:
        process.kill()  # no clean-up code runs: as with a closed terminal or kill -9
        process.wait(timeout=10)
        if process.stdin is not None:
            process.stdin.close()
    [(stale, _, active)] = sessions(tmp_path)
    assert active == 1, "the killed quiz is left active: the case this test is about"

    done = run_console(tmp_path, "quiz 1\nstop\nquit\n")
    assert done.returncode == 0, done.stderr
    assert "Question 1 of 1" in done.stdout
    assert "Quiz over (stopped)" in done.stdout
    rows = sessions(tmp_path)
    assert len(rows) == 2 and rows[0][0] == stale
    assert [active for _, _, active in rows] == [0, 0]


def _active(tmp_path: Path) -> bool:
    try:
        return any(active for _, _, active in sessions(tmp_path))
    except sqlite3.OperationalError:  # the schema is not migrated yet, or a write holds a lock
        return False
