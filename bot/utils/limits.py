"""Discord's size limits and clean truncation, so no reply is ever rejected for its length.

Numbers from Discord's documentation (message and embed object limits).
"""

from __future__ import annotations

import discord

EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
FIELD_VALUE = 1024
FOOTER = 2048
EMBED_TOTAL = 6000
BUTTON_LABEL = 80
CHOICE_NAME = 100
CHOICE_VALUE = 100
CHOICES = 25
ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    """Cut at a word boundary when one is near, and say that something was cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    if space > limit * 0.8:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def safe(text: str) -> str:
    """User text shown back in Discord: markdown and mentions defused.

    Allowed mentions are off client-wide, so nothing pings anyway; escaping also keeps a
    question like "**bold** @everyone" from rendering as formatting or as a mention pill.
    """
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Trim fields from the end, then the description, until the embed fits Discord's total."""
    while len(embed) > EMBED_TOTAL and len(embed.fields) > 0:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > EMBED_TOTAL and embed.description:
        excess = len(embed) - EMBED_TOTAL
        embed.description = clip(embed.description, max(len(embed.description) - excess, 1))
    return embed
