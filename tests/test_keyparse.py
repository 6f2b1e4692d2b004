"""Escape sent together with the next key (a slow link, tmux send-keys) stays two keys."""

from __future__ import annotations

import time

import pytest
from textual import constants

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


def test_a_lone_escape_resolved_by_its_timeout_adds_no_keys_before_the_next_one() -> None:
    """Escape pressed alone, then `/` a moment later (two reads, the timeout in between):
    Escape, then `/`; not `[`, `2`, `7`, `u` typed by the parser as well."""
    parser = BurstParser()
    got = [event.key for event in parser.feed("\x1b")]
    time.sleep(constants.ESCAPE_DELAY + 0.02)
    got += [event.key for event in parser.tick()]
    got += [event.key for event in parser.feed("/")]
    got += [event.key for event in parser.feed("j")]
    assert got == ["escape", "slash", "j"]


def test_a_lone_escape_completed_before_its_timeout_is_escape_then_the_key() -> None:
    """The next read arrives within ESCDELAY (no tick fired yet): still Escape, then the key."""
    parser = BurstParser()
    got = [event.key for event in parser.feed("\x1b")] + [event.key for event in parser.tick()]
    got += [event.key for event in parser.feed("j")]
    assert got == ["escape", "j"]


def test_sequences_the_terminal_sends_are_left_alone() -> None:
    assert keys("\x1b[A", "\x1bOP", "\x1b[1;5C", "j") == ["up", "f1", "ctrl+right", "j"]
    assert keys("\x1b", "[B") == ["down"]


def test_pasted_text_is_left_alone() -> None:
    split = EscapeSplitter()
    pasted = "\x1b[200~a\x1bjb\x1b[201~"
    assert split(pasted) == pasted
    assert split("\x1bj") == "\x1b[27uj"


@pytest.mark.parametrize("chunk", ["\x1b", "j", "\x1b[", "\x1b[200~", ""])
def test_any_chunk_feeds_without_error(chunk: str) -> None:
    parser = BurstParser()
    list(parser.feed(chunk + "x"))
