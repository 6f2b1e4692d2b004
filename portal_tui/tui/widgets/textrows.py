"""Rows whose value is typed (text, links, hosts, colors, IDs), and the row of each kind of setting."""

from __future__ import annotations

from collections import deque
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Input

from ...model.meta import TEXT_KINDS, Kind, SettingInfo, Tab
from ...model.visible import visible
from ...output import shown
from .rows import ChoiceRow, SettingRow, SummaryRow, ToggleRow


class TextRow(SettingRow):
    """Text, links, host names, colors, IDs: a compact Input checked as you type; a color
    shows a swatch of itself before the Input."""

    BINDINGS = [Binding("escape", "leave", "Done", id="row-leave", show=False, tooltip="Stop editing this text")]

    def __init__(self, info: SettingInfo, label: str | None = None) -> None:
        super().__init__(info, label)
        self.typed: deque[str] = deque()
        """What the field sent as edits that the session has not yet echoed back."""

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
        text = visible(value) if isinstance(value, str) else shown(value)
        if text in self.typed:
            # Our own edit coming back: the field has it, or keys typed since (a fast typist,
            # a burst over SSH) that writing this back would drop.
            while self.typed.popleft() != text:
                pass
            return
        self.typed.clear()  # changed elsewhere (undo, reset, a draft): the field follows
        if field.value != text:
            with field.prevent(Input.Changed):
                field.value = text
        field.disabled = self.read_only

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if not self.read_only:
            self.typed.append(event.value)
        self.edit(event.value, merge=True)

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

    @staticmethod
    def ids(text: str) -> list[str]:
        return [part for part in text.replace(",", " ").split() if part]

    def show_value(self, value: Any) -> None:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ", ".join(value)
        super().show_value(value)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        ids = self.ids(event.value)
        if not self.read_only:
            self.typed.append(", ".join(ids))
        self.edit(ids, merge=True)


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
