"""FakeDiscord: the aiohttp server on 127.0.0.1 plus the test-facing API."""

# The test-facing API takes ``timeout=`` arguments on purpose (every wait is bounded).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import copy
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from aiohttp import web

from .builders import InteractionBuilder
from .commands import CommandRegistry
from .gateway import (
    DIRECT_MESSAGES,
    GUILD_MESSAGES,
    HEARTBEAT,
    INVALID_SESSION,
    MESSAGE_CONTENT,
    PRIVILEGED_INTENTS,
    RECONNECT,
    Gateway,
    GatewayFrame,
)
from .interactions import InteractionHandle, InteractionRecord, InteractionService
from .messages import EPHEMERAL, MessageStore
from .notify import Notifier
from .patching import DiscordPatch
from .payloads import member_payload
from .recorder import RecordedRequest
from .rest import RestApi, json_response
from .runner import run_bot
from .world import FakeChannel, FakeMember, FakeUser, FakeWorld

T = TypeVar("T")
ChannelRef = int | str | FakeChannel
UserRef = int | str | FakeUser | FakeMember


class FakeDiscord:
    """A fake Discord (REST + gateway) for one bot. Use ``async with FakeDiscord() as fake:``."""

    def __init__(
        self,
        *,
        world: FakeWorld | None = None,
        token: str = "fake-bot-token",
        heartbeat_interval: int = 41250,
        allowed_privileged_intents: int = PRIVILEGED_INTENTS,
        interaction_callback_ttl: float = 3.0,
        interaction_token_ttl: float = 15 * 60.0,
        patch_discord: bool = True,
        default_timeout: float = 5.0,
    ) -> None:
        self.world = world or FakeWorld.default()
        self.token = token
        self.heartbeat_interval = heartbeat_interval
        self.allowed_privileged_intents = allowed_privileged_intents
        self.default_timeout = default_timeout
        self._patch_wanted = patch_discord
        self.requests: list[RecordedRequest] = []
        self.unknown_requests: list[RecordedRequest] = []
        self.rest_errors: list[BaseException] = []
        self.commands = CommandRegistry(self.world.application_id, self.world.ids)
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._patch: DiscordPatch | None = None
        self.notifier = Notifier()
        self.messages = MessageStore(self.world, self.world.ids, cdn_base="")
        self.gateway = Gateway(
            self.world,
            self.notifier,
            token=token,
            heartbeat_interval=heartbeat_interval,
            allowed_privileged=allowed_privileged_intents,
            resume_url="",
        )
        self.interactions = InteractionService(
            self.world,
            self.messages,
            self.notifier,
            self.message_event,
            callback_ttl=interaction_callback_ttl,
            token_ttl=interaction_token_ttl,
        )
        self.builder = InteractionBuilder(self.world, self.world.ids, self.commands, self.messages)
        self.rest = RestApi(self)

    # -- lifecycle -----------------------------------------------------------------------------
    async def start(self) -> FakeDiscord:
        """Bind 127.0.0.1 on a free port, serve, and (by default) point discord.py here."""
        if self._runner is not None:
            return self
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        # Addresses are only known now.
        self.messages.cdn_base = self.cdn_base
        self.gateway.resume_url = f"{self.base_ws}/resume"

        app = web.Application()
        app.router.add_get("/", self._gateway_entry)
        app.router.add_get("/resume", self._gateway_entry)
        app.router.add_route("*", "/api/v10/{tail:.*}", self.rest.handle)
        app.router.add_route("*", "/{tail:.*}", self._unknown)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()
        if self._patch_wanted:
            self.patch_discord()
        return self

    async def close(self) -> None:
        if self._patch is not None:
            self._patch.restore()
            self._patch = None
        if self._runner is not None:
            await self.gateway.shutdown()
            await asyncio.wait_for(self._runner.cleanup(), 5.0)
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def patch_discord(self) -> DiscordPatch:
        """Point discord.py's REST base, gateway and CDN base here (undone by ``close()``)."""
        if self._patch is None:
            self._patch = DiscordPatch(self.api_base, self.gateway_url, self.cdn_base)
            self._patch.apply()
        return self._patch

    def run_bot(
        self, bot: Any, *, ready_timeout: float = 10.0, close_timeout: float = 5.0
    ) -> contextlib.AbstractAsyncContextManager[Any]:
        """``async with fake.run_bot(bot):`` runs ``bot.start(token)`` for the block."""
        return run_bot(bot, self.token, ready_timeout=ready_timeout, close_timeout=close_timeout)

    @property
    def internal_errors(self) -> list[BaseException]:
        """Exceptions raised inside the fake itself (REST handlers, gateway). Should stay empty."""
        return [*self.rest_errors, *self.gateway.internal_errors]

    # -- addresses -----------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"{self.base_ws}/"

    @property
    def cdn_base(self) -> str:
        return f"{self.base_url}/cdn"

    def loop_time(self) -> float:
        return asyncio.get_running_loop().time()

    # -- world shortcuts -----------------------------------------------------------------------
    @property
    def guild_id(self) -> int:
        return self.world.guild.id

    @property
    def application_id(self) -> int:
        return self.world.application_id

    @property
    def bot_user(self) -> FakeUser:
        return self.world.bot

    @property
    def admin(self) -> FakeMember:
        return self.world.admin

    @property
    def members(self) -> list[FakeMember]:
        """The regular (non-admin, non-bot) members."""
        return self.world.regular_members

    def channel_id(self, channel: ChannelRef) -> int:
        return self.world.channel(channel).id

    # -- waiting -------------------------------------------------------------------------------
    async def wait_for(
        self,
        check: Callable[[], T | None],
        *,
        timeout: float | None = None,
        what: str = "a condition",
    ) -> T:
        """Wait until ``check()`` is truthy (re-checked on every change in the fake)."""
        return await self.notifier.wait_for(
            check, self.default_timeout if timeout is None else timeout, what, self.describe
        )

    def describe(self) -> str:
        """Recent activity, appended to timeout messages."""
        lines = [f"recent requests ({len(self.requests)} total):"]
        lines += [f"  {r.short()}" for r in self.requests[-8:]]
        ops = [f.payload.get("op") for f in self.gateway.received[-10:]]
        lines.append(
            f"gateway: {len(self.gateway.connections)} connection(s), last client ops {ops}"
        )
        return "\n".join(lines)

    # -- gateway -------------------------------------------------------------------------------
    @property
    def intents(self) -> int | None:
        """The intents of the current session's IDENTIFY."""
        return self.gateway.intents

    @property
    def identifies(self) -> list[dict[str, Any]]:
        return self.gateway.identifies

    @property
    def resumes(self) -> list[dict[str, Any]]:
        return self.gateway.resumes

    @property
    def gateway_received(self) -> list[GatewayFrame]:
        return self.gateway.received

    async def wait_until_identified(self, *, timeout: float | None = None) -> dict[str, Any]:
        """The IDENTIFY payload, once the bot has sent one and READY + GUILD_CREATE went out."""
        return await self.wait_for(
            lambda: (
                self.gateway.identifies[-1]
                if self.gateway.identifies
                and self.gateway.session
                and self.gateway.session.seq >= 2
                else None
            ),
            timeout=timeout,
            what="the bot to IDENTIFY",
        )

    async def wait_for_resume(
        self, count: int = 1, *, timeout: float | None = None
    ) -> dict[str, Any]:
        """The ``count``-th successful RESUME payload, once RESUMED (and any replay) went out."""

        resumed = self.gateway.resumed
        return await self.wait_for(
            lambda: resumed[count - 1] if len(resumed) >= count else None,
            timeout=timeout,
            what=f"successful RESUME #{count}",
        )

    async def wait_for_gateway(
        self, check: Callable[[GatewayFrame], bool], *, timeout: float | None = None
    ) -> GatewayFrame:
        """The first payload the client sent over the gateway that satisfies ``check``."""
        return await self.wait_for(
            lambda: next((f for f in self.gateway.received if check(f)), None),
            timeout=timeout,
            what="a gateway payload",
        )

    async def dispatch(
        self, event: str, data: dict[str, Any], *, needs_intent: int = 0
    ) -> int | None:
        """Send any DISPATCH event; return its ``s`` (None if the intents filter it out)."""
        return await self.gateway.dispatch(event, data, needs_intent=needs_intent)

    async def drop_connection(self, code: int = 4000, *, abrupt: bool = False) -> None:
        """Close the bot's gateway socket; the session stays resumable.

        ``abrupt``: cut the TCP connection without a close frame.
        """
        await self.gateway.close_connection(code, abrupt=abrupt)

    async def send_reconnect(self) -> None:
        """Send op 7 RECONNECT: the client closes and resumes."""
        await self.gateway.send_op(RECONNECT)

    async def invalidate_session(self, *, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION."""
        if not resumable and self.gateway.session is not None:
            self.gateway.session.session_id += "-invalidated"
        await self.gateway.send_op(INVALID_SESSION, resumable)

    async def request_heartbeat(self) -> None:
        """Send op 1: the client must answer with a heartbeat at once."""
        await self.gateway.send_op(HEARTBEAT)

    # -- messages ------------------------------------------------------------------------------
    async def message_event(self, kind: str, message: dict[str, Any]) -> None:
        """Send a message event as Discord would: intents, content stripping, no ephemerals."""
        if message["flags"] & EPHEMERAL:
            return
        channel = self.world.find_channel(int(message["channel_id"]))
        if channel is None:
            return
        in_guild = channel.guild_id is not None
        intent = GUILD_MESSAGES if in_guild else DIRECT_MESSAGES
        if kind == "MESSAGE_DELETE":
            data: dict[str, Any] = {"id": message["id"], "channel_id": message["channel_id"]}
            if in_guild:
                data["guild_id"] = str(channel.guild_id)
            await self.gateway.dispatch(kind, data, needs_intent=intent)
            return
        data = copy.deepcopy(message)
        if in_guild:
            data["guild_id"] = str(channel.guild_id)
            member = self.world.guild.members.get(int(message["author"]["id"]))
            if member is not None and "webhook_id" not in message:
                data["member"] = member_payload(member, with_user=False)
        intents = self.gateway.intents or 0
        bot_id = str(self.world.bot.id)
        exempt = (
            not in_guild
            or message["author"]["id"] == bot_id
            or any(m["id"] == bot_id for m in message["mentions"])
        )
        if not intents & MESSAGE_CONTENT and not exempt:
            data.update({"content": "", "embeds": [], "attachments": [], "components": []})
            data.pop("poll", None)
        await self.gateway.dispatch(kind, data, needs_intent=intent)

    async def send_message(
        self,
        channel: ChannelRef,
        content: str = "",
        *,
        author: UserRef | None = None,
        embeds: list[dict[str, Any]] | None = None,
        reply_to: dict[str, Any] | int | None = None,
    ) -> dict[str, Any]:
        """A member posts a message: stored, then MESSAGE_CREATE to the bot. Returns it."""
        target = self.world.channel(channel)
        user = (
            self.world.member(author).user
            if author is not None
            else self.world.regular_members[0].user
        )
        body: dict[str, Any] = {"content": content}
        if embeds:
            body["embeds"] = embeds
        if reply_to is not None:
            mid = reply_to["id"] if isinstance(reply_to, dict) else reply_to
            body["message_reference"] = {"message_id": str(mid)}
        message = self.messages.create(target, user, body)
        await self.message_event("MESSAGE_CREATE", message)
        self.notifier.notify()
        return message

    def channel_messages(
        self, channel: ChannelRef, *, include_ephemeral: bool = False
    ) -> list[dict[str, Any]]:
        """The channel's live messages, oldest first (ephemeral ones only on request)."""
        return self.messages.in_channel(
            self.world.channel(channel).id, include_ephemeral=include_ephemeral
        )

    def message(self, message_id: int | str) -> dict[str, Any] | None:
        return self.messages.find(int(message_id))

    async def wait_for_message(
        self,
        check: Callable[[dict[str, Any]], bool] = lambda m: True,
        *,
        channel: ChannelRef | None = None,
        from_bot: bool = True,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """The first stored message (already there or still to come) matching ``check``."""
        bot_id = str(self.world.bot.id)
        channel_ids = [self.world.channel(channel).id] if channel is not None else None

        def find() -> dict[str, Any] | None:
            ids = channel_ids or self.messages.channel_ids()
            for cid in ids:
                for message in self.messages.in_channel(cid, include_ephemeral=True):
                    if (not from_bot or message["author"]["id"] == bot_id) and check(message):
                        return message
            return None

        return await self.wait_for(find, timeout=timeout, what="a message")

    # -- interactions --------------------------------------------------------------------------
    def slash_command(self, name: str, options: Any = None, **kwargs: Any) -> dict[str, Any]:
        return self.builder.slash_command(name, options, **kwargs)

    def autocomplete(self, name: str, options: Any = None, **kwargs: Any) -> dict[str, Any]:
        return self.builder.autocomplete(name, options, **kwargs)

    def component_click(self, custom_id: str, **kwargs: Any) -> dict[str, Any]:
        return self.builder.component_click(custom_id, **kwargs)

    def modal_submit(self, fields: dict[str, str], **kwargs: Any) -> dict[str, Any]:
        return self.builder.modal_submit(fields, **kwargs)

    async def interact(self, payload: dict[str, Any]) -> InteractionHandle:
        """Dispatch INTERACTION_CREATE; the handle awaits the bot's callback and followups."""
        record = self.interactions.register(payload)
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return InteractionHandle(record, self.interactions, self.describe)

    def interaction(self, interaction_id: int | str) -> InteractionRecord:
        return self.interactions.records[int(interaction_id)]

    # -- REST recording ------------------------------------------------------------------------
    async def wait_for_request(
        self, check: Callable[[RecordedRequest], bool], *, timeout: float | None = None
    ) -> RecordedRequest:
        """The first recorded request (already made or still to come) that satisfies ``check``."""
        return await self.wait_for(
            lambda: next((r for r in self.requests if check(r)), None),
            timeout=timeout,
            what="a matching request",
        )

    def requests_to(self, route: str) -> list[RecordedRequest]:
        """Recorded requests by the fake's route name, e.g. ``"create_message"``."""
        return [r for r in self.requests if r.route == route]

    def synced_commands(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        """The commands as stored by the last sync (global when ``guild_id`` is None)."""
        return self.commands.in_scope(guild_id)

    # -- aiohttp glue --------------------------------------------------------------------------
    async def _gateway_entry(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("Upgrade", "").lower() != "websocket":
            return json_response(400, {"message": "400: Bad Request", "code": 0})
        return await self.gateway.handle(request)

    async def _unknown(self, request: web.Request) -> web.StreamResponse:
        record = RecordedRequest(
            method=request.method,
            path=request.path,
            query=dict(request.query),
            json=None,
            time=self.loop_time(),
            status=404,
            response={"message": "404: Not Found", "code": 0},
        )
        self.requests.append(record)
        self.unknown_requests.append(record)
        self.notifier.notify()
        return json_response(404, record.response)


@contextlib.asynccontextmanager
async def fake_discord(**kwargs: Any) -> AsyncIterator[FakeDiscord]:
    """``async with fake_discord() as fake:`` — same as ``async with FakeDiscord(**kwargs)``."""
    fake = FakeDiscord(**kwargs)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()
