"""Ticks that read as text: ``[x]`` and ``[ ]``, never a shade (Textual's toggles draw ``▐X▌`` both ways)."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option


def box(ticked: bool) -> Content:
    return Content.styled("[x]", "bold $text-success") if ticked else Content("[ ]")


class TickList(OptionList):
    """A list to tick entries of, each line ``[x] label`` or ``[ ] label``; space or enter
    ticks the highlighted one. ``ticked`` is the set of ticked values."""

    BINDINGS = [Binding("space,enter", "tick", "Tick", id="tick", show=False, tooltip="Tick or untick this entry")]

    def __init__(self, entries: list[tuple[Content, Any, bool]], **kwargs: Any) -> None:
        self.entries = entries
        self.ticked: set[Any] = {value for _, value, on in entries if on}
        super().__init__(*(self.line(i) for i in range(len(entries))), **kwargs)

    def line(self, index: int) -> Option:
        label, value, _ = self.entries[index]
        return Option(box(value in self.ticked) + Content(" ") + label, id=str(index))

    def action_tick(self) -> None:
        index = self.highlighted
        if index is None:
            return
        value = self.entries[index][1]
        self.ticked ^= {value}
        self.replace_option_prompt_at_index(index, self.line(index).prompt)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click (or enter) on an entry ticks it."""
        event.stop()
        self.action_tick()


class Tick(Widget, can_focus=True):
    """One tick with its label: ``[x] Adjustable quantity``. Space, enter or a click flips it."""

    DEFAULT_CSS = """
    Tick { height: 1; width: auto; }
    Tick:focus { background: $accent 30%; }
    """
    BINDINGS = [Binding("space,enter", "flip", "Tick", id="tick-flip", show=False, tooltip="Tick or untick")]

    value: reactive[bool] = reactive(False)

    class Changed(Message):
        def __init__(self, tick: Tick, value: bool) -> None:
            super().__init__()
            self.tick, self.value = tick, value

    def __init__(self, label: str, value: bool = False, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.label = label
        self.set_reactive(Tick.value, value)

    def render(self) -> Content:
        return box(self.value) + Content(f" {self.label}")

    def action_flip(self) -> None:
        self.value = not self.value
        self.post_message(self.Changed(self, self.value))

    def on_click(self, event: events.Click) -> None:
        self.focus()
        self.action_flip()
