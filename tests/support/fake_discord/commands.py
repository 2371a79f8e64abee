"""Application commands as Discord stores them after a sync (bulk overwrite, upsert, delete)."""

from __future__ import annotations

import copy
from typing import Any

from .errors import UNKNOWN_APPLICATION_COMMAND, ApiError
from .snowflake import SnowflakeFactory
from .validation import check_commands


class CommandRegistry:
    """Global commands under key ``None``, guild commands under their guild id."""

    def __init__(self, application_id: int, ids: SnowflakeFactory) -> None:
        self.application_id = application_id
        self.ids = ids
        self._scopes: dict[int | None, list[dict[str, Any]]] = {}
        self.syncs: list[tuple[int | None, list[str]]] = []  # (guild_id, names) per bulk overwrite

    def in_scope(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        return copy.deepcopy(self._scopes.get(guild_id, []))

    def overwrite(
        self, guild_id: int | None, commands: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        if not isinstance(commands, list):
            raise ApiError.invalid_form(
                {
                    "_errors": [
                        {
                            "code": "LIST_TYPE_CONVERT",
                            "message": "Only iterables may be used in a ListType",
                        }
                    ]
                }
            )
        check_commands(commands)
        existing = {(c["type"], c["name"]): c for c in self._scopes.get(guild_id, [])}
        stored = []
        for body in commands:
            key = (body.get("type", 1), body["name"])
            old = existing.get(key)
            stored.append(self._normalise(guild_id, body, old["id"] if old else None))
        self._scopes[guild_id] = stored
        self.syncs.append((guild_id, [c["name"] for c in stored]))
        return copy.deepcopy(stored)

    def upsert(self, guild_id: int | None, body: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
        check_commands([body])
        scope = self._scopes.setdefault(guild_id, [])
        key = (body.get("type", 1), body["name"])
        for i, cmd in enumerate(scope):
            if (cmd["type"], cmd["name"]) == key:
                scope[i] = self._normalise(guild_id, body, cmd["id"])
                return False, copy.deepcopy(scope[i])
        command = self._normalise(guild_id, body, None)
        scope.append(command)
        return True, copy.deepcopy(command)

    def get(self, guild_id: int | None, command_id: int) -> dict[str, Any]:
        for cmd in self._scopes.get(guild_id, []):
            if int(cmd["id"]) == int(command_id):
                return cmd
        raise ApiError.not_found(UNKNOWN_APPLICATION_COMMAND, "Unknown application command")

    def delete(self, guild_id: int | None, command_id: int) -> None:
        cmd = self.get(guild_id, command_id)
        self._scopes[guild_id].remove(cmd)

    def find(
        self, name: str, *, type: int = 1, guild_id: int | None = None
    ) -> dict[str, Any] | None:
        """The synced command a user would pick: the guild's own first, then the global one."""
        for scope in (guild_id, None) if guild_id is not None else (None,):
            for cmd in self._scopes.get(scope, []):
                if cmd["name"] == name and cmd["type"] == type:
                    return cmd
        return None

    def _normalise(
        self, guild_id: int | None, body: dict[str, Any], command_id: str | None
    ) -> dict[str, Any]:
        perms = body.get("default_member_permissions")
        command: dict[str, Any] = {
            "id": command_id or str(self.ids.next()),
            "application_id": str(self.application_id),
            "version": str(self.ids.next()),
            "type": body.get("type", 1),
            "name": body["name"],
            "name_localizations": body.get("name_localizations"),
            "description": body.get("description", ""),
            "description_localizations": body.get("description_localizations"),
            "options": copy.deepcopy(body.get("options") or []),
            "default_member_permissions": None if perms is None else str(int(perms)),
            "nsfw": bool(body.get("nsfw", False)),
        }
        if guild_id is not None:
            command["guild_id"] = str(guild_id)
        else:
            contexts = body.get("contexts")
            command["dm_permission"] = (
                body.get("dm_permission", True) if contexts is None else 1 in contexts
            )
            command["contexts"] = contexts
            command["integration_types"] = body.get("integration_types") or [0]
        return command
