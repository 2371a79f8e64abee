"""Messages: built from request bodies, kept per channel with snowflake ids, edited and deleted."""

from __future__ import annotations

from typing import Any

from .errors import UNKNOWN_MESSAGE, ApiError
from .mentions import resolve_mentions
from .payloads import member_payload, user_payload
from .snowflake import SnowflakeFactory, snowflake_iso
from .world import FakeChannel, FakeUser, FakeWorld

EPHEMERAL = 1 << 6
LOADING = 1 << 7
SUPPRESS_EMBEDS = 1 << 2

# Message types.
DEFAULT = 0
REPLY = 19
CHAT_INPUT_COMMAND = 20


class MessageStore:
    """Every message the fake knows, by channel, oldest first; deleted ones go to ``deleted``."""

    def __init__(self, world: FakeWorld, ids: SnowflakeFactory, cdn_base: str) -> None:
        self.world = world
        self.ids = ids
        self.cdn_base = cdn_base
        self._channels: dict[int, dict[int, dict[str, Any]]] = {}
        self.deleted: dict[int, dict[str, Any]] = {}

    def channel_ids(self) -> list[int]:
        return list(self._channels)

    # -- reading -------------------------------------------------------------------------------
    def in_channel(
        self, channel_id: int, *, include_ephemeral: bool = False
    ) -> list[dict[str, Any]]:
        messages = self._channels.get(int(channel_id), {}).values()
        return [m for m in messages if include_ephemeral or not m["flags"] & EPHEMERAL]

    def find(self, message_id: int) -> dict[str, Any] | None:
        for messages in self._channels.values():
            if int(message_id) in messages:
                return messages[int(message_id)]
        return None

    def get(
        self, channel_id: int, message_id: int, *, include_ephemeral: bool = False
    ) -> dict[str, Any]:
        message = self._channels.get(int(channel_id), {}).get(int(message_id))
        if message is None or (message["flags"] & EPHEMERAL and not include_ephemeral):
            raise ApiError.not_found(UNKNOWN_MESSAGE, "Unknown Message")
        return message

    # -- writing -------------------------------------------------------------------------------
    def create(
        self,
        channel: FakeChannel,
        author: FakeUser,
        body: dict[str, Any],
        *,
        files: list[dict[str, Any]] | None = None,
        type: int = DEFAULT,
        webhook_id: int | None = None,
        interaction_metadata: dict[str, Any] | None = None,
        extra_flags: int = 0,
        message_id: int | None = None,
    ) -> dict[str, Any]:
        """Build and store a message. ``body`` is a Discord create-message body."""
        mid = message_id or self.ids.next()
        referenced = None
        reference = body.get("message_reference")
        if isinstance(reference, dict) and reference.get("message_id"):
            referenced = self.find(int(reference["message_id"]))
            if referenced is not None and type == DEFAULT:
                type = REPLY
        message: dict[str, Any] = {
            "id": str(mid),
            "channel_id": str(channel.id),
            "type": type,
            "author": user_payload(author),
            "content": "",
            "timestamp": snowflake_iso(mid),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "flags": (int(body.get("flags") or 0) | extra_flags),
            "reactions": [],
        }
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
        if webhook_id is not None:
            message["webhook_id"] = str(webhook_id)
            message["application_id"] = str(webhook_id)
        if interaction_metadata is not None:
            message["interaction_metadata"] = interaction_metadata
        if referenced is not None:
            message["message_reference"] = {
                "type": 0,
                "message_id": referenced["id"],
                "channel_id": referenced["channel_id"],
                **({"guild_id": str(channel.guild_id)} if channel.guild_id else {}),
            }
            message["referenced_message"] = {
                k: v for k, v in referenced.items() if k != "referenced_message"
            }
        self._apply(message, body, files or [], channel, referenced)
        self._channels.setdefault(channel.id, {})[mid] = message
        return message

    def edit(
        self,
        message: dict[str, Any],
        body: dict[str, Any],
        files: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        channel = self.world.find_channel(int(message["channel_id"]))
        assert channel is not None
        self._apply(message, body, files or [], channel, None, editing=True)
        message["edited_timestamp"] = snowflake_iso(self.ids.next())
        return message

    def replace(
        self,
        message: dict[str, Any],
        body: dict[str, Any],
        files: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A followup replacing a deferred 'thinking' message: same id, loading flag dropped."""
        message["flags"] = (message["flags"] & ~LOADING) | (
            int(body.get("flags") or 0) & ~EPHEMERAL
        )
        body = {k: v for k, v in body.items() if k != "flags"}
        channel = self.world.find_channel(int(message["channel_id"]))
        assert channel is not None
        self._apply(message, body, files or [], channel, None, editing=True)
        return message

    def delete(self, message: dict[str, Any]) -> None:
        channel_id, mid = int(message["channel_id"]), int(message["id"])
        self._channels.get(channel_id, {}).pop(mid, None)
        self.deleted[mid] = message

    # -- helpers -------------------------------------------------------------------------------
    def _apply(
        self,
        message: dict[str, Any],
        body: dict[str, Any],
        files: list[dict[str, Any]],
        channel: FakeChannel,
        referenced: dict[str, Any] | None,
        *,
        editing: bool = False,
    ) -> None:
        if "content" in body:
            message["content"] = body["content"] or ""
        if "embeds" in body:
            message["embeds"] = [{"type": "rich", **e} for e in body["embeds"] or []]
        if "components" in body:
            message["components"] = body["components"] or []
        if editing and "flags" in body and body["flags"] is not None:
            keep = message["flags"] & (EPHEMERAL | LOADING)
            message["flags"] = keep | (int(body["flags"]) & ~(EPHEMERAL | LOADING))
        if "attachments" in body or files:
            message["attachments"] = self._attachments(
                message, body.get("attachments"), files, channel
            )
        if "content" in body or "allowed_mentions" in body or not editing:
            replied = int(referenced["author"]["id"]) if referenced else None
            mentions = resolve_mentions(
                self.world,
                message["content"],
                body.get("allowed_mentions"),
                replied_user_id=replied,
                in_guild=channel.guild_id is not None,
            )
            message["mentions"] = [self._mention(uid, channel) for uid in mentions.user_ids]
            message["mention_roles"] = [str(r) for r in mentions.role_ids]
            message["mention_everyone"] = mentions.everyone

    def _mention(self, user_id: int, channel: FakeChannel) -> dict[str, Any]:
        data = user_payload(self.world.users[user_id])
        member = self.world.guild.members.get(user_id) if channel.guild_id else None
        if member is not None:
            data["member"] = member_payload(member, with_user=False)
        return data

    def _attachments(
        self,
        message: dict[str, Any],
        wanted: list[dict[str, Any]] | None,
        files: list[dict[str, Any]],
        channel: FakeChannel,
    ) -> list[dict[str, Any]]:
        existing = {a["id"]: a for a in message.get("attachments", [])}
        uploads = {f"files[{i}]": f for i, f in enumerate(files)}
        uploads.update({f["field"]: f for f in files})
        result: list[dict[str, Any]] = []
        for index, item in enumerate(
            wanted if wanted is not None else [{"id": i} for i in range(len(files))]
        ):
            key = str(item.get("id"))
            if key in existing:
                result.append(existing[key])
                continue
            upload = uploads.get(f"files[{key}]") or (files[index] if index < len(files) else None)
            if upload is None:
                continue
            aid = self.ids.next()
            filename = item.get("filename") or upload["filename"]
            url = f"{self.cdn_base}/attachments/{channel.id}/{aid}/{filename}"
            result.append(
                {
                    "id": str(aid),
                    "filename": filename,
                    "size": upload["size"],
                    "url": url,
                    "proxy_url": url,
                    "content_type": upload.get("content_type"),
                    "description": item.get("description"),
                }
            )
        return result
