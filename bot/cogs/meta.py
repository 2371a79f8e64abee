"""/help and /about: what the bot can do and how it is doing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.utils.limits import EMBED_DESCRIPTION, clip

if TYPE_CHECKING:
    from bot.app import Attache


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    parts = [f"{days}d"] if days else []
    if days or hours:
        parts.append(f"{hours}h")
    parts.append(f"{minutes}m" if days or hours or minutes else f"{secs}s")
    return " ".join(parts)


class Meta(commands.Cog):
    def __init__(self, bot: Attache) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What I can do and how to ask.")
    async def help(self, interaction: discord.Interaction) -> None:
        lines = []
        for command in sorted(self.bot.tree.walk_commands(), key=lambda c: c.qualified_name):
            if isinstance(command, app_commands.Command):
                lines.append(f"**/{command.qualified_name}**: {command.description}")
        embed = discord.Embed(
            title="Attaché",
            description=clip(
                "I answer questions about diplomacy news from articles curated by people, and"
                " I always show the sentence my answer comes from. When I don't know, I say"
                " so.\n\n" + "\n".join(lines),
                EMBED_DESCRIPTION,
            ),
        )
        embed.add_field(
            name="Try",
            value="/ask question: who is China's top security official?",
            inline=False,
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="about", description="Version, fact base and health.")
    async def about(self, interaction: discord.Interaction) -> None:
        base = self.bot.answers.base
        uptime = (self.bot.clock() - self.bot.started_at).total_seconds()
        latency = self.bot.latency
        embed = discord.Embed(title="About Attaché")
        embed.add_field(name="Version", value=self.bot.version)
        embed.add_field(name="Facts", value=str(len(base.facts)))
        embed.add_field(name="Articles", value=str(len(base.articles)))
        embed.add_field(
            name="Latency",
            value=f"{latency * 1000:.0f} ms" if latency == latency and latency < 1e6 else "n/a",
        )
        embed.add_field(name="Uptime", value=_duration(uptime))
        # Whether meaning backs the words up here (off by setting, or its model missing).
        matching = "words and meaning" if self.bot.answers.matcher.second_opinion else "words"
        embed.add_field(name="Matching", value=matching)
        if base.build is not None:
            embed.set_footer(
                text=f"fact base built {base.build.built_at:%Y-%m-%d %H:%M} UTC,"
                f" hash {base.build.content_hash[:12]}"
            )
        await interaction.response.send_message(embed=embed)


async def setup(bot: Attache) -> None:
    await bot.add_cog(Meta(bot))
