"""A live push asks for the profile's name to be typed, as ``portal-tui push`` does in a shell."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..widgets.dialog import Dialog
from ..widgets.hint import Hint


class TypedNameDialog(ModalScreen[bool]):
    """True only when exactly the profile's name is typed and enter pressed."""

    AUTO_FOCUS = "Input"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="typed-name-cancel", tooltip="Go back without pushing")]

    def __init__(self, question: str, name: str) -> None:
        super().__init__()
        self.question, self.profile = question, name

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content(self.question), classes="title", markup=False)
            yield Static(Content(f"Type the profile's name ({self.profile}) and press enter to push."), markup=False)
            yield Input(placeholder=self.profile, compact=True)
            yield Hint(before="enter: push")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() == self.profile)

    def action_cancel(self) -> None:
        self.dismiss(False)
