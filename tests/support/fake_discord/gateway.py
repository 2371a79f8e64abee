"""The gateway: HELLO, IDENTIFY, READY, RESUME over an aiohttp websocket, with replay."""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from .compression import encoder_for
from .notify import Notifier
from .payloads import application_payload, guild_payload, member_payload, self_user_payload

if TYPE_CHECKING:
    from .world import FakeWorld

# Opcodes.
DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE_UPDATE, VOICE_STATE_UPDATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_GUILD_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11

# Intents.
GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT

# Application flags that say which privileged intents the app may use.
APP_FLAG_PRESENCE_LIMITED = 1 << 13
APP_FLAG_GUILD_MEMBERS_LIMITED = 1 << 15
APP_FLAG_MESSAGE_CONTENT_LIMITED = 1 << 19


def application_flags(allowed_privileged: int) -> int:
    flags = 0
    if allowed_privileged & GUILD_PRESENCES:
        flags |= APP_FLAG_PRESENCE_LIMITED
    if allowed_privileged & GUILD_MEMBERS:
        flags |= APP_FLAG_GUILD_MEMBERS_LIMITED
    if allowed_privileged & MESSAGE_CONTENT:
        flags |= APP_FLAG_MESSAGE_CONTENT_LIMITED
    return flags


@dataclass
class GatewayFrame:
    """A payload the client sent us, as received."""

    connection: int
    payload: dict[str, Any]
    time: float

    @property
    def op(self) -> int | None:
        op = self.payload.get("op")
        return op if isinstance(op, int) else None


@dataclass
class GatewayConnection:
    index: int
    ws: web.WebSocketResponse
    request: web.Request
    path: str
    query: dict[str, str]
    compression: str
    encoder: Any
    session: GatewaySession | None = None
    closed: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def send(self, payload: dict[str, Any]) -> bool:
        text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
        async with self.lock:
            if self.closed or self.ws.closed:
                return False
            data = self.encoder.encode(text)
            try:
                if isinstance(data, bytes):
                    await self.ws.send_bytes(data)
                else:
                    await self.ws.send_str(data)
            except (ConnectionError, RuntimeError):
                self.closed = True
                return False
            return True


@dataclass
class GatewaySession:
    session_id: str
    identify: dict[str, Any]
    intents: int
    seq: int = 0
    log: list[dict[str, Any]] = field(default_factory=list)  # every dispatch, for replay on RESUME
    connection: GatewayConnection | None = None


class Gateway:
    """One bot, one shard. Dispatches made while the bot is disconnected are replayed on RESUME."""

    def __init__(
        self,
        world: FakeWorld,
        notifier: Notifier,
        *,
        token: str,
        heartbeat_interval: int,
        allowed_privileged: int,
        resume_url: str,
    ) -> None:
        self.world = world
        self.notifier = notifier
        self.token = token
        self.heartbeat_interval = heartbeat_interval
        self.allowed_privileged = allowed_privileged
        self.resume_url = resume_url
        self.connections: list[GatewayConnection] = []
        self.received: list[GatewayFrame] = []
        self.identifies: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []  # every RESUME received
        self.resumed: list[dict[str, Any]] = []  # the RESUMEs that succeeded
        self.presences: list[dict[str, Any]] = []
        self.heartbeats = 0
        self.internal_errors: list[BaseException] = []
        self.session: GatewaySession | None = None
        self._dispatch_lock = asyncio.Lock()
        self._session_counter = 0

    # -- public --------------------------------------------------------------------------------
    @property
    def intents(self) -> int | None:
        return self.session.intents if self.session else None

    @property
    def live_connection(self) -> GatewayConnection | None:
        session = self.session
        if session and session.connection and not session.connection.closed:
            return session.connection
        return None

    async def dispatch(
        self, event: str, data: dict[str, Any], *, needs_intent: int = 0
    ) -> int | None:
        """Send a DISPATCH to the bot's session; return its ``s``, or None if not sent.

        ``needs_intent``: skip the event unless the session identified with that intent.
        Events for a disconnected session are kept and replayed when it resumes.
        """
        session = self.session
        if session is None or (needs_intent and not session.intents & needs_intent):
            return None
        async with self._dispatch_lock:
            session.seq += 1
            seq = session.seq
            payload = {"op": DISPATCH, "t": event, "s": seq, "d": data}
            session.log.append(payload)
            if session.connection is not None:
                await session.connection.send(payload)
        self.notifier.notify()
        return seq

    async def close_connection(self, code: int = 4000, *, abrupt: bool = False) -> None:
        """Drop the live connection; the session stays resumable."""
        conn = self.live_connection
        if conn is None:
            return
        self._detach(conn)
        if abrupt and conn.request.transport is not None:
            conn.request.transport.abort()
        else:
            with contextlib.suppress(TimeoutError, ConnectionError, RuntimeError):
                await asyncio.wait_for(conn.ws.close(code=code, message=b"fake gateway drop"), 2.0)
        self.notifier.notify()

    async def send_op(self, op: int, d: Any = None) -> bool:
        conn = self.live_connection
        if conn is None:
            return False
        return await conn.send({"op": op, "d": d, "s": None, "t": None})

    async def shutdown(self) -> None:
        for conn in list(self.connections):
            conn.closed = True
            if not conn.ws.closed:
                with contextlib.suppress(TimeoutError, ConnectionError, RuntimeError):
                    await asyncio.wait_for(
                        conn.ws.close(code=1001, message=b"fake discord shutting down"), 1.0
                    )

    # -- websocket handler ---------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(timeout=2.0, max_msg_size=0, autoping=True)
        await ws.prepare(request)
        query = dict(request.query)
        encoder = encoder_for(query.get("compress"))
        conn = GatewayConnection(
            index=len(self.connections),
            ws=ws,
            request=request,
            path=request.path,
            query=query,
            compression=encoder.name,
            encoder=encoder,
        )
        self.connections.append(conn)
        self.notifier.notify()
        try:
            if query.get("encoding", "json") != "json":
                await ws.close(code=4002, message=b"Only JSON encoding is supported by the fake")
                return ws
            await conn.send(
                {
                    "op": HELLO,
                    "d": {"heartbeat_interval": self.heartbeat_interval},
                    "s": None,
                    "t": None,
                }
            )
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    await ws.close(code=4002, message=b"Error while decoding payload")
                    break
                try:
                    payload = json.loads(msg.data)
                except ValueError:
                    await ws.close(code=4002, message=b"Error while decoding payload")
                    break
                self.received.append(
                    GatewayFrame(conn.index, payload, asyncio.get_running_loop().time())
                )
                self.notifier.notify()
                try:
                    keep_going = await self._on_payload(conn, payload)
                except Exception as exc:  # a bug in the fake: record it, let the client resume
                    self.internal_errors.append(exc)
                    await ws.close(code=4000, message=b"fake gateway internal error")
                    break
                if not keep_going:
                    break
        finally:
            conn.closed = True
            self._detach(conn)
            self.notifier.notify()
        return ws

    def _detach(self, conn: GatewayConnection) -> None:
        conn.closed = True
        if conn.session is not None and conn.session.connection is conn:
            conn.session.connection = None

    async def _close(self, conn: GatewayConnection, code: int, reason: str) -> bool:
        self._detach(conn)
        await conn.ws.close(code=code, message=reason.encode())
        return False

    async def _on_payload(self, conn: GatewayConnection, payload: dict[str, Any]) -> bool:
        op, d = payload.get("op"), payload.get("d")
        if op == HEARTBEAT:
            self.heartbeats += 1
            await conn.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
            return True
        if op == IDENTIFY:
            return await self._identify(conn, d or {})
        if op == RESUME:
            return await self._resume(conn, d or {})
        if conn.session is None:
            return await self._close(conn, 4003, "Not authenticated.")
        if op == PRESENCE_UPDATE:
            self.presences.append(d or {})
            return True
        if op == REQUEST_GUILD_MEMBERS:
            await self._member_chunk(d or {})
            return True
        if op == VOICE_STATE_UPDATE:
            return True
        return await self._close(conn, 4001, "Unknown opcode.")

    async def _identify(self, conn: GatewayConnection, d: dict[str, Any]) -> bool:
        if conn.session is not None:
            return await self._close(conn, 4005, "Already authenticated.")
        if d.get("token") != self.token:
            return await self._close(conn, 4004, "Authentication failed.")
        intents = d.get("intents")
        if not isinstance(intents, int) or intents < 0 or intents >= 1 << 26:
            return await self._close(conn, 4013, "Invalid intent(s).")
        if intents & PRIVILEGED_INTENTS & ~self.allowed_privileged:
            return await self._close(conn, 4014, "Disallowed intent(s).")
        self.identifies.append(d)
        self._session_counter += 1
        session = GatewaySession(
            session_id=f"fake-session-{self._session_counter}", identify=d, intents=intents
        )
        if (
            self.session is not None
            and self.session.connection is not None
            and self.session.connection is not conn
        ):
            await self.close_connection(4009)
        self.session = session
        session.connection = conn
        conn.session = session
        world = self.world
        ready = {
            "v": 10,
            "user": self_user_payload(world.bot),
            "guilds": [{"id": str(world.guild.id), "unavailable": True}],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_url,
            "application": {
                "id": str(world.application_id),
                "flags": application_flags(self.allowed_privileged),
            },
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["us-east"],
            "user_settings": {},
            "auth": {},
            "_trace": ["fake-discord"],
        }
        if "shard" in d:
            ready["shard"] = d["shard"]
        await self.dispatch("READY", ready)
        # Without the members intent Discord only lists the bot itself in GUILD_CREATE.
        members = None if intents & GUILD_MEMBERS else [world.guild.members[world.bot.id]]
        await self.dispatch("GUILD_CREATE", guild_payload(world.guild, members=members))
        return True

    async def _resume(self, conn: GatewayConnection, d: dict[str, Any]) -> bool:
        session = self.session
        self.resumes.append(d)
        if d.get("token") != self.token:
            return await self._close(conn, 4004, "Authentication failed.")
        if (
            session is None
            or d.get("session_id") != session.session_id
            or not isinstance(d.get("seq"), int)
        ):
            self.notifier.notify()
            await conn.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return True
        if session.connection is not None and session.connection is not conn:
            await self.close_connection(4009)
        async with self._dispatch_lock:
            session.connection = conn
            conn.session = session
            for payload in session.log:
                if payload["s"] > d["seq"]:
                    await conn.send(payload)
        await self.dispatch("RESUMED", {"_trace": ["fake-discord"]})
        self.resumed.append(d)
        self.notifier.notify()
        return True

    async def _member_chunk(self, d: dict[str, Any]) -> None:
        guild = self.world.guild
        members = list(guild.members.values())
        if d.get("user_ids"):
            wanted = {
                int(u)
                for u in (d["user_ids"] if isinstance(d["user_ids"], list) else [d["user_ids"]])
            }
            members = [m for m in members if m.id in wanted]
        elif d.get("query"):
            query = str(d["query"]).lower()
            members = [m for m in members if m.user.username.lower().startswith(query)]
        if d.get("limit"):
            members = members[: int(d["limit"])]
        chunk = {
            "guild_id": str(guild.id),
            "members": [member_payload(m) for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if d.get("nonce") is not None:
            chunk["nonce"] = d["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)


def application_info(world: FakeWorld, allowed_privileged: int) -> dict[str, Any]:
    return application_payload(world, flags=application_flags(allowed_privileged))
