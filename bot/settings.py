"""Every setting in one typed place, read from the environment (prefix ATTACHE_) or `.env`.

A missing or malformed value stops start-up with one line naming it (see `load_settings`);
secrets are `SecretStr`, so they never appear in logs or reprs.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ATTACHE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    discord_token: SecretStr | None = Field(
        default=None,
        validation_alias="DISCORD_TOKEN",
        description="The bot token; without it `attache run` starts the terminal console.",
    )
    database: Path = Field(default=Path("data/attache.sqlite3"), description="SQLite file.")
    facts_dir: Path = Field(default=Path("facts"), description="Curated fact files.")
    seeds_dir: Path = Field(default=Path("seeds"), description="Source articles.")


class SettingsError(Exception):
    """One human-readable line per bad setting."""


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = ".".join(str(p) for p in error["loc"]) or "settings"
            lines.append(f"setting {name}: {error['msg']}")
        raise SettingsError("; ".join(lines)) from exc
