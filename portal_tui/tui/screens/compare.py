"""Compare the profile being edited with its saved file, the defaults, another profile or a
history version; copy values over from the other side (each copy an undoable edit)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Select, Static
from textual.widgets.option_list import Option

from ...model.catalog import SETTINGS
from ...model.edits import raw_value
from ...store.history import History
from ...store.paths import StoreError
from ...store.read import parse, read
from ...workflows import diff as differ
from ..editing import Editing
from ..texts import shown_apart
from ..widgets.dialog import Dialog
from ..widgets.hint import Hint
from ..widgets.keybar import KeyBar

Source = tuple[str, dict[str, Any]]


def sources(editing: Editing) -> list[Source]:
    """Everything the profile can be compared with: saved file, defaults, others, its history."""
    found: list[Source] = [("the saved file", editing.session.saved), ("the defaults", {})]
    try:
        names = editing.store.layout.names()
    except StoreError:  # an unreadable folder: the other profiles are left out
        names = []
    for name in names:
        if name != editing.target.name:
            try:
                found.append((f"profile {name}", read(editing.store.target(name).path).data))
            except StoreError:  # a malformed or vanished profile cannot be compared: left out
                continue
    if editing.target.name:
        history = History(editing.store.layout, editing.target.name)
        for version in history.versions():
            try:
                data = parse(history.content(version.id), f"{editing.target.name}@{version.id}")[0]
            except StoreError:  # a pruned or unreadable version: left out
                continue
            found.append((f"{editing.target.name}@{version.id} ({version.time})", data))
    return found


class CompareScreen(ModalScreen[None]):
    """Left: the other side. Right: this profile as edited now (or a second profile)."""

    DEFAULT_CSS = """
    CompareScreen #differences { width: 1fr; height: auto; max-height: 14; border: none; padding: 0; }
    """

    BINDINGS = [
        Binding(
            "enter",
            "pick",
            "Compare with",
            id="compare-pick",
            priority=True,  # before the list of differences, whose own enter does nothing here
            tooltip="Choose the other side: the saved file, the defaults, another profile or a version",
        ),
        Binding(
            "c",
            "copy",
            "Copy over",
            id="compare-copy",
            tooltip="Take the other side's value for the highlighted setting (undoable)",
        ),
        Binding(
            "C",
            "copy_all",
            "Copy all",
            id="compare-copy-all",
            tooltip="Take every value of the other side (one undoable edit)",
        ),
        Binding("escape", "close", "Close", id="compare-close", tooltip="Back"),
    ]

    def __init__(
        self, editing: Editing, choices: list[Source], right: Source | None = None, editable: bool = True
    ) -> None:
        super().__init__()
        self.editing = editing
        self.choices = choices
        self.right = right
        self.editable = editable

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content("Compare with"), classes="title", markup=False)
            yield Select(
                [(Content(label), i) for i, (label, _) in enumerate(self.choices)],
                value=0,
                allow_blank=False,
                compact=True,
                id="source",
            )
            yield Static("", id="summary", classes="note", markup=False)
            yield OptionList(id="differences", classes="list")
            yield Hint()
        yield KeyBar()

    def on_mount(self) -> None:
        self.show(0)
        self.query_one(OptionList).focus()

    def right_side(self) -> Source:
        return self.right or (f"{self.editing.profile_name} (now)", self.editing.session.data)

    def show(self, index: int) -> None:
        label, left = self.choices[index]
        right_label, right = self.right_side()
        found = differ.known(left, right)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            [Option(Content(f"{d.key} ({d.label}): {' -> '.join(shown_apart(d.a, d.b))}"), id=d.key) for d in found]
        )
        if found:
            options.highlighted = 0
        count = len(found)
        self.query_one("#summary", Static).update(
            Content(f"{label} -> {right_label}: {count} difference{'s' if count != 1 else ''}")
        )
        self.left = left

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self.show(event.value)
            self.query_one(OptionList).focus()  # back to the differences, to walk and copy them

    def action_pick(self) -> None:
        select = self.query_one(Select)
        select.focus()
        select.expanded = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter picks the other side while there is a choice and the picker is not open
        (there, enter is the picker's); copying is for the editor's own profile only."""
        if action == "pick":
            selects = self.query(Select)
            return len(self.choices) > 1 and not (selects and selects.first().has_focus_within)
        return not (action in ("copy", "copy_all") and (not self.editable or self.editing.read_only))

    def _copy(self, keys: list[str], label: str) -> None:
        values = {k: raw_value(self.left, k) for k in keys}
        self.editing.apply(values, label=label)
        self.show(self.query_one(Select).value)  # type: ignore[arg-type]

    def action_copy(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        key = options.get_option_at_index(options.highlighted).id
        if key in SETTINGS:
            self._copy([key], f"copy {SETTINGS[key].label}")

    def action_copy_all(self) -> None:
        keys = [o.id for o in self.query_one(OptionList).options if o.id in SETTINGS]
        if keys:
            self._copy(keys, f"copy {len(keys)} values")

    def action_close(self) -> None:
        self.dismiss(None)
