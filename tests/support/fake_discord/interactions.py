"""Interaction lifecycle: one callback each, original response, followups, token expiry."""

# The test-facing API takes ``timeout=`` arguments on purpose (every wait is bounded).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from . import validation
from .errors import (
    ALREADY_ACKNOWLEDGED,
    INVALID_WEBHOOK_TOKEN,
    UNKNOWN_INTERACTION,
    UNKNOWN_MESSAGE,
    UNKNOWN_WEBHOOK,
    ApiError,
)
from .messages import CHAT_INPUT_COMMAND, DEFAULT, EPHEMERAL, LOADING, MessageStore
from .notify import Notifier
from .payloads import user_payload
from .world import FakeWorld

T = TypeVar("T")

# Interaction types.
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
# Callback types.
PONG, CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE = (
    1,
    4,
    5,
    6,
    7,
)
AUTOCOMPLETE_RESULT, MODAL, PREMIUM_REQUIRED, LAUNCH_ACTIVITY = 8, 9, 10, 12

ALLOWED_CALLBACKS = {
    PING: {PONG},
    APPLICATION_COMMAND: {
        CHANNEL_MESSAGE,
        DEFERRED_CHANNEL_MESSAGE,
        MODAL,
        PREMIUM_REQUIRED,
        LAUNCH_ACTIVITY,
    },
    MESSAGE_COMPONENT: {
        CHANNEL_MESSAGE,
        DEFERRED_CHANNEL_MESSAGE,
        DEFERRED_UPDATE_MESSAGE,
        UPDATE_MESSAGE,
        MODAL,
        PREMIUM_REQUIRED,
        LAUNCH_ACTIVITY,
    },
    AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
    MODAL_SUBMIT: {
        CHANNEL_MESSAGE,
        DEFERRED_CHANNEL_MESSAGE,
        DEFERRED_UPDATE_MESSAGE,
        UPDATE_MESSAGE,
        PREMIUM_REQUIRED,
    },
}

MessageHook = Callable[[str, dict[str, Any]], Awaitable[None]]


@dataclass
class InteractionRecord:
    """What happened to one interaction."""

    id: int
    token: str
    type: int
    payload: dict[str, Any]
    created: float
    channel_id: int | None
    source_message_id: int | None = None  # the message a component/modal was on
    callback: dict[str, Any] | None = None  # the accepted callback body: {"type": ..., "data": ...}
    callback_time: float | None = None
    rejected_callbacks: list[dict[str, Any]] = field(
        default_factory=list
    )  # bodies answered with an error
    original_message_id: int | None = None
    deferred: bool = False  # type 5: the first followup replaces the "thinking" message
    awaiting_first_followup: bool = False
    followups: list[dict[str, Any]] = field(default_factory=list)
    deleted_message_ids: list[int] = field(default_factory=list)

    @property
    def ephemeral(self) -> bool:
        data = (self.callback or {}).get("data") or {}
        return bool(int(data.get("flags") or 0) & EPHEMERAL)


class InteractionService:
    """Implements the interaction REST endpoints against the message store."""

    def __init__(
        self,
        world: FakeWorld,
        messages: MessageStore,
        notifier: Notifier,
        on_message_event: MessageHook,
        *,
        callback_ttl: float,
        token_ttl: float,
    ) -> None:
        self.world = world
        self.messages = messages
        self.notifier = notifier
        self.on_message_event = on_message_event
        self.callback_ttl = callback_ttl
        self.token_ttl = token_ttl
        self.records: dict[int, InteractionRecord] = {}
        self._by_token: dict[str, InteractionRecord] = {}

    def register(self, payload: dict[str, Any]) -> InteractionRecord:
        """Remember an interaction about to be dispatched (the same id twice = a redelivery)."""
        iid = int(payload["id"])
        if iid in self.records:
            return self.records[iid]
        channel_id = payload.get("channel_id") or (payload.get("channel") or {}).get("id")
        message = payload.get("message")
        record = InteractionRecord(
            id=iid,
            token=payload["token"],
            type=payload["type"],
            payload=payload,
            created=asyncio.get_running_loop().time(),
            channel_id=int(channel_id) if channel_id else None,
            source_message_id=int(message["id"]) if message else None,
        )
        self.records[iid] = record
        self._by_token[record.token] = record
        return record

    # -- callback ------------------------------------------------------------------------------
    async def callback(
        self, interaction_id: int, token: str, body: dict[str, Any], files: list[dict[str, Any]]
    ) -> dict[str, Any]:
        record = self.records.get(int(interaction_id))
        now = asyncio.get_running_loop().time()
        if record is None or record.token != token:
            raise ApiError.not_found(UNKNOWN_INTERACTION, "Unknown interaction")
        try:
            if now - record.created > self.callback_ttl:  # Discord's 3-second window
                raise ApiError.not_found(UNKNOWN_INTERACTION, "Unknown interaction")
            return await self._callback(record, body, files, now)
        except ApiError as exc:
            record.rejected_callbacks.append({"body": body, "status": exc.status, "code": exc.code})
            self.notifier.notify()
            raise

    async def _callback(
        self,
        record: InteractionRecord,
        body: dict[str, Any],
        files: list[dict[str, Any]],
        now: float,
    ) -> dict[str, Any]:
        if record.callback is not None:
            raise ApiError(400, ALREADY_ACKNOWLEDGED, "Interaction has already been acknowledged.")
        ctype = body.get("type")
        data = body.get("data") or {}
        if ctype not in ALLOWED_CALLBACKS.get(record.type, set()) or (
            ctype in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE) and record.source_message_id is None
        ):
            raise ApiError.invalid_form(
                {
                    "type": {
                        "_errors": [
                            {
                                "code": "INTERACTION_RESPONSE_TYPE_INVALID",
                                "message": "Interaction response type is invalid here",
                            }
                        ]
                    }
                }
            )
        if ctype == CHANNEL_MESSAGE:
            validation.check_message(data, prefix=("data",), creating=True, has_files=bool(files))
        elif ctype == UPDATE_MESSAGE:
            validation.check_message(data, prefix=("data",), creating=False)
        elif ctype == AUTOCOMPLETE_RESULT:
            validation.check_autocomplete(data)
        elif ctype == MODAL:
            validation.check_modal(data)

        message: dict[str, Any] | None = None
        if ctype == CHANNEL_MESSAGE:
            message = self._create(record, data, files, extra_flags=0)
        elif ctype == DEFERRED_CHANNEL_MESSAGE:
            message = self._create(
                record, {"flags": int(data.get("flags") or 0) & EPHEMERAL}, [], extra_flags=LOADING
            )
            record.deferred = record.awaiting_first_followup = True
        elif ctype in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE):
            assert record.source_message_id is not None
            message = self.messages.find(record.source_message_id)
            if message is None:
                raise ApiError.not_found(UNKNOWN_MESSAGE, "Unknown Message")
            record.original_message_id = record.source_message_id
            if ctype == UPDATE_MESSAGE:
                self.messages.edit(message, data, files)
        record.callback = body
        record.callback_time = now
        if message is not None and ctype in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
            await self.on_message_event("MESSAGE_CREATE", message)
        elif message is not None and ctype == UPDATE_MESSAGE:
            await self.on_message_event("MESSAGE_UPDATE", message)
        self.notifier.notify()

        interaction: dict[str, Any] = {"id": str(record.id), "type": record.type}
        resource: dict[str, Any] = {"type": ctype}
        if message is not None:
            interaction["response_message_id"] = message["id"]
            interaction["response_message_loading"] = bool(message["flags"] & LOADING)
            interaction["response_message_ephemeral"] = bool(message["flags"] & EPHEMERAL)
            resource["message"] = message
        return {"interaction": interaction, "resource": resource}

    def _create(
        self,
        record: InteractionRecord,
        body: dict[str, Any],
        files: list[dict[str, Any]],
        *,
        extra_flags: int,
    ) -> dict[str, Any]:
        channel = self.world.find_channel(record.channel_id or 0)
        if channel is None:
            raise ApiError.not_found(10003, "Unknown Channel")
        message = self.messages.create(
            channel,
            self.world.bot,
            body,
            files=files,
            type=CHAT_INPUT_COMMAND if record.type == APPLICATION_COMMAND else DEFAULT,
            webhook_id=self.world.application_id,
            interaction_metadata=self._metadata(record),
            extra_flags=extra_flags,
        )
        record.original_message_id = int(message["id"])
        return message

    def _metadata(
        self, record: InteractionRecord, *, followup_of: int | None = None
    ) -> dict[str, Any]:
        payload = record.payload
        user = (
            (payload.get("member") or {}).get("user")
            or payload.get("user")
            or user_payload(self.world.bot)
        )
        meta: dict[str, Any] = {
            "id": str(record.id),
            "type": record.type,
            "user": user,
            "authorizing_integration_owners": payload.get("authorizing_integration_owners", {}),
        }
        if record.type == APPLICATION_COMMAND:
            meta["name"] = (payload.get("data") or {}).get("name")
            meta["command_type"] = (payload.get("data") or {}).get("type", 1)
        if record.source_message_id is not None:
            meta["interacted_message_id"] = str(record.source_message_id)
        if followup_of is not None:
            meta["original_response_message_id"] = str(followup_of)
        return meta

    # -- webhook endpoints ---------------------------------------------------------------------
    def webhook_record(self, application_id: int, token: str) -> InteractionRecord:
        record = self._by_token.get(token)
        if (
            record is None
            or int(application_id) != self.world.application_id
            or record.callback is None
        ):
            raise ApiError.not_found(UNKNOWN_WEBHOOK, "Unknown Webhook")
        if asyncio.get_running_loop().time() - record.created > self.token_ttl:
            raise ApiError(401, INVALID_WEBHOOK_TOKEN, "Invalid Webhook Token")
        return record

    async def followup(
        self, record: InteractionRecord, body: dict[str, Any], files: list[dict[str, Any]]
    ) -> dict[str, Any]:
        validation.check_message(body, creating=True, has_files=bool(files))
        if record.awaiting_first_followup and record.original_message_id is not None:
            record.awaiting_first_followup = False
            original = self.messages.find(record.original_message_id)
            if original is not None:
                self.messages.replace(original, body, files)
                record.followups.append(original)
                await self.on_message_event("MESSAGE_UPDATE", original)
                self.notifier.notify()
                return original
        channel = self.world.find_channel(record.channel_id or 0)
        if channel is None:
            raise ApiError.not_found(10003, "Unknown Channel")
        message = self.messages.create(
            channel,
            self.world.bot,
            body,
            files=files,
            webhook_id=self.world.application_id,
            interaction_metadata=self._metadata(record, followup_of=record.original_message_id),
        )
        record.followups.append(message)
        await self.on_message_event("MESSAGE_CREATE", message)
        self.notifier.notify()
        return message

    def webhook_message(self, record: InteractionRecord, message_id: str) -> dict[str, Any]:
        if message_id == "@original":
            target = record.original_message_id
        else:
            target = int(message_id)
            if target != record.original_message_id and target not in {
                int(m["id"]) for m in record.followups
            }:
                target = None
        message = self.messages.find(target) if target is not None else None
        if message is None:
            raise ApiError.not_found(UNKNOWN_MESSAGE, "Unknown Message")
        return message

    async def edit_webhook_message(
        self,
        record: InteractionRecord,
        message_id: str,
        body: dict[str, Any],
        files: list[dict[str, Any]],
    ) -> dict[str, Any]:
        message = self.webhook_message(record, message_id)
        validation.check_message(body, creating=False)
        if message["flags"] & LOADING:
            # Editing the "thinking" message answers the deferral.
            message["flags"] &= ~LOADING
            record.awaiting_first_followup = False
        self.messages.edit(message, body, files)
        await self.on_message_event("MESSAGE_UPDATE", message)
        self.notifier.notify()
        return message

    async def delete_webhook_message(self, record: InteractionRecord, message_id: str) -> None:
        message = self.webhook_message(record, message_id)
        self.messages.delete(message)
        record.deleted_message_ids.append(int(message["id"]))
        await self.on_message_event("MESSAGE_DELETE", message)
        self.notifier.notify()


class InteractionHandle:
    """What ``FakeDiscord.interact`` returns: await the bot's answers to one interaction."""

    def __init__(
        self, record: InteractionRecord, service: InteractionService, describe: Callable[[], str]
    ) -> None:
        self.record = record
        self._service = service
        self._describe = describe

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def token(self) -> str:
        return self.record.token

    @property
    def payload(self) -> dict[str, Any]:
        return self.record.payload

    async def wait(
        self,
        check: Callable[[InteractionRecord], T | None],
        *,
        timeout: float = 5.0,
        what: str = "interaction state",
    ) -> T:
        return await self._service.notifier.wait_for(
            lambda: check(self.record), timeout, what, self._describe
        )

    async def response(self, *, timeout: float = 5.0) -> dict[str, Any]:
        """The accepted callback body ``{"type": ..., "data": ...}``."""
        return await self.wait(
            lambda r: r.callback, timeout=timeout, what=f"a callback for interaction {self.id}"
        )

    async def followups(self, n: int = 1, *, timeout: float = 5.0) -> list[dict[str, Any]]:
        """The first ``n`` followup messages (as stored; a replaced 'thinking' message counts)."""
        return await self.wait(
            lambda r: list(r.followups[:n]) if len(r.followups) >= n else None,
            timeout=timeout,
            what=f"{n} followup(s) for interaction {self.id}",
        )

    async def rejection(self, *, timeout: float = 5.0) -> dict[str, Any]:
        """The first callback the fake refused (``{"body", "status", "code"}``)."""
        return await self.wait(
            lambda r: r.rejected_callbacks[0] if r.rejected_callbacks else None,
            timeout=timeout,
            what=f"a rejected callback for interaction {self.id}",
        )

    def original(self) -> dict[str, Any] | None:
        """The original response message as it is now (None if there is none, or it was deleted)."""
        if self.record.original_message_id is None:
            return None
        return self._service.messages.find(self.record.original_message_id)

    async def original_message(self, *, timeout: float = 5.0) -> dict[str, Any]:
        return await self.wait(
            lambda r: self.original(), timeout=timeout, what=f"the original response of {self.id}"
        )
