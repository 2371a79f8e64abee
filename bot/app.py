"""The Discord bot: a thin `commands.Bot` subclass that owns the store and the services.

`setup_hook` opens the store, loads the fact base once and loads one cog per feature; the
cogs only translate Discord interactions into calls on the core services.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import discord
from discord import app_commands
from discord.ext import commands

from bot import __version__
from bot.core.answers import Answer, AnswerService
from bot.core.factbase import rebuild
from bot.core.gaps import GapLog
from bot.core.problems import FactBaseInvalid
from bot.core.quiz.service import QuizService, Sleep
from bot.core.reload import FactBaseManager
from bot.core.semantic import SemanticCheck, semantic_check
from bot.core.store import FactBase, Store, StoreError, utc_now
from bot.settings import Settings
from bot.utils.ratelimit import RateLimiter

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.cogs.ask",
    "bot.cogs.browse",
    "bot.cogs.quiz",
    "bot.cogs.admin",
    "bot.cogs.meta",
)


def intents_for(settings: Settings) -> discord.Intents:
    """The least the features need: guilds for slash commands; messages for typed answers."""
    intents = discord.Intents.none()
    intents.guilds = True
    if settings.message_content:
        intents.guild_messages = True
        intents.message_content = True
    return intents


class AttacheTree(app_commands.CommandTree["Attache"]):
    """Every slash command goes through the same per-user and per-channel limits."""

    async def interaction_check(self, interaction: discord.Interaction[Attache]) -> bool:
        if interaction.type is discord.InteractionType.autocomplete:
            # Discord sends one per keystroke: typing must not spend the user's commands, and
            # an autocomplete can only be answered with choices, never with a note.
            return True
        bot = interaction.client
        wait = bot.user_limit.hit(interaction.user.id) or (
            bot.channel_limit.hit(interaction.channel_id) if interaction.channel_id else None
        )
        if wait is None:
            return True
        await send_private(
            interaction, f"Slow down a little: try again in {max(1, round(wait))} seconds."
        )
        return False


class Attache(commands.Bot):
    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        **options: object,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents_for(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            tree_cls=AttacheTree,
            **options,  # type: ignore[arg-type]
        )
        self.settings = settings
        self.clock = clock
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.quiz: QuizService | None = None
        self.user_limit = RateLimiter(settings.user_rate, settings.rate_per_seconds)
        self.channel_limit = RateLimiter(settings.channel_rate, settings.rate_per_seconds)
        self.answer_limit = RateLimiter(settings.answer_rate, settings.rate_per_seconds)
        self.started_at = clock()
        self._store: Store | None = None
        self._facts: FactBaseManager | None = None
        self._gaps: GapLog | None = None
        self._watcher: asyncio.Task[None] | None = None
        self._warmer: asyncio.Task[None] | None = None
        self._second_opinion: SemanticCheck | None = None
        # Questions are answered here, one at a time, off the event loop (see `ask`).
        self._asking = ThreadPoolExecutor(max_workers=1, thread_name_prefix="attache-ask")
        self.tree.error(self.on_app_command_error)

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the store is opened in setup_hook")
        return self._store

    @property
    def facts(self) -> FactBaseManager:
        if self._facts is None:
            raise RuntimeError("the fact base is loaded in setup_hook")
        return self._facts

    @property
    def answers(self) -> AnswerService:
        """The current answer service; replaced as a whole by a reload."""
        return self.facts.answers

    async def ask(self, question: str) -> Answer:
        """Answer a question without holding up the gateway: a question that meaning is
        asked about spends milliseconds in numpy (more the first time a fact is a
        candidate). One worker, because a matcher keeps scratch state between calls; the
        service is taken now, so a reload meanwhile does not change the base mid-answer."""
        service = self.answers
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._asking, service.ask, question)

    def _warm(self, base: FactBase) -> None:
        """Encode the base's phrasings for meaning in the background, so the first questions
        do not wait for them; only phrasings not yet encoded are (after a reload, the facts
        it changed)."""
        if self._second_opinion is not None:
            self._warmer = asyncio.create_task(
                asyncio.to_thread(self._second_opinion.warm, base.facts), name="semantic-warmer"
            )

    async def _rewarm(self, old: FactBase, new: FactBase) -> None:
        self._warm(new)

    @property
    def gaps(self) -> GapLog:
        if self._gaps is None:
            raise RuntimeError("the store is opened in setup_hook")
        return self._gaps

    async def setup_hook(self) -> None:
        settings = self.settings
        self._store = await Store.open(settings.database, clock=self.clock)
        written = None  # the base a build just wrote, so it need not be read back
        try:
            done = await rebuild(self._store, settings.seeds_dir, settings.facts_dir)
            written = done.result.base
            if done.result.wrote:
                log.info("fact base built: %d facts", done.result.facts)
        except FactBaseInvalid as exc:
            for problem in exc.problems:
                log.error("%s", problem)
            log.error("fact files are invalid; serving the last good build")
        second_opinion = await asyncio.to_thread(semantic_check) if settings.semantic else None
        self._facts = await FactBaseManager.open(
            self._store,
            settings.seeds_dir,
            settings.facts_dir,
            self.clock,
            base=written,
            second_opinion=second_opinion,
        )
        if second_opinion is not None:
            self._second_opinion = second_opinion
            self._warm(self._facts.base)
            self._facts.on_swap(self._rewarm)
        self._gaps = GapLog(self._store, self.clock)
        log.info("loaded %d facts", len(self._facts.base.facts))
        self._watcher = asyncio.create_task(
            self._facts.watch(settings.reload_watch_seconds, self.sleep), name="build-watcher"
        )
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if settings.dev_guild_id is not None:
            guild = discord.Object(id=settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to the development guild", len(synced))

    async def close(self) -> None:
        if self.is_closed():
            return
        for task in (self._watcher, self._warmer):
            if task is not None:
                task.cancel()
        self._asking.shutdown(wait=False, cancel_futures=True)
        # Unloads the extensions first: the quiz cog's cog_unload pauses the quizzes (one
        # owner for that, whether the whole bot stops or only the extension is reloaded).
        await super().close()
        if self._store is not None:
            await self._store.close()
            self._store = None

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Every failure becomes a short private note to the user; real bugs are logged."""
        if isinstance(error, app_commands.CommandOnCooldown):
            message = (
                f"You're asking quickly: try again in {error.retry_after:.0f} seconds."
                if error.retry_after >= 1
                else "You're asking quickly: try again in a second."
            )
        elif isinstance(error, app_commands.CheckFailure):
            message = "You can't use that command here."
        elif isinstance(error, app_commands.CommandInvokeError) and isinstance(
            error.original, StoreError
        ):
            log.error("command failed on the database: %s", error.original)
            message = "I can't reach my database right now. Please try again in a moment."
        else:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.exception("command /%s failed", command, exc_info=error)
            message = "Something went wrong on my side. It has been logged; please try again."
        await send_private(interaction, message)

    @property
    def version(self) -> str:
        return __version__


async def send_private(interaction: discord.Interaction, message: str) -> None:
    """An ephemeral reply whether or not the interaction was already answered."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not tell the user about an error (interaction expired?)")
