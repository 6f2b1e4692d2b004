"""Dialogs of editable lines: metadata pairs and pause durations, each line a few fields.

A field left as it was shown gives back the entry's own value, untouched (hidden characters,
numbers, odd types); only what the user typed is rebuilt, and hidden characters shown as
escapes the user did not touch stay in it. Closed without a change, the dialog hands back
nothing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...model.meta import SettingInfo
from ...model.visible import visible
from ..texts import TextFields, as_text
from ..widgets.dialog import Dialog
from ..widgets.hint import Hint
from .lists import DONE, unchanged_or


class Line(Horizontal, TextFields):
    """One entry as a row of Inputs, one per field, remembering the text each was shown with."""

    FIELDS: ClassVar[tuple[tuple[str, str], ...]] = ()
    """(field, placeholder) of each Input, in order."""

    DEFAULT_CSS = """
    Line {
        height: 1;
        & Input { width: 1fr; }
    }
    """

    def __init__(self, entry: Any = None) -> None:
        super().__init__(classes="line")
        self.raw = entry
        """The entry as the file holds it; None for a line added here."""
        self.follow({field: self.text_of(entry, field) for field, _ in self.FIELDS})

    def text_of(self, entry: Any, field: str) -> str:
        return ""

    def compose(self) -> ComposeResult:
        for field, placeholder in self.FIELDS:
            yield Input(self.shown[field], placeholder=placeholder, compact=True, classes=field)

    def untouched(self) -> bool:
        return self.raw is not None and all(self.typed(field) is None for field, _ in self.FIELDS)


class LinesDialog(ModalScreen[Any]):
    """A list of lines: ctrl+n adds one, ctrl+r removes the focused one, escape hands back."""

    LINE: ClassVar[type[Line]] = Line
    AUTO_FOCUS = "Input"

    def __init__(self, info: SettingInfo, value: Any) -> None:
        super().__init__()
        self.info = info
        self.original = value

    def entries(self) -> list[Any]:
        """The entries the lines start from."""
        return []

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content(self.info.label), classes="title", markup=False)
            with VerticalScroll(classes="list", id="lines"):
                for entry in self.entries():
                    yield self.LINE(entry)
            yield Static("", id="list-problem", classes="problem", markup=False)
            yield Hint(before="tab: next field")

    def lines(self) -> list[Line]:
        return [line for line in self.query(Line) if line.is_attached and line.children]

    def problem(self) -> str:
        """What is wrong with the lines as they are now ("" when nothing)."""
        return ""

    def show_problem(self) -> str:
        text = self.problem()
        self.query_one("#list-problem", Static).update(Content(text))
        return text

    def on_mount(self) -> None:
        self.show_problem()

    def on_input_changed(self) -> None:
        self.show_problem()

    async def action_add(self) -> None:
        line = self.LINE()
        await self.query_one("#lines").mount(line)
        line.query_one(Input).focus()

    async def action_remove(self) -> None:
        focused = self.focused
        line = next((a for a in focused.ancestors_with_self if isinstance(a, Line)), None) if focused else None
        if line is None:
            return
        index = self.lines().index(line)
        await line.remove()
        self.show_problem()
        rest = self.lines()
        if rest:  # the focus goes to the line now in its place (or the one before)
            rest[min(index, len(rest) - 1)].query_one(Input).focus()

    def result(self) -> Any:
        return [line.raw for line in self.lines()]

    def empty(self) -> Any:
        return []

    def action_done(self) -> None:
        result = self.result()
        if not isinstance(self.original, type(self.empty())) and result == self.empty():
            self.dismiss(None)  # not of the setting's type, and nothing added: left as the file has it
        else:
            self.dismiss(unchanged_or(self.original, result))


# --- metadata ---------------------------------------------------------------------------------


class PairLine(Line):
    """One metadata entry: key and value."""

    FIELDS = (("key", "key"), ("value", "value"))

    def text_of(self, entry: Any, field: str) -> str:
        if entry is None:
            return ""
        return as_text(entry[0]) if field == "key" else as_text(entry[1])

    def entry(self) -> tuple[Any, Any] | None:
        """(key, value) as the file will hold them; None for a line without a key."""
        if self.untouched():
            key, value = self.raw
            return key, value
        key_text, value_text = self.typed("key"), self.typed("value")
        old_key, old_value = self.raw if self.raw is not None else (None, None)
        key = key_text.strip() if key_text is not None else old_key
        value = value_text if value_text is not None else old_value
        if value is None:
            value = ""
        return (key, value) if key else None


class MetadataDialog(LinesDialog):
    """Key-value pairs stored on the configuration. A key used twice is refused here, before
    it could silently replace the other entry."""

    LINE = PairLine
    BINDINGS = [
        DONE,
        Binding("ctrl+n", "add", "Add entry", id="metadata-add", tooltip="Add a key-value pair"),
        Binding("ctrl+r", "remove", "Remove entry", id="metadata-remove", tooltip="Remove the focused pair"),
    ]

    def entries(self) -> list[Any]:
        return list(self.original.items()) if isinstance(self.original, dict) else []

    def pairs(self) -> list[tuple[Any, Any]]:
        return [entry for line in self.lines() if isinstance(line, PairLine) and (entry := line.entry())]

    def problem(self) -> str:
        keys = [key for key, _ in self.pairs()]
        twice = sorted({visible(str(k)) for k in keys if keys.count(k) > 1})
        if not twice:
            return ""
        return f"{', '.join(twice)}: listed twice; a key holds one value, so rename or remove one (ctrl+r)"

    def result(self) -> Any:
        return dict(self.pairs())

    def empty(self) -> Any:
        return {}

    def action_done(self) -> None:
        if self.show_problem():
            self.notify("Not closed: a metadata key is listed twice.", severity="warning", timeout=3)
            return
        super().action_done()


# --- pause durations --------------------------------------------------------------------------


def _count(text: str) -> Any:
    try:
        return int(text.strip())
    except ValueError:
        return text  # the rules say what is wrong with it


class IntervalLine(Line):
    """One pause duration: how many, and of which unit."""

    FIELDS = (("count", "1"), ("interval", "day, week, month or year"))

    def text_of(self, entry: Any, field: str) -> str:
        if not isinstance(entry, dict):
            return as_text(entry) if entry is not None and field == "interval" else ""
        return as_text(entry[field]) if field in entry else ""

    def entry(self) -> Any:
        if self.untouched():
            return self.raw
        entry = dict(self.raw) if isinstance(self.raw, dict) else {}
        count, interval = self.typed("count"), self.typed("interval")
        if interval is not None or "interval" not in entry:
            entry["interval"] = (interval or "").strip()
        if count is not None or "count" not in entry:
            entry["count"] = _count(count or "1")
        return {"interval": entry.pop("interval"), "count": entry.pop("count"), **entry}


class IntervalsDialog(LinesDialog):
    """The pause durations customers choose from; each line's problem shows as it is typed."""

    LINE = IntervalLine
    BINDINGS = [
        DONE,
        Binding("ctrl+n", "add", "Add duration", id="interval-add", tooltip="Add a pause duration"),
        Binding("ctrl+r", "remove", "Remove duration", id="interval-remove", tooltip="Remove the focused duration"),
    ]

    def entries(self) -> list[Any]:
        return list(self.original) if isinstance(self.original, list) else []

    def result(self) -> Any:
        return [line.entry() for line in self.lines() if isinstance(line, IntervalLine)]

    def problem(self) -> str:
        from ...model.problems import check

        pause = {"enabled": True, "intervals": self.result()}
        data = {"business": {"business_name": "-"}, "subscriptions": {"pause": pause}}
        prefix = "subscriptions.pause.intervals"
        found = [p for p in check(data) if p.severity == "error" and p.key.startswith(prefix)]
        return "\n".join(f"{p.key[len(prefix) :] or 'durations'}: {p.message}" for p in found)
