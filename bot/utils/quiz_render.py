"""How quiz events look on Discord: the round's embed, hints, reveals and the scoreboard."""

from __future__ import annotations

import discord

from bot.core.models import Fact
from bot.core.quiz.events import EndReason, QuestionAsked, QuizEnded, RoundEnded
from bot.core.quiz.questions import QuizMode, QuizQuestion
from bot.core.quiz.records import LeaderboardRow, PlayerStats
from bot.core.quiz.scoring import PlayerScore
from bot.utils.limits import EMBED_DESCRIPTION, EMBED_TITLE, FIELD_VALUE, clip, safe

QUIZ_COLOUR = discord.Colour.from_rgb(25, 118, 210)
DONE_COLOUR = discord.Colour.from_rgb(96, 125, 139)
LETTERS = "ABCD"
MEDALS = ("🥇", "🥈", "🥉")


def question_embed(event: QuestionAsked, *, resumed: bool = False) -> discord.Embed:
    question = event.question
    embed = discord.Embed(
        title=clip(f"Question {event.round} of {event.rounds}", EMBED_TITLE),
        description=clip(f"**{safe(question.prompt)}**", EMBED_DESCRIPTION),
        colour=QUIZ_COLOUR,
    )
    if question.mode is QuizMode.MULTIPLE_CHOICE:
        lines = [f"**{LETTERS[i]}.** {safe(c)}" for i, c in enumerate(question.choices)]
        embed.add_field(name="Choices", value=clip("\n".join(lines), FIELD_VALUE), inline=False)
    elif question.mode is QuizMode.TRUE_FALSE:
        embed.add_field(
            name="True or false?",
            value=clip(f"The answer is **{safe(question.shown_answer or '')}**", FIELD_VALUE),
            inline=False,
        )
    else:
        embed.add_field(name="How to answer", value="Type your answer in this channel.")
    embed.add_field(name="Time", value=f"ends {discord.utils.format_dt(event.deadline, 'R')}")
    if resumed:
        embed.set_footer(text="I restarted: this question starts again with a full clock.")
    return embed


def with_hint(embed: discord.Embed, hint: str) -> discord.Embed:
    embed.add_field(name="Hint", value=clip(f"`{hint}`", FIELD_VALUE), inline=False)
    return embed


def reveal_embed(
    event: RoundEnded, rounds: int, fact: Fact | None, points: int | None
) -> discord.Embed:
    question = event.question
    if event.winner is not None:
        headline = f"✅ **{safe(event.winner.name)}** got it" + (
            f" (+{points} points)" if points else ""
        )
    elif event.skipped:
        headline = "⏭️ Skipped."
    else:
        headline = "⌛ Time's up!"
    embed = discord.Embed(
        title=clip(f"Question {event.round} of {rounds}", EMBED_TITLE),
        description=clip(
            f"**{safe(question.prompt)}**\n\n{headline}\nThe answer: **{safe(question.answer)}**",
            EMBED_DESCRIPTION,
        ),
        colour=DONE_COLOUR,
    )
    if fact is not None:
        embed.add_field(name="Source", value=clip(f"“{fact.quote}”", FIELD_VALUE), inline=False)
    return embed


def scoreboard_lines(scores: tuple[PlayerScore, ...], limit: int = 10) -> list[str]:
    lines = []
    for index, score in enumerate(scores[:limit]):
        medal = MEDALS[index] if index < len(MEDALS) else f"{index + 1}."
        lines.append(
            f"{medal} **{safe(score.name)}**: {score.points} points"
            f" ({score.correct} correct, best streak {score.best_streak})"
        )
    return lines


_END_TITLES = {
    "completed": "Quiz over!",
    "stopped": "Quiz stopped",
    "idle": "Quiz ended: nobody answered for a while",
    "no_questions": "No questions to ask",
    "failed": "Sorry: something went wrong on my side and this quiz stopped",
}


def final_embed(event: QuizEnded) -> discord.Embed:
    lines = scoreboard_lines(event.scoreboard) or ["Nobody scored this time."]
    if event.reason is EndReason.FAILED:
        lines.append("\nPoints won so far are kept. Start a new quiz with /quiz start.")
    embed = discord.Embed(
        title=_END_TITLES.get(event.reason.value, "Quiz over"),
        description=clip("\n".join(lines), EMBED_DESCRIPTION),
        colour=QUIZ_COLOUR,
    )
    embed.set_footer(text=f"{event.rounds_played} questions played")
    return embed


def leaderboard_embed(
    guild_name: str, rows: list[LeaderboardRow], page: int, pages: int
) -> discord.Embed:
    if not rows:
        description = "Nobody has scored yet. Start a quiz with /quiz start!"
    else:
        description = "\n".join(
            f"**{row.rank}.** {safe(row.name)}: {row.points} points ({row.correct} correct)"
            for row in rows
        )
    embed = discord.Embed(
        title=clip(f"Leaderboard: {guild_name}", EMBED_TITLE),
        description=clip(description, EMBED_DESCRIPTION),
        colour=QUIZ_COLOUR,
    )
    embed.set_footer(text=f"Page {page + 1} of {max(pages, 1)}")
    return embed


def stats_embed(display_name: str, stats: PlayerStats) -> discord.Embed:
    embed = discord.Embed(title=clip(f"Quiz stats: {display_name}", EMBED_TITLE))
    embed.colour = QUIZ_COLOUR
    embed.add_field(name="Points", value=str(stats.points))
    embed.add_field(name="Rank", value=f"#{stats.rank}" if stats.rank else "unranked")
    embed.add_field(name="Correct", value=f"{stats.correct} of {stats.answered}")
    embed.add_field(name="Accuracy", value=f"{stats.accuracy:.0%}")
    embed.add_field(name="Best streak", value=str(stats.best_streak))
    embed.add_field(name="Favourite topic", value=safe(stats.favourite_topic or "none yet"))
    return embed


def is_choice(question: QuizQuestion) -> bool:
    return question.mode is not QuizMode.FREE_TEXT
