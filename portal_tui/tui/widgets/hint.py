"""A dialog's bottom line: the keys of the screen it is on, as the keymap has them now."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static


def hint(screen: Screen[Any]) -> str:
    """The screen's own bindings as the keymap has them: "y/enter: save    n/escape: cancel".
    Bindings the screen hides from the footer (``check_action`` false) are left out."""
    keys: dict[str, list[str]] = {}
    described: dict[str, str] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if active.node is screen and binding.id and active.enabled:
            keys.setdefault(binding.id, []).append(key)
            described[binding.id] = binding.description
    return "    ".join(f"{'/'.join(k)}: {described[i].lower()}" for i, k in keys.items())


class Hint(Static):
    """Written from the live bindings when mounted, so a ``[keymap]`` remap never leaves a stale
    key on screen. ``before`` names keys that belong to a widget rather than to the screen
    (space in a list of ticks, tab between fields), which no keymap moves."""

    DEFAULT_CSS = """
    Hint {
        height: auto;
        padding-top: 1;
        color: $text-muted;
    }
    """

    def __init__(self, before: str = "", after: str = "") -> None:
        super().__init__("", markup=False)
        self.before, self.after = before, after

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        parts = [self.before, hint(self.screen), self.after]
        self.update(Content("    ".join(p for p in parts if p)))
