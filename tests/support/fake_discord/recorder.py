"""Every REST request the bot makes, as the tests see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RecordedRequest:
    method: str
    path: str  # relative to /api/v10, e.g. "/channels/123/messages"
    query: dict[str, str]
    json: Any  # parsed JSON body, or the parsed ``payload_json`` part of a multipart body
    time: float  # loop.time() when the request arrived
    route: str = "unknown"  # the fake's name for the endpoint, e.g. "create_message"
    params: dict[str, str] = field(
        default_factory=dict
    )  # path parameters, e.g. {"channel_id": "123"}
    files: list[dict[str, Any]] = field(
        default_factory=list
    )  # multipart uploads: field, filename, content_type, size
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 0
    response: Any = None

    @property
    def error_code(self) -> int | None:
        """Discord's JSON error code when the fake answered with an error."""
        if self.status >= 400 and isinstance(self.response, dict):
            return self.response.get("code")
        return None

    def short(self) -> str:
        return f"{self.method} {self.path} -> {self.status} ({self.route})"
