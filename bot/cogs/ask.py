"""/ask: answer a question from the fact base, with "did you mean" buttons when unsure."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answers import Status
from bot.utils.embeds import answer_embed
from bot.utils.limits import CHOICE_NAME, CHOICE_VALUE, CHOICES, clip
from bot.utils.views import FactButton, ReportButton, answer_view, suggestion_view

if TYPE_CHECKING:
    from bot.app import Attache


def _ask_cooldown(interaction: discord.Interaction) -> app_commands.Cooldown | None:
    settings = interaction.client.settings  # type: ignore[attr-defined]
    return app_commands.Cooldown(settings.ask_rate, settings.ask_per_seconds)


class Ask(commands.Cog):
    def __init__(self, bot: Attache) -> None:
        self.bot = bot

    @app_commands.command(name="ask", description="Ask a question about the news I have read.")
    @app_commands.describe(question="Your question in plain words, e.g. who is Sergei Lavrov?")
    @app_commands.checks.dynamic_cooldown(_ask_cooldown, key=lambda i: i.user.id)
    async def ask(
        self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 500]
    ) -> None:
        answer = await self.bot.ask(question)
        if answer.status is Status.INVALID:
            await interaction.response.send_message(answer.message or "", ephemeral=True)
            return
        if answer.status is Status.ANSWERED and answer.fact is not None:
            view: discord.ui.View | None = answer_view(answer.fact.id)
        else:
            view = suggestion_view(answer.suggestions if answer.status is Status.UNSURE else ())
        if view is None:
            await interaction.response.send_message(embed=answer_embed(answer))
        else:
            await interaction.response.send_message(embed=answer_embed(answer), view=view)
        # After replying: the gap log must never make an answer late.
        await self.bot.gaps.record(answer, interaction.guild_id)

    @ask.autocomplete("question")
    async def _complete_question(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=clip(text, CHOICE_NAME), value=clip(text, CHOICE_VALUE))
            for text in self.bot.answers.complete_question(current, limit=CHOICES)
        ]


async def setup(bot: Attache) -> None:
    bot.add_dynamic_items(FactButton, ReportButton)
    await bot.add_cog(Ask(bot))
