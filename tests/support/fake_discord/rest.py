"""REST API under /api/v10: a small router, request recording, Discord-shaped JSON and errors."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import validation
from .errors import UNKNOWN_CHANNEL, UNKNOWN_USER, ApiError
from .gateway import application_info
from .payloads import (
    channel_payload,
    guild_payload,
    member_payload,
    role_payload,
    self_user_payload,
    user_payload,
)
from .recorder import RecordedRequest
from .world import MANAGE_MESSAGES, SEND_MESSAGES, VIEW_CHANNEL, FakeChannel

if TYPE_CHECKING:
    from .server import FakeDiscord

MISSING_PERMISSIONS = 50013
CANNOT_EDIT_OTHERS = 50005
CHANNEL_MESSAGE_FLAGS = (
    (1 << 2) | (1 << 12) | (1 << 15)
)  # suppress embeds, suppress notifications, components v2


@dataclass
class ApiRequest:
    params: dict[str, str]
    query: dict[str, str]
    json: Any
    files: list[dict[str, Any]] = field(default_factory=list)

    @property
    def body(self) -> dict[str, Any]:
        return self.json if isinstance(self.json, dict) else {}


Handler = Callable[[ApiRequest], Awaitable[Any]]
NO_CONTENT = object()


@dataclass
class Route:
    method: str
    pattern: re.Pattern[str]
    name: str
    handler: Handler
    auth: bool


def json_response(status: int, body: Any) -> web.Response:
    """JSON with ``Content-Type`` exactly ``application/json`` (discord.py parses nothing else)."""
    return web.Response(
        status=status, body=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )


async def read_body(request: web.Request) -> tuple[Any, list[dict[str, Any]]]:
    """Parse a JSON body, or a multipart body's ``payload_json`` part plus its uploaded files."""
    ctype = request.content_type
    files: list[dict[str, Any]] = []
    if ctype == "multipart/form-data":
        form = await request.post()
        payload: Any = None
        for name, value in form.items():
            if isinstance(value, web.FileField):
                content = value.file.read()
                files.append(
                    {
                        "field": name,
                        "filename": value.filename,
                        "content_type": value.content_type,
                        "size": len(content),
                    }
                )
            elif name == "payload_json":
                payload = json.loads(value)
        return payload, files
    raw = await request.read()
    if not raw:
        return None, files
    if ctype == "application/json":
        return json.loads(raw), files
    return raw.decode(errors="replace"), files


class RestApi:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.routes: list[Route] = []
        self._register()

    # -- routing -------------------------------------------------------------------------------
    def add(
        self, method: str, template: str, name: str, handler: Handler, *, auth: bool = True
    ) -> None:
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
        self.routes.append(Route(method, re.compile(f"^{regex}$"), name, handler, auth))

    async def handle(self, request: web.Request) -> web.StreamResponse:
        fake = self.fake
        path = "/" + request.match_info["tail"]
        try:
            body, files = await read_body(request)
        except ValueError:
            body, files = None, []
        record = RecordedRequest(
            method=request.method,
            path=path,
            query=dict(request.query),
            json=body,
            files=files,
            time=fake.loop_time(),
            headers={
                k: v
                for k, v in request.headers.items()
                if k.lower()
                in ("authorization", "user-agent", "content-type", "x-audit-log-reason")
            },
        )
        try:
            status, response = await self._route(request.method, path, record, request)
        except Exception as exc:
            # A bug in the fake. Not a 5xx: discord.py would retry those with sleeps.
            fake.rest_errors.append(exc)
            status, response = 400, {"message": f"fake discord internal error: {exc!r}", "code": 0}
        record.status, record.response = status, (None if response is NO_CONTENT else response)
        fake.requests.append(record)
        if record.route == "unknown":
            fake.unknown_requests.append(record)
        fake.notifier.notify()
        if response is NO_CONTENT:
            return web.Response(status=status)
        return json_response(status, response)

    async def _route(
        self, method: str, path: str, record: RecordedRequest, request: web.Request
    ) -> tuple[int, Any]:
        for route in self.routes:
            match = route.pattern.match(path)
            if match is None or route.method != method:
                continue
            record.route, record.params = route.name, match.groupdict()
            if route.auth and request.headers.get("Authorization") != f"Bot {self.fake.token}":
                return 401, {"message": "401: Unauthorized", "code": 0}
            try:
                result = await route.handler(
                    ApiRequest(record.params, record.query, record.json, record.files)
                )
            except ApiError as exc:
                return exc.status, exc.body()
            if isinstance(result, tuple):
                return result
            return (204, NO_CONTENT) if result is NO_CONTENT else (200, result)
        if any(r.pattern.match(path) for r in self.routes):
            return 405, {"message": "405: Method Not Allowed", "code": 0}
        return 404, {"message": "404: Not Found", "code": 0}

    def _register(self) -> None:
        add = self.add
        add("GET", "/gateway", "get_gateway", self.get_gateway, auth=False)
        add("GET", "/gateway/bot", "get_gateway_bot", self.get_gateway_bot)
        add("GET", "/users/@me", "get_current_user", self.get_current_user)
        add("GET", "/users/{user_id}", "get_user", self.get_user)
        add("POST", "/users/@me/channels", "create_dm", self.create_dm)
        add("GET", "/oauth2/applications/@me", "get_application", self.get_application)
        add("GET", "/applications/@me", "get_application", self.get_application)
        for scope in ("", "/guilds/{guild_id}"):
            base = "/applications/{application_id}" + scope + "/commands"
            kind = "guild" if scope else "global"
            add("GET", base, f"get_{kind}_commands", self.get_commands)
            add("PUT", base, f"bulk_overwrite_{kind}_commands", self.put_commands)
            add("POST", base, f"upsert_{kind}_command", self.post_command)
            add("GET", base + "/{command_id}", f"get_{kind}_command", self.get_command)
            add("DELETE", base + "/{command_id}", f"delete_{kind}_command", self.delete_command)
        add(
            "GET",
            "/applications/{application_id}/guilds/{guild_id}/commands/permissions",
            "get_command_permissions",
            self.empty_list,
        )
        add(
            "POST",
            "/interactions/{interaction_id}/{token}/callback",
            "interaction_callback",
            self.interaction_callback,
            auth=False,
        )
        add(
            "POST",
            "/webhooks/{application_id}/{token}",
            "create_followup",
            self.create_followup,
            auth=False,
        )
        for method, name, handler in (
            ("GET", "get_webhook_message", self.get_webhook_message),
            ("PATCH", "edit_webhook_message", self.edit_webhook_message),
            ("DELETE", "delete_webhook_message", self.delete_webhook_message),
        ):
            add(
                method,
                "/webhooks/{application_id}/{token}/messages/{message_id}",
                name,
                handler,
                auth=False,
            )
        add("GET", "/channels/{channel_id}", "get_channel", self.get_channel)
        add("GET", "/channels/{channel_id}/messages", "get_messages", self.get_messages)
        add("POST", "/channels/{channel_id}/messages", "create_message", self.create_message)
        add("GET", "/channels/{channel_id}/messages/{message_id}", "get_message", self.get_message)
        add(
            "PATCH",
            "/channels/{channel_id}/messages/{message_id}",
            "edit_message",
            self.edit_message,
        )
        add(
            "DELETE",
            "/channels/{channel_id}/messages/{message_id}",
            "delete_message",
            self.delete_message,
        )
        add("POST", "/channels/{channel_id}/typing", "trigger_typing", self.typing)
        add(
            "PUT",
            "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
            "add_reaction",
            self.add_reaction,
        )
        add(
            "DELETE",
            "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
            "remove_reaction",
            self.remove_reaction,
        )
        add("GET", "/guilds/{guild_id}", "get_guild", self.get_guild)
        add("GET", "/guilds/{guild_id}/channels", "get_guild_channels", self.get_guild_channels)
        add("GET", "/guilds/{guild_id}/roles", "get_roles", self.get_roles)
        add("GET", "/guilds/{guild_id}/members", "list_members", self.list_members)
        add("GET", "/guilds/{guild_id}/members/{user_id}", "get_member", self.get_member)

    # -- helpers -------------------------------------------------------------------------------
    def _channel(self, channel_id: str) -> FakeChannel:
        channel = self.fake.world.find_channel(int(channel_id)) if channel_id.isdigit() else None
        if channel is None:
            raise ApiError.not_found(UNKNOWN_CHANNEL, "Unknown Channel")
        return channel

    def _require(self, channel: FakeChannel, permission: int) -> None:
        world = self.fake.world
        if channel.guild_id is None:
            return
        perms = world.guild.permissions_for(world.guild.members[world.bot.id])
        if perms & permission != permission:
            raise ApiError(403, MISSING_PERMISSIONS, "Missing Permissions")

    def _guild(self, guild_id: str) -> None:
        if guild_id != str(self.fake.world.guild.id):
            raise ApiError.not_found(10004, "Unknown Guild")

    def _app(self, application_id: str) -> None:
        if application_id != str(self.fake.world.application_id):
            raise ApiError(403, 50001, "Missing Access")

    # -- gateway / users / application ---------------------------------------------------------
    async def get_gateway(self, req: ApiRequest) -> Any:
        return {"url": self.fake.gateway_url.rstrip("/")}

    async def get_gateway_bot(self, req: ApiRequest) -> Any:
        return {
            "url": self.fake.gateway_url.rstrip("/"),
            "shards": 1,
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 14400000,
                "max_concurrency": 1,
            },
        }

    async def get_current_user(self, req: ApiRequest) -> Any:
        return self_user_payload(self.fake.world.bot)

    async def get_user(self, req: ApiRequest) -> Any:
        user = (
            self.fake.world.users.get(int(req.params["user_id"]))
            if req.params["user_id"].isdigit()
            else None
        )
        if user is None:
            raise ApiError.not_found(UNKNOWN_USER, "Unknown User")
        return user_payload(user)

    async def create_dm(self, req: ApiRequest) -> Any:
        recipient = int(req.body.get("recipient_id", 0))
        if recipient not in self.fake.world.users:
            raise ApiError.invalid_form(
                {
                    "recipient_id": {
                        "_errors": [
                            {"code": "NUMBER_TYPE_COERCE", "message": "Value is not snowflake."}
                        ]
                    }
                }
            )
        return channel_payload(self.fake.world.dm_channel_for(recipient), self.fake.world)

    async def get_application(self, req: ApiRequest) -> Any:
        return application_info(self.fake.world, self.fake.allowed_privileged_intents)

    # -- application commands ------------------------------------------------------------------
    def _scope(self, req: ApiRequest) -> int | None:
        self._app(req.params["application_id"])
        if "guild_id" in req.params:
            self._guild(req.params["guild_id"])
            return int(req.params["guild_id"])
        return None

    async def get_commands(self, req: ApiRequest) -> Any:
        return self.fake.commands.in_scope(self._scope(req))

    async def put_commands(self, req: ApiRequest) -> Any:
        scope = self._scope(req)
        return self.fake.commands.overwrite(scope, req.json if req.json is not None else [])

    async def post_command(self, req: ApiRequest) -> Any:
        created, command = self.fake.commands.upsert(self._scope(req), req.body)
        return (201 if created else 200), command

    async def get_command(self, req: ApiRequest) -> Any:
        return self.fake.commands.get(self._scope(req), int(req.params["command_id"]))

    async def delete_command(self, req: ApiRequest) -> Any:
        self.fake.commands.delete(self._scope(req), int(req.params["command_id"]))
        return NO_CONTENT

    async def empty_list(self, req: ApiRequest) -> Any:
        return []

    # -- interactions --------------------------------------------------------------------------
    async def interaction_callback(self, req: ApiRequest) -> Any:
        iid = req.params["interaction_id"]
        if not iid.isdigit():
            raise ApiError.not_found(10062, "Unknown interaction")
        result = await self.fake.interactions.callback(
            int(iid), req.params["token"], req.body, req.files
        )
        return result if req.query.get("with_response") in ("1", "true", "True") else NO_CONTENT

    async def create_followup(self, req: ApiRequest) -> Any:
        record = self.fake.interactions.webhook_record(
            int(req.params["application_id"]), req.params["token"]
        )
        message = await self.fake.interactions.followup(record, req.body, req.files)
        return message if req.query.get("wait") in ("1", "true", "True") else NO_CONTENT

    async def get_webhook_message(self, req: ApiRequest) -> Any:
        record = self.fake.interactions.webhook_record(
            int(req.params["application_id"]), req.params["token"]
        )
        return self.fake.interactions.webhook_message(record, req.params["message_id"])

    async def edit_webhook_message(self, req: ApiRequest) -> Any:
        record = self.fake.interactions.webhook_record(
            int(req.params["application_id"]), req.params["token"]
        )
        return await self.fake.interactions.edit_webhook_message(
            record, req.params["message_id"], req.body, req.files
        )

    async def delete_webhook_message(self, req: ApiRequest) -> Any:
        record = self.fake.interactions.webhook_record(
            int(req.params["application_id"]), req.params["token"]
        )
        await self.fake.interactions.delete_webhook_message(record, req.params["message_id"])
        return NO_CONTENT

    # -- channels and messages -----------------------------------------------------------------
    async def get_channel(self, req: ApiRequest) -> Any:
        return channel_payload(self._channel(req.params["channel_id"]), self.fake.world)

    async def get_messages(self, req: ApiRequest) -> Any:
        channel = self._channel(req.params["channel_id"])
        self._require(channel, VIEW_CHANNEL)
        messages = self.fake.messages.in_channel(channel.id)
        if req.query.get("before"):
            messages = [m for m in messages if int(m["id"]) < int(req.query["before"])]
        if req.query.get("after"):
            messages = [m for m in messages if int(m["id"]) > int(req.query["after"])]
        limit = max(1, min(100, int(req.query.get("limit", 50))))
        return list(reversed(messages))[:limit]

    async def create_message(self, req: ApiRequest) -> Any:
        fake = self.fake
        channel = self._channel(req.params["channel_id"])
        self._require(channel, VIEW_CHANNEL | SEND_MESSAGES)
        body = dict(req.body)
        body["flags"] = int(body.get("flags") or 0) & CHANNEL_MESSAGE_FLAGS
        validation.check_message(body, creating=True, has_files=bool(req.files))
        reference = body.get("message_reference")
        if isinstance(reference, dict) and reference.get("message_id"):
            target = fake.messages.find(int(reference["message_id"]))
            if target is None and reference.get("fail_if_not_exists", True):
                raise ApiError.invalid_form(
                    {
                        "message_reference": {
                            "_errors": [
                                {
                                    "code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
                                    "message": "Unknown message",
                                }
                            ]
                        }
                    }
                )
        message = fake.messages.create(channel, fake.world.bot, body, files=req.files)
        await fake.message_event("MESSAGE_CREATE", message)
        return message

    def _message(self, req: ApiRequest) -> tuple[FakeChannel, dict[str, Any]]:
        channel = self._channel(req.params["channel_id"])
        mid = req.params["message_id"]
        if not mid.isdigit():
            raise ApiError.not_found(10008, "Unknown Message")
        return channel, self.fake.messages.get(channel.id, int(mid))

    async def get_message(self, req: ApiRequest) -> Any:
        return self._message(req)[1]

    async def edit_message(self, req: ApiRequest) -> Any:
        _, message = self._message(req)
        if int(message["author"]["id"]) != self.fake.world.bot.id and set(req.body) - {"flags"}:
            raise ApiError(
                403, CANNOT_EDIT_OTHERS, "Cannot edit a message authored by another user"
            )
        validation.check_message(req.body, creating=False)
        self.fake.messages.edit(message, req.body, req.files)
        await self.fake.message_event("MESSAGE_UPDATE", message)
        return message

    async def delete_message(self, req: ApiRequest) -> Any:
        channel, message = self._message(req)
        if int(message["author"]["id"]) != self.fake.world.bot.id:
            self._require(channel, MANAGE_MESSAGES)
        self.fake.messages.delete(message)
        await self.fake.message_event("MESSAGE_DELETE", message)
        return NO_CONTENT

    async def typing(self, req: ApiRequest) -> Any:
        self._require(self._channel(req.params["channel_id"]), SEND_MESSAGES)
        return NO_CONTENT

    async def add_reaction(self, req: ApiRequest) -> Any:
        _, message = self._message(req)
        emoji = req.params["emoji"]
        for reaction in message["reactions"]:
            if reaction["emoji"]["name"] == emoji:
                if not reaction["me"]:
                    reaction["me"], reaction["count"] = True, reaction["count"] + 1
                return NO_CONTENT
        message["reactions"].append({"emoji": {"id": None, "name": emoji}, "count": 1, "me": True})
        return NO_CONTENT

    async def remove_reaction(self, req: ApiRequest) -> Any:
        _, message = self._message(req)
        for reaction in list(message["reactions"]):
            if reaction["emoji"]["name"] == req.params["emoji"] and reaction["me"]:
                reaction["me"], reaction["count"] = False, reaction["count"] - 1
                if reaction["count"] == 0:
                    message["reactions"].remove(reaction)
        return NO_CONTENT

    # -- guild ---------------------------------------------------------------------------------
    async def get_guild(self, req: ApiRequest) -> Any:
        self._guild(req.params["guild_id"])
        data = guild_payload(self.fake.world.guild)
        for key in (
            "members",
            "channels",
            "threads",
            "presences",
            "voice_states",
            "joined_at",
            "large",
            "member_count",
        ):
            data.pop(key, None)
        return data

    async def get_guild_channels(self, req: ApiRequest) -> Any:
        self._guild(req.params["guild_id"])
        return [channel_payload(c) for c in self.fake.world.guild.channels.values()]

    async def get_roles(self, req: ApiRequest) -> Any:
        self._guild(req.params["guild_id"])
        return [role_payload(r) for r in self.fake.world.guild.roles.values()]

    async def list_members(self, req: ApiRequest) -> Any:
        self._guild(req.params["guild_id"])
        limit = int(req.query.get("limit", 1))
        return [member_payload(m) for m in list(self.fake.world.guild.members.values())[:limit]]

    async def get_member(self, req: ApiRequest) -> Any:
        self._guild(req.params["guild_id"])
        try:
            member = self.fake.world.member(int(req.params["user_id"]))
        except (KeyError, ValueError):
            raise ApiError.not_found(10007, "Unknown Member") from None
        return member_payload(member)
