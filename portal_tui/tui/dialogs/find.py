"""`/` finds any setting by label or key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from ...model.catalog import DASHBOARD_ORDER, SETTINGS
from ..widgets.dialog import Dialog


def matches(query: str) -> list[str]:
    """Setting keys whose label or key fuzzily match, best first (Dashboard order on ties)."""
    if not query.strip():
        return list(DASHBOARD_ORDER)
    matcher = Matcher(query)
    scored = [(max(matcher.match(SETTINGS[k].label), matcher.match(k)), -i, k) for i, k in enumerate(DASHBOARD_ORDER)]
    return [k for score, _, k in sorted(scored, reverse=True) if score > 0]


class JumpDialog(ModalScreen[str]):
    """Filters as each key arrives (not in a background search), so keys typed ahead of the
    dialog, by a fast typist or a script, always pick what they spell."""

    AUTO_FOCUS = "Input"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="jump-cancel", tooltip="Back without jumping"),
        Binding("down", "move(1)", "Next", id="jump-next", show=False, tooltip="Highlight the next match"),
        Binding("up", "move(-1)", "Previous", id="jump-previous", show=False, tooltip="Highlight the previous match"),
    ]

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Input(placeholder="Jump to a setting: label or key", compact=True)
            yield OptionList(id="matches", classes="list")

    def on_mount(self) -> None:
        self.show("")

    def show(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        for key in matches(query)[:12]:
            info = SETTINGS[key]
            options.add_option(
                Option(
                    Content.assemble(
                        Matcher(query).highlight(info.label) if query else Content(info.label),
                        f"  {key}  ({info.meta.tab.title})",
                    ),
                    id=key,
                )
            )
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show(event.value)

    def on_input_submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count

    def action_cancel(self) -> None:
        self.dismiss(None)
