"""Every module of the editor and the Textual classes each defines (for tests that must cover
all of them, so a new screen is covered the day it is added)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from types import ModuleType

from textual.binding import Binding
from textual.dom import DOMNode

import portal_tui.tui


def modules() -> Iterator[ModuleType]:
    for info in pkgutil.walk_packages(portal_tui.tui.__path__, "portal_tui.tui."):
        yield importlib.import_module(info.name)


def node_classes() -> Iterator[type[DOMNode]]:
    """Every screen, widget and app class defined in the editor's modules."""
    for module in modules():
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, DOMNode) and obj.__module__ == module.__name__:
                yield obj


def bindings() -> Iterator[tuple[type[DOMNode], Binding]]:
    for cls in node_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                yield cls, binding
