"""/fact, /topics and /source: browsing the fact base without asking a question."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands
from rapidfuzz import process

from bot.utils.embeds import fact_embed
from bot.utils.limits import CHOICE_NAME, CHOICES, EMBED_DESCRIPTION, clip, safe

if TYPE_CHECKING:
    from bot.app import Attache


class Browse(commands.Cog):
    def __init__(self, bot: Attache) -> None:
        self.bot = bot

    @app_commands.command(name="fact", description="A random fact from the news I have read.")
    @app_commands.describe(topic="Only facts about this topic (optional).")
    async def fact(self, interaction: discord.Interaction, topic: str | None = None) -> None:
        service = self.bot.answers
        if topic is not None and topic not in service.base.topics():
            await interaction.response.send_message(
                f"I have no facts about “{safe(clip(topic, 100))}”. Try /topics.", ephemeral=True
            )
            return
        fact = service.random_fact(self.bot.rng, topic)
        if fact is None:
            await interaction.response.send_message("The fact base is empty.", ephemeral=True)
            return
        await interaction.response.send_message(embed=fact_embed(fact, service.base))

    @fact.autocomplete("topic")
    async def _complete_topic(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        topics = self.bot.answers.base.topics()
        names = [t for t in topics if current.strip().lower() in t] if current.strip() else []
        if current.strip() and not names:
            names = [t for t, _, _ in process.extract(current, list(topics), limit=CHOICES)]
        names = names or list(topics)
        return [
            app_commands.Choice(name=f"{t} ({topics[t]} facts)", value=t) for t in names[:CHOICES]
        ]

    @app_commands.command(name="topics", description="The topics I know about, with fact counts.")
    async def topics(self, interaction: discord.Interaction) -> None:
        topics = self.bot.answers.base.topics()
        if not topics:
            await interaction.response.send_message("The fact base is empty.", ephemeral=True)
            return
        lines = [f"**{name}**: {count} facts" for name, count in topics.items()]
        embed = discord.Embed(title="Topics", description=clip("\n".join(lines), EMBED_DESCRIPTION))
        embed.set_footer(text="Use /fact topic:<name> for a random fact about one.")
        await interaction.response.send_message(embed=embed)

    @app_commands.command(name="source", description="Show a fact's article and quote.")
    @app_commands.describe(fact_id="The fact's id, shown under every answer.")
    async def source(
        self, interaction: discord.Interaction, fact_id: app_commands.Range[str, 1, 80]
    ) -> None:
        base = self.bot.answers.base
        fact = base.fact(fact_id.strip())
        if fact is None:
            await interaction.response.send_message(
                f"There is no fact with the id “{safe(fact_id)}”.", ephemeral=True
            )
            return
        await interaction.response.send_message(embed=fact_embed(fact, base))

    @source.autocomplete("fact_id")
    async def _complete_fact_id(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=clip(f"{f.id}: {f.answer}", CHOICE_NAME), value=f.id)
            for f in self.bot.answers.complete_fact(current, CHOICES)
        ]


async def setup(bot: Attache) -> None:
    await bot.add_cog(Browse(bot))
