"""Every action declared once, as a Binding with an id, words and a tooltip: the palette and the help read it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from textual.actions import parse
from textual.app import SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import Screen

MOVES = Binding.Group("Move")
"""Row to row and tab to tab: keys, not palette commands. A step taken from the palette is
never quicker than its key, and four more entries would crowd the list."""

TABS = Binding.Group("Tab")
"""A tab's command reads "Tab: Branding" (the group's word, then the binding's)."""

PREVIEW_PAGES = Binding.Group("Preview")
"""The preview's page keys read "Preview: Next page" in the palette."""


def declared(cls: type[DOMNode]) -> list[Binding]:
    """The bindings with an id a class declares and inherits (a dialog subclass keeps its parent's)."""
    found: list[Binding] = []
    for klass in reversed(cls.__mro__):
        found += [b for b in vars(klass).get("BINDINGS", []) if isinstance(b, Binding) and b.id]
    return found


def shown_key(key: str) -> str:
    """A key as a reader knows it: "slash" is "/", "left_square_bracket" "[";
    named keys (enter, up, ctrl+s) keep their names."""
    symbol = format_key(key)
    return symbol if len(symbol) == 1 and symbol.isascii() and symbol.isprintable() else key


def keys_of(screen: Screen[Any], binding_id: str) -> str:
    """The keys a binding has now on ``screen`` (the keymap applied), for texts that name them."""
    keys = [key for key, active in screen.active_bindings.items() if active.binding.id == binding_id]
    return ", ".join(shown_key(key) for key in keys)


def key_lines(screen: Screen[Any]) -> list[tuple[str, str, str]]:
    """(keys, words, what it does) of every binding active on ``screen`` now, keymap applied,
    one line per binding id: the help screen's list."""
    merged: dict[str, tuple[list[str], Binding]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system or not binding.id:
            continue  # Textual's own (copy, palette), not portal-tui's actions
        merged.setdefault(binding.id, ([], binding))[0].append(shown_key(key))
    return [(", ".join(keys), b.description or name, b.tooltip) for name, (keys, b) in merged.items()]


def commands(owners: Iterable[DOMNode], keys: Callable[[str], str]) -> Iterator[SystemCommand]:
    """A palette command for each action the owners' bindings declare, the moves aside: titled
    with the binding's words (after its group's: "Tab: Branding"), explained by its tooltip and
    the keys it has now (``keys`` of its id), and carried out on the owner that declares it, as
    the key would be. The first binding of an action stands for its twins (ctrl+q is quit's)."""
    seen: set[str] = set()
    for owner in owners:
        for binding in declared(type(owner)):
            if binding.group == MOVES or binding.action in seen:
                continue
            seen.add(binding.action)
            _, name, arguments = parse(binding.action)
            title = f"{binding.group.description}: {binding.description}" if binding.group else binding.description
            now = keys(binding.id or "")
            help_text = f"{binding.tooltip} ({now})" if now else binding.tooltip
            yield SystemCommand(title, help_text, partial(getattr(owner, f"action_{name}"), *arguments))
