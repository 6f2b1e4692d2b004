"""The profiles screen: every profile with mode, validity and last change; open and manage them."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...model.visible import visible
from ...store.paths import StoreError
from ..dialogs.choice import ConfirmDialog, YesNo
from ..dialogs.name import NameDialog
from ..editing import Editing
from ..widgets.keybar import KeyBar


class ProfilesScreen(Screen[None]):
    """All profiles of the config dir. The one being edited is marked."""

    DEFAULT_CSS = """
    ProfilesScreen {
        & > #header { dock: top; height: 1; background: $panel; }
        & > .note { height: auto; padding: 0 1; color: $text-muted; }
    }
    """

    BINDINGS = [
        Binding("enter", "open", "Open", id="profiles-open", tooltip="Edit the highlighted profile"),
        Binding("n", "new", "New", id="profiles-new", tooltip="A new profile from the defaults"),
        Binding(
            "c",
            "duplicate",
            "Duplicate",
            id="profiles-duplicate",
            tooltip="A new profile copied from the highlighted one",
        ),
        Binding("r", "rename", "Rename", id="profiles-rename", tooltip="Rename the highlighted profile"),
        Binding(
            "delete,x",
            "delete",
            "Delete",
            id="profiles-delete",
            tooltip="Delete the highlighted profile (its history is kept)",
        ),
        Binding(
            "v",
            "compare",
            "Compare",
            id="profiles-compare",
            tooltip="Mark a profile, then press v on another to see them side by side",
        ),
        Binding("escape,p", "close", "Back", id="profiles-close", tooltip="Back to the editor"),
    ]

    class Open(Message):
        """The user asked to edit this profile (the app asks about unsaved changes first)."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, editing: Editing) -> None:
        super().__init__()
        self.editing = editing
        self.marked: str | None = None
        """The profile marked with v, to be compared with the next one v is pressed on."""

    def compose(self) -> ComposeResult:
        yield Static(Content(" Profiles"), id="header", markup=False)
        yield DataTable(cursor_type="row", zebra_stripes=True, id="profiles")
        yield Static(Content(f" {self.editing.store.layout.profiles}"), classes="note", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("", "Name", "Mode", "Valid", "Last change (UTC)")
        self.reload()

    def reload(self, select: str | None = None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        current = self.editing.target.name
        try:
            entries = self.editing.store.entries()
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            entries = []
        for entry in entries:
            table.add_row(
                "»" if entry.name == current else "",
                Text(visible(entry.name)),  # Text: measured for the column, never markup
                entry.mode or "-",
                "valid" if entry.valid else "invalid",
                entry.modified.replace("T", " ").rstrip("Z"),
                key=entry.name,
            )
        wanted = select or current
        if wanted is not None:
            names = [row.value for row in table.rows]
            if wanted in names:
                table.move_cursor(row=names.index(wanted))

    def names(self) -> set[str]:
        try:
            return set(self.editing.store.layout.names())
        except StoreError:
            return set()

    def highlighted(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_open(self) -> None:
        name = self.highlighted()
        if name is not None:
            self.post_message(self.Open(name))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def _create(self, source: str | None) -> None:
        def made(name: str | None) -> None:
            if name:
                try:
                    self.editing.store.create(name, self.editing.store.target(source) if source else None)
                except StoreError as exc:
                    self.notify(str(exc), severity="error")
                    return
                self.notify(f'Created "{name}"' + (f" from {source}." if source else " from the defaults."))
                self.reload(select=name)

        title = f"Copy {source} to a new profile named:" if source else "New profile from the defaults, named:"
        self.app.push_screen(NameDialog(title, self.names()), made)

    def action_new(self) -> None:
        self._create(None)

    def action_duplicate(self) -> None:
        name = self.highlighted()
        if name is not None:
            self._create(name)

    def action_rename(self) -> None:
        old = self.highlighted()
        if old is None:
            return
        if old == self.editing.target.name:
            self.notify("That profile is open in the editor; open another one to rename it.", severity="warning")
            return

        def renamed(new: str | None) -> None:
            if new:
                try:
                    self.editing.store.rename(old, new)
                except StoreError as exc:
                    self.notify(str(exc), severity="error")
                    return
                self.reload(select=new)

        self.app.push_screen(NameDialog(f"Rename {old} to:", self.names(), old), renamed)

    def action_delete(self) -> None:
        name = self.highlighted()
        if name is None:
            return
        if name == self.editing.target.name:
            self.notify("That profile is open in the editor; open another one to delete it.", severity="warning")
            return

        def answered(answer: YesNo | None) -> None:
            if answer == "yes":
                try:
                    version = self.editing.store.delete(name)
                except StoreError as exc:
                    self.notify(str(exc), severity="error")
                    return
                self.notify(f'Deleted "{name}"; kept as version {version} (portal-tui restore {name}).')
                self.reload()

        self.app.push_screen(ConfirmDialog(f'Delete "{name}"? Its history is kept, so it can be restored.'), answered)

    def action_compare(self) -> None:
        name = self.highlighted()
        if name is None:
            return
        first = self.marked
        if first is None or first == name:
            self.marked = name
            self.notify(f'"{name}" marked: press v on another profile to compare them.', timeout=4)
            return
        self.marked = None
        from ...store.read import read
        from .compare import CompareScreen

        try:
            left, right = (read(self.editing.store.target(n).path).data for n in (first, name))
        except StoreError as exc:
            self.notify(str(exc), severity="error")
            return
        self.app.push_screen(
            CompareScreen(self.editing, [(f"profile {first}", left)], right=(f"profile {name}", right), editable=False)
        )

    def action_close(self) -> None:
        self.app.pop_screen()
