"""INTERACTION_CREATE payloads shaped like Discord's.

Slash commands, autocomplete, component clicks and modal submits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .commands import CommandRegistry
from .interactions import APPLICATION_COMMAND, AUTOCOMPLETE, MESSAGE_COMPONENT, MODAL_SUBMIT
from .messages import MessageStore
from .payloads import channel_payload, member_payload, role_payload, user_payload
from .snowflake import SnowflakeFactory
from .world import DM, FakeChannel, FakeMember, FakeRole, FakeUser, FakeWorld

# Option types.
(
    SUB_COMMAND,
    SUB_COMMAND_GROUP,
    STRING,
    INTEGER,
    BOOLEAN,
    USER,
    CHANNEL,
    ROLE,
    MENTIONABLE,
    NUMBER,
) = range(1, 11)
ATTACHMENT = 11
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


@dataclass(frozen=True)
class Opt:
    """An option value with an explicit Discord option type, e.g. ``Opt(INTEGER, 3)``."""

    type: int
    value: Any


class _Missing:
    pass


MISSING: Any = _Missing()


class InteractionBuilder:
    def __init__(
        self,
        world: FakeWorld,
        ids: SnowflakeFactory,
        commands: CommandRegistry,
        messages: MessageStore,
    ) -> None:
        self.world = world
        self.ids = ids
        self.commands = commands
        self.messages = messages

    # -- public builders -----------------------------------------------------------------------
    def slash_command(
        self,
        name: str,
        options: dict[str, Any] | list[dict[str, Any]] | None = None,
        *,
        command_guild_id: int | _Missing | None = MISSING,
        command_id: int | None = None,
        **context: Any,
    ) -> dict[str, Any]:
        """A chat-input command (type 2).

        ``name`` may be a path: ``"config set"`` or ``"admin config set"`` nests
        subcommand (group) options.

        ``options``: ``{name: value}`` (types come from the synced command, else from the
        Python value;
        ``Opt(type, value)`` forces one) or a raw list of option dicts.
        ``context``: user, channel, locale, guild_locale, permissions, app_permissions, in_guild.
        """
        return self._command(
            APPLICATION_COMMAND, name, options, None, command_guild_id, command_id, context
        )

    def autocomplete(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        focused: str,
        command_guild_id: int | _Missing | None = MISSING,
        command_id: int | None = None,
        **context: Any,
    ) -> dict[str, Any]:
        """An autocomplete request (type 4).

        ``focused`` names the option being typed; its value is the partial text.
        """
        return self._command(
            AUTOCOMPLETE, name, options, focused, command_guild_id, command_id, context
        )

    def component_click(
        self,
        custom_id: str,
        *,
        message: dict[str, Any] | int,
        component_type: int = 2,
        values: list[str] | None = None,
        **context: Any,
    ) -> dict[str, Any]:
        """A button press (``component_type`` 2) or a select.

        Selects: 3 string, 5 user, 6 role, 7 mentionable, 8 channel.
        """
        msg = self._message(message)
        context.setdefault("channel", int(msg["channel_id"]))
        payload = self._base(MESSAGE_COMPONENT, context)
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if component_type != 2:
            data["values"] = [str(v) for v in values or []]
            resolved = self._resolved_for_select(component_type, data["values"])
            if resolved:
                data["resolved"] = resolved
        payload["data"] = data
        payload["message"] = msg
        return payload

    def modal_submit(
        self,
        fields: dict[str, str],
        *,
        modal: dict[str, Any] | None = None,
        custom_id: str | None = None,
        message: dict[str, Any] | int | None = None,
        **context: Any,
    ) -> dict[str, Any]:
        """A modal submission (type 5).

        Pass the modal callback's ``data`` as ``modal=`` to mirror its layout; otherwise
        each field becomes an action row holding one text input.
        """
        if modal is not None:
            custom_id = custom_id or modal["custom_id"]
            components = [self._fill(c, fields) for c in modal.get("components", [])]
        else:
            components = [
                {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
                for k, v in fields.items()
            ]
        if custom_id is None:
            raise ValueError("modal_submit needs custom_id= or modal=")
        msg = self._message(message) if message is not None else None
        if msg is not None:
            context.setdefault("channel", int(msg["channel_id"]))
        payload = self._base(MODAL_SUBMIT, context)
        payload["data"] = {"custom_id": custom_id, "components": components}
        if msg is not None:
            payload["message"] = msg
        return payload

    # -- internals -----------------------------------------------------------------------------
    def _command(
        self,
        itype: int,
        name: str,
        options: dict[str, Any] | list[dict[str, Any]] | None,
        focused: str | None,
        command_guild_id: Any,
        command_id: int | None,
        context: dict[str, Any],
    ) -> dict[str, Any]:
        payload = self._base(itype, context)
        top, *path = name.split()
        in_guild = "guild_id" in payload
        synced = self.commands.find(top, guild_id=self.world.guild.id if in_guild else None)
        schema = (synced or {}).get("options", [])
        leaf_schema = schema
        for part in path:
            leaf_schema = next(
                (o.get("options", []) for o in leaf_schema if o.get("name") == part), []
            )
        resolved: dict[str, dict[str, Any]] = {}
        if isinstance(options, list):
            leaf = options
        else:
            leaf = [
                self._option(k, v, leaf_schema, resolved, focused == k)
                for k, v in (options or {}).items()
            ]
        nested = leaf
        for depth, part in reversed(list(enumerate(path))):
            kind = SUB_COMMAND if depth == len(path) - 1 else SUB_COMMAND_GROUP
            nested = [{"name": part, "type": kind, "options": nested}]
        if command_guild_id is MISSING:
            command_guild_id = (
                int(synced["guild_id"]) if synced and synced.get("guild_id") else None
            )
        data: dict[str, Any] = {
            "id": str(command_id or (synced["id"] if synced else self.ids.next())),
            "name": top,
            "type": 1,
            "options": nested,
        }
        if command_guild_id is not None:
            data["guild_id"] = str(command_guild_id)
        if resolved:
            data["resolved"] = resolved
        payload["data"] = data
        return payload

    def _option(
        self,
        name: str,
        value: Any,
        schema: list[dict[str, Any]],
        resolved: dict[str, dict[str, Any]],
        focused: bool,
    ) -> dict[str, Any]:
        declared = next((o.get("type") for o in schema if o.get("name") == name), None)
        if isinstance(value, Opt):
            otype, value = value.type, value.value
        elif declared is not None:
            otype = declared
        elif isinstance(value, bool):
            otype = BOOLEAN
        elif isinstance(value, int):
            otype = INTEGER
        elif isinstance(value, float):
            otype = NUMBER
        elif isinstance(value, (FakeUser, FakeMember)):
            otype = USER
        elif isinstance(value, FakeChannel):
            otype = CHANNEL
        elif isinstance(value, FakeRole):
            otype = ROLE
        else:
            otype = STRING
        option: dict[str, Any] = {"name": name, "type": otype}
        if focused:
            option["value"] = value if isinstance(value, str) else str(value)
            option["focused"] = True
            return option
        if otype in (USER, CHANNEL, ROLE, MENTIONABLE):
            option["value"] = str(self._resolve(otype, value, resolved))
        elif otype == INTEGER:
            option["value"] = int(value)
        elif otype == NUMBER:
            option["value"] = float(value)
        elif otype == BOOLEAN:
            option["value"] = bool(value)
        else:
            option["value"] = value
        return option

    def _resolve(self, otype: int, value: Any, resolved: dict[str, dict[str, Any]]) -> int:
        """Add a user/channel/role to ``resolved`` the way Discord does; return its id."""
        world = self.world
        if isinstance(value, (FakeMember, FakeUser, FakeChannel, FakeRole)):
            key: int | str = value.id
        else:
            key = int(value) if str(value).isdigit() else str(value)
        is_role = key in world.guild.roles or any(r.name == key for r in world.guild.roles.values())
        if otype == ROLE or (otype == MENTIONABLE and is_role):
            role = next(r for r in world.guild.roles.values() if key in (r.id, r.name))
            resolved.setdefault("roles", {})[str(role.id)] = role_payload(role)
            return role.id
        if otype in (USER, MENTIONABLE):
            try:
                member: FakeMember | None = world.member(key)
            except KeyError:
                member = None
            user = member.user if member is not None else world.users[int(key)]
            resolved.setdefault("users", {})[str(user.id)] = user_payload(user)
            if member is not None:
                perms = world.guild.permissions_for(member)
                resolved.setdefault("members", {})[str(user.id)] = member_payload(
                    member, with_user=False, permissions=perms
                )
            return user.id
        channel = world.channel(key)
        data = channel_payload(channel)
        data["permissions"] = str(world.guild.permissions_for(world.guild.members[world.bot.id]))
        resolved.setdefault("channels", {})[str(channel.id)] = data
        return channel.id

    def _resolved_for_select(
        self, component_type: int, values: list[str]
    ) -> dict[str, dict[str, Any]]:
        resolved: dict[str, dict[str, Any]] = {}
        kind = {5: USER, 6: ROLE, 7: MENTIONABLE, 8: CHANNEL}.get(component_type)
        if kind is not None:
            for value in values:
                self._resolve(kind, value, resolved)
        return resolved

    def _fill(self, component: dict[str, Any], fields: dict[str, str]) -> dict[str, Any]:
        """Turn a modal component into its submitted form, filling text inputs from ``fields``."""
        ctype = component.get("type")
        if ctype == 1:
            return {
                "type": 1,
                "components": [self._fill(c, fields) for c in component.get("components", [])],
            }
        if ctype == 18:  # label
            return {
                "type": 18,
                "id": component.get("id"),
                "component": self._fill(component["component"], fields),
            }
        submitted: dict[str, Any] = {"type": ctype, "custom_id": component.get("custom_id")}
        if "id" in component:
            submitted["id"] = component["id"]
        value = fields.get(component.get("custom_id", ""), component.get("value") or "")
        if ctype == 4:
            submitted["value"] = value
        else:
            submitted["values"] = value if isinstance(value, list) else [value]
        return submitted

    def _message(self, message: dict[str, Any] | int) -> dict[str, Any]:
        if isinstance(message, dict):
            return message
        found = self.messages.find(int(message))
        if found is None:
            raise KeyError(f"no message {message} in the fake")
        return found

    def _base(self, itype: int, context: dict[str, Any]) -> dict[str, Any]:
        world = self.world
        guild = world.guild
        user = context.pop("user", None)
        in_guild = context.pop("in_guild", True)
        locale = context.pop("locale", "en-US")
        iid = self.ids.next()
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(world.application_id),
            "type": itype,
            "token": f"fake-interaction-token-{iid}",
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if in_guild:
            member = world.member(user) if user is not None else world.regular_members[0]
            perms = context.pop("permissions", None)
            perms = world.guild.permissions_for(member) if perms is None else int(perms)
            app_perms = context.pop("app_permissions", None)
            app_perms = (
                guild.permissions_for(guild.members[world.bot.id])
                if app_perms is None
                else int(app_perms)
            )
            channel = world.channel(context.pop("channel", None) or guild.text_channels[0])
            channel_data = channel_payload(channel)
            channel_data["permissions"] = str(perms)
            payload.update(
                {
                    "guild_id": str(guild.id),
                    "guild": {
                        "id": str(guild.id),
                        "locale": guild.preferred_locale,
                        "features": [],
                    },
                    "guild_locale": context.pop("guild_locale", guild.preferred_locale),
                    "channel_id": str(channel.id),
                    "channel": channel_data,
                    "member": member_payload(member, permissions=perms),
                    "app_permissions": str(app_perms),
                    "authorizing_integration_owners": {"0": str(guild.id)},
                    "context": 0,
                }
            )
        else:
            who = world.member(user).user if user is not None else world.regular_members[0].user
            channel = context.pop("channel", None)
            channel = (
                world.channel(channel) if channel is not None else world.dm_channel_for(who.id)
            )
            if channel.type != DM:
                raise ValueError("a DM interaction needs a DM channel")
            payload.update(
                {
                    "channel_id": str(channel.id),
                    "channel": channel_payload(channel, world),
                    "user": user_payload(who),
                    "app_permissions": str(context.pop("app_permissions", 0) or 0),
                    "authorizing_integration_owners": {"0": str(guild.id)},
                    "context": 1,
                }
            )
        if context:
            raise TypeError(f"unexpected interaction context: {sorted(context)}")
        return payload
