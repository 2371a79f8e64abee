"""Buttons that outlive the process: each carries its fact id in custom_id.

"Did you mean" picks show a fact; "Not what I asked" under an answer tells the curators it
missed. `DynamicItem` lets discord.py route a click to the right fact after a restart, with
no per-message state kept anywhere: the question a report is about is read back from the
answer's own message.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Self

import discord

from bot.core.answers import Suggestion
from bot.utils.embeds import fact_embed
from bot.utils.limits import BUTTON_LABEL, clip

if TYPE_CHECKING:
    from bot.app import Attache


_FACT_ID = r"(?P<id>[a-z0-9-]{1,80})"


class _FactIdButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"(?!)" + _FACT_ID):
    """A button whose custom_id is `<prefix>:<fact id>`; each subclass sets its own prefix
    (and template). This base matches no custom_id (`(?!)` never matches)."""

    prefix = ""

    def __init__(self, fact_id: str, label: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=clip(label, BUTTON_LABEL),
                style=discord.ButtonStyle.secondary,
                custom_id=f"{self.prefix}:{fact_id}",
            )
        )
        self.fact_id = fact_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(match["id"])  # type: ignore[call-arg]


class FactButton(_FactIdButton, template="fact:" + _FACT_ID):
    prefix = "fact"

    def __init__(self, fact_id: str, label: str = "Show") -> None:
        super().__init__(fact_id, label)

    async def callback(self, interaction: discord.Interaction) -> None:
        client: Attache = interaction.client  # type: ignore[assignment]
        base = client.answers.base
        fact = base.fact(self.fact_id)
        if fact is None:
            await interaction.response.send_message(
                "That fact has been removed from the fact base since.", ephemeral=True
            )
            return
        await interaction.response.send_message(embed=fact_embed(fact, base))


class ReportButton(_FactIdButton, template="wrong:" + _FACT_ID):
    prefix = "wrong"

    def __init__(self, fact_id: str) -> None:
        super().__init__(fact_id, "Not what I asked")

    async def callback(self, interaction: discord.Interaction) -> None:
        client: Attache = interaction.client  # type: ignore[assignment]
        if client.user_limit.hit(interaction.user.id) is not None:
            await interaction.response.send_message(
                "Thanks, noted already: try again in a little while.", ephemeral=True
            )
            return
        question = asked_in(interaction.message)
        if question is None:
            await interaction.response.send_message(
                "I couldn't find the question this answer was for.", ephemeral=True
            )
            return
        await client.gaps.report(question, self.fact_id, interaction.guild_id)
        await interaction.response.send_message(
            "Thanks: I've told the curators this answer missed what you asked.", ephemeral=True
        )


_ESCAPED = re.compile(r"\\(.)")


def asked_in(message: discord.Message | None) -> str | None:
    """The question an answer embed quotes on its first line ("> question"), with the
    markdown and mention escaping undone."""
    if message is None or not message.embeds or not message.embeds[0].description:
        return None
    first = message.embeds[0].description.split("\n", 1)[0]
    if not first.startswith("> "):
        return None
    return _ESCAPED.sub(r"\1", first[2:]).replace("\u200b", "").strip() or None


def answer_view(fact_id: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ReportButton(fact_id))
    return view


def suggestion_view(suggestions: tuple[Suggestion, ...]) -> discord.ui.View | None:
    if not suggestions:
        return None
    view = discord.ui.View(timeout=None)
    for number, suggestion in enumerate(suggestions, start=1):
        view.add_item(FactButton(suggestion.fact_id, f"{number}. {suggestion.question}"))
    return view
