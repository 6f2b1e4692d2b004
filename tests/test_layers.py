"""The editor's modules import each other without loops (TYPE_CHECKING imports aside), none
grows past 400 lines, and dialogs and screens are named by what they are: the shape new work
builds on stays readable."""

from __future__ import annotations

import itertools
from pathlib import Path

import grimp
from textual.screen import Screen

from .tui_modules import node_classes

ROOT = Path(__file__).resolve().parents[1] / "portal_tui"


def test_no_import_loop_inside_the_editor() -> None:
    graph = grimp.build_graph("portal_tui", exclude_type_checking_imports=True)
    modules = sorted(m for m in graph.modules if m.startswith("portal_tui.tui"))
    loops = [
        (a, b)
        for a, b in itertools.combinations(modules, 2)
        if graph.find_shortest_chain(importer=a, imported=b) and graph.find_shortest_chain(importer=b, imported=a)
    ]
    assert not loops, loops


def test_no_module_is_over_400_lines() -> None:
    """Hand-written ones: declared.py is written by the program, one setting a block."""
    long = {str(p.relative_to(ROOT)): n for p in ROOT.rglob("*.py") if (n := len(p.read_text().splitlines())) > 400}
    assert not {k: n for k, n in long.items() if k != "model/declared.py"}, long


def test_a_dialog_is_named_dialog_and_a_view_screen() -> None:
    """The rule of dialogs/ and screens/ (their package docstrings): what asks about one thing
    and hands back the answer is a *Dialog in dialogs/; a view is a *Screen in screens/.
    ProductsDialog (dialogs/products.py) is its owner's to rename to ProductsDialog."""
    misnamed = {
        f"{cls.__module__}.{cls.__name__}"
        for cls in node_classes()
        if issubclass(cls, Screen)
        and not cls.__name__.endswith("Dialog" if cls.__module__.startswith("portal_tui.tui.dialogs.") else "Screen")
    }
    assert misnamed <= {"portal_tui.tui.dialogs.products.ProductsDialog"}, misnamed
