"""Every setting in one typed place, read from the environment (prefix ATTACHE_) or `.env`.

A missing or malformed value stops start-up with one line naming it (see `load_settings`);
secrets are `SecretStr`, so they never appear in logs or reprs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.core.quiz.questions import QuizMode
from bot.core.quiz.session import MAX_ROUNDS, MAX_SECONDS, MIN_ROUNDS, MIN_SECONDS, QuizSettings


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
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(),
        description="User ids allowed to run admin commands, comma-separated.",
    )
    dev_guild_id: int | None = Field(
        default=None,
        description="A server to sync commands to at every start (instant, for development).",
    )
    message_content: bool = Field(
        default=True,
        description="Ask for the privileged message content intent (typed quiz answers).",
    )
    ask_rate: int = Field(default=5, ge=1, le=100, description="/ask uses allowed per window.")
    ask_per_seconds: float = Field(default=30.0, gt=0, le=3600, description="The /ask window.")
    # The bounds are the quiz engine's own: a default it would clamp is refused at start-up.
    quiz_rounds: int = Field(
        default=10, ge=MIN_ROUNDS, le=MAX_ROUNDS, description="Default questions a quiz."
    )
    quiz_seconds: float = Field(
        default=30.0, ge=MIN_SECONDS, le=MAX_SECONDS, description="Default seconds each."
    )
    quiz_mode: QuizMode = Field(default=QuizMode.FREE_TEXT, description="free, choice, truefalse")
    quiz_max_idle_rounds: int = Field(
        default=3, ge=1, le=20, description="Unanswered rounds before a quiz ends."
    )
    quiz_pause_seconds: float = Field(
        default=5.0, ge=0, le=60, description="Pause between questions."
    )
    user_rate: int = Field(default=10, ge=1, le=1000, description="Commands per user per window.")
    channel_rate: int = Field(
        default=30, ge=1, le=10000, description="Commands per channel per window."
    )
    answer_rate: int = Field(
        default=5, ge=1, le=1000, description="Typed quiz answers per user per window."
    )
    rate_per_seconds: float = Field(
        default=10.0, gt=0, le=3600, description="The rate-limit window."
    )
    semantic: bool = Field(
        default=True,
        description="Let sentence meaning confirm a match the words leave unsure (needs the"
        " model package; without it the bot answers from words alone).",
    )
    reload_watch_seconds: float = Field(
        default=30.0, ge=1, le=3600, description="How often to look for a build made elsewhere."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    def quiz_defaults(self) -> QuizSettings:
        """The quiz nobody chose options for. Discord and the console both start from this,
        so a setting changes a quiz the same way wherever it is played. (The pause between
        questions is the quiz service's, given at its construction: one source.)"""
        return QuizSettings(
            rounds=self.quiz_rounds,
            seconds=self.quiz_seconds,
            mode=self.quiz_mode,
            max_idle_rounds=self.quiz_max_idle_rounds,
        )

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(" ", "").split(",") if part)
        if isinstance(value, int):
            return frozenset({value})
        return value


class SettingsError(Exception):
    """One human-readable line per bad setting."""


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = ".".join(str(p) for p in error["loc"]) or "settings"
            env = "DISCORD_TOKEN" if name == "DISCORD_TOKEN" else f"ATTACHE_{name.upper()}"
            lines.append(f"setting {env}: {error['msg']}")
        raise SettingsError("; ".join(lines)) from exc
    except ValueError as exc:
        raise SettingsError(f"settings: {exc}") from exc
