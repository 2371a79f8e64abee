"""Terminal adapters over the core services."""
