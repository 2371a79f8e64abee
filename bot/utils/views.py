"""Buttons that outlive the process: "did you mean" picks carry their fact id in custom_id.

`DynamicItem` lets discord.py route a click to the right fact after a restart, with no
per-message state kept anywhere.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.core.answers import Suggestion
from bot.utils.embeds import fact_embed
from bot.utils.limits import BUTTON_LABEL, clip

if TYPE_CHECKING:
    from bot.app import Attache


class FactButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"fact:(?P<id>[a-z0-9-]{1,80})"
):
    def __init__(self, fact_id: str, label: str = "Show") -> None:
        super().__init__(
            discord.ui.Button(
                label=clip(label, BUTTON_LABEL),
                style=discord.ButtonStyle.secondary,
                custom_id=f"fact:{fact_id}",
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
    ) -> FactButton:
        return cls(match["id"])

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


def suggestion_view(suggestions: tuple[Suggestion, ...]) -> discord.ui.View | None:
    if not suggestions:
        return None
    view = discord.ui.View(timeout=None)
    for number, suggestion in enumerate(suggestions, start=1):
        view.add_item(FactButton(suggestion.fact_id, f"{number}. {suggestion.question}"))
    return view
