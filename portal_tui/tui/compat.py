"""The one door to Textual's private names: each has a test that fails when Textual moves it."""

from __future__ import annotations

from textual import constants
from textual._xterm_parser import XTermParser  # private; tests/test_compat.py

__all__ = ["XTermParser", "install_parser", "kitty_keys_disabled"]


def kitty_keys_disabled() -> bool:
    """Whether Textual was told not to read the kitty keyboard protocol (TEXTUAL_DISABLE_KITTY_KEY,
    read by Textual 8.2.7 and later; older Textual always reads it)."""
    return bool(getattr(constants, "DISABLE_KITTY_KEY", False))


def install_parser(parser: type[XTermParser]) -> bool:
    """Make Textual's Linux driver read input through ``parser`` (a subclass of its own).

    The driver builds its parser from its module's global ``XTermParser``, so replacing that
    global is the only way in. False where it cannot be done: Windows, or a driver that no
    longer reads through that global (then keys are read as Textual reads them).
    """
    try:
        from textual.drivers import linux_driver
    except ImportError:  # Windows
        return False
    if getattr(linux_driver, "XTermParser", None) not in (XTermParser, parser):
        return False
    setattr(linux_driver, "XTermParser", parser)  # noqa: B010 - the module's global, on purpose
    return True
