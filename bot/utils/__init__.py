"""Helpers shared by the Discord cogs: Discord's limits, embeds, views and checks."""
