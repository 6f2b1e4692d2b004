"""Keys typed ahead are handled in order, each once the screen has settled after the last."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from time import monotonic

from textual import events
from textual.app import App, ScreenStackError
from textual.dom import DOMNode
from textual.widgets import Input, OptionList

SETTLE_LIMIT = 1.0
"""Seconds a held key waits at most for the screen to settle (it is handled then anyway)."""


def unlaid_list(widget: object) -> bool:
    """A list with entries but no room for its lines: not laid out yet (just shown), or
    squeezed to no width. Textual's OptionList pages by a line map it builds only with room."""
    return isinstance(widget, OptionList) and bool(widget.option_count) and widget.scrollable_content_region.area == 0


def pages_nowhere(app: App[int], event: events.Key) -> bool:
    """Page up/down on such a list raised KeyError in Textual (found by the slow monkey).
    There is nothing to page, so the key does nothing."""
    return event.key in ("pageup", "pagedown") and unlaid_list(app.focused)


class TypeAhead:
    """Over SSH keys arrive in bursts: ``/ Tax ID Enter Space ctrl+s`` can reach the app in
    one read. Textual hands each key to whatever has focus the moment it is read, so the
    burst would go to the row that had focus before the finder even opened. Here a key that
    arrives while an earlier one is still taking effect (a screen opening or closing, a jump
    to another tab) is held, and handed on once the screen has settled: nothing left in the
    queues of the app, the screen and the focused widget's line, a refresh done, the screen
    and focus the same two rounds in a row, and the focused widget laid out (a list opened
    this instant has no lines: Textual's OptionList raised KeyError on page up there). Keys
    typed at human speed are never held.

    The app hands every key event to ``handle`` with its own way of dispatching it.
    """

    def __init__(self, app: App[int]) -> None:
        self.app = app
        self.ordered: bool | None = None
        """None: on in a terminal, off headless (Pilot waits between keys itself)."""
        self._held: deque[events.Key] = deque()
        self._releasing: events.Key | None = None
        self._in_flight = False
        self._working = 0
        self._settler: asyncio.Task[None] | None = None
        """The settling in progress, kept here: asyncio holds running tasks only weakly."""

    @property
    def pending(self) -> int:
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

    async def handle(self, event: events.Key, dispatch: Callable[[events.Key], Awaitable[None]]) -> None:
        """Dispatch the key now, or hold it until the ones before it have taken effect."""
        if event.key == "ctrl+j":
            # A newline is Enter, as in readline: keys typed before the editor has taken over
            # the terminal reach it with Enter already turned into a newline by the tty.
            event = events.Key("enter", "\r")
        app = self.app
        ordered = self.ordered if self.ordered is not None else not app.is_headless
        if not ordered:
            await self.send(event, dispatch)
            return
        if event is not self._releasing and (self._in_flight or self._held):
            self._held.append(event)
            return
        self._releasing = None
        self._in_flight = True
        # A character typed into a text field changes nothing but that field and its row, and
        # the next key goes to the same field: nothing to wait for.
        typing = event.is_printable and isinstance(app.focused, Input)
        await self.send(event, dispatch)
        self._settler = asyncio.create_task(self._settle_then_next(typing))

    async def send(self, event: events.Key, dispatch: Callable[[events.Key], Awaitable[None]]) -> None:
        """Hand the key on, unless it would page a list that has no room (see pages_nowhere)."""
        if not pages_nowhere(self.app, event):
            await dispatch(event)

    async def _settle_then_next(self, typing: bool) -> None:
        try:
            if not typing:
                await self.settled()
        except ScreenStackError:  # the app is closing: nothing is left to hand keys to
            return
        self._in_flight = False
        if self._held and self.app.is_running:
            held = self._held.popleft()
            key = events.Key(held.key, held.character)  # a fresh event: the held one was seen
            self._releasing = key
            self._in_flight = True
            self.app.post_message(key)

    async def settled(self) -> None:
        """Until the screen has settled, or SETTLE_LIMIT has passed."""
        app = self.app
        deadline = monotonic() + SETTLE_LIMIT
        quiet = 0
        while quiet < 2 and monotonic() < deadline and app.is_running:
            before = (app.screen, app.focused)
            await self._round_trip(deadline)
            focused = app.focused
            still = (app.screen, focused) == before and not self._working and not unlaid_list(focused)
            quiet = quiet + 1 if still else 0

    async def _round_trip(self, deadline: float) -> None:
        """The queues a key's effects go through have handled what they held, then a refresh:
        the app's, the screen's, and those of the focused widget and its ancestors (the rest
        of the screen's widgets only redraw, which the refresh covers)."""
        app = self.app
        focused = app.focused
        nodes: list[DOMNode] = [app, app.screen]
        if focused is not None:
            nodes += [n for n in focused.ancestors_with_self if n is not app and n is not app.screen]
        waits = []
        for node in nodes:
            handled = asyncio.Event()
            if node.call_later(handled.set):  # runs after what the node had queued before it
                waits.append(handled.wait())
        refreshed = asyncio.Event()
        app.call_after_refresh(refreshed.set)
        waits.append(refreshed.wait())
        try:
            await asyncio.wait_for(asyncio.gather(*waits), max(0.01, deadline - monotonic()))
        except TimeoutError:
            pass
