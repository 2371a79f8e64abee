"""The fake's world: one application, its bot user, one guild with roles, channels and members."""

from __future__ import annotations

from dataclasses import dataclass, field

from .snowflake import SnowflakeFactory

# Permission bits (https://discord.com/developers/docs/topics/permissions).
CREATE_INSTANT_INVITE = 1 << 0
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
CONNECT = 1 << 20
SPEAK = 1 << 21
CHANGE_NICKNAME = 1 << 26
USE_APPLICATION_COMMANDS = 1 << 31
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 53) - 1

EVERYONE_DEFAULT = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | CONNECT
    | SPEAK
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | SEND_MESSAGES_IN_THREADS
)
BOT_ROLE_DEFAULT = (
    VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY | ADD_REACTIONS
)

# Channel types.
GUILD_TEXT = 0
DM = 1
GUILD_VOICE = 2
GUILD_CATEGORY = 4


@dataclass
class FakeUser:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    avatar: str | None = None


@dataclass
class FakeRole:
    id: int
    name: str
    permissions: int
    position: int = 0
    color: int = 0
    hoist: bool = False
    mentionable: bool = False
    managed: bool = False
    bot_id: int | None = None


@dataclass
class FakeMember:
    user: FakeUser
    role_ids: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = "2024-01-01T00:00:00.000000+00:00"

    @property
    def id(self) -> int:
        return self.user.id


@dataclass
class FakeChannel:
    id: int
    name: str
    type: int = GUILD_TEXT
    position: int = 0
    guild_id: int | None = None
    parent_id: int | None = None
    topic: str | None = None
    recipient_ids: list[int] = field(default_factory=list)


@dataclass
class FakeGuild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, FakeRole] = field(default_factory=dict)
    channels: dict[int, FakeChannel] = field(default_factory=dict)
    members: dict[int, FakeMember] = field(default_factory=dict)
    preferred_locale: str = "en-US"

    @property
    def everyone_role(self) -> FakeRole:
        return self.roles[self.id]

    def permissions_for(self, member: FakeMember) -> int:
        """Guild-level permissions (channel overwrites are not modelled)."""
        if member.id == self.owner_id:
            return ALL_PERMISSIONS
        value = self.everyone_role.permissions
        for role_id in member.role_ids:
            role = self.roles.get(role_id)
            if role is not None:
                value |= role.permissions
        return ALL_PERMISSIONS if value & ADMINISTRATOR else value

    @property
    def text_channels(self) -> list[FakeChannel]:
        return sorted(
            (c for c in self.channels.values() if c.type == GUILD_TEXT), key=lambda c: c.position
        )


@dataclass
class FakeWorld:
    """Everything Discord knows about; build with :meth:`default` and adjust before ``start()``."""

    ids: SnowflakeFactory
    application_id: int
    application_name: str
    bot: FakeUser
    guild: FakeGuild
    users: dict[int, FakeUser] = field(default_factory=dict)
    dm_channels: dict[int, FakeChannel] = field(default_factory=dict)

    @classmethod
    def default(
        cls, ids: SnowflakeFactory | None = None, *, bot_name: str = "Attaché"
    ) -> FakeWorld:
        ids = ids or SnowflakeFactory()
        application_id = ids.next()
        # A bot user shares its application's id, as on Discord.
        bot = FakeUser(id=application_id, username=bot_name.lower(), global_name=bot_name, bot=True)
        admin = FakeUser(id=ids.next(), username="ada", global_name="Ada Admin")
        guild = FakeGuild(id=ids.next(), name="Attaché Test Guild", owner_id=admin.id)
        world = cls(
            ids=ids, application_id=application_id, application_name=bot_name, bot=bot, guild=guild
        )
        world.users[bot.id] = bot
        world.users[admin.id] = admin

        guild.roles[guild.id] = FakeRole(
            id=guild.id, name="@everyone", permissions=EVERYONE_DEFAULT, position=0
        )
        admin_role = world.add_role("Admin", ADMINISTRATOR, hoist=True)
        bot_role = world.add_role(bot_name, BOT_ROLE_DEFAULT, managed=True, bot_id=bot.id)

        category = world.add_channel("Text Channels", type=GUILD_CATEGORY)
        world.add_channel("general", parent_id=category.id, topic="General chat")
        world.add_channel("bot-commands", parent_id=category.id, topic="Talk to the bot here")
        world.add_channel("Lounge", type=GUILD_VOICE)

        guild.members[bot.id] = FakeMember(user=bot, role_ids=[bot_role.id])
        guild.members[admin.id] = FakeMember(user=admin, role_ids=[admin_role.id])
        world.add_member("bob", global_name="Bob")
        world.add_member("cleo", global_name="Cleo")
        return world

    # -- builders -----------------------------------------------------------------------------
    def add_role(
        self,
        name: str,
        permissions: int = 0,
        *,
        hoist: bool = False,
        mentionable: bool = False,
        managed: bool = False,
        bot_id: int | None = None,
    ) -> FakeRole:
        role = FakeRole(
            id=self.ids.next(),
            name=name,
            permissions=permissions,
            position=len(self.guild.roles),
            hoist=hoist,
            mentionable=mentionable,
            managed=managed,
            bot_id=bot_id,
        )
        self.guild.roles[role.id] = role
        return role

    def add_channel(
        self,
        name: str,
        *,
        type: int = GUILD_TEXT,
        parent_id: int | None = None,
        topic: str | None = None,
    ) -> FakeChannel:
        position = sum(1 for c in self.guild.channels.values() if c.type == type)
        channel = FakeChannel(
            id=self.ids.next(),
            name=name,
            type=type,
            position=position,
            guild_id=self.guild.id,
            parent_id=parent_id,
            topic=topic,
        )
        self.guild.channels[channel.id] = channel
        return channel

    def add_member(
        self, username: str, *, global_name: str | None = None, role_ids: list[int] | None = None
    ) -> FakeMember:
        user = FakeUser(id=self.ids.next(), username=username, global_name=global_name)
        self.users[user.id] = user
        member = FakeMember(user=user, role_ids=list(role_ids or []))
        self.guild.members[user.id] = member
        return member

    # -- lookups ------------------------------------------------------------------------------
    @property
    def admin(self) -> FakeMember:
        return self.guild.members[self.guild.owner_id]

    @property
    def regular_members(self) -> list[FakeMember]:
        return [
            m for m in self.guild.members.values() if not m.user.bot and m.id != self.guild.owner_id
        ]

    def member(self, who: int | str | FakeUser | FakeMember) -> FakeMember:
        """Find a guild member by id, username or object."""
        if isinstance(who, FakeMember):
            return who
        if isinstance(who, FakeUser):
            who = who.id
        for member in self.guild.members.values():
            if member.id == who or member.user.username == who:
                return member
        raise KeyError(f"no member {who!r} in the fake guild")

    def channel(self, which: int | str | FakeChannel) -> FakeChannel:
        """Find a guild or DM channel by id or (guild channels) by name."""
        if isinstance(which, FakeChannel):
            return which
        for channel in (*self.guild.channels.values(), *self.dm_channels.values()):
            if channel.id == which or channel.name == which:
                return channel
        raise KeyError(f"no channel {which!r} in the fake world")

    def find_channel(self, channel_id: int) -> FakeChannel | None:
        return self.guild.channels.get(channel_id) or self.dm_channels.get(channel_id)

    def dm_channel_for(self, user_id: int) -> FakeChannel:
        for channel in self.dm_channels.values():
            if channel.recipient_ids == [user_id]:
                return channel
        channel = FakeChannel(id=self.ids.next(), name="", type=DM, recipient_ids=[user_id])
        self.dm_channels[channel.id] = channel
        return channel
