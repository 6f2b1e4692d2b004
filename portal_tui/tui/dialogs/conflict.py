"""The file changed on disk while it was being edited: both sides key by key, then a choice."""

from __future__ import annotations

from typing import Any, Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...model.catalog import SETTINGS
from ...model.edits import raw_value, same
from ...model.session import Session
from ...output import shown

ConflictChoice = Literal["theirs", "mine", "cancel"]


def their_changes(base: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """Keys the file on disk changed since this editor last read or saved it."""
    return [k for k in SETTINGS if not same(raw_value(base, k), raw_value(theirs, k))]


class ConflictScreen(ModalScreen[ConflictChoice]):
    """Nothing is silently overwritten: theirs (reload, keeping my other edits) or mine."""

    BINDINGS = [
        Binding(
            "t",
            "choose('theirs')",
            "Keep theirs",
            id="conflict-theirs",
            tooltip="Reload the file; your edits to keys they did not change stay pending",
        ),
        Binding(
            "m",
            "choose('mine')",
            "Keep mine",
            id="conflict-mine",
            tooltip="Write your changes over theirs; their other changes stay",
        ),
        Binding("escape", "choose('cancel')", "Cancel", id="conflict-cancel", tooltip="Decide later"),
    ]

    def __init__(self, session: Session, theirs: dict[str, Any]) -> None:
        super().__init__()
        self.session, self.theirs = session, theirs

    def compose(self) -> ComposeResult:
        mine = set(self.session.changed())
        changed = their_changes(self.session.saved, self.theirs)
        both = [k for k in changed if k in mine]
        with Vertical(id="dialog"):
            yield Static(Content("The file changed on disk since you opened it."), classes="title", markup=False)
            with VerticalScroll(classes="list"):
                for key in changed:
                    mark = "BOTH " if key in both else ""
                    yield Static(
                        Content(
                            f"{mark}theirs: {key}: {shown(raw_value(self.session.saved, key))} -> "
                            f"{shown(raw_value(self.theirs, key))}"
                        ),
                        markup=False,
                        classes="problem" if key in both else "",
                    )
                for key in sorted(mine - set(changed), key=list(SETTINGS).index):
                    yield Static(
                        Content(
                            f"mine: {key}: {shown(raw_value(self.session.saved, key))} -> "
                            f"{shown(raw_value(self.session.data, key))}"
                        ),
                        markup=False,
                    )
                for key in both:
                    yield Static(
                        Content(f"BOTH mine: {key}: -> {shown(raw_value(self.session.data, key))}"),
                        classes="problem",
                        markup=False,
                    )
            summary = f"Changed on both sides: {', '.join(both)}." if both else "No key was changed on both sides."
            yield Static(Content(summary), classes="note", markup=False)
            yield Static(
                Content("t: keep theirs (reload)    m: keep mine (overwrite)    escape: cancel"),
                classes="hint",
                markup=False,
            )

    def action_choose(self, choice: ConflictChoice) -> None:
        self.dismiss(choice)
