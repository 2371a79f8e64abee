"""Answer embeds: the answer, its quote and its source, within Discord's limits."""

from __future__ import annotations

import discord

from bot.core.answers import Answer, Status, as_of_label
from bot.core.models import Article, Fact
from bot.core.store import FactBase
from bot.utils.limits import (
    EMBED_DESCRIPTION,
    EMBED_TITLE,
    FIELD_VALUE,
    FOOTER,
    clip,
    fit_embed,
    safe,
)

ANSWER_COLOUR = discord.Colour.from_rgb(46, 125, 50)
UNSURE_COLOUR = discord.Colour.from_rgb(237, 108, 2)
UNKNOWN_COLOUR = discord.Colour.from_rgb(120, 120, 120)


def answer_embed(answer: Answer) -> discord.Embed:
    """The reply to /ask: answer as title, quote as evidence, article as source."""
    if answer.status is Status.ANSWERED and answer.fact is not None:
        fact = answer.fact
        embed = discord.Embed(title=clip(fact.answer, EMBED_TITLE), colour=ANSWER_COLOUR)
        asked = f"> {safe(answer.question)}"
        if answer.understood_as:
            asked += f"\nUnderstood as: *{safe(answer.understood_as)}*"
        embed.description = clip(asked, EMBED_DESCRIPTION)
        _evidence(embed, fact, answer.article, answer.confidence, by_meaning=answer.by_meaning)
        return fit_embed(embed)
    colour = UNSURE_COLOUR if answer.status is Status.UNSURE else UNKNOWN_COLOUR
    embed = discord.Embed(title="Did you mean…" if answer.status is Status.UNSURE else None)
    embed.colour = colour
    lines = [safe(answer.message or "")]
    for number, suggestion in enumerate(answer.suggestions, start=1):
        lines.append(f"**{number}.** {safe(suggestion.question)}")
    embed.description = clip("\n".join(lines), EMBED_DESCRIPTION)
    return fit_embed(embed)


def fact_embed(fact: Fact, base: FactBase, *, heading: str | None = None) -> discord.Embed:
    """A fact on its own (for /fact, /source and "did you mean" picks)."""
    embed = discord.Embed(
        title=clip(heading or fact.questions[0], EMBED_TITLE),
        description=clip(f"**{safe(fact.answer)}**", EMBED_DESCRIPTION),
        colour=ANSWER_COLOUR,
    )
    _evidence(embed, fact, base.articles.get(fact.article_id), None)
    return fit_embed(embed)


def _evidence(
    embed: discord.Embed,
    fact: Fact,
    article: Article | None,
    confidence: float | None,
    *,
    by_meaning: bool = False,
) -> None:
    embed.add_field(name="Source quote", value=clip(f"“{fact.quote}”", FIELD_VALUE), inline=False)
    if article is not None:
        source = f"{article.title} ({article.section}, {article.published_label})"
        embed.add_field(name="Article", value=clip(source, FIELD_VALUE), inline=False)
    footer = [f"fact {fact.id}"]
    label = as_of_label(fact)
    if label:
        footer.append(label)
    if confidence is not None:
        footer.append(f"confidence {confidence:.0%}")
    if by_meaning:
        footer.append("matched by meaning")
    if fact.superseded:
        footer.append("since superseded")
    embed.set_footer(text=clip(" · ".join(footer), FOOTER))
