"""One row widget per kind of setting, built from the setting's metadata."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Select, Static, Switch

from ..model.catalog import SettingInfo
from ..model.session import Session
from ..model.visible import visible
from ..output import shown


class SettingRow(Widget, can_focus=True):
    """A setting's line: state markers, label, control, and its problem when it has one.

    Markers are text, so they read without color: ``*`` changed since saved, ``+`` differs
    from the default, ``!`` invalid, ``-`` not applicable.
    """

    BINDINGS = [
        Binding("enter,space", "activate", "Change", id="row-activate",
                tooltip="Toggle, open the picker or list, or start editing the text"),
    ]

    class Edit(Message):
        """The user changed this row's value (``merge``: fold into the last undo step)."""

        def __init__(self, key: str, value: Any, merge: bool = False) -> None:
            super().__init__()
            self.key, self.value, self.merge = key, value, merge

    def __init__(self, info: SettingInfo) -> None:
        super().__init__(id=f"row-{info.key.replace('.', '--')}", classes="row")
        self.info = info
        self.key = info.key
        self.read_only = False
        self.marks = "    "
        """The state markers as text: changed, differs from default, invalid, not applicable."""
        self._state: tuple[Any, ...] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content("     " + self.info.label), classes="head", markup=False)
        yield from self.control()
        # The problem line is mounted the first time the row has a problem: most never do.

    def control(self) -> ComposeResult:
        yield Static("", classes="value", markup=False)

    def sync(self, session: Session, read_only: bool, force: bool = False) -> None:
        """Re-read value, markers and problems: the one path from an edit to the screen.
        A row whose state did not change is left alone, so an edit repaints only what it moved."""
        values = session.values
        problems = session.problems_of(self.key)
        errors = [p for p in problems if p.severity == "error"]
        why_not = self.info.not_applicable(values)
        changed = session.is_changed(self.key)
        marks = ("*" if changed else " ") + ("+" if session.differs_from_default(self.key) else " ") + (
            "!" if errors else " ") + ("-" if why_not else " ")
        first = errors[0] if errors else next((p for p in problems if p.severity == "warning"), None)
        message = ""
        if first:
            where = visible(first.key[len(self.key):])
            message = f"{'error' if errors else 'warning'}{' ' + where if where else ''}: {first.message}"
        state = (read_only, marks, message, bool(why_not), repr(values[self.key]))
        if state == self._state and not force:
            return
        self._state = state
        self.read_only = read_only
        self.marks = marks
        style = "bold $text-error" if errors else "$text-warning"
        self.query_one(".head", Static).update(Content.assemble(" ", (marks, style), " ", self.info.label))
        self.set_class(bool(errors), "-invalid")
        self.set_class(bool(why_not), "-na")
        self.set_class(changed, "-changed")
        lines = self.query(".message")
        if lines:
            lines.first(Static).update(Content(message))
            lines.first(Static).display = bool(message)
        elif message:
            self.mount(Static(Content(message), classes="message", markup=False))
        self.show_value(values[self.key])

    def show_value(self, value: Any) -> None:
        self.query_one(".value", Static).update(Content(self.summary(value)))

    def summary(self, value: Any) -> str:
        return shown(value)

    def edit(self, value: Any, merge: bool = False) -> None:
        if not self.read_only:
            self.post_message(self.Edit(self.key, value, merge))

    def action_activate(self) -> None:
        """Kinds without an inline control open their editor here."""

    def on_click(self) -> None:
        self.focus()


class ToggleRow(SettingRow):
    """On/off settings: a Switch."""

    def control(self) -> ComposeResult:
        yield Switch(classes="control")
        yield Static("", classes="state", markup=False)

    def show_value(self, value: Any) -> None:
        switch = self.query_one(Switch)
        with switch.prevent(Switch.Changed):
            switch.value = value is True
        switch.disabled = self.read_only or not isinstance(value, bool)
        # The state in words too: a switch's look alone says nothing without color.
        self.query_one(".state", Static).update("on" if value is True else "off" if value is False else shown(value))

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        self.edit(event.value)

    def action_activate(self) -> None:
        if not self.read_only:
            value = self.query_one(Switch).value
            self.edit(not value)


class ChoiceRow(SettingRow):
    """One of a few values: the value as text, and a compact Select built the first time the
    row is opened (a Select per row would cost the first frame ~40 ms for five rows)."""

    def control(self) -> ComposeResult:
        yield Static("", classes="value choice", markup=False)

    value: Any = None

    def show_value(self, value: Any) -> None:
        self.value = value
        text = shown(value) if value in self.info.choices else f"{shown(value)} (not a choice)"
        self.query_one(".choice", Static).update(Content(f"{text}").pad_right(1) + Content("▼"))
        selects = self.query(Select)
        if selects:
            select = selects.first(Select)
            with select.prevent(Select.Changed):
                select.value = value if value in self.info.choices else Select.NULL

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is not Select.NULL:
            self.edit(event.value)
        self.close_picker()

    def close_picker(self) -> None:
        for select in self.query(Select):
            select.display = False
        self.query_one(".choice", Static).display = True
        self.focus()

    def on_descendant_blur(self) -> None:
        if not any(s.has_focus_within for s in self.query(Select)):
            self.call_after_refresh(self._close_if_left)

    def _close_if_left(self) -> None:
        selects = self.query(Select)
        if selects and not selects.first(Select).has_focus_within and not selects.first(Select).expanded:
            for select in selects:
                select.display = False
            self.query_one(".choice", Static).display = True

    async def action_activate(self) -> None:
        if self.read_only:
            return
        value = self.value
        selects = self.query(Select)
        if selects:
            select = selects.first(Select)
        else:
            options = [(Content(choice), choice) for choice in self.info.choices]
            select = Select(options, allow_blank=True, compact=True, classes="control", prompt="(not a choice)")
            await self.mount(select, after=self.query_one(".choice"))
        with select.prevent(Select.Changed):
            select.value = value if value in self.info.choices else Select.NULL
        self.query_one(".choice", Static).display = False
        select.display = True
        select.focus()
        select.expanded = True


class TextRow(SettingRow):
    """Text, links, host names, colors, IDs: a compact Input checked as you type."""

    BINDINGS = [Binding("escape", "leave", "Done", id="row-leave", show=False, tooltip="Stop editing this text")]

    def control(self) -> ComposeResult:
        if self.info.meta.kind == "color":
            self.add_class("-color")  # three columns: label, swatch, input
            yield Static("", classes="swatch", markup=False)
        yield Input(compact=True, classes="control", select_on_focus=False)

    def show_value(self, value: Any) -> None:
        field = self.query_one(Input)
        text = visible(value) if isinstance(value, str) else shown(value)
        if field.value != text:
            with field.prevent(Input.Changed):
                field.value = text
        field.disabled = self.read_only
        if self.info.meta.kind == "color":
            swatch = self.query_one(".swatch", Static)
            ok = isinstance(value, str) and value.startswith("#") and len(value) in (4, 7) and not self.has_class("-invalid")
            swatch.update("  " if ok else "--")
            swatch.styles.background = value if ok else None

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.edit(event.value, merge=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_leave()

    def action_activate(self) -> None:
        if not self.read_only:
            self.query_one(Input).focus()

    def action_leave(self) -> None:
        self.focus()


class SummaryRow(SettingRow):
    """Lists and tables: a one-line summary; enter opens their editor (a modal screen)."""

    class Open(Message):
        def __init__(self, row: SummaryRow) -> None:
            super().__init__()
            self.row = row

    def summary(self, value: Any) -> str:
        if self.info.meta.kind == "products" and isinstance(value, list):
            if not value:
                return "none"
            names = [p.get("product", "?") if isinstance(p, dict) else "?" for p in value]
            return f"{len(value)}: " + ", ".join(visible(str(n)) for n in names)
        if isinstance(value, list):
            return ", ".join(visible(str(v)) for v in value) or "none"
        if isinstance(value, dict):
            return ", ".join(f"{visible(k)}={visible(str(v))}" for k, v in value.items()) or "none"
        return shown(value)

    def action_activate(self) -> None:
        if not self.read_only:
            self.post_message(self.Open(self))


def row_for(info: SettingInfo) -> SettingRow:
    """The row widget for a setting's kind."""
    kind = info.meta.kind
    if kind == "toggle":
        return ToggleRow(info)
    if kind == "choice":
        return ChoiceRow(info)
    if kind in ("multi", "products", "table"):
        return SummaryRow(info)
    return TextRow(info)
