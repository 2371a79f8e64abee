"""One cog per feature; each is a thin adapter over the core services."""
