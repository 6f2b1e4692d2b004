"""Editors for list and table settings: choices to tick, and metadata pairs (products: products.py).

Each opens over the editor and hands back the whole new value when closed (escape), which
becomes one undoable edit; ctrl+z undoes it like any other. Closed without a change, it hands
back nothing: what the file holds stays exactly as it was (order, duplicates, odd values,
text with hidden characters, numbers), since only what the user touched is rebuilt.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, SelectionList, Static

from ...model.catalog import SettingInfo
from ...model.edits import same
from ...model.visible import visible
from ...output import shown
from ..widgets.dialog import Dialog
from ..widgets.hint import Hint

DONE = Binding("escape", "done", "Done", id="list-done", tooltip="Close and apply (ctrl+z undoes it)")


def unchanged_or(original: Any, result: Any) -> Any:
    """None (no edit) when the editor's result is the value it was opened on."""
    return None if same(result, original) else result


class ChoicesScreen(ModalScreen[list[Any] | None]):
    """Tick the values of a list of choices (reasons offered, downgrade conditions).

    Ticked entries keep their order (Stripe shows reasons in that order); newly ticked ones
    follow, in the schema's order. Entries that are not choices are listed too, so they can
    be seen and unticked."""

    AUTO_FOCUS = "SelectionList"
    BINDINGS = [DONE]

    def __init__(self, info: SettingInfo, value: Any) -> None:
        super().__init__()
        self.info = info
        self.original = value
        self.entries: list[Any] = list(value) if isinstance(value, list) else []

    def options(self) -> list[tuple[Content, Any, bool]]:
        """One line per choice, then one per entry that is not a choice (by position)."""
        lines: list[tuple[Content, Any, bool]] = [(Content(c), c, c in self.entries) for c in self.info.choices]
        lines += [
            (Content(f"{shown(v)} (not a choice)"), ("entry", i), True)
            for i, v in enumerate(self.entries)
            if v not in self.info.choices
        ]
        return lines

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content(self.info.label), classes="title", markup=False)
            yield SelectionList[Any](*self.options())
            yield Hint(before="space: tick or untick")

    def result(self, ticked: set[Any]) -> list[Any]:
        kept = [v for i, v in enumerate(self.entries) if (v if v in self.info.choices else ("entry", i)) in ticked]
        return kept + [c for c in self.info.choices if c in ticked and c not in self.entries]

    def action_done(self) -> None:
        ticked = set(self.query_one(SelectionList).selected)
        if ticked == {value for _, value, on in self.options() if on}:
            self.dismiss(None)  # nothing ticked or unticked: the value stays exactly as it was
        else:
            self.dismiss(unchanged_or(self.original, self.result(ticked)))


class PairLine(Horizontal):
    """One metadata entry: key and value, shown with hidden characters made visible; a field
    left as shown gives back the entry's own key or value, untouched."""

    DEFAULT_CSS = """
    PairLine {
        height: 1;
        & Input { width: 1fr; }
    }
    """

    def __init__(self, key: str | None = None, value: Any = None) -> None:
        super().__init__(classes="line pair")
        self.pair = (key, value)
        self.shown_key = visible(key) if isinstance(key, str) else ""
        self.shown_value = "" if key is None else visible(value) if isinstance(value, str) else shown(value)

    def compose(self) -> ComposeResult:
        yield Input(self.shown_key, placeholder="key", compact=True, classes="key")
        yield Input(self.shown_value, placeholder="value", compact=True, classes="value")

    def entry(self) -> tuple[str, Any] | None:
        """(key, value) as the file will hold them; None for a line without a key."""
        key_text = self.query_one(".key", Input).value
        value_text = self.query_one(".value", Input).value
        original_key, original_value = self.pair
        key = original_key if original_key is not None and key_text == self.shown_key else key_text.strip()
        value = original_value if original_key is not None and value_text == self.shown_value else value_text
        return (key, value) if key else None


class MetadataScreen(ModalScreen[dict[str, Any] | None]):
    """Key-value pairs stored on the configuration. A key used twice is refused here, before
    it could silently replace the other entry."""

    AUTO_FOCUS = "Input"
    BINDINGS = [
        DONE,
        Binding("ctrl+n", "add", "Add entry", id="metadata-add", tooltip="Add a key-value pair"),
        Binding("ctrl+r", "remove", "Remove entry", id="metadata-remove", tooltip="Remove the focused pair"),
    ]

    def __init__(self, info: SettingInfo, value: Any) -> None:
        super().__init__()
        self.info = info
        self.original = value
        self.value = value if isinstance(value, dict) else {}

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content(self.info.label), classes="title", markup=False)
            with VerticalScroll(classes="list", id="pairs"):
                for key, value in self.value.items():
                    yield PairLine(key, value)
            yield Static("", id="list-problem", classes="problem", markup=False)
            yield Hint(before="tab: next field")

    def lines(self) -> list[PairLine]:
        return [line for line in self.query(PairLine) if line.is_attached and line.children]

    def duplicates(self) -> list[str]:
        keys = [entry[0] for line in self.lines() if (entry := line.entry())]
        return sorted({k for k in keys if keys.count(k) > 1})

    def show_problem(self) -> list[str]:
        twice = self.duplicates()
        text = (
            (
                f"{', '.join(visible(k) for k in twice)}: listed twice; a key holds one value, so rename "
                "or remove one (ctrl+r)"
            )
            if twice
            else ""
        )
        self.query_one("#list-problem", Static).update(Content(text))
        return twice

    def on_input_changed(self) -> None:
        self.show_problem()

    async def action_add(self) -> None:
        line = PairLine()
        await self.query_one("#pairs").mount(line)
        line.query_one(".key", Input).focus()

    async def action_remove(self) -> None:
        focused = self.focused
        line = next((a for a in focused.ancestors_with_self if isinstance(a, PairLine)), None) if focused else None
        if line is None:
            return
        index = self.lines().index(line)
        await line.remove()
        self.show_problem()
        rest = self.lines()
        if rest:  # the focus goes to the entry now in its place (or the one before)
            rest[min(index, len(rest) - 1)].query_one(".key", Input).focus()

    def action_done(self) -> None:
        if self.show_problem():
            self.notify("Not closed: a metadata key is listed twice.", severity="warning", timeout=3)
            return
        pairs = dict(entry for line in self.lines() if (entry := line.entry()))
        if not isinstance(self.original, dict) and not pairs:
            self.dismiss(None)  # not a table, and nothing added: left as the file has it
        else:
            self.dismiss(unchanged_or(self.original, pairs))
