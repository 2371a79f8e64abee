"""Tests of the fake Discord itself, driving a tiny real discord.py bot defined here."""

from __future__ import annotations

import asyncio
import io
import json
import zlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands

from .fake_discord import (
    EPHEMERAL,
    LOADING,
    MESSAGE_CONTENT,
    FakeDiscord,
    FakeDiscordTimeout,
    Notifier,
)

pytestmark = pytest.mark.timeout(20)

COUNTRIES = [
    "Albania",
    "Argentina",
    "Austria",
    "Belgium",
    "Brazil",
    "Canada",
    "Chile",
    "China",
    "Denmark",
    "Egypt",
    "Finland",
    "France",
    "Germany",
    "Ghana",
    "Greece",
    "India",
    "Ireland",
    "Italy",
    "Japan",
    "Kenya",
    "Mexico",
    "Nepal",
    "Norway",
    "Peru",
    "Poland",
    "Portugal",
    "Spain",
    "Sweden",
    "Togo",
    "Uruguay",
]


# -- the tiny bot ---------------------------------------------------------------------------------


class PickView(discord.ui.View):
    @discord.ui.select(
        custom_id="pick:fruit",
        options=[discord.SelectOption(label="Apple"), discord.SelectOption(label="Pear")],
    )
    async def fruit(
        self, interaction: discord.Interaction, select: discord.ui.Select[PickView]
    ) -> None:
        await interaction.response.send_message(f"picked {select.values[0]}")


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    comment: discord.ui.TextInput[FeedbackModal] = discord.ui.TextInput(
        label="Comment", custom_id="comment"
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.comment.value}")


class VoteView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)
        self.votes = 0

    @discord.ui.button(label="Yes", custom_id="vote:yes", style=discord.ButtonStyle.success)
    async def yes(
        self, interaction: discord.Interaction, button: discord.ui.Button[VoteView]
    ) -> None:
        self.votes += 1
        await interaction.response.edit_message(content=f"votes: {self.votes}", view=self)

    @discord.ui.button(label="No", custom_id="vote:no", style=discord.ButtonStyle.danger)
    async def no(
        self, interaction: discord.Interaction, button: discord.ui.Button[VoteView]
    ) -> None:
        await interaction.response.send_message("you said no", ephemeral=True)


class TinyBot(discord.Client):
    def __init__(self, *, intents: discord.Intents) -> None:
        super().__init__(
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=0.05,  # discord.py otherwise waits 2 s for more GUILD_CREATEs
        )
        self.tree = app_commands.CommandTree(self)
        self.command_errors: list[app_commands.AppCommandError] = []
        self.seen: list[discord.Message] = []
        self.resumed = 0
        self.changed = Notifier()  # lets tests await the bot's own state, with a timeout
        self._add_commands()

    def _add_commands(self) -> None:
        tree = self.tree

        @tree.error
        async def on_tree_error(
            interaction: discord.Interaction, error: app_commands.AppCommandError
        ) -> None:
            self.command_errors.append(error)
            self.changed.notify()

        @tree.command(description="Say it back")
        async def echo(interaction: discord.Interaction, text: str) -> None:
            await interaction.response.send_message(text)

        config = app_commands.Group(
            name="config",
            description="Settings",
            default_permissions=discord.Permissions(manage_guild=True),
        )
        alerts = app_commands.Group(name="alerts", description="Alert settings", parent=config)

        @config.command(name="show", description="Show the settings")
        async def show(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("config: default", ephemeral=True)

        @alerts.command(name="enable", description="Turn alerts on")
        async def enable(
            interaction: discord.Interaction, channel: discord.TextChannel, threshold: int
        ) -> None:
            await interaction.response.send_message(f"alerts on in {channel.name} at {threshold}")

        @alerts.command(name="disable", description="Turn alerts off")
        async def disable(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("alerts off")

        tree.add_command(config)

        async def country_names(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            # Deliberately unbounded: Discord refuses more than 25 choices.
            return [
                app_commands.Choice(name=c, value=c)
                for c in COUNTRIES
                if c.lower().startswith(current.lower())
            ]

        @tree.command(description="Pick a country")
        @app_commands.autocomplete(name=country_names)
        async def country(interaction: discord.Interaction, name: str) -> None:
            await interaction.response.send_message(f"you picked {name}")

        @tree.command(description="Start a vote")
        async def vote(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("votes: 0", view=VoteView())

        @tree.command(description="Think, then answer")
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await asyncio.sleep(0.05)
            await interaction.followup.send("done thinking")

        @tree.command(description="Answer too late")
        async def sleepy(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.3)
            await interaction.response.send_message("finally")

        @tree.command(description="Pick a fruit")
        async def pick(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pick one", view=PickView())

        @tree.command(description="Leave feedback")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(FeedbackModal(custom_id="feedback"))

        @tree.command(description="Get a report file")
        async def report(interaction: discord.Interaction) -> None:
            file = discord.File(io.BytesIO(b"a,b\n1,2\n"), filename="report.csv")
            await interaction.response.send_message("report attached", file=file)

    async def on_message(self, message: discord.Message) -> None:
        self.seen.append(message)
        self.changed.notify()
        if message.author == self.user:
            return
        if message.content == "ping":
            await message.channel.send("pong")

    async def on_resumed(self) -> None:
        self.resumed += 1
        self.changed.notify()

    async def wait_for_state(self, check: Callable[[], Any], what: str = "bot state") -> Any:
        return await self.changed.wait_for(check, 3.0, what)


def all_intents(*, message_content: bool = True) -> discord.Intents:
    intents = discord.Intents.default()
    intents.members = True
    intents.message_content = message_content
    return intents


# -- fixtures -------------------------------------------------------------------------------------


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as fake:
        yield fake
        assert fake.internal_errors == []


@pytest.fixture
async def bot(fake: FakeDiscord) -> AsyncIterator[TinyBot]:
    tiny = TinyBot(intents=all_intents())
    async with fake.run_bot(tiny, ready_timeout=10, close_timeout=5):
        yield tiny


async def sync_to_guild(bot: TinyBot, fake: FakeDiscord) -> None:
    guild = discord.Object(fake.guild_id)
    bot.tree.copy_global_to(guild=guild)
    await asyncio.wait_for(bot.tree.sync(guild=guild), 5)


# -- startup --------------------------------------------------------------------------------------


async def test_ready_caches_guild_channels_and_members(fake: FakeDiscord, bot: TinyBot) -> None:
    identify = await fake.wait_until_identified(timeout=2)
    assert identify["intents"] == all_intents().value
    assert fake.intents is not None
    assert fake.intents & MESSAGE_CONTENT
    assert bot.user is not None
    assert bot.user.id == fake.bot_user.id
    assert bot.application_id == fake.application_id

    guild = bot.get_guild(fake.guild_id)
    assert guild is not None
    assert {c.name for c in guild.text_channels} >= {"general", "bot-commands"}
    assert guild.default_role.name == "@everyone"
    assert guild.member_count == 4
    assert len(guild.members) == 4
    assert guild.get_member(fake.admin.id).guild_permissions.administrator
    assert guild.owner_id == fake.admin.id
    assert guild.me is not None
    assert guild.me.bot

    # discord.py logs in with these two calls and nothing the fake does not know.
    assert [r.route for r in fake.requests[:2]] == ["get_current_user", "get_application"]
    assert fake.unknown_requests == []
    # Transport compression: discord.py asks for zlib-stream (zstd-stream if zstandard imports).
    conn = fake.gateway.connections[0]
    assert conn.query["compress"] == conn.compression
    assert fake.gateway.heartbeats >= 1


async def test_without_members_intent_only_the_bot_is_listed(fake: FakeDiscord) -> None:
    intents = discord.Intents.default()
    async with fake.run_bot(TinyBot(intents=intents)) as tiny:
        guild = tiny.get_guild(fake.guild_id)
        assert guild is not None
        assert guild.member_count == 4
        assert [m.id for m in guild.members] == [fake.bot_user.id]


async def test_disallowed_privileged_intent_stops_the_bot() -> None:
    async with FakeDiscord(allowed_privileged_intents=0) as fake:
        with pytest.raises(discord.PrivilegedIntentsRequired):
            async with fake.run_bot(TinyBot(intents=all_intents()), ready_timeout=5):
                pass


async def test_tree_sync_is_recorded(fake: FakeDiscord, bot: TinyBot) -> None:
    await sync_to_guild(bot, fake)
    synced = fake.synced_commands(fake.guild_id)
    assert {c["name"] for c in synced} == {
        "echo",
        "config",
        "country",
        "vote",
        "slow",
        "sleepy",
        "pick",
        "feedback",
        "report",
    }
    config = next(c for c in synced if c["name"] == "config")
    assert config["default_member_permissions"] == str(discord.Permissions(manage_guild=True).value)
    assert all(c["id"].isdigit() and c["guild_id"] == str(fake.guild_id) for c in synced)
    assert fake.synced_commands() == []  # nothing global yet

    # Syncing again keeps command ids, as Discord does.
    ids = {c["name"]: c["id"] for c in synced}
    await bot.tree.sync(guild=discord.Object(fake.guild_id))
    assert {c["name"]: c["id"] for c in fake.synced_commands(fake.guild_id)} == ids
    fetched = await bot.tree.fetch_commands(guild=discord.Object(fake.guild_id))
    assert {c.name for c in fetched} == set(ids)


# -- interactions ---------------------------------------------------------------------------------


async def test_echo_replies_without_pinging(fake: FakeDiscord, bot: TinyBot) -> None:
    cleo = fake.members[1]
    text = f"hello <@{cleo.id}> @everyone"
    handle = await fake.interact(fake.slash_command("echo", {"text": text}))
    body = await handle.response(timeout=3)
    assert body["type"] == 4
    assert body["data"]["content"] == text
    assert body["data"]["allowed_mentions"] == {"parse": []}
    message = handle.original()
    assert message is not None
    assert message["content"] == text
    assert message["mentions"] == []
    assert message["mention_everyone"] is False
    assert fake.channel_messages("general")[-1]["id"] == message["id"]
    request = fake.requests_to("interaction_callback")[-1]
    assert request.query == {"with_response": "1"}
    assert request.status == 200


async def test_subcommand_group_routing(fake: FakeDiscord, bot: TinyBot) -> None:
    await sync_to_guild(bot, fake)
    payload = fake.slash_command(
        "config alerts enable",
        {"channel": fake.world.channel("bot-commands"), "threshold": 3},
        user=fake.admin,
    )
    leaf = payload["data"]["options"][0]["options"][0]["options"]
    assert [(o["name"], o["type"]) for o in leaf] == [("channel", 7), ("threshold", 4)]
    handle = await fake.interact(payload)
    assert (await handle.response())["data"]["content"] == "alerts on in bot-commands at 3"

    show = await fake.interact(fake.slash_command("config show", user=fake.admin))
    body = await show.response()
    assert body["data"]["content"] == "config: default"
    assert body["data"]["flags"] & EPHEMERAL
    assert show.record.ephemeral
    assert show.original() not in fake.channel_messages("general")
    assert show.original() in fake.channel_messages("general", include_ephemeral=True)


async def test_autocomplete_choices_and_the_25_limit(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.interact(fake.autocomplete("country", {"name": "Fr"}, focused="name"))
    body = await handle.response()
    assert body["type"] == 8
    assert body["data"]["choices"] == [{"name": "France", "value": "France"}]

    everything = await fake.interact(fake.autocomplete("country", {"name": ""}, focused="name"))
    rejection = await everything.rejection()
    assert rejection["status"] == 400
    assert rejection["code"] == 50035
    request = await fake.wait_for_request(lambda r: r.status == 400)
    assert "choices" in request.response["errors"]["data"]


async def test_button_click_updates_or_replies(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.interact(fake.slash_command("vote"))
    await handle.response()
    message = handle.original()
    assert message is not None
    buttons = message["components"][0]["components"]
    assert [b["custom_id"] for b in buttons] == ["vote:yes", "vote:no"]

    click = await fake.interact(fake.component_click("vote:yes", message=message))
    body = await click.response()
    assert body["type"] == 7
    assert body["data"]["content"] == "votes: 1"
    assert fake.message(message["id"])["content"] == "votes: 1"

    no = await fake.interact(fake.component_click("vote:no", message=message, user=fake.members[1]))
    body = await no.response()
    assert body["type"] == 4
    assert body["data"]["flags"] == EPHEMERAL
    assert no.original()["content"] == "you said no"


async def test_select_menu_values(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.interact(fake.slash_command("pick"))
    await handle.response()
    message = handle.original()
    assert message is not None
    select = message["components"][0]["components"][0]
    assert (select["type"], select["custom_id"]) == (3, "pick:fruit")
    click = fake.component_click("pick:fruit", message=message, component_type=3, values=["Pear"])
    chosen = await fake.interact(click)
    assert (await chosen.response())["data"]["content"] == "picked Pear"


async def test_modal_round_trip(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.interact(fake.slash_command("feedback"))
    body = await handle.response()
    assert body["type"] == 9
    assert body["data"]["custom_id"] == "feedback"
    submit = await fake.interact(fake.modal_submit({"comment": "great"}, modal=body["data"]))
    assert (await submit.response())["data"]["content"] == "thanks: great"


async def test_file_reply_is_multipart(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.interact(fake.slash_command("report"))
    body = await handle.response()
    request = fake.requests_to("interaction_callback")[-1]
    assert request.headers["Content-Type"].startswith("multipart/form-data")
    assert request.json == body  # the parsed payload_json part
    assert [(f["filename"], f["size"]) for f in request.files] == [("report.csv", 8)]
    original = handle.original()
    assert original is not None
    assert [a["filename"] for a in original["attachments"]] == ["report.csv"]
    assert original["attachments"][0]["url"].startswith(fake.cdn_base)


async def test_deferred_reply_then_followup_replaces_original(
    fake: FakeDiscord, bot: TinyBot
) -> None:
    handle = await fake.interact(fake.slash_command("slow"))
    assert (await handle.response())["type"] == 5
    [followup] = await handle.followups(1, timeout=3)
    original = handle.original()
    assert original is not None
    assert followup["id"] == original["id"]
    assert original["content"] == "done thinking"
    assert not original["flags"] & LOADING
    ours = [m for m in fake.channel_messages("general") if m["author"]["id"] == str(bot.user.id)]
    assert len(ours) == 1


async def test_second_callback_is_rejected_with_40060(fake: FakeDiscord, bot: TinyBot) -> None:
    payload = fake.slash_command("echo", {"text": "once"})
    first = await fake.interact(payload)
    await first.response()
    again = await fake.interact(payload)  # Discord redelivering the same interaction
    rejection = await again.rejection()
    assert (rejection["status"], rejection["code"]) == (400, 40060)
    await bot.wait_for_state(lambda: bot.command_errors)
    error = bot.command_errors[0]
    assert isinstance(error, app_commands.CommandInvokeError)
    assert isinstance(error.original, discord.HTTPException)
    assert error.original.code == 40060


async def test_late_callback_gets_unknown_interaction() -> None:
    async with FakeDiscord(interaction_callback_ttl=0.1) as fake:
        tiny = TinyBot(intents=all_intents())
        async with fake.run_bot(tiny):
            handle = await fake.interact(fake.slash_command("sleepy"))
            assert (await handle.rejection())["code"] == 10062
            await tiny.wait_for_state(lambda: tiny.command_errors)
            assert isinstance(tiny.command_errors[0].original, discord.NotFound)


async def test_over_long_content_is_rejected(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.interact(fake.slash_command("echo", {"text": "x" * 2001}))
    rejection = await handle.rejection()
    assert (rejection["status"], rejection["code"]) == (400, 50035)
    await bot.wait_for_state(lambda: bot.command_errors)
    error = bot.command_errors[0].original
    assert isinstance(error, discord.HTTPException)
    assert error.code == 50035
    assert "In data.content: Must be 2000 or fewer in length." in str(error)

    channel = bot.get_channel(fake.channel_id("general"))
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.HTTPException) as info:
        await channel.send("y" * 2001)
    assert info.value.code == 50035


# -- messages and intents -------------------------------------------------------------------------


async def test_ping_pong_with_message_content(fake: FakeDiscord, bot: TinyBot) -> None:
    await fake.send_message("general", "ping", author=fake.members[0])
    reply = await fake.wait_for_message(lambda m: m["content"] == "pong", channel="general")
    assert reply["author"]["id"] == str(bot.user.id)
    assert fake.channel_messages("general")[-1]["id"] == reply["id"]

    # Edits and deletes through discord.py work on the stored message.
    channel = bot.get_channel(fake.channel_id("general"))
    assert isinstance(channel, discord.TextChannel)
    sent = await channel.send("draft")
    await sent.edit(content="final")
    assert fake.message(sent.id)["content"] == "final"
    await sent.delete()
    assert fake.message(sent.id) is None
    with pytest.raises(discord.NotFound) as info:
        await channel.fetch_message(sent.id)
    assert info.value.code == 10008


async def test_message_content_needs_the_intent(fake: FakeDiscord) -> None:
    tiny = TinyBot(intents=all_intents(message_content=False))
    async with fake.run_bot(tiny):
        await fake.send_message("general", "ping")
        await tiny.wait_for_state(lambda: tiny.seen)
        assert tiny.seen[0].content == ""
        await fake.send_message("general", f"<@{fake.bot_user.id}> ping")
        await tiny.wait_for_state(lambda: len(tiny.seen) == 2)
        assert tiny.seen[1].content == f"<@{fake.bot_user.id}> ping"
        assert fake.requests_to("create_message") == []


async def test_gateway_drop_resumes_and_replays(fake: FakeDiscord, bot: TinyBot) -> None:
    first_session = fake.gateway.session
    assert first_session is not None
    await fake.drop_connection(4000)
    await fake.send_message("general", "ping")  # sent while the bot is away: replayed on RESUME
    resume = await fake.wait_for_resume(timeout=5)
    assert resume["session_id"] == first_session.session_id
    assert fake.gateway.connections[-1].path == "/resume"  # READY's resume_gateway_url
    await fake.wait_for_message(lambda m: m["content"] == "pong")
    await bot.wait_for_state(lambda: bot.resumed == 1)

    await fake.send_reconnect()  # op 7
    await fake.wait_for_resume(2, timeout=5)
    handle = await fake.interact(fake.slash_command("echo", {"text": "still here"}))
    assert (await handle.response(timeout=3))["data"]["content"] == "still here"
    assert len(fake.identifies) == 1


# -- the fake's own protocol and REST details -----------------------------------------------------


async def test_plain_json_gateway_and_zlib_stream(fake: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(fake.gateway_url + "?v=10&encoding=json") as ws:
            hello = await ws.receive(timeout=2)
            assert hello.type is aiohttp.WSMsgType.TEXT
            assert json.loads(hello.data) == {
                "op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None
            }  # fmt: skip
            await ws.send_json({"op": 1, "d": None})
            assert json.loads((await ws.receive(timeout=2)).data)["op"] == 11
            await ws.send_json({"op": 2, "d": {"token": "wrong", "intents": 0, "properties": {}}})
            closing = await ws.receive(timeout=2)
            assert closing.type is aiohttp.WSMsgType.CLOSE
            assert closing.data == 4004

        url = fake.gateway_url + "?v=10&encoding=json&compress=zlib-stream"
        async with session.ws_connect(url) as ws:
            inflate = zlib.decompressobj()
            frame = await ws.receive(timeout=2)
            assert frame.type is aiohttp.WSMsgType.BINARY
            assert frame.data.endswith(b"\x00\x00\xff\xff")
            assert json.loads(inflate.decompress(frame.data))["op"] == 10
            await ws.send_json(
                {"op": 2, "d": {"token": fake.token, "intents": 513, "properties": {}}}
            )
            ready = json.loads(inflate.decompress((await ws.receive(timeout=2)).data))
            guild = json.loads(inflate.decompress((await ws.receive(timeout=2)).data))
    assert (ready["t"], ready["s"], guild["t"], guild["s"]) == ("READY", 1, "GUILD_CREATE", 2)
    assert ready["d"]["resume_gateway_url"].startswith(fake.base_ws)
    assert ready["d"]["guilds"] == [{"id": str(fake.guild_id), "unavailable": True}]
    assert len(guild["d"]["members"]) == 1  # no GUILD_MEMBERS intent asked for
    assert fake.intents == 513


async def test_rest_content_type_auth_and_unknown_routes(fake: FakeDiscord) -> None:
    headers = {"Authorization": f"Bot {fake.token}"}
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{fake.api_base}/users/@me", headers=headers) as resp:
            assert resp.headers["Content-Type"] == "application/json"
            assert (await resp.json())["bot"] is True
        async with session.get(f"{fake.api_base}/users/@me") as resp:
            assert resp.status == 401
        async with session.get(f"{fake.api_base}/no/such/route", headers=headers) as resp:
            assert resp.status == 404
            assert resp.headers["Content-Type"] == "application/json"
        url = f"{fake.api_base}/interactions/123/bogus/callback?with_response=1"
        async with session.post(url, json={"type": 4, "data": {"content": "hi"}}) as resp:
            assert resp.status == 404
            assert (await resp.json())["code"] == 10062
        channel = fake.channel_id("general")
        url = f"{fake.api_base}/channels/{channel}/messages/1"
        async with session.patch(url, json={"content": "x"}, headers=headers) as resp:
            assert resp.status == 404
            assert (await resp.json())["code"] == 10008
    assert [r.path for r in fake.unknown_requests] == ["/no/such/route"]


def _row(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(buttons)}


def _button(custom_id: str) -> dict[str, Any]:
    return {"type": 2, "style": 1, "label": custom_id, "custom_id": custom_id}


def _embed(**fields: Any) -> dict[str, Any]:
    return {"title": "t", **fields}


LIMIT_CASES = {
    "content": ({"content": "x" * 2001}, ("content",)),
    "embeds": ({"embeds": [_embed()] * 11}, ("embeds",)),
    "title": ({"embeds": [_embed(title="t" * 257)]}, ("embeds", "0", "title")),
    "description": ({"embeds": [_embed(description="d" * 4097)]}, ("embeds", "0", "description")),
    "fields": (
        {"embeds": [_embed(fields=[{"name": "n", "value": "v"}] * 26)]},
        ("embeds", "0", "fields"),
    ),
    "field name": (
        {"embeds": [_embed(fields=[{"name": "n" * 257, "value": "v"}])]},
        ("embeds", "0", "fields", "0", "name"),
    ),
    "field value": (
        {"embeds": [_embed(fields=[{"name": "n", "value": "v" * 1025}])]},
        ("embeds", "0", "fields", "0", "value"),
    ),
    "embed total": (
        {"embeds": [_embed(description="d" * 4000), _embed(description="d" * 2500)]},
        ("embeds",),
    ),
    "rows": ({"components": [_row(_button(f"b{i}")) for i in range(6)]}, ("components",)),
    "buttons": (
        {"components": [_row(*[_button(f"b{i}") for i in range(6)])]},
        ("components", "0", "components"),
    ),
    "duplicate custom_id": (
        {"components": [_row(_button("same")), _row(_button("same"))]},
        ("components", "1", "components", "0", "custom_id"),
    ),
}


@pytest.mark.parametrize("case", list(LIMIT_CASES))
async def test_message_limits_answer_50035(fake: FakeDiscord, case: str) -> None:
    body, path = LIMIT_CASES[case]
    url = f"{fake.api_base}/channels/{fake.channel_id('general')}/messages"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json=body, headers={"Authorization": f"Bot {fake.token}"}) as resp,
    ):
        assert resp.status == 400
        error = await resp.json()
    assert error["code"] == 50035
    assert error["message"] == "Invalid Form Body"
    node = error["errors"]
    for part in path:
        node = node[part]
    assert node["_errors"][0]["code"]
    assert fake.channel_messages("general") == []


async def test_waits_time_out_instead_of_hanging(fake: FakeDiscord) -> None:
    with pytest.raises(FakeDiscordTimeout, match="IDENTIFY"):
        await fake.wait_until_identified(timeout=0.05)
    with pytest.raises(FakeDiscordTimeout):
        await fake.wait_for_request(lambda r: False, timeout=0.05)
