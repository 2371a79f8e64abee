"""Discord-shaped JSON payloads for the world's objects (users, roles, members, channels, guild)."""

from __future__ import annotations

from typing import Any

from .world import (
    DM,
    GUILD_VOICE,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    FakeWorld,
)


def user_payload(user: FakeUser) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(user.id),
        "username": user.username,
        "discriminator": "0",
        "global_name": user.global_name,
        "avatar": user.avatar,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
        "collectibles": None,
        "primary_guild": None,
    }
    if user.bot:
        data["bot"] = True
    return data


def self_user_payload(user: FakeUser) -> dict[str, Any]:
    """The bot's own user object (GET /users/@me, READY.user)."""
    data = user_payload(user)
    data.update(
        {
            "verified": True,
            "mfa_enabled": False,
            "email": None,
            "locale": "en-US",
            "premium_type": 0,
        }
    )
    return data


def role_payload(role: FakeRole) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(role.id),
        "name": role.name,
        "color": role.color,
        "colors": {"primary_color": role.color, "secondary_color": None, "tertiary_color": None},
        "hoist": role.hoist,
        "icon": None,
        "unicode_emoji": None,
        "position": role.position,
        "permissions": str(role.permissions),
        "managed": role.managed,
        "mentionable": role.mentionable,
        "flags": 0,
    }
    if role.bot_id is not None:
        data["tags"] = {"bot_id": str(role.bot_id)}
    return data


def member_payload(
    member: FakeMember, *, with_user: bool = True, permissions: int | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "roles": [str(r) for r in member.role_ids],
        "nick": member.nick,
        "avatar": None,
        "banner": None,
        "joined_at": member.joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
    }
    if with_user:
        data["user"] = user_payload(member.user)
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def channel_payload(channel: FakeChannel, world: FakeWorld | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": str(channel.id), "type": channel.type, "flags": 0}
    if channel.type == DM:
        recipients = [world.users[uid] for uid in channel.recipient_ids] if world else []
        data.update({"last_message_id": None, "recipients": [user_payload(u) for u in recipients]})
        return data
    data.update(
        {
            "guild_id": str(channel.guild_id),
            "name": channel.name,
            "position": channel.position,
            "permission_overwrites": [],
            "parent_id": str(channel.parent_id) if channel.parent_id else None,
            "nsfw": False,
        }
    )
    if channel.type == GUILD_VOICE:
        data.update(
            {"bitrate": 64000, "user_limit": 0, "rtc_region": None, "rate_limit_per_user": 0}
        )
    elif channel.type != 4:
        data.update({"topic": channel.topic, "last_message_id": None, "rate_limit_per_user": 0})
    return data


def guild_payload(guild: FakeGuild, *, members: list[FakeMember] | None = None) -> dict[str, Any]:
    """A GUILD_CREATE body: the full guild, with ``members`` as Discord would send them."""
    listed = list(guild.members.values()) if members is None else members
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(guild.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "system_channel_id": str(guild.text_channels[0].id) if guild.text_channels else None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "preferred_locale": guild.preferred_locale,
        "vanity_url_code": None,
        "features": [],
        "max_members": 500000,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "roles": [role_payload(r) for r in guild.roles.values()],
        "emojis": [],
        "stickers": [],
        "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "large": len(guild.members) >= 250,
        "unavailable": False,
        "lazy": True,
        "member_count": len(guild.members),
        "voice_states": [],
        "members": [member_payload(m) for m in listed],
        "channels": [channel_payload(c) for c in guild.channels.values()],
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "application_command_counts": {},
        "embedded_activities": [],
    }


def application_payload(world: FakeWorld, *, flags: int) -> dict[str, Any]:
    """GET /oauth2/applications/@me."""
    return {
        "id": str(world.application_id),
        "name": world.application_name,
        "icon": None,
        "description": "Fake application for end-to-end tests",
        "summary": "",
        "type": None,
        "bot_public": False,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "owner": user_payload(world.admin.user),
        "team": None,
        "flags": flags,
        "hook": True,
        "interactions_endpoint_url": None,
        "redirect_uris": [],
        "tags": [],
        "bot": user_payload(world.bot),
        "approximate_guild_count": 1,
        "integration_types_config": {"0": {}},
    }
