"""``python -m portal_tui``: the same as the portal-tui command."""

from .cli import main

raise SystemExit(main())
