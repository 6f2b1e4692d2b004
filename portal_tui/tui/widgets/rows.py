"""The rows of settings: a tab's column, the base every row shares, toggles, choices, lists (text: textrows.py)."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Select

from ...model.display import shown
from ...model.meta import Kind, SettingInfo
from ...model.session import Session
from ...model.visible import visible

HEAD = 37
"""Columns of a row's markers and label; its control starts after them."""
SWATCH = 3
"""Columns a color row's swatch takes before its Input."""


class Rows(VerticalScroll, inherit_bindings=False, can_focus=False):
    """A tab's rows. Without the scroll keys of VerticalScroll and never focused itself:
    up/down/left/right move between rows and tabs here, the focused row is always scrolled
    into view, and the wheel scrolls as usual."""

    DEFAULT_CSS = "Rows { height: 1fr; }"

    BINDINGS = []


class SettingRow(Widget, can_focus=True):
    """A setting's line: state markers, label, control, and its problem when it has one.

    Markers are text, so they read without color: ``*`` changed since saved, ``+`` differs
    from the default, ``!`` invalid, ``-`` not applicable.

    The row draws its markers, label, value and problem itself, and only an editable control
    (an Input, an opened Select) is a widget of its own, placed after the label:
    a widget costs the first frame ~1 ms and ~40 KB, and a tab has up to sixteen rows.
    """

    DEFAULT_CSS = f"""
    SettingRow {{
        height: 1;
        padding: 0 1 0 0;
        layout: horizontal;
        &:focus {{ background: $accent 30%; }}
        &.-na {{ color: $text-disabled; }}
        & > .control {{ margin-left: {HEAD}; width: 1fr; height: 1; }}
        &.-color > Input.control {{ margin-left: {HEAD + SWATCH}; }}
    }}
    """

    BINDINGS = [
        Binding(
            "enter,space",
            "activate",
            "Change",
            id="row-activate",
            tooltip="Toggle, open the picker or list, or start editing the text",
        ),
        Binding(
            "enter,space",
            "view",
            "View",
            id="row-activate",  # one key with two names: a [keymap] remap moves both
            tooltip="Read-only: a list shows its entries, any other setting says why it cannot change",
        ),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter says Change where the profile can change and View where it cannot."""
        if action == "activate":
            return not self.read_only
        if action == "view":
            return self.read_only
        return True

    async def action_view(self) -> None:
        await self.action_activate()  # each kind of row knows what read-only means for it

    class Opened(Message):
        """The row's control opened or closed: a picker, a text field being typed into (the
        screen makes room for it where the preview hides the rows)."""

        def __init__(self, showing: bool) -> None:
            super().__init__()
            self.showing = showing

    class Edit(Message):
        """The user changed this row's value (``merge``: fold into the last undo step)."""

        def __init__(self, key: str, value: Any, merge: bool = False) -> None:
            super().__init__()
            self.key, self.value, self.merge = key, value, merge

    def __init__(self, info: SettingInfo, label: str | None = None) -> None:
        super().__init__(id=f"row-{info.key.replace('.', '--')}", classes="row")
        self.info = info
        self.label = label or info.label
        """Its label on the tab it is on (the Dashboard names a setting shown twice differently)."""
        self.key = info.key
        self.read_only = False
        self.marks = "    "
        """The state markers as text: changed, differs from default, invalid, not applicable."""
        self.message = ""
        self.value: Any = None
        self._state: tuple[Any, ...] | None = None

    def compose(self) -> ComposeResult:
        yield from self.control()

    def control(self) -> ComposeResult:
        """The row's editable widgets, if it has any (placed after the label)."""
        return iter(())

    def sync(self, session: Session, read_only: bool, force: bool = False) -> None:
        """Re-read value, markers and problems: the one path from an edit to the screen.
        A row whose state did not change is left alone, so an edit repaints only what it moved."""
        values = session.values
        problems = [] if session.opening else session.problems_of(self.key)
        errors = [p for p in problems if p.severity == "error"]
        why_not = self.info.not_applicable(values)
        changed = session.is_changed(self.key)
        marks = (
            ("*" if changed else " ")
            + ("+" if session.differs_from_default(self.key) else " ")
            + ("!" if errors else " ")
            + ("-" if why_not else " ")
        )
        first = errors[0] if errors else next((p for p in problems if p.severity == "warning"), None)
        message = ""
        if first:
            where = visible(first.key[len(self.key) :])
            message = f"{'error' if errors else 'warning'}{' ' + where if where else ''}: {first.message}"
        state = (read_only, marks, message, bool(why_not), repr(values[self.key]))
        if state == self._state and not force:
            return
        self._state = state
        self.read_only = read_only
        self.marks = marks
        self.message = message
        self.set_class(bool(errors), "-invalid")
        self.set_class(bool(why_not), "-na")
        self.set_class(changed, "-changed")
        self.value = values[self.key]
        self.show_value(self.value)
        self.fit_height()
        self.refresh()

    # --- drawing ----------------------------------------------------------------------------

    def head(self) -> Content:
        style = "bold $text-error" if "!" in self.marks else "bold"  # no pale color: it must read at 16 colors
        return Content.assemble(" ", (self.marks, style), " ", self.label).truncate(HEAD - 1, ellipsis=True)

    def tail(self) -> Content:
        """What the row draws after its label (under and beside its control widgets)."""
        return Content(self.summary(self.value))

    def problem_lines(self) -> list[Content]:
        if not self.message:
            return []
        width = max(20, self.size.width - 7)
        style = "$text-error" if "!" in self.marks else "$text-warning"
        return [Content("      ").append(line) for line in Content.styled(self.message, style).wrap(width)]

    def fit_height(self) -> None:
        """One line, and the problem's lines under it."""
        height = 1 + len(self.problem_lines())
        if self.styles.height is None or self.styles.height.value != height:
            self.styles.height = height

    def on_resize(self) -> None:
        self.fit_height()

    def render(self) -> Content:
        head = self.head()
        line = head.pad_right(HEAD - head.cell_length) + self.tail().truncate(
            max(0, self.size.width - HEAD), ellipsis=True
        )
        return Content("\n").join([line, *self.problem_lines()])

    def show_value(self, value: Any) -> None:
        """Put the value into the row's control widgets (rows without any just redraw)."""

    def summary(self, value: Any) -> str:
        return shown(value)

    def edit(self, value: Any, merge: bool = False) -> None:
        """Posted even when read-only: the screen refuses it and says why."""
        self.post_message(self.Edit(self.key, value, merge))

    async def action_activate(self) -> None:
        """Kinds without an inline control open their editor here."""

    def on_click(self, event: events.Click) -> None:
        self.focus()


class ToggleRow(SettingRow):
    """On/off settings, drawn by the row as a box and a word: ``[x] on`` / ``[ ] off``. No
    Switch widget: its look says nothing without color, it is six styled cells sent again
    each time the row's focus changes, and a widget per row costs the first frame."""

    BOX = 6
    """Columns of ``[x] on`` a click toggles."""

    def tail(self) -> Content:
        value = self.value
        if not isinstance(value, bool):
            return Content.assemble(("[?]", "bold $text-error"), " ", shown(value))
        return Content.assemble(("[x]", "bold $text-success") if value else "[ ]", " on" if value else " off")

    async def action_activate(self) -> None:
        self.edit(self.value is not True)

    def on_click(self, event: events.Click) -> None:
        """A click on the box toggles, as on a checkbox; anywhere else it only focuses."""
        self.focus()
        if HEAD <= event.x < HEAD + self.BOX:
            self.edit(self.value is not True)


class ChoiceRow(SettingRow):
    """One of a few values: the value as text, and a compact Select built the first time the
    row is opened (a Select per row would cost the first frame ~40 ms for five rows)."""

    picking = False

    def tail(self) -> Content:
        if self.picking:
            return Content("")
        value = self.value
        text = self.info.word(value) if value in self.info.choices else f"{shown(value)} (not a choice)"
        return Content(text).pad_right(1) + Content("▼")

    def show_value(self, value: Any) -> None:
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

    def show_picker(self, showing: bool) -> None:
        if showing != self.picking:
            self.post_message(self.Opened(showing))
        self.picking = showing
        for select in self.query(Select):
            select.display = showing
        self.refresh()

    def close_picker(self) -> None:
        self.show_picker(False)
        self.focus()

    def on_descendant_blur(self) -> None:
        if not any(s.has_focus_within for s in self.query(Select)):
            self.call_after_refresh(self._close_if_left)

    def _close_if_left(self) -> None:
        selects = self.query(Select)
        if selects and not selects.first(Select).has_focus_within and not selects.first(Select).expanded:
            self.show_picker(False)

    async def action_activate(self) -> None:
        if self.read_only:
            self.edit(self.value)  # refused, with the reason
            return
        value = self.value
        valid = value in self.info.choices
        await self.query(Select).remove()  # built afresh: a blank entry only for a value that is not a choice
        options = [(Content(self.info.word(choice)), choice) for choice in self.info.choices]
        select = Select(options, allow_blank=not valid, compact=True, classes="control",
                        prompt=f"{shown(value)} (not a choice)", value=value if valid else Select.NULL)  # fmt: skip
        with select.prevent(Select.Changed):
            await self.mount(select)
        self.show_picker(True)
        select.focus()
        select.expanded = True


class SummaryRow(SettingRow):
    """Lists and tables: a one-line summary; enter opens their editor (a modal screen)."""

    class Open(Message):
        def __init__(self, row: SummaryRow) -> None:
            super().__init__()
            self.row = row

    def summary(self, value: Any) -> str:
        if self.info.kind is Kind.INTERVALS and isinstance(value, list):
            if not value:
                return "none"
            return ", ".join(
                f"{d.get('count', '?')} {d.get('interval', '?')}" if isinstance(d, dict) else shown(d) for d in value
            )
        if self.info.kind is Kind.PRODUCTS and isinstance(value, list):
            if not value:
                return "none"
            names = [p.get("product", "?") if isinstance(p, dict) else "?" for p in value]
            return f"{len(value)}: " + ", ".join(visible(str(n)) for n in names)
        if isinstance(value, list):
            return ", ".join(self.info.word(v) if v in self.info.choices else visible(str(v)) for v in value) or "none"
        if isinstance(value, dict):
            return ", ".join(f"{visible(k)}={visible(str(v))}" for k, v in value.items()) or "none"
        return shown(value)

    async def action_activate(self) -> None:
        self.post_message(self.Open(self))  # read-only, the screen shows the entries read-only
