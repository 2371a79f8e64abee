"""`python -m bot` is the same program as the `attache` console script."""

from bot.cli.main import main

raise SystemExit(main())
