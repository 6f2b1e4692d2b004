"""Review mode: the editor, read-only, showing only the rows that differ from another version."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from ...model.catalog import effective
from ...model.meta import Tab
from ...model.visible import visible
from ..editing import Editing
from ..texts import shown_apart
from ..widgets.helparea import HelpArea
from ..widgets.rows import SettingRow
from .editor import EditorScreen


@dataclass
class Review:
    """What is being reviewed against: its label, its data, and the keys that differ."""

    label: str
    data: dict[str, Any]
    keys: list[str]

    @property
    def values(self) -> dict[str, Any]:
        return effective(self.data)


class ReviewScreen(EditorScreen):
    """Every row that does not differ is hidden; n/N walk the differences in Dashboard order."""

    BINDINGS = [
        Binding("n", "walk(1)", "Next difference", id="review-next", tooltip="Go to the next difference"),
        Binding("N", "walk(-1)", "Previous difference", id="review-previous", tooltip="Go to the previous difference"),
    ]

    def __init__(self, editing: Editing, hold_keys: Callable[[], AbstractContextManager[None]], review: Review) -> None:
        super().__init__(editing, hold_keys)
        self.review = review

    def rows_of(self, tab: Tab) -> list[Widget]:
        widgets = super().rows_of(tab)
        shown_rows = 0
        for widget in widgets:
            if isinstance(widget, SettingRow):
                widget.display = widget.key in self.review.keys
                shown_rows += widget.display
            else:
                widget.display = False  # the tab's notes, without rows to explain
        if not shown_rows:
            widgets.append(Static(Content("No differences on this tab."), classes="note", markup=False))
        return widgets

    def on_mount(self) -> None:
        super().on_mount()
        if self.review.keys:
            self.call_after_refresh(self.run_worker, self.jump_to(self.review.keys[0]))

    def update_header(self) -> None:
        count = len(self.review.keys)
        self.set_header(
            Content.assemble(
                " portal-tui  ",
                ("REVIEW", "reverse bold"),
                f"  {visible(self.editing.profile_name)} against "
                f"{visible(self.review.label)}: {count} difference{'s' if count != 1 else ''}  (n/N walk, q quits)",
            )
        )

    def update_help(self) -> None:
        row = self.focused_row()
        help_area = self.query_one("#help", HelpArea)
        if row is None:
            help_area.update("")
            return
        info = row.info
        theirs, mine = self.review.values[info.key], self.editing.session.values[info.key]
        sent = f"Stripe receives it: {info.meta.stripe}" if info.meta.stripe else "Dashboard-only: not sent to Stripe"
        theirs_text, mine_text = shown_apart(theirs, mine)
        difference = (
            f"{visible(self.review.label)}: {theirs_text}  ->  {visible(self.editing.profile_name)}: {mine_text}"
        )
        help_area.show(Content.assemble((info.label, "bold"), f"  ({info.key})"), f"{difference}. {sent}.",
                       info.meta.help)  # fmt: skip

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Nothing here edits: the editing keys are hidden, not just refused."""
        if action in ("reset", "next_error"):
            return False
        return super().check_action(action, parameters)

    async def action_walk(self, step: int) -> None:
        await self.walk(self.review.keys, step, "No differences.")
