"""The command line: the parser, one module per group of commands, and what they share.

Nothing is imported here: ``portal-tui`` starts in ``launch``, which loads the parser with the
cycle collector paused, and a command loads only its own module.
"""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (``portal-tui ARGS``); its exit code."""
    from .parser import main as run

    return run(argv)
