"""Rows whose value is typed (text, links, hosts, colors, IDs), and the row of each kind of setting."""

from __future__ import annotations

import re
from collections import deque
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Input

from ...model.meta import TEXT_KINDS, Kind, SettingInfo, Tab
from ..texts import FieldText, as_text
from .rows import ChoiceRow, SettingRow, SummaryRow, ToggleRow


class TextRow(SettingRow):
    """Text, links, host names, colors, IDs: a compact Input checked as you type; a color
    shows a swatch of itself before the Input.

    The field shows hidden characters as escapes, so its text is not the value: each edit is
    read through a FieldText, and the characters behind escapes it left whole stay."""

    BINDINGS = [Binding("escape", "leave", "Done", id="row-leave", show=False, tooltip="Stop editing this text")]

    def __init__(self, info: SettingInfo, label: str | None = None) -> None:
        super().__init__(info, label)
        self.typed: deque[str] = deque()
        """What the field sent as edits that the session has not yet echoed back."""
        self.text = FieldText("")
        """What the field stands for, as of the last edit read from it."""

    def control(self) -> ComposeResult:
        if self.info.kind is Kind.COLOR:
            self.add_class("-color")  # the swatch is drawn in the three columns before the Input
        yield Input(compact=True, classes="control", select_on_focus=False)

    def swatch(self) -> str | None:
        """The color to show, when the value is a valid one."""
        value = self.value
        ok = isinstance(value, str) and value.startswith("#") and len(value) in (4, 7) and "!" not in self.marks
        return value if ok else None

    def tail(self) -> Content:
        if self.info.kind is not Kind.COLOR:
            return Content("")
        color = self.swatch()
        return Content.styled("  ", f"on {color}") if color else Content("--")

    def show_value(self, value: Any) -> None:
        field = self.query_one(Input)
        meant = as_text(value)
        if meant in self.typed:
            # Our own edit coming back: the field has it, or keys typed since (a fast typist,
            # a burst over SSH) that writing this back would drop.
            while self.typed.popleft() != meant:
                pass
            return
        self.typed.clear()  # changed elsewhere (undo, reset, a draft): the field follows
        self.text = FieldText(meant)
        if field.value != self.text.seen:
            with field.prevent(Input.Changed):
                field.value = self.text.seen
        field.disabled = self.read_only

    def on_input_changed(self, event: Input.Changed) -> None:
        """Each change in order, as the field made it (it may be ahead by keys typed since)."""
        event.stop()
        value, echo = self.parse(self.text.read(event.value))
        if not self.read_only:
            self.typed.append(echo)
        self.edit(value, merge=True)

    def parse(self, text: str) -> tuple[Any, str]:
        """The value the field's text stands for, and the text it comes back to show_value as."""
        return text, text

    def on_descendant_focus(self) -> None:
        self.post_message(self.Opened(True))  # what is typed shows, not only its effect

    def on_descendant_blur(self) -> None:
        self.post_message(self.Opened(False))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_leave()

    async def action_activate(self) -> None:
        if not self.read_only:
            self.query_one(Input).focus()

    def action_leave(self) -> None:
        self.focus()


class IdsRow(TextRow):
    """A list of IDs (custom feedback options), typed as text: "bfo_1, bfo_2". What is typed is
    remembered in the form the session gives back, so a comma being typed is not undone."""

    def parse(self, text: str) -> tuple[Any, str]:
        """The IDs, split at commas and spaces only: str.split() would also split at control
        characters an ID from the file may hold (\\x1c-\\x1f are white space to it)."""
        ids = [part for part in re.split("[, ]+", text) if part]
        return ids, ", ".join(ids)

    def show_value(self, value: Any) -> None:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ", ".join(value)
        super().show_value(value)


ROWS: dict[Kind, type[SettingRow]] = {
    Kind.TOGGLE: ToggleRow,
    Kind.CHOICE: ChoiceRow,
    Kind.MULTI: SummaryRow,
    Kind.PRODUCTS: SummaryRow,
    Kind.TABLE: SummaryRow,
    Kind.INTERVALS: SummaryRow,
    Kind.IDS: IdsRow,
    **dict.fromkeys(TEXT_KINDS, TextRow),
}
"""The row widget of each kind of setting."""


def row_for(info: SettingInfo, tab: Tab) -> SettingRow:
    return ROWS[info.kind](info, info.label_on(tab))
