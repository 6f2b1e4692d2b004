"""The portal-tui command: the command line, loaded with the cycle collector paused."""

from __future__ import annotations

from .loading import modules_loading


def main() -> int:
    with modules_loading():
        from .parser import main as run
    return run()
