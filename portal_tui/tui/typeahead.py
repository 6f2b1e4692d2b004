"""Keys typed ahead are handled in order, each once the screen has settled after the last."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from time import monotonic
from typing import TYPE_CHECKING

from textual import events
from textual.app import ScreenStackError
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.app import App

    _Base = App[int]
else:
    _Base = object

SETTLE_LIMIT = 1.0
"""Seconds a held key waits at most for the screen to settle (it is handled then anyway)."""


class TypeAhead(_Base):
    """Over SSH keys arrive in bursts: ``/ Tax ID Enter Space ctrl+s`` can reach the app in
    one read. Textual hands each key to whatever has focus the moment it is read, so the
    burst would go to the row that had focus before the finder even opened. Here a key that
    arrives while an earlier one is still taking effect (a screen opening or closing, a jump
    to another tab) is held, and handed on once the screen has settled: no message left in
    any queue of the screen, a refresh done, and the screen and focus the same two rounds in
    a row. Keys typed at human speed are never held. Mixed into the app before App."""

    ordered_keys: bool | None = None
    """None: on in a terminal, off headless (Pilot waits between keys itself)."""

    def __init__(self) -> None:
        super().__init__()
        self._held: deque[events.Key] = deque()
        self._releasing: events.Key | None = None
        self._in_flight = False
        self._working = 0
        self._settler: asyncio.Task[None] | None = None
        """The settling in progress, kept here: asyncio holds running tasks only weakly."""

    @property
    def keys_pending(self) -> int:
        """Keys received and not yet handled (held, or the one taking effect now)."""
        return len(self._held) + self._in_flight

    @contextmanager
    def working(self) -> Iterator[None]:
        """Work in progress that held keys must wait for (a jump building another tab)."""
        self._working += 1
        try:
            yield
        finally:
            self._working -= 1

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
            return
        if event.key == "ctrl+j":
            # A newline is Enter, as in readline: keys typed before the editor has taken over
            # the terminal reach it with Enter already turned into a newline by the tty.
            event = events.Key("enter", "\r")
        ordered = self.ordered_keys if self.ordered_keys is not None else not self.is_headless
        if not ordered:
            await super().on_event(event)
            return
        if event is not self._releasing and (self._in_flight or self._held):
            self._held.append(event)
            return
        self._releasing = None
        self._in_flight = True
        # A character typed into a text field changes nothing but that field and its row, and
        # the next key goes to the same field: nothing to wait for.
        typing = event.is_printable and isinstance(self.focused, Input)
        await super().on_event(event)
        self._settler = asyncio.create_task(self._settle_then_next(typing))

    async def _settle_then_next(self, typing: bool) -> None:
        try:
            if not typing:
                await self.settled()
        except ScreenStackError:  # the app is closing: nothing is left to hand keys to
            return
        self._in_flight = False
        if self._held and self.is_running:
            held = self._held.popleft()
            key = events.Key(held.key, held.character)  # a fresh event: the held one was seen
            self._releasing = key
            self._in_flight = True
            self.post_message(key)

    async def settled(self) -> None:
        """Until the screen has settled, or SETTLE_LIMIT has passed."""
        deadline = monotonic() + SETTLE_LIMIT
        quiet = 0
        while quiet < 2 and monotonic() < deadline and self.is_running:
            before = (self.screen, self.focused)
            await self._round_trip(deadline)
            still = (self.screen, self.focused) == before and not self._working
            quiet = quiet + 1 if still else 0

    async def _round_trip(self, deadline: float) -> None:
        """Every queue of the app and its screen has handled what it held, then a refresh."""
        waits = []
        for node in [self, *self.screen.walk_children(with_self=True)]:
            handled = asyncio.Event()
            if node.call_later(handled.set):  # runs after what the node had queued before it
                waits.append(handled.wait())
        refreshed = asyncio.Event()
        self.call_after_refresh(refreshed.set)
        waits.append(refreshed.wait())
        try:
            await asyncio.wait_for(asyncio.gather(*waits), max(0.01, deadline - monotonic()))
        except TimeoutError:
            pass
