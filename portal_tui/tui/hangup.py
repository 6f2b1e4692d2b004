"""Ending on a hang-up or SIGTERM: the pending edits into the draft, the lock released, then out at once."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from types import FrameType

from ..store.mutex import when_clear

TERM_DEADLINE = 2.0
"""Seconds a graceful shutdown gets after SIGTERM before the process ends anyway."""


class Ending:
    """What the editor's process does when its terminal goes away (SIGHUP: a dropped SSH link,
    a killed tmux session) or it is told to stop (SIGTERM).

    Installed before the editor takes its lock, so no moment is left uncovered; the app fills
    in how to keep its edits and how to stop gracefully once it runs. The handlers are plain
    ``signal.signal`` ones, not the event loop's: they run even while the main thread waits
    in Textual's shutdown for an output thread that will never drain (what kept editors
    alive after a hang-up). A write under way is let finish first (milliseconds).

    On SIGHUP the process ends without touching the terminal again (there is none); on
    SIGTERM the app is asked to exit, restoring the terminal, and ended anyway after
    TERM_DEADLINE. Both exit with 128 + the signal's number.
    """

    def __init__(self) -> None:
        self.keep_edits: Callable[[], object] | None = None
        """Writes the pending edits to the draft (no edits, no draft)."""
        self.release: Callable[[], object] | None = None
        """Gives the profile's lock back."""
        self.graceful: Callable[[int], object] | None = None
        """Asks the running app to exit with this code (safe to call from a signal handler)."""
        self.ending = False

    def install(self) -> None:
        for signum in (signal.SIGHUP, signal.SIGTERM):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.ending:
            return
        self.ending = True
        when_clear(lambda: self.end(signum))

    def end(self, signum: int) -> None:
        for step in (self.keep_edits, self.release):
            if step is not None:
                try:
                    step()
                except Exception:  # noqa: BLE001 - nothing may keep the process from ending
                    pass
        code = 128 + signum
        if signum == signal.SIGTERM and self.graceful is not None:
            deadline = threading.Timer(TERM_DEADLINE, os._exit, (code,))
            deadline.daemon = True
            deadline.start()
            self.graceful(code)
            return
        os._exit(code)
