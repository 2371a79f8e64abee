"""Which users/roles a message really pings, given its content and ``allowed_mentions``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .world import FakeWorld

USER_MENTION = re.compile(r"<@!?(\d{15,21})>")
ROLE_MENTION = re.compile(r"<@&(\d{15,21})>")
EVERYONE_MENTION = re.compile(r"@(everyone|here)")


@dataclass
class Mentions:
    user_ids: list[int] = field(default_factory=list)
    role_ids: list[int] = field(default_factory=list)
    everyone: bool = False


def resolve_mentions(
    world: FakeWorld,
    content: str,
    allowed_mentions: dict[str, Any] | None,
    *,
    replied_user_id: int | None = None,
    in_guild: bool = True,
) -> Mentions:
    """Apply Discord's rules: no ``allowed_mentions`` means every mention in the content pings."""
    if allowed_mentions is None:
        parse = {"users", "roles", "everyone"}
        allowed_users: set[int] = set()
        allowed_roles: set[int] = set()
        ping_reply = True
    else:
        parse = set(allowed_mentions.get("parse") or [])
        allowed_users = {int(u) for u in allowed_mentions.get("users") or []}
        allowed_roles = {int(r) for r in allowed_mentions.get("roles") or []}
        ping_reply = bool(allowed_mentions.get("replied_user", False))

    result = Mentions()
    for match in USER_MENTION.finditer(content or ""):
        uid = int(match.group(1))
        if (
            uid in world.users
            and ("users" in parse or uid in allowed_users)
            and uid not in result.user_ids
        ):
            result.user_ids.append(uid)
    if in_guild:
        for match in ROLE_MENTION.finditer(content or ""):
            rid = int(match.group(1))
            if (
                rid in world.guild.roles
                and ("roles" in parse or rid in allowed_roles)
                and rid not in result.role_ids
            ):
                result.role_ids.append(rid)
        result.everyone = "everyone" in parse and bool(EVERYONE_MENTION.search(content or ""))
    if replied_user_id is not None and ping_reply and replied_user_id not in result.user_ids:
        result.user_ids.append(replied_user_id)
    return result
