"""/quiz, /leaderboard and /stats: channel quizzes over the core quiz service.

Typed answers come from channel messages (with the message content intent) or from
`/quiz answer`; choices come from buttons whose custom ids carry the session and round,
so a click after a restart still lands on the right game.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.models import Difficulty
from bot.core.quiz.events import (
    AnswerAccepted,
    AnswerRejected,
    Event,
    HintGiven,
    Player,
    QuestionAsked,
    QuizEnded,
    Rejection,
    RoundEnded,
)
from bot.core.quiz.questions import QuizMode, QuizQuestion
from bot.core.quiz.records import GuildQuizDefaults
from bot.core.quiz.service import NoQuestions, QuizAlreadyRunning, QuizService
from bot.core.quiz.session import MAX_ROUNDS, MAX_SECONDS, MIN_SECONDS, NotAllowed, QuizSession
from bot.utils import quiz_render as render
from bot.utils.limits import BUTTON_LABEL, clip, safe

if TYPE_CHECKING:
    from bot.app import Attache

log = logging.getLogger(__name__)

LEADERBOARD_PAGE = 10
MODE_CHOICES = [
    app_commands.Choice(name="typed answers", value=QuizMode.FREE_TEXT.value),
    app_commands.Choice(name="multiple choice", value=QuizMode.MULTIPLE_CHOICE.value),
    app_commands.Choice(name="true or false", value=QuizMode.TRUE_FALSE.value),
]
DIFFICULTY_CHOICES = [app_commands.Choice(name=d.value, value=d.value) for d in Difficulty]


def _member_name(user: discord.abc.User) -> str:
    return getattr(user, "display_name", None) or user.name


def _is_moderator(interaction: discord.Interaction) -> bool:
    permissions = interaction.permissions
    return permissions.manage_messages or permissions.administrator


class ChoiceButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"quiz:(?P<session>[0-9a-f]{32}):(?P<round>\d{1,3}):(?P<choice>\d)",
):
    def __init__(self, session_id: str, round_: int, choice: int, label: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=clip(label, BUTTON_LABEL),
                style=discord.ButtonStyle.primary,
                custom_id=f"quiz:{session_id}:{round_}:{choice}",
            )
        )
        self.session_id = session_id
        self.round = round_
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ChoiceButton:
        return cls(match["session"], int(match["round"]), int(match["choice"]), "?")

    async def callback(self, interaction: discord.Interaction) -> None:
        cog = interaction.client.get_cog("Quiz")  # type: ignore[attr-defined]
        assert isinstance(cog, Quiz)
        await cog.choose(interaction, self.session_id, self.round, self.choice)


class RankButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"quizrank:(?P<guild>\d{1,20})"
):
    def __init__(self, guild_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="My rank",
                style=discord.ButtonStyle.secondary,
                custom_id=f"quizrank:{guild_id}",
            )
        )
        self.guild_id = guild_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> RankButton:
        return cls(int(match["guild"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        cog = interaction.client.get_cog("Quiz")  # type: ignore[attr-defined]
        assert isinstance(cog, Quiz)
        await cog.show_stats(interaction, interaction.user, ephemeral=True)


class PageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"quizlb:(?P<guild>\d{1,20}):(?P<page>\d{1,6}):(?P<dir>[pn])",
):
    def __init__(self, guild_id: int, page: int, direction: str, disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label="◀ Previous" if direction == "p" else "Next ▶",
                style=discord.ButtonStyle.secondary,
                custom_id=f"quizlb:{guild_id}:{page}:{direction}",
                disabled=disabled,
            )
        )
        self.guild_id = guild_id
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PageButton:
        return cls(int(match["guild"]), int(match["page"]), match["dir"])

    async def callback(self, interaction: discord.Interaction) -> None:
        cog = interaction.client.get_cog("Quiz")  # type: ignore[attr-defined]
        assert isinstance(cog, Quiz)
        await cog.leaderboard_page(interaction, self.guild_id, self.page, edit=True)


class Quiz(commands.Cog):
    quiz = app_commands.Group(
        name="quiz", description="Quiz games in this channel.", guild_only=True
    )

    def __init__(self, bot: Attache) -> None:
        self.bot = bot
        self.service = QuizService(
            bot.store,
            lambda: bot.answers.base,
            self._render,
            clock=bot.clock,
            sleep=bot.sleep,
            rng=bot.rng,
            pause_seconds=bot.settings.quiz_pause_seconds,
        )
        # The message showing each session's current round, edited for hints and reveals.
        self._round_messages: dict[str, discord.Message] = {}
        self._resumed: set[str] = set()
        self._resume_task: asyncio.Task[None] | None = None
        self._stopping: set[asyncio.Task[object]] = set()
        self._stop_hearing_swaps: Callable[[], None] | None = None

    async def cog_load(self) -> None:
        self.bot.quiz = self.service
        # Every swap of the fact base, from /facts reload or a build made in a shell.
        self._stop_hearing_swaps = self.bot.facts.on_swap(lambda old, new: self.service.on_reload())
        self._resume_task = asyncio.create_task(self._resume())

    async def cog_unload(self) -> None:
        """The one place quizzes are paused, when the bot closes or the extension reloads:
        players hear why, and each quiz stays active in the database to resume."""
        if self._resume_task is not None:
            self._resume_task.cancel()
        if self._stop_hearing_swaps is not None:
            self._stop_hearing_swaps()  # a reloaded extension must not leave this cog behind
        try:
            for session in self.service.sessions:
                await self._say_restarting(session.channel_id, session.guild_id)
        finally:
            # discord.py swallows what an unloading cog raises: the timers stop regardless.
            await self.service.shutdown()
            if self.bot.quiz is self.service:
                self.bot.quiz = None

    async def _say_restarting(self, channel_id: int, guild_id: int) -> None:
        channel = self.bot.get_partial_messageable(channel_id, guild_id=guild_id)
        try:
            await channel.send(
                "⏸️ I'm restarting. This quiz will pick up where it left off when I'm back."
            )
        except Exception as exc:  # a dropped connection too: pausing must go on
            log.warning("could not announce the restart in %s: %s", channel_id, exc)

    def _claim(self, session: QuizSession) -> bool:
        """A quiz this bot can resume: in a server it is in (not the terminal console's, nor
        one of a server that removed the bot)."""
        if self.bot.get_guild(session.guild_id) is None:
            return False
        self._resumed.add(session.id)
        return True

    async def _resume(self) -> None:
        await self.bot.wait_until_ready()
        resumed = await self.service.resume_all(self._claim)
        if resumed:
            log.info("resumed %d quizzes after a restart", len(resumed))

    # -- commands ----------------------------------------------------------------------------
    @quiz.command(name="start", description="Start a quiz in this channel.")
    @app_commands.describe(
        topic="Only questions about this topic.",
        rounds=f"How many questions (1-{MAX_ROUNDS}).",
        mode="Typed answers, multiple choice or true/false.",
        difficulty="Only easy, medium or hard questions.",
        seconds=f"Seconds per question ({MIN_SECONDS:.0f}-{MAX_SECONDS:.0f}).",
    )
    @app_commands.choices(mode=MODE_CHOICES, difficulty=DIFFICULTY_CHOICES)
    async def start(
        self,
        interaction: discord.Interaction,
        topic: str | None = None,
        rounds: app_commands.Range[int, 1, MAX_ROUNDS] | None = None,
        mode: str | None = None,
        difficulty: str | None = None,
        seconds: app_commands.Range[int, int(MIN_SECONDS), int(MAX_SECONDS)] | None = None,
    ) -> None:
        assert interaction.guild_id is not None and interaction.channel_id is not None
        base = self.bot.answers.base
        if topic is not None and topic not in base.topics():
            await interaction.response.send_message(
                f"I have no facts about “{safe(clip(topic, 100))}”. Try /topics.", ephemeral=True
            )
            return
        if mode is not None and mode not in {m.value for m in QuizMode}:
            await interaction.response.send_message("That mode doesn't exist.", ephemeral=True)
            return
        if difficulty is not None and difficulty not in {d.value for d in Difficulty}:
            await interaction.response.send_message(
                "That difficulty doesn't exist.", ephemeral=True
            )
            return
        defaults = await self.service.records.guild_defaults(interaction.guild_id)
        settings = defaults.apply(self.bot.settings.quiz_defaults())
        settings = replace(
            settings,
            rounds=rounds or settings.rounds,
            seconds=float(seconds or settings.seconds),
            mode=QuizMode(mode) if mode else settings.mode,
            topic=topic,
            difficulty=Difficulty(difficulty) if difficulty else None,
        )
        # The mode the quiz will use, server and bot defaults included: a typed-answer quiz
        # started without choosing a mode needs the note as much as one that chose it.
        if settings.mode is QuizMode.FREE_TEXT and not self.bot.settings.message_content:
            note = " Answer with /quiz answer: I can't read channel messages here."
        else:
            note = ""
        await interaction.response.send_message(
            f"**{safe(_member_name(interaction.user))}** started a quiz:"
            f" {settings.rounds} questions, {settings.seconds:.0f} seconds each"
            + (f", topic {safe(topic)}" if topic else "")
            + f".{note} Good luck!"
        )
        try:
            await self.service.start(
                interaction.guild_id, interaction.channel_id, interaction.user.id, settings
            )
        except QuizAlreadyRunning:
            await interaction.followup.send(
                "A quiz is already running in this channel: join in, or wait for it to end.",
                ephemeral=True,
            )
        except NoQuestions:
            await interaction.followup.send(
                "I have no questions matching that topic and difficulty.", ephemeral=True
            )

    @start.autocomplete("topic")
    async def _complete_topic(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        topics = self.bot.answers.base.topics()
        wanted = current.strip().lower()
        names = [t for t in topics if wanted in t] if wanted else list(topics)
        return [app_commands.Choice(name=f"{t} ({topics[t]} facts)", value=t) for t in names[:25]]

    @quiz.command(name="stop", description="Stop this channel's quiz (its starter or a moderator).")
    async def stop(self, interaction: discord.Interaction) -> None:
        await self._control(interaction, "stop")

    @quiz.command(
        name="skip", description="Skip the current question (its starter or a moderator)."
    )
    async def skip(self, interaction: discord.Interaction) -> None:
        await self._control(interaction, "skip")

    async def _control(self, interaction: discord.Interaction, action: str) -> None:
        assert interaction.channel_id is not None
        if self.service.session_in(interaction.channel_id) is None:
            await interaction.response.send_message(
                "No quiz is running in this channel.", ephemeral=True
            )
            return
        method = self.service.stop if action == "stop" else self.service.skip
        try:
            await method(
                interaction.channel_id, interaction.user.id, moderator=_is_moderator(interaction)
            )
        except NotAllowed:
            await interaction.response.send_message(
                f"Only the person who started the quiz or a moderator can {action} it.",
                ephemeral=True,
            )
            return
        done = "Stopped the quiz." if action == "stop" else "Skipped."
        await interaction.response.send_message(done, ephemeral=True)

    @quiz.command(name="answer", description="Answer the current question without typing in chat.")
    @app_commands.describe(text="Your answer.")
    async def answer(
        self, interaction: discord.Interaction, text: app_commands.Range[str, 1, 200]
    ) -> None:
        assert interaction.channel_id is not None
        session = self.service.session_in(interaction.channel_id)
        if session is None or session.current is None:
            await interaction.response.send_message("No question is open here.", ephemeral=True)
            return
        if session.current.mode is not QuizMode.FREE_TEXT:
            await interaction.response.send_message("Use the buttons for this one.", ephemeral=True)
            return
        player = Player(interaction.user.id, _member_name(interaction.user))
        events = await self.service.submit(interaction.channel_id, player, text)
        won = any(isinstance(e, AnswerAccepted) for e in events)
        await interaction.response.send_message(
            "Correct!" if won else "Not quite, try again!", ephemeral=True
        )

    @quiz.command(name="settings", description="This server's quiz defaults (Manage Server).")
    @app_commands.describe(
        rounds="Default number of questions.",
        seconds="Default seconds per question.",
        mode="Default mode.",
    )
    @app_commands.choices(mode=MODE_CHOICES)
    @app_commands.default_permissions(manage_guild=True)
    async def settings(
        self,
        interaction: discord.Interaction,
        rounds: app_commands.Range[int, 1, MAX_ROUNDS] | None = None,
        seconds: app_commands.Range[int, int(MIN_SECONDS), int(MAX_SECONDS)] | None = None,
        mode: str | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        if not interaction.permissions.manage_guild:
            await interaction.response.send_message(
                "Only members with Manage Server can change the quiz defaults.", ephemeral=True
            )
            return
        records = self.service.records
        current = await records.guild_defaults(interaction.guild_id)
        if rounds is None and seconds is None and mode is None:
            shown = current.apply(self.bot.settings.quiz_defaults())
            await interaction.response.send_message(
                f"Quiz defaults here: {shown.rounds} questions, {shown.seconds:.0f} seconds,"
                f" mode {shown.mode.value}.",
                ephemeral=True,
            )
            return
        if mode is not None and mode not in {m.value for m in QuizMode}:
            await interaction.response.send_message("That mode doesn't exist.", ephemeral=True)
            return
        updated = GuildQuizDefaults(
            rounds=rounds or current.rounds,
            seconds=float(seconds) if seconds else current.seconds,
            mode=QuizMode(mode) if mode else current.mode,
        )
        await records.set_guild_defaults(interaction.guild_id, updated, interaction.user.id)
        shown = updated.apply(self.bot.settings.quiz_defaults())
        await interaction.response.send_message(
            f"Saved. New quizzes here default to {shown.rounds} questions,"
            f" {shown.seconds:.0f} seconds, mode {shown.mode.value}.",
            ephemeral=True,
        )

    @app_commands.command(name="leaderboard", description="This server's all-time quiz scores.")
    @app_commands.guild_only()
    async def leaderboard(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        await self.leaderboard_page(interaction, interaction.guild_id, 0, edit=False)

    async def leaderboard_page(
        self, interaction: discord.Interaction, guild_id: int, page: int, *, edit: bool
    ) -> None:
        records = self.service.records
        size = await records.leaderboard_size(guild_id)
        pages = max(1, math.ceil(size / LEADERBOARD_PAGE))
        page = max(0, min(page, pages - 1))
        rows = await records.leaderboard(
            guild_id, offset=page * LEADERBOARD_PAGE, limit=LEADERBOARD_PAGE
        )
        guild_name = interaction.guild.name if interaction.guild else "this server"
        embed = render.leaderboard_embed(guild_name, rows, page, pages)
        view = discord.ui.View(timeout=None)
        view.add_item(PageButton(guild_id, max(page - 1, 0), "p", disabled=page == 0))
        view.add_item(
            PageButton(guild_id, min(page + 1, pages - 1), "n", disabled=page >= pages - 1)
        )
        if edit:
            await interaction.response.edit_message(embed=embed, view=view)
        else:
            await interaction.response.send_message(embed=embed, view=view)

    @app_commands.command(name="stats", description="Quiz stats for you or another member.")
    @app_commands.describe(user="Whose stats (you, if left empty).")
    @app_commands.guild_only()
    async def stats(
        self, interaction: discord.Interaction, user: discord.User | discord.Member | None = None
    ) -> None:
        await self.show_stats(interaction, user or interaction.user, ephemeral=False)

    async def show_stats(
        self,
        interaction: discord.Interaction,
        user: discord.User | discord.Member,
        *,
        ephemeral: bool,
    ) -> None:
        if interaction.guild_id is None:
            await interaction.response.send_message("Stats are per server.", ephemeral=True)
            return
        stats = await self.service.records.stats(interaction.guild_id, user.id)
        await interaction.response.send_message(
            embed=render.stats_embed(_member_name(user), stats), ephemeral=ephemeral
        )

    # -- answers -----------------------------------------------------------------------------
    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is None or not message.content:
            return
        session = self.service.session_in(message.channel.id)
        if session is None or session.current is None:
            return
        if session.current.mode is not QuizMode.FREE_TEXT:
            return
        if self.bot.answer_limit.hit(message.author.id) is not None:
            return  # flooding the channel with guesses does not buy more chances
        player = Player(message.author.id, _member_name(message.author))
        await self.service.submit(message.channel.id, player, message.content)

    async def choose(
        self, interaction: discord.Interaction, session_id: str, round_: int, choice: int
    ) -> None:
        assert interaction.channel_id is not None
        session = self.service.session_in(interaction.channel_id)
        if session is None or session.id != session_id or session.round != round_:
            await interaction.response.send_message("That question is closed.", ephemeral=True)
            return
        player = Player(interaction.user.id, _member_name(interaction.user))
        events = await self.service.submit(interaction.channel_id, player, str(choice))
        reply = "That question is closed."
        for event in events:
            if isinstance(event, AnswerAccepted):
                reply = f"Correct! +{event.points} points."
            elif isinstance(event, AnswerRejected):
                reply = {
                    Rejection.WRONG: "Not quite. One answer per question: that's it for this one.",
                    Rejection.ALREADY_ANSWERED: "You already answered this question.",
                    Rejection.INVALID_CHOICE: "That choice doesn't exist.",
                    Rejection.NOT_OPEN: "That question is closed.",
                }[event.reason]
        if not interaction.response.is_done():
            await interaction.response.send_message(reply, ephemeral=True)

    # -- rendering ---------------------------------------------------------------------------
    async def _render(self, session: QuizSession, events: Sequence[Event]) -> None:
        channel = self.bot.get_partial_messageable(session.channel_id, guild_id=session.guild_id)
        points: dict[int, int] = {}
        for event in events:
            try:
                if isinstance(event, QuestionAsked):
                    await self._ask(channel, session, event)
                elif isinstance(event, HintGiven):
                    await self._hint(session, event.hint)
                elif isinstance(event, AnswerAccepted):
                    points[event.round] = event.points
                elif isinstance(event, RoundEnded):
                    await self._reveal(channel, session, event, points.get(event.round))
                elif isinstance(event, QuizEnded):
                    view = discord.ui.View(timeout=None)
                    view.add_item(RankButton(session.guild_id))
                    await channel.send(embed=render.final_embed(event), view=view)
                    self._round_messages.pop(session.id, None)
            except discord.HTTPException as exc:
                log.warning("quiz %s: could not post %s: %s", session.id, type(event).__name__, exc)
                if isinstance(exc, discord.Forbidden) and isinstance(event, QuestionAsked):
                    # Nobody can see the question: end the quiz instead of running it blind.
                    # (A task: this listener runs inside the session's lock.)
                    task = asyncio.create_task(
                        self.service.stop(session.channel_id, session.starter_id, moderator=True)
                    )
                    self._stopping.add(task)
                    task.add_done_callback(self._stopping.discard)

    async def _ask(
        self, channel: discord.PartialMessageable, session: QuizSession, event: QuestionAsked
    ) -> None:
        resumed = session.id in self._resumed
        self._resumed.discard(session.id)
        view = None
        question = event.question
        if render.is_choice(question):
            view = discord.ui.View(timeout=None)
            for index, label in enumerate(_choice_labels(question)):
                view.add_item(ChoiceButton(session.id, event.round, index, label))
        embed = render.question_embed(event, resumed=resumed)
        if view is None:
            message = await channel.send(embed=embed)
        else:
            message = await channel.send(embed=embed, view=view)
        self._round_messages[session.id] = message

    async def _hint(self, session: QuizSession, hint: str) -> None:
        message = self._round_messages.get(session.id)
        if message is None or not message.embeds:
            return
        embed = render.with_hint(message.embeds[0], hint)
        self._round_messages[session.id] = await message.edit(embed=embed)

    async def _reveal(
        self,
        channel: discord.PartialMessageable,
        session: QuizSession,
        event: RoundEnded,
        points: int | None,
    ) -> None:
        fact = self.bot.answers.base.fact(event.question.fact_id)
        embed = render.reveal_embed(event, len(session.questions), fact, points)
        message = self._round_messages.pop(session.id, None)
        if message is not None:
            try:
                await message.edit(embed=embed, view=_closed_choices(event))
                return
            except discord.NotFound:
                log.info("quiz %s: the round's message was deleted; posting the reveal", session.id)
        await channel.send(embed=embed)


def _closed_choices(event: RoundEnded) -> discord.ui.View | None:
    """The round's buttons, disabled, with the right one in green: the round is over."""
    question = event.question
    if not render.is_choice(question):
        return None
    view = discord.ui.View(timeout=None)
    for index, label in enumerate(_choice_labels(question)):
        right = index == question.correct_index
        view.add_item(
            discord.ui.Button(
                label=clip(label, BUTTON_LABEL),
                style=discord.ButtonStyle.success if right else discord.ButtonStyle.secondary,
                custom_id=f"closed:{event.round}:{index}",
                disabled=True,
            )
        )
    return view


def _choice_labels(question: QuizQuestion) -> list[str]:
    if question.mode is QuizMode.MULTIPLE_CHOICE:
        return [f"{render.LETTERS[i]}. {c}" for i, c in enumerate(question.choices)]
    return list(question.choices)


async def setup(bot: Attache) -> None:
    bot.add_dynamic_items(ChoiceButton, RankButton, PageButton)
    await bot.add_cog(Quiz(bot))
