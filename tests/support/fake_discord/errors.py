"""Errors: Discord-shaped API errors raised inside REST handlers, and the test-facing timeout."""

from __future__ import annotations

from typing import Any

# Discord JSON error codes the fake uses.
UNKNOWN_CHANNEL = 10003
UNKNOWN_MESSAGE = 10008
UNKNOWN_USER = 10013
UNKNOWN_WEBHOOK = 10015
UNKNOWN_APPLICATION_COMMAND = 10063
UNKNOWN_INTERACTION = 10062
ALREADY_ACKNOWLEDGED = 40060
CANNOT_SEND_EMPTY = 50006
INVALID_WEBHOOK_TOKEN = 50027
INVALID_FORM_BODY = 50035


class ApiError(Exception):
    """Raised by a REST handler; the server turns it into Discord's JSON error body."""

    def __init__(
        self, status: int, code: int, message: str, errors: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            body["errors"] = self.errors
        return body

    @classmethod
    def invalid_form(cls, errors: dict[str, Any]) -> ApiError:
        return cls(400, INVALID_FORM_BODY, "Invalid Form Body", errors)

    @classmethod
    def not_found(cls, code: int, message: str) -> ApiError:
        return cls(404, code, message)


class FakeDiscordTimeout(AssertionError):
    """A wait on the fake ran out of time: the bot did not do what the test expected."""
