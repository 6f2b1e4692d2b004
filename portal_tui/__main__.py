"""``python -m portal_tui``: the same as the portal-tui command."""

from .cli.launch import main

raise SystemExit(main())
