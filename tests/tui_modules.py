"""Every binding of every module of the editor (for tests that must cover all of them, so a
new screen is covered the day it is added); the walk is the keymap check's own."""

from __future__ import annotations

from collections.abc import Iterator

from textual.binding import Binding
from textual.dom import DOMNode

from portal_tui.tui.keymap import node_classes

__all__ = ["bindings", "node_classes"]


def bindings() -> Iterator[tuple[type[DOMNode], Binding]]:
    for cls in node_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                yield cls, binding
