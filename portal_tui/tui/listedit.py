"""Editors for list and table settings: choices to tick, and metadata pairs (products: products.py).

Each opens over the editor and hands back the whole new value when closed (escape), which
becomes one undoable edit; ctrl+z undoes it like any other.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, SelectionList, Static

from ..model.catalog import SettingInfo
from ..model.visible import visible

DONE = Binding("escape", "done", "Done", id="list-done", tooltip="Close and apply (ctrl+z undoes it)")


class ChoicesScreen(ModalScreen[list[str]]):
    """Tick the values of a list of choices (reasons offered, downgrade conditions)."""

    AUTO_FOCUS = "SelectionList"
    BINDINGS = [DONE]

    def __init__(self, info: SettingInfo, value: Any) -> None:
        super().__init__()
        self.info = info
        self.value = value if isinstance(value, list) else []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.info.label), classes="title", markup=False)
            yield SelectionList[str](*[(Content(c), c, c in self.value) for c in self.info.choices])
            yield Static(Content("space: tick or untick    escape: done"), classes="hint", markup=False)

    def action_done(self) -> None:
        chosen = self.query_one(SelectionList).selected
        self.dismiss([c for c in self.info.choices if c in chosen])  # in the schema's order


class PairLine(Horizontal):
    """One metadata entry: key and value."""

    def __init__(self, key: str, value: Any) -> None:
        super().__init__(classes="line pair")
        self.pair = (key, value)

    def compose(self) -> ComposeResult:
        yield Input(visible(self.pair[0]), placeholder="key", compact=True, classes="key")
        yield Input(visible(str(self.pair[1])), placeholder="value", compact=True, classes="value")


class MetadataScreen(ModalScreen[dict[str, str]]):
    """Key-value pairs stored on the configuration."""

    AUTO_FOCUS = "Input"
    BINDINGS = [
        DONE,
        Binding("ctrl+n", "add", "Add entry", id="metadata-add", tooltip="Add a key-value pair"),
        Binding("ctrl+r", "remove", "Remove entry", id="metadata-remove", tooltip="Remove the focused pair"),
    ]

    def __init__(self, info: SettingInfo, value: Any) -> None:
        super().__init__()
        self.info = info
        self.value = value if isinstance(value, dict) else {}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.info.label), classes="title", markup=False)
            with VerticalScroll(classes="list", id="pairs"):
                for key, value in self.value.items():
                    yield PairLine(key, value)
            yield Static(Content("ctrl+n: add   ctrl+r: remove   escape: done"), classes="hint", markup=False)

    async def action_add(self) -> None:
        line = PairLine("", "")
        await self.query_one("#pairs").mount(line)
        line.query_one(".key", Input).focus()

    def action_remove(self) -> None:
        focused = self.focused
        line = next((a for a in focused.ancestors_with_self if isinstance(a, PairLine)), None) if focused else None
        if line is not None:
            line.remove()

    def action_done(self) -> None:
        pairs = {}
        for line in self.query(PairLine):
            key = line.query_one(".key", Input).value.strip()
            if key:
                pairs[key] = line.query_one(".value", Input).value
        self.dismiss(pairs)
