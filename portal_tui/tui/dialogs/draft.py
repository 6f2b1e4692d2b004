"""Offering back a draft: what it holds key by key; restore it, discard it, or decide later."""

from __future__ import annotations

from typing import Any, Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...model.session import Session
from .changes import change_lines

DraftChoice = Literal["restore", "discard", "later"]


class DraftScreen(ModalScreen[DraftChoice]):
    BINDINGS = [
        Binding(
            "r",
            "choose('restore')",
            "Restore",
            id="draft-restore",
            tooltip="Bring these edits back (unsaved; ctrl+z undoes them)",
        ),
        Binding("d", "choose('discard')", "Discard", id="draft-discard", tooltip="Throw the draft away"),
        Binding("escape", "choose('later')", "Later", id="draft-later", tooltip="Keep the draft and decide later"),
    ]

    def __init__(self, saved: dict[str, Any], draft: dict[str, Any]) -> None:
        super().__init__()
        preview = Session(saved)
        preview.data = draft
        self.lines = change_lines(preview)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Content(
                    f"A draft holds {len(self.lines)} unsaved edit{'s' if len(self.lines) != 1 else ''} "
                    "from an editor that did not finish:"
                ),
                classes="title",
                markup=False,
            )
            with VerticalScroll(classes="list"):
                for line in self.lines:
                    yield Static(line, markup=False)
            yield Static(
                Content("r: restore them    d: discard the draft    escape: decide later"), classes="hint", markup=False
            )

    def action_choose(self, choice: DraftChoice) -> None:
        self.dismiss(choice)
