"""Validation findings, collected rather than raised so a curator sees every problem at once."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    severity: Severity
    file: str
    message: str
    fact_id: str | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.fact_id:
            parts.append(f"fact {self.fact_id}")
        if self.field:
            parts.append(f"field {self.field}")
        return f"{self.severity}: {' | '.join(parts)}: {self.message}"


class FactBaseInvalid(Exception):
    """Raised when a build is refused; carries every error so adapters can list them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity is Severity.ERROR]
        super().__init__(f"{len(errors)} error(s) in the fact files")
