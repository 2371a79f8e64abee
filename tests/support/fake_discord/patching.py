"""Point the real discord.py at the fake, and put everything back afterwards."""

from __future__ import annotations

from typing import Any


class DiscordPatch:
    """Set ``Route.BASE``, ``DiscordWebSocket.DEFAULT_GATEWAY`` and ``Asset.BASE``.

    ``restore()`` (or leaving the ``with`` block) puts the originals back.
    """

    def __init__(self, api_base: str, gateway_url: str, cdn_base: str) -> None:
        self.api_base = api_base
        self.gateway_url = gateway_url
        self.cdn_base = cdn_base
        self._saved: list[tuple[Any, str, Any]] = []

    @property
    def applied(self) -> bool:
        return bool(self._saved)

    def apply(self) -> None:
        if self._saved:
            return
        import discord.asset
        import discord.gateway
        import discord.http
        import yarl

        targets = (
            (discord.http.Route, "BASE", self.api_base),
            (discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(self.gateway_url)),
            (discord.asset.Asset, "BASE", self.cdn_base),
        )
        for owner, name, value in targets:
            self._saved.append((owner, name, owner.__dict__[name]))
            setattr(owner, name, value)

    def restore(self) -> None:
        while self._saved:
            owner, name, value = self._saved.pop()
            setattr(owner, name, value)

    def __enter__(self) -> DiscordPatch:
        self.apply()
        return self

    def __exit__(self, *exc: object) -> None:
        self.restore()
