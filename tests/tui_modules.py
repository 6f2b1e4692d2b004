"""Every class and binding of every module of the editor, for tests that must cover all of them
(so a new screen is covered the day it is added); the program itself never walks its modules."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator

from textual.binding import Binding
from textual.dom import DOMNode

import portal_tui.tui


def node_classes() -> Iterator[type[DOMNode]]:
    """Every screen, dialog, widget and app class the editor's modules define."""
    for info in pkgutil.walk_packages(portal_tui.tui.__path__, "portal_tui.tui."):
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, DOMNode) and obj.__module__ == module.__name__:
                yield obj


def bindings() -> Iterator[tuple[type[DOMNode], Binding]]:
    """(class, binding) of each binding a class declares itself (inherited ones are its parent's)."""
    for cls in node_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                yield cls, binding
