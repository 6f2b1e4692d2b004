"""Quitting with unsaved changes: save, discard, or cancel."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

QuitChoice = Literal["save", "discard", "cancel"]


class QuitScreen(ModalScreen[QuitChoice]):
    """Asks once; nothing is lost by accident."""

    BINDINGS = [
        Binding("s", "choose('save')", "Save", id="quit-save", tooltip="Save the changes, then quit"),
        Binding("d", "choose('discard')", "Discard", id="quit-discard", tooltip="Quit without saving"),
        Binding("c,escape", "choose('cancel')", "Cancel", id="quit-cancel", tooltip="Keep editing"),
    ]

    def __init__(self, unsaved: int, leaving: str = "quit") -> None:
        super().__init__()
        self.unsaved = unsaved
        self.leaving = leaving

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Content(f"{self.unsaved} unsaved change{'s' if self.unsaved != 1 else ''}."),
                classes="title",
                markup=False,
            )
            yield Static(
                Content(f"s: save and {self.leaving}    d: discard and {self.leaving}    c or escape: keep editing"),
                classes="hint",
                markup=False,
            )

    def action_choose(self, choice: QuitChoice) -> None:
        self.dismiss(choice)
