"""`x`: the export of the profile as it is now (unsaved edits included), with a copy key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...model.display import as_json
from ...stripe.export import Export
from ..widgets.dialog import Dialog
from ..widgets.hint import Hint
from ..widgets.keybar import KeyBar


class ExportScreen(ModalScreen[None]):
    """The create parameters as JSON, what blocks them, and the Dashboard-only settings."""

    DEFAULT_CSS = "ExportScreen .export { max-height: 18; }"

    BINDINGS = [
        Binding(
            "c",
            "copy",
            "Copy JSON",
            id="export-copy",
            tooltip="Copy the JSON to the clipboard (OSC 52: works over SSH and in tmux)",
        ),
        Binding("escape,x,q", "close", "Close", id="export-close", tooltip="Back to the editor"),
    ]

    def __init__(self, export: Export) -> None:
        super().__init__()
        self.export = export
        self.text = as_json(export.params, pretty=True)

    def compose(self) -> ComposeResult:
        with Dialog():
            title = (
                "Not exportable: these sent settings have errors"
                if self.export.errors
                else "POST /v1/billing_portal/configurations (create parameters, JSON)"
            )
            yield Static(Content(title), classes="title", markup=False)
            with VerticalScroll(classes="list export"):
                for problem in self.export.errors:
                    yield Static(Content(f"{problem.key}: {problem.message}"), classes="problem", markup=False)
                if not self.export.errors:
                    yield Static(Content(self.text), markup=False)
                for line in self.export.notices:
                    yield Static(Content(line), classes="note", markup=False)
            yield Hint(after="(portal-tui export NAME --format curl gives a runnable command)")
        yield KeyBar()

    def action_copy(self) -> None:
        if self.export.errors:
            self.notify("Nothing to copy: fix the errors first.", severity="warning")
            return
        self.app.copy_to_clipboard(self.text)
        self.notify(f"Copied {len(self.text.splitlines())} lines of JSON.", timeout=3)

    def action_close(self) -> None:
        self.dismiss(None)
