"""Help: the focused setting in full, and every key (as the keymap has them now)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...model.meta import SettingInfo
from ..widgets.dialog import Dialog

MARKERS = "Row markers: * changed since saved   + differs from default   ! invalid   - not applicable"


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen .key-line { height: auto; }
    HelpScreen .key-line > Static { width: 1fr; }
    HelpScreen .key-line > .keys { color: $footer-key-foreground; text-style: bold; }
    """
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="close-help", tooltip="Close the help")]

    def __init__(self, setting: tuple[SettingInfo, str] | None, keys: list[tuple[str, str, str]]) -> None:
        """``setting``: the focused one, and its facts (why it does not apply, its default,
        what Stripe receives) as the help area says them, here never cut."""
        super().__init__()
        self.setting = setting
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Dialog(), VerticalScroll(classes="list"):
            if self.setting:
                info, facts = self.setting
                yield Static(Content.assemble((info.label, "bold"), f"  {info.key}"), markup=False)
                yield Static(Content(info.meta.help), markup=False)
                yield Static(Content(facts), classes="note", markup=False)
            yield Static(Content(MARKERS), classes="note", markup=False)
            yield Static(Content("Keys"), classes="title", markup=False)
            width = max(len(k) for k, _, _ in self.keys) + 2
            for key, name, tip in self.keys:  # two columns: a wrapped description keeps its indent
                with Horizontal(classes="key-line"):
                    shown = Static(Content(key), classes="keys", markup=False)
                    shown.styles.width = width
                    yield shown
                    yield Static(Content.assemble((name, "bold"), f": {tip}"), markup=False)
            yield Static(
                Content(
                    "Letter keys act outside text fields; in one, typing types and escape "
                    "leaves it. ctrl+p lists every action."
                ),
                classes="note",
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss(None)
