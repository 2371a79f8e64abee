"""Settings: environment and .env, one clear line per bad value, the token never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main
from bot.settings import SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("ATTACHE_") or name == "DISCORD_TOKEN":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_defaults_need_nothing() -> None:
    settings = load_settings()
    assert settings.discord_token is None
    assert settings.ask_rate == 5


def test_values_come_from_the_environment_and_dotenv(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("DISCORD_TOKEN=secret-token\nATTACHE_ASK_RATE=7\n")
    monkeypatch.setenv("ATTACHE_ADMIN_IDS", "1, 2,3")
    settings = load_settings()
    assert settings.ask_rate == 7
    assert settings.admin_ids == frozenset({1, 2, 3})
    assert settings.discord_token is not None
    assert "secret-token" not in repr(settings) and "secret-token" not in str(settings)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ATTACHE_ASK_RATE", "0"),
        ("ATTACHE_ADMIN_IDS", "12,abc"),
        ("ATTACHE_QUIZ_MODE", "poker"),
        ("ATTACHE_LOG_LEVEL", "loud"),
    ],
)
def test_a_bad_value_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        load_settings()
    assert main(["facts", "validate"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and name in err
    assert "Traceback" not in err
