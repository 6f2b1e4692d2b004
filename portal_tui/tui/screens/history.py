"""The history view: kept versions with who, when and which keys; restore one as an edit."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ...model.catalog import SETTINGS
from ...model.edits import raw_value
from ...model.visible import visible
from ...store.history import History
from ...store.paths import StoreError
from ...store.read import parse
from ..editing import Editing
from ..widgets.dialog import Dialog
from ..widgets.hint import Hint
from ..widgets.keybar import KeyBar


class HistoryScreen(ModalScreen[None]):
    """Restoring here changes the editor only: it is undoable until saved."""

    DEFAULT_CSS = """
    HistoryScreen #versions { width: 1fr; height: auto; max-height: 14; border: none; padding: 0; }
    """

    BINDINGS = [
        Binding(
            "enter",
            "restore",
            "Restore",
            id="history-restore",
            tooltip="Bring this version back into the editor (undoable; saving writes it)",
        ),
        Binding("c", "compare", "Compare", id="history-compare", tooltip="Compare this version with the editor"),
        Binding("escape", "close", "Close", id="history-close", tooltip="Back"),
    ]

    def __init__(self, editing: Editing) -> None:
        super().__init__()
        self.editing = editing
        name = editing.target.name
        self.history = History(editing.store.layout, name) if name else None

    def compose(self) -> ComposeResult:
        name = self.editing.target.name
        with Dialog():
            yield Static(
                Content(f"History of {name}" if name else "No history: this file is outside the profiles folder"),
                classes="title",
                markup=False,
            )
            yield DataTable(cursor_type="row", id="versions", classes="list")
            if self.editing.read_only:
                yield Static(Content(self.read_only_note()), classes="note", markup=False)
            yield Hint()
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("ID", "Saved (UTC)", "By", "Keys that save changed")
        for v in self.history.versions() if self.history else []:
            table.add_row(
                str(v.id),
                v.time.replace("T", " ").rstrip("Z"),
                Text(visible(v.user)),  # Text: measured for the column, never markup
                Text(visible(", ".join(v.changed)) or "-"),
                key=str(v.id),
            )
        table.focus()

    def selected(self) -> tuple[str, dict[str, Any]] | None:
        """The highlighted version's label and data; None (and one line said) when that
        version cannot be read: a hand-broken file kept as a version stays in the list."""
        table = self.query_one(DataTable)
        if self.history is None or table.row_count == 0:
            return None
        ident = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        label = f"{self.editing.target.name}@{ident}"
        try:
            return label, parse(self.history.content(int(str(ident))), label)[0]
        except StoreError as exc:
            self.notify(f"Cannot use {label}: {exc}", severity="error", timeout=8)
            return None

    def read_only_note(self) -> str:
        return f"Read-only ({visible(self.editing.read_only_reason)}): a version can be compared, not restored."

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only, restoring is not offered (the hint and the key bar leave it out)."""
        return not (action == "restore" and self.editing.read_only)

    def action_restore(self) -> None:
        if self.editing.read_only:  # enter on the table still comes here: say why nothing happens
            self.notify(self.read_only_note(), severity="warning", timeout=4)
            return
        chosen = self.selected()
        if chosen is None:
            return
        label, data = chosen
        self.editing.apply({k: raw_value(data, k) for k in SETTINGS}, label=f"restore {label}")
        self.notify(f"{label} is in the editor now: ctrl+s saves it, ctrl+z takes it back.", timeout=5)
        self.dismiss(None)

    def on_data_table_row_selected(self) -> None:
        self.action_restore()

    def action_compare(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            from .compare import CompareScreen

            self.app.push_screen(CompareScreen(self.editing, [chosen]))

    def action_close(self) -> None:
        self.dismiss(None)
