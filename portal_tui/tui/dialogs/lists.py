"""The editor of a list of choices to tick (reasons offered, downgrade conditions); lines.py has
metadata and pause durations, products.py the products.

Each opens over the editor and hands back the whole new value when closed (escape), which
becomes one undoable edit; ctrl+z undoes it like any other. Closed without a change, it hands
back nothing: what the file holds stays exactly as it was (order, duplicates, odd values,
text with hidden characters, numbers), since only what the user touched is rebuilt.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...model.display import shown
from ...model.edits import same
from ...model.meta import SettingInfo
from ..widgets.dialog import Dialog
from ..widgets.hint import Hint
from ..widgets.ticks import TickList

DONE = Binding("escape", "done", "Done", id="list-done", tooltip="Close and apply (ctrl+z undoes it)")


def unchanged_or(original: Any, result: Any) -> Any:
    """None (no edit) when the editor's result is the value it was opened on."""
    return None if same(result, original) else result


class ChoicesDialog(ModalScreen[list[Any] | None]):
    """Tick the values of a list of choices (reasons offered, downgrade conditions).

    Ticked entries keep their order (Stripe shows reasons in that order); newly ticked ones
    follow, in the schema's order. Entries that are not choices are listed too, so they can
    be seen and unticked."""

    AUTO_FOCUS = "TickList"
    BINDINGS = [DONE]

    def __init__(self, info: SettingInfo, value: Any) -> None:
        super().__init__()
        self.info = info
        self.original = value
        self.entries: list[Any] = list(value) if isinstance(value, list) else []

    def options(self) -> list[tuple[Content, Any, bool]]:
        """One line per choice, then one per entry that is not a choice (by position)."""
        lines: list[tuple[Content, Any, bool]] = [(self.label(c), c, c in self.entries) for c in self.info.choices]
        lines += [
            (Content(f"{shown(v)} (not a choice)"), ("entry", i), True)
            for i, v in enumerate(self.entries)
            if v not in self.info.choices
        ]
        return lines

    def label(self, choice: str) -> Content:
        """The Dashboard's words, then the API value in italics (dim vanishes on a 16-color highlight)."""
        word = self.info.word(choice)
        return Content(word) if word == choice else Content.assemble(word, ("  " + choice, "italic"))

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content(self.info.label), classes="title", markup=False)
            yield TickList(self.options())
            yield Hint(before="space: tick or untick")

    def result(self, ticked: set[Any]) -> list[Any]:
        kept = [v for i, v in enumerate(self.entries) if (v if v in self.info.choices else ("entry", i)) in ticked]
        return kept + [c for c in self.info.choices if c in ticked and c not in self.entries]

    def action_done(self) -> None:
        ticked = self.query_one(TickList).ticked
        if ticked == {value for _, value, on in self.options() if on}:
            self.dismiss(None)  # nothing ticked or unticked: the value stays exactly as it was
        else:
            self.dismiss(unchanged_or(self.original, self.result(ticked)))
