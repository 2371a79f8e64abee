"""/facts reload, history, stats and gaps: for the bot's admins only.

The fact base is shared by every server, so a server's own administrators may not reload
it: only the user ids in ATTACHE_ADMIN_IDS and the application's owner or team may.
Every reload attempt is recorded, refused ones included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.problems import Problem
from bot.core.reload import Actor
from bot.utils.limits import EMBED_DESCRIPTION, FIELD_VALUE, clip, safe

if TYPE_CHECKING:
    from bot.app import Attache

MAX_PROBLEMS_SHOWN = 15


def _ids(label: str, ids: list[str]) -> str:
    shown = ", ".join(ids[:20]) + (f" … (+{len(ids) - 20})" if len(ids) > 20 else "")
    return f"**{label}** ({len(ids)}): {shown}" if ids else f"**{label}**: none"


def problem_lines(problems: list[Problem], limit: int = EMBED_DESCRIPTION) -> str:
    """Problems in a code block: file names and ids shown exactly, no markdown surprises."""
    lines = [str(p).replace("`", "'") for p in problems[:MAX_PROBLEMS_SHOWN]]
    more = len(problems) - MAX_PROBLEMS_SHOWN
    tail = f"\n… and {more} more: run attache facts validate." if more > 0 else ""
    body = clip("\n".join(lines), limit - len(tail) - 8)
    return f"```\n{body}\n```{tail}"


class Admin(commands.Cog):
    facts = app_commands.Group(
        name="facts",
        description="Manage the shared fact base (bot admins only).",
        default_permissions=discord.Permissions(administrator=True),
    )

    def __init__(self, bot: Attache) -> None:
        self.bot = bot

    async def is_admin(self, user: discord.abc.User) -> bool:
        if user.id in self.bot.settings.admin_ids:
            return True
        return await self.bot.is_owner(user)

    async def _refuse(self, interaction: discord.Interaction, action: str) -> bool:
        """True (and a polite refusal) when the user is not one of the bot's admins."""
        if await self.is_admin(interaction.user):
            return False
        if action == "reload":
            await self.bot.facts.refuse(self._actor(interaction))
        await interaction.response.send_message(
            "Only the bot's admins can do that: the fact base is shared by every server.",
            ephemeral=True,
        )
        return True

    def _actor(self, interaction: discord.Interaction) -> Actor:
        return Actor(str(interaction.user), "discord", interaction.user.id)

    @facts.command(name="reload", description="Re-read the fact files and rebuild the fact base.")
    async def reload(self, interaction: discord.Interaction) -> None:
        if await self._refuse(interaction, "reload"):
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await self.bot.facts.reload(self._actor(interaction))
        if not outcome.ok:
            embed = discord.Embed(
                title="Nothing changed: the fact files have errors",
                description=problem_lines(outcome.errors),
                colour=discord.Colour.red(),
            )
            embed.set_footer(text="The previous fact base keeps serving.")
            await interaction.followup.send(embed=embed, ephemeral=True)
            return
        result = outcome.result
        assert result is not None
        lines = [
            _ids("Added", result.added),
            _ids("Removed", result.removed),
            _ids("Changed", result.changed),
        ]
        title = "Fact base reloaded" if result.wrote else "Fact base unchanged"
        embed = discord.Embed(
            title=title,
            description=clip("\n".join(lines), EMBED_DESCRIPTION),
            colour=discord.Colour.green(),
        )
        if outcome.problems:
            embed.add_field(
                name="Warnings",
                value=problem_lines(outcome.problems, FIELD_VALUE),
                inline=False,
            )
        embed.set_footer(
            text=f"{result.facts} facts from {result.articles} articles"
            f" · hash {result.content_hash[:12]}"
        )
        await interaction.followup.send(embed=embed, ephemeral=True)

    @facts.command(name="history", description="The last reload attempts.")
    async def history(self, interaction: discord.Interaction) -> None:
        if await self._refuse(interaction, "history"):
            return
        records = await self.bot.facts.history(15)
        lines = [
            f"{discord.utils.format_dt(r.at, 'f')} · **{safe(r.user_name)}** ({r.source}):"
            f" {r.outcome}" + (f" {r.detail}" if r.detail else "")
            for r in records
        ] or ["No reloads yet."]
        embed = discord.Embed(
            title="Reload history", description=clip("\n".join(lines), EMBED_DESCRIPTION)
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @facts.command(name="stats", description="Fact counts by article, topic and kind.")
    async def stats(self, interaction: discord.Interaction) -> None:
        if await self._refuse(interaction, "stats"):
            return
        base = self.bot.answers.base
        counts = base.counts()
        titles = {a: safe(article.title) for a, article in base.articles.items()}
        sections = {
            "Articles": "\n".join(f"{titles.get(a, a)}: {n}" for a, n in counts.by_article.items()),
            "Topics": ", ".join(f"{t} {n}" for t, n in counts.by_topic.items()),
            "Kinds": ", ".join(f"{k} {n}" for k, n in counts.by_kind.items()),
        }
        embed = discord.Embed(title="Fact base")
        for name, value in sections.items():
            embed.add_field(name=name, value=clip(value or "none", FIELD_VALUE), inline=False)
        if base.build is not None:
            embed.set_footer(
                text=f"{len(base.facts)} facts · built {base.build.built_at:%Y-%m-%d %H:%M} UTC"
                f" · hash {base.build.content_hash[:12]}"
            )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @facts.command(name="gaps", description="The questions people ask that I cannot answer.")
    async def gaps(self, interaction: discord.Interaction) -> None:
        if await self._refuse(interaction, "gaps"):
            return
        gaps = await self.bot.gaps.top(20)
        lines = [f"**{g.count}×** {safe(g.question)} ({g.status})" for g in gaps] or [
            "No gaps recorded yet."
        ]
        embed = discord.Embed(
            title="Unanswered questions", description=clip("\n".join(lines), EMBED_DESCRIPTION)
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)


async def setup(bot: Attache) -> None:
    await bot.add_cog(Admin(bot))
