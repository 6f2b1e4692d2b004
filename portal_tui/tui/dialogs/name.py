"""A name for a new profile (or a renamed one), checked as it is typed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...store.paths import BadName, check_name
from ..widgets.dialog import Dialog
from ..widgets.hint import Hint


class NameDialog(ModalScreen[str]):
    """Asks for a new profile name, checked as it is typed."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="name-cancel", tooltip="Go back without a name")]
    AUTO_FOCUS = "Input"

    def __init__(self, title: str, taken: set[str], value: str = "") -> None:
        super().__init__()
        self.title_text, self.taken, self.value = title, taken, value

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content(self.title_text), classes="title", markup=False)
            yield Input(self.value, placeholder="lower-case letters, digits, - and _", compact=True)
            yield Static("", classes="problem", markup=False)
            yield Hint(before="enter: done")

    def why_not(self, name: str) -> str:
        try:
            check_name(name)
        except BadName as exc:
            return str(exc)
        return f'"{name}" exists already' if name in self.taken else ""

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(".problem", Static).update(Content(self.why_not(event.value) if event.value else ""))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not self.why_not(event.value):
            self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
