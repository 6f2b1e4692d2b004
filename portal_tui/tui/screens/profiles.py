"""The profiles screen: every profile with mode, validity and last change; open and manage them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, Static

from ...store.paths import BadName, StoreError, check_name

if TYPE_CHECKING:
    from ..app import PortalApp


class NameScreen(ModalScreen[str]):
    """Asks for a new profile name, checked as it is typed."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="name-cancel", tooltip="Go back without a name")]
    AUTO_FOCUS = "Input"

    def __init__(self, title: str, taken: set[str], value: str = "") -> None:
        super().__init__()
        self.title_text, self.taken, self.value = title, taken, value

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.title_text), classes="title", markup=False)
            yield Input(self.value, placeholder="lower-case letters, digits, - and _", compact=True)
            yield Static("", classes="problem", markup=False)
            yield Static(Content("enter: done    escape: cancel"), classes="hint", markup=False)

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


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes", tooltip="Yes, do it"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no", tooltip="No, go back"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.question), classes="title", markup=False)
            yield Static(Content("y: yes    n or escape: no"), classes="hint", markup=False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ProfilesScreen(Screen[None]):
    """All profiles of the config dir. The one being edited is marked."""

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

    @property
    def portal(self) -> PortalApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(Content(" Profiles"), id="header", markup=False)
        yield DataTable(cursor_type="row", zebra_stripes=True, id="profiles")
        yield Static(Content(f" {self.portal.store.layout.profiles}"), classes="note", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("", "Name", "Mode", "Valid", "Last change (UTC)")
        self.reload()

    def reload(self, select: str | None = None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        current = self.portal.target.name
        try:
            entries = self.portal.store.entries()
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            entries = []
        for entry in entries:
            table.add_row(
                "»" if entry.name == current else "",
                Content(entry.name),
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
            return set(self.portal.store.layout.names())
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
            self.portal.open_profile(name)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def _create(self, source: str | None) -> None:
        def made(name: str | None) -> None:
            if name:
                try:
                    self.portal.store.create(name, self.portal.store.target(source) if source else None)
                except StoreError as exc:
                    self.notify(str(exc), severity="error")
                    return
                self.notify(f'Created "{name}"' + (f" from {source}." if source else " from the defaults."))
                self.reload(select=name)

        title = f"Copy {source} to a new profile named:" if source else "New profile from the defaults, named:"
        self.app.push_screen(NameScreen(title, self.names()), made)

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
        if old == self.portal.target.name:
            self.notify("That profile is open in the editor; open another one to rename it.", severity="warning")
            return

        def renamed(new: str | None) -> None:
            if new:
                try:
                    self.portal.store.rename(old, new)
                except StoreError as exc:
                    self.notify(str(exc), severity="error")
                    return
                self.reload(select=new)

        self.app.push_screen(NameScreen(f"Rename {old} to:", self.names(), old), renamed)

    def action_delete(self) -> None:
        name = self.highlighted()
        if name is None:
            return
        if name == self.portal.target.name:
            self.notify("That profile is open in the editor; open another one to delete it.", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    version = self.portal.store.delete(name)
                except StoreError as exc:
                    self.notify(str(exc), severity="error")
                    return
                self.notify(f'Deleted "{name}"; kept as version {version} (portal-tui restore {name}).')
                self.reload()

        self.app.push_screen(ConfirmScreen(f'Delete "{name}"? Its history is kept, so it can be restored.'), answered)

    def action_compare(self) -> None:
        name = self.highlighted()
        if name is None:
            return
        first = getattr(self, "marked", None)
        if first is None or first == name:
            self.marked = name
            self.notify(f'"{name}" marked: press v on another profile to compare them.', timeout=4)
            return
        self.marked = None
        from ...store.read import read
        from .compare import CompareScreen

        try:
            left, right = (read(self.portal.store.target(n).path).data for n in (first, name))
        except StoreError as exc:
            self.notify(str(exc), severity="error")
            return
        self.app.push_screen(
            CompareScreen([(f"profile {first}", left)], right=(f"profile {name}", right), editable=False)
        )

    def action_close(self) -> None:
        self.app.pop_screen()
