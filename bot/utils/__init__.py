"""Helpers shared by the Discord cogs: Discord's limits, embeds, views, quiz rendering and
rate limits."""
