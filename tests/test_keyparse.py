"""Escape sent together with the next key (a slow link, tmux send-keys) stays two keys."""

from __future__ import annotations

import pytest
from textual.drivers import linux_driver

from portal_tui.tui import keyparse
from portal_tui.tui.keyparse import BurstParser, EscapeSplitter


def keys(*chunks: str) -> list[str]:
    parser = BurstParser()
    return [event.key for chunk in chunks for event in parser.feed(chunk)]


def test_escape_then_a_key_in_one_read_is_escape_then_that_key() -> None:
    assert keys("Acme\x1bj\rHello\x1b") == [
        "A",
        "c",
        "m",
        "e",
        "escape",
        "j",
        "enter",
        "H",
        "e",
        "l",
        "l",
        "o",
    ]  # the last ESC waits for what follows


def test_escape_at_the_end_of_one_read_and_a_key_at_the_start_of_the_next() -> None:
    assert keys("Acme\x1b", "j") == ["A", "c", "m", "e", "escape", "j"]
    assert keys("\x1b\x1bq") == ["escape", "escape", "q"]


def test_sequences_the_terminal_sends_are_left_alone() -> None:
    assert keys("\x1b[A", "\x1bOP", "\x1b[1;5C", "j") == ["up", "f1", "ctrl+right", "j"]
    assert keys("\x1b", "[B") == ["down"]


def test_pasted_text_is_left_alone() -> None:
    split = EscapeSplitter()
    pasted = "\x1b[200~a\x1bjb\x1b[201~"
    assert split(pasted) == pasted
    assert split("\x1bj") == "\x1b[27uj"


def test_the_parser_is_installed_into_textuals_linux_driver() -> None:
    """Fails loudly when Textual moves or renames the parser this relies on."""
    assert keyparse.install()
    assert linux_driver.XTermParser is BurstParser
    assert issubclass(BurstParser, keyparse.XTermParser)


@pytest.mark.parametrize("chunk", ["\x1b", "j", "\x1b[", "\x1b[200~", ""])
def test_any_chunk_feeds_without_error(chunk: str) -> None:
    parser = BurstParser()
    list(parser.feed(chunk + "x"))
