"""Library internals are reached through one door, tui/compat.py, each with a test that fails
when the library changes it; nothing else in the package or the tests uses a `_private` name."""

from __future__ import annotations

import ast
from pathlib import Path

from textual import constants
from textual.drivers import linux_driver

from portal_tui.tui import compat, keyparse
from portal_tui.tui.keyparse import BurstParser

ROOT = Path(__file__).resolve().parent.parent
DOOR = ROOT / "portal_tui" / "tui" / "compat.py"


def test_the_parser_is_installed_into_textuals_linux_driver() -> None:
    """Fails loudly when Textual moves or renames the parser this relies on."""
    assert keyparse.install()
    assert linux_driver.XTermParser is BurstParser
    assert issubclass(BurstParser, compat.XTermParser)


def test_the_kitty_switch_follows_textuals_own_setting() -> None:
    assert compat.kitty_keys_disabled() is bool(getattr(constants, "DISABLE_KITTY_KEY", False))


def private_names(path: Path) -> list[str]:
    """`_name` attributes of anything but self/cls, `_module` imports and getattr(x, "_name")."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if any(part.startswith("_") and not part.startswith("__") for part in node.module.split(".")):
                found.append(f"{path.name}:{node.lineno}: from {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if any(p.startswith("_") and not p.startswith("__") for p in alias.name.split(".")):
                    found.append(f"{path.name}:{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "setattr"):
            name = node.args[1] if len(node.args) > 1 else None
            text = name.value if isinstance(name, ast.Constant) and isinstance(name.value, str) else ""
            if text.startswith("_") and not text.startswith("__"):
                found.append(f"{path.name}:{node.lineno}: {node.func.id} {name.value}")
    return found


def test_no_module_but_the_door_reaches_into_a_librarys_private_names() -> None:
    allowed = ": os._exit"  # public despite its name: ends the process without clean-up
    found = [
        hit
        for path in sorted([*(ROOT / "portal_tui").rglob("*.py"), *(ROOT / "tests").rglob("*.py")])
        if path != DOOR
        for hit in private_names(path)
        if not hit.endswith(allowed)
    ]
    assert found == []
